"""SMS OTP services against the live sandbox: a real OTP on a sole proprietor created through the API, its PIN
read from the sandbox's log, its lifecycle played by advancing the sandbox clock."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.client import BadRequestError
from tendlc.models import Brand, SmsOtpVerification
from tendlc.selectors.otps import sms_otp_list_pending
from tendlc.services.otp import (
    sms_otp_poll,
    sms_otp_trigger,
    sms_otp_verify,
    sms_otps_poll_pending,
)
from tests.factories import SmsOtpVerificationFactory
from tests.fixtures.polling import sandbox_time, writes

pytestmark = pytest.mark.django_db

PIN_SMS = "Your Jane Doe Studio code is @OTP_PIN@"
SUCCESS_SMS = "Jane Doe Studio is verified."


@pytest.fixture
def trigger(tendlc_client, sole_proprietor):
    def send(brand: Brand = sole_proprietor) -> SmsOtpVerification:
        return sms_otp_trigger(brand=brand, pin_sms=PIN_SMS, success_sms=SUCCESS_SMS, client=tendlc_client)

    return send


def otp_row(verification: SmsOtpVerification) -> dict:
    fresh = SmsOtpVerification.objects.get(pk=verification.pk)
    return {
        "brand": fresh.brand_id,
        "mobile_phone": fresh.mobile_phone,
        "request_date": fresh.request_date,
        "delivery_status": fresh.delivery_status,
        "delivery_status_date": fresh.delivery_status_date,
        "delivery_status_details": fresh.delivery_status_details,
        "verify_date": fresh.verify_date,
        "gone": fresh.remote_deleted_at is not None,
    }


def test_trigger_records_the_otp_with_the_status_the_api_reads(trigger, sole_proprietor, sandbox_control):
    verification = trigger()

    assert (
        verification.reference_id
        == sandbox_control.get(f"/brands/{sole_proprietor.brand_id}/smsOtp").json["referenceId"]
    )
    assert otp_row(verification) == {
        "brand": sole_proprietor.pk,
        "mobile_phone": "+13125550123",
        "request_date": sandbox_time(5),
        "delivery_status": "PENDING",
        "delivery_status_date": sandbox_time(5),
        "delivery_status_details": "Queued for delivery",
        "verify_date": None,
        "gone": False,
    }
    assert verification.raw["referenceId"] == verification.reference_id
    assert list(sms_otp_list_pending()) == [verification]


def test_a_status_read_failing_after_the_trigger_is_left_to_the_poll(trigger, tendlc_client, faults):
    # B7, right after B11: a read, so the client's three tries all meet the 500.
    faults.add(status=500, count=3, retryAfter=0, pathPattern=r"/smsOtp/OTP")

    verification = trigger()

    assert faults.fired() == [3]
    assert (otp_row(verification)["delivery_status"], otp_row(verification)["request_date"]) == ("", None)
    assert sms_otps_poll_pending(client=tendlc_client) == 1
    assert (otp_row(verification)["delivery_status"], otp_row(verification)["request_date"]) == (
        "PENDING",
        sandbox_time(5),
    )


def test_poll_follows_delivery_then_a_verification_and_shows_the_brand_verified(
    trigger, sole_proprietor, tendlc_client, dlc, advance, otp_pin
):
    verification = trigger()
    advance(2)

    assert sms_otps_poll_pending(client=tendlc_client) == 1
    assert otp_row(verification)["delivery_status"] == "DELIVERED_HANDSET"
    assert otp_row(verification)["delivery_status_date"] == sandbox_time(7)
    assert Brand.objects.get(pk=sole_proprietor.pk).identity_status == "UNVERIFIED"

    # Verified outside the portal (the handset's owner on another screen): the poll finds out.
    advance(60)
    dlc.brand.verify_sms_otp(sole_proprietor.brand_id, otp_pin=otp_pin(sole_proprietor))
    assert sms_otps_poll_pending(client=tendlc_client) == 1

    row = otp_row(verification)
    assert (row["delivery_status"], row["verify_date"]) == ("VERIFIED", sandbox_time(67))
    brand = Brand.objects.get(pk=sole_proprietor.pk)
    assert (brand.identity_status, brand.status) == ("VERIFIED", "OK")
    assert brand.raw["identityStatus"] == "VERIFIED"
    assert list(sms_otp_list_pending()) == []
    assert sms_otps_poll_pending(client=tendlc_client) == 0


def test_verify_consumes_the_pin_and_mirrors_otp_and_brand(
    trigger, sole_proprietor, tendlc_client, advance, otp_pin
):
    verification = trigger()
    advance(2)

    verified = sms_otp_verify(brand=sole_proprietor, pin=otp_pin(sole_proprietor), client=tendlc_client)

    assert verified == verification
    row = otp_row(verification)
    assert (row["delivery_status"], row["verify_date"]) == ("VERIFIED", sandbox_time(7))
    assert Brand.objects.get(pk=sole_proprietor.pk).identity_status == "VERIFIED"
    assert list(sms_otp_list_pending()) == []


def test_verify_with_a_wrong_pin_raises_at_the_pin_and_changes_nothing(
    trigger, sole_proprietor, tendlc_client, advance, otp_pin
):
    verification = trigger()
    advance(2)
    wrong = "000000" if otp_pin(sole_proprietor) != "000000" else "111111"

    with pytest.raises(BadRequestError) as raised:
        sms_otp_verify(brand=sole_proprietor, pin=wrong, client=tendlc_client)

    assert raised.value.field_errors == {"otp_pin": ["Invalid OTP PIN."]}
    assert otp_row(verification)["delivery_status"] == "PENDING"
    assert Brand.objects.get(pk=sole_proprietor.pk).identity_status == "UNVERIFIED"


def test_a_read_failing_after_the_pin_was_consumed_is_left_to_the_poll(
    trigger, sole_proprietor, tendlc_client, advance, otp_pin, faults
):
    verification = trigger()
    advance(2)
    sms_otp_poll(verification=verification, client=tendlc_client)
    # B3, after B12 and B9: a read, so the client's three tries all meet the 500.
    faults.add(status=500, count=3, retryAfter=0, pathPattern=rf"/brand/{sole_proprietor.brand_id}$")

    assert (
        sms_otp_verify(brand=sole_proprietor, pin=otp_pin(sole_proprietor), client=tendlc_client)
        == verification
    )

    assert faults.fired() == [3]
    assert otp_row(verification)["delivery_status"] == "DELIVERED_HANDSET"
    assert sms_otps_poll_pending(client=tendlc_client) == 1
    assert otp_row(verification)["delivery_status"] == "VERIFIED"
    assert Brand.objects.get(pk=sole_proprietor.pk).identity_status == "VERIFIED"


def test_verify_records_an_otp_triggered_outside_the_portal(
    sole_proprietor, tendlc_client, dlc, advance, otp_pin
):
    reference_id = dlc.brand.trigger_sms_otp(
        sole_proprietor.brand_id, pin_sms=PIN_SMS, success_sms=SUCCESS_SMS
    ).reference_id
    advance(2)

    verification = sms_otp_verify(brand=sole_proprietor, pin=otp_pin(sole_proprietor), client=tendlc_client)

    assert verification is not None
    assert (verification.reference_id, verification.brand_id) == (reference_id, sole_proprietor.pk)
    assert otp_row(verification)["delivery_status"] == "VERIFIED"


def test_an_otp_expires_after_24_hours_and_leaves_the_pending_set(trigger, tendlc_client, advance):
    verification = trigger()
    advance(24 * 3600)

    assert sms_otps_poll_pending(client=tendlc_client) == 1

    row = otp_row(verification)
    assert (row["delivery_status"], row["delivery_status_date"]) == ("EXPIRED", sandbox_time(5 + 24 * 3600))
    assert row["verify_date"] is None
    assert sms_otps_poll_pending(client=tendlc_client) == 0


def test_an_undeliverable_otp_ends_delivery_failed(make_sole_proprietor, tendlc_client, advance):
    brand = make_sole_proprietor(mobile_phone="+13125550000")
    verification = sms_otp_trigger(
        brand=brand, pin_sms=PIN_SMS, success_sms=SUCCESS_SMS, client=tendlc_client
    )
    advance(2)

    sms_otp_poll(verification=verification, client=tendlc_client)

    assert otp_row(verification)["delivery_status"] == "DELIVERY_FAILED"
    assert list(sms_otp_list_pending()) == []


def test_a_new_trigger_replaces_the_old_otp_which_is_marked_gone(trigger, tendlc_client):
    first = trigger()
    second = trigger()

    assert sms_otps_poll_pending(client=tendlc_client) == 2

    assert otp_row(first)["gone"] is True
    assert otp_row(second)["gone"] is False
    assert list(sms_otp_list_pending()) == [second]


def test_a_poll_that_changes_nothing_writes_nothing(trigger, tendlc_client, advance):
    verification = trigger()
    advance(2)
    sms_otp_poll(verification=verification, client=tendlc_client)
    before = SmsOtpVerification.objects.get(pk=verification.pk)

    with CaptureQueriesContext(connection) as queries:
        assert sms_otps_poll_pending(client=tendlc_client) == 1

    assert writes(queries.captured_queries) == []

    after = SmsOtpVerification.objects.get(pk=verification.pk)
    assert (after.changed_at, after.synced_at) == (before.changed_at, before.synced_at)


def test_none_pending_costs_one_query_and_no_request(tendlc_client, faults, django_assert_num_queries):
    # Rows that are not worth a request: verified, expired, undelivered, gone, older than the OTP's lifetime.
    SmsOtpVerificationFactory(delivery_status="VERIFIED", verify_date=timezone.now())
    SmsOtpVerificationFactory(delivery_status="EXPIRED")
    SmsOtpVerificationFactory(delivery_status="DELIVERY_FAILED")
    SmsOtpVerificationFactory(remote_deleted_at=timezone.now())
    stale = SmsOtpVerificationFactory(delivery_status="DELIVERED_HANDSET")
    SmsOtpVerification.objects.filter(pk=stale.pk).update(
        recorded_at=timezone.now() - timedelta(hours=24, minutes=16)
    )
    # A fault on every API path: any request would be counted here.
    faults.add(status=503, count=1, pathPattern=".*")

    with django_assert_num_queries(1):
        assert sms_otps_poll_pending(client=tendlc_client) == 0

    assert faults.fired() == [0]


def test_an_otp_within_the_grace_after_24_hours_is_still_polled():
    recent = SmsOtpVerificationFactory(delivery_status="DELIVERED_HANDSET")
    SmsOtpVerification.objects.filter(pk=recent.pk).update(
        recorded_at=timezone.now() - timedelta(hours=24, minutes=5)
    )

    assert list(sms_otp_list_pending()) == [recent]
