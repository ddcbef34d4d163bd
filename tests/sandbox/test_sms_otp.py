"""The sole proprietor SMS OTP: B7, B9, B11, B12, its delivery and expiry rules and its control routes."""

import logging
import re

import pytest
from telnyx.types.messaging_10dlc.brand_sms_otp_status import BrandSMSOtpStatus
from telnyx.types.messaging_10dlc.brand_trigger_sms_otp_response import BrandTriggerSMSOtpResponse

from tests.fixtures.sandbox import pointers
from tests.sandbox.brand_payloads import brand_events, create_brand, registered_brand

TEXTS = {"pinSms": "Your PIN is @OTP_PIN@", "successSms": "Verification successful!"}
NOW = "2026-09-21T14:13:30+00:00"  # the sandbox clock once a brand is registered


def advance(control, seconds: float) -> None:
    assert control.post("/clock/advance", {"seconds": seconds}).status_code == 200


@pytest.fixture
def sandbox_sole_proprietor(sandbox_api, sandbox_control):
    return registered_brand(sandbox_api, sandbox_control, "SOLE_PROPRIETOR")


def trigger(api, brand_id: str, body: dict | None = None):
    return api.post(f"/10dlc/brand/{brand_id}/smsOtp", TEXTS if body is None else body)


def pin_of(control, brand_id: str) -> str:
    return control.get(f"/brands/{brand_id}/smsOtp").json["otpPin"]


# --- B11 trigger -------------------------------------------------------------------------------------------


def test_trigger_answers_the_brand_and_a_reference(sandbox_api, sandbox_sole_proprietor, caplog):
    with caplog.at_level(logging.INFO, logger="tendlc.sandbox.sms_otp"):
        response = trigger(sandbox_api, sandbox_sole_proprietor["brandId"])

    assert response.status_code == 200
    BrandTriggerSMSOtpResponse.model_validate(response.json)
    assert response.json["brandId"] == sandbox_sole_proprietor["brandId"]
    assert re.fullmatch(r"OTP[0-9A-F]{6}", response.json["referenceId"])
    assert set(response.json) == {"brandId", "referenceId"}
    assert "+12024567891" in caplog.text
    assert re.search(r"Your PIN is \d{6}", caplog.text)


def test_the_pin_is_readable_through_the_control_plane(sandbox_api, sandbox_control, sandbox_sole_proprietor):
    reference = trigger(sandbox_api, sandbox_sole_proprietor["brandId"]).json["referenceId"]

    response = sandbox_control.get(f"/brands/{sandbox_sole_proprietor['brandId']}/smsOtp")

    assert response.status_code == 200
    assert re.fullmatch(r"\d{6}", response.json["otpPin"])
    assert response.json == {
        "otpPin": response.json["otpPin"],
        "referenceId": reference,
        "deliveryStatus": "PENDING",
        "expiresAt": "2026-09-22T14:13:30+00:00",
    }


def test_control_pin_of_a_brand_without_otp_is_404(sandbox_control, sandbox_sole_proprietor):
    assert sandbox_control.get(f"/brands/{sandbox_sole_proprietor['brandId']}/smsOtp").status_code == 404


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, ["/pinSms", "/successSms"]),
        ({"successSms": "ok"}, ["/pinSms"]),
        ({"pinSms": "PIN @OTP_PIN@"}, ["/successSms"]),
        ({**TEXTS, "pinSms": "Your PIN is 1234"}, ["/pinSms"]),
        ({**TEXTS, "pinSms": "@OTP_PIN@" + "x" * 492}, ["/pinSms"]),
        ({**TEXTS, "successSms": "x" * 501}, ["/successSms"]),
        ({"pinSms": "no placeholder", "successSms": 5}, ["/successSms", "/pinSms"]),
    ],
)
def test_trigger_validates_its_texts(sandbox_api, sandbox_sole_proprietor, body, expected):
    response = trigger(sandbox_api, sandbox_sole_proprietor["brandId"], body)

    assert response.status_code == 422
    assert pointers(response) == expected


def test_texts_of_500_characters_are_accepted(sandbox_api, sandbox_sole_proprietor):
    body = {"pinSms": "@OTP_PIN@" + "x" * 491, "successSms": "x" * 500}

    assert trigger(sandbox_api, sandbox_sole_proprietor["brandId"], body).status_code == 200


@pytest.mark.parametrize(
    ("entity_type", "overrides"),
    [
        ("PRIVATE_PROFIT", {}),
        ("SOLE_PROPRIETOR", {"mobilePhone": "+447700900123"}),
        ("SOLE_PROPRIETOR", {"mobilePhone": "+11234567890"}),
    ],
)
def test_trigger_is_only_for_sole_proprietors_with_a_us_or_canadian_mobile(
    sandbox_api, entity_type, overrides
):
    brand = create_brand(sandbox_api, entity_type, **overrides)

    response = trigger(sandbox_api, brand["brandId"])

    assert response.status_code == 400
    assert (
        response.json["errors"][0]["detail"]
        == "Brand is not a Sole Proprietor or invalid mobile phone number"
    )


def test_a_mock_sole_proprietor_may_use_any_mobile(sandbox_api):
    brand = create_brand(sandbox_api, "SOLE_PROPRIETOR", mobilePhone="+447700900123", mock=True)

    assert trigger(sandbox_api, brand["brandId"]).status_code == 200


def test_a_new_trigger_replaces_the_otp(sandbox_api, sandbox_control, sandbox_sole_proprietor):
    brand_id = sandbox_sole_proprietor["brandId"]
    first = trigger(sandbox_api, brand_id).json["referenceId"]

    second = trigger(sandbox_api, brand_id).json["referenceId"]

    assert second != first
    assert sandbox_api.get(f"/10dlc/brand/smsOtp/{first}").status_code == 404
    assert sandbox_api.get(f"/10dlc/brand/{brand_id}/smsOtp").json["referenceId"] == second
    assert sandbox_control.get(f"/brands/{brand_id}/smsOtp").json["referenceId"] == second


# --- B7, B9 status and delivery ----------------------------------------------------------------------------


def test_status_goes_from_pending_to_delivered(sandbox_api, sandbox_control, sandbox_sole_proprietor):
    brand_id = sandbox_sole_proprietor["brandId"]
    reference = trigger(sandbox_api, brand_id).json["referenceId"]

    pending = sandbox_api.get(f"/10dlc/brand/{brand_id}/smsOtp")
    advance(sandbox_control, 2)
    delivered = sandbox_api.get(f"/10dlc/brand/smsOtp/{reference}")

    assert pending.status_code == delivered.status_code == 200
    BrandSMSOtpStatus.model_validate(pending.json)
    BrandSMSOtpStatus.model_validate(delivered.json)
    assert pending.json == {
        "brandId": brand_id,
        "referenceId": reference,
        "mobilePhone": "+12024567891",
        "requestDate": NOW,
        "deliveryStatus": "PENDING",
        "deliveryStatusDate": NOW,
        "deliveryStatusDetails": "Queued for delivery",
        "verifyDate": None,
    }
    assert delivered.json == {
        **pending.json,
        "deliveryStatus": "DELIVERED_HANDSET",
        "deliveryStatusDate": "2026-09-21T14:13:32+00:00",
        "deliveryStatusDetails": "Delivered to handset",
    }


def test_a_mobile_ending_in_0000_is_unreachable(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, "SOLE_PROPRIETOR", mobilePhone="+12025550000")
    trigger(sandbox_api, brand["brandId"])

    advance(sandbox_control, 2)

    status = sandbox_api.get(f"/10dlc/brand/{brand['brandId']}/smsOtp").json
    assert (status["deliveryStatus"], status["deliveryStatusDetails"]) == (
        "DELIVERY_FAILED",
        "The handset could not be reached",
    )
    response = sandbox_api.put(
        f"/10dlc/brand/{brand['brandId']}/smsOtp", {"otpPin": pin_of(sandbox_control, brand["brandId"])}
    )
    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "The OTP could not be delivered: trigger a new one."


def test_the_otp_expires_after_24_hours(sandbox_api, sandbox_control, sandbox_sole_proprietor):
    brand_id = sandbox_sole_proprietor["brandId"]
    trigger(sandbox_api, brand_id)

    advance(sandbox_control, 86399)
    assert sandbox_api.get(f"/10dlc/brand/{brand_id}/smsOtp").json["deliveryStatus"] == "DELIVERED_HANDSET"
    advance(sandbox_control, 1)

    assert sandbox_api.get(f"/10dlc/brand/{brand_id}/smsOtp").json["deliveryStatus"] == "EXPIRED"
    response = sandbox_api.put(
        f"/10dlc/brand/{brand_id}/smsOtp", {"otpPin": pin_of(sandbox_control, brand_id)}
    )
    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "The OTP has expired: trigger a new one."


def test_status_by_reference_accepts_the_brand_as_lookup_aid(sandbox_api, sandbox_sole_proprietor):
    reference = trigger(sandbox_api, sandbox_sole_proprietor["brandId"]).json["referenceId"]
    path = f"/10dlc/brand/smsOtp/{reference}"

    assert (
        sandbox_api.get(path, query_string={"brandId": sandbox_sole_proprietor["brandId"]}).status_code == 200
    )
    assert (
        sandbox_api.get(path, query_string={"brandId": sandbox_sole_proprietor["tcrBrandId"]}).status_code
        == 200
    )
    mismatch = sandbox_api.get(path, query_string={"brandId": "B123ABC"})
    assert mismatch.status_code == 404
    assert mismatch.json["errors"][0]["detail"] == "OTP reference not found"


def test_unknown_reference_is_404(sandbox_api):
    response = sandbox_api.get("/10dlc/brand/smsOtp/OTP4B2001")

    assert response.status_code == 404
    assert response.json["errors"][0]["detail"] == "OTP reference not found"


def test_status_of_a_brand_without_otp_is_404(sandbox_api, sandbox_sole_proprietor):
    response = sandbox_api.get(f"/10dlc/brand/{sandbox_sole_proprietor['brandId']}/smsOtp")

    assert response.status_code == 404
    assert response.json["errors"][0]["detail"] == "OTP status not found for this brand"


@pytest.mark.parametrize(("method", "body"), [("GET", None), ("POST", TEXTS), ("PUT", {"otpPin": "123456"})])
def test_otp_routes_of_an_unknown_brand_are_404(sandbox_api, method, body):
    response = sandbox_api.request(method, "/10dlc/brand/4b20ffff-0000-0000-0000-000000000000/smsOtp", body)

    assert response.status_code == 404
    assert response.json["errors"][0]["detail"] == "Brand not found"


# --- B12 verify --------------------------------------------------------------------------------------------


def test_the_right_pin_verifies_the_brand(sandbox_api, sandbox_control, sandbox_sole_proprietor, caplog):
    brand_id = sandbox_sole_proprietor["brandId"]
    trigger(sandbox_api, brand_id)
    advance(sandbox_control, 2)

    with caplog.at_level(logging.INFO, logger="tendlc.sandbox.sms_otp"):
        response = sandbox_api.put(
            f"/10dlc/brand/{brand_id}/smsOtp", {"otpPin": pin_of(sandbox_control, brand_id)}
        )

    assert response.status_code == 204
    assert response.data == b""
    assert sandbox_api.get(f"/10dlc/brand/{brand_id}").json["identityStatus"] == "VERIFIED"
    status = sandbox_api.get(f"/10dlc/brand/{brand_id}/smsOtp").json
    BrandSMSOtpStatus.model_validate(status)
    assert (status["deliveryStatus"], status["verifyDate"]) == ("VERIFIED", "2026-09-21T14:13:32+00:00")
    # BRAND_OTP_VERIFIED goes to the CSP; Telnyx forwards no documented event for it: BRAND_ADD stays the last.
    assert brand_events(sandbox_control)[-1]["eventType"] == "BRAND_ADD"
    assert "Verification successful!" in caplog.text
    assert (
        sandbox_api.put(
            f"/10dlc/brand/{brand_id}/smsOtp", {"otpPin": pin_of(sandbox_control, brand_id)}
        ).status_code
        == 204
    )


def test_a_wrong_pin_is_refused(sandbox_api, sandbox_control, sandbox_sole_proprietor):
    brand_id = sandbox_sole_proprietor["brandId"]
    trigger(sandbox_api, brand_id)
    wrong = f"{(int(pin_of(sandbox_control, brand_id)) + 1) % 10**6:06d}"

    response = sandbox_api.put(f"/10dlc/brand/{brand_id}/smsOtp", {"otpPin": wrong})

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "Invalid OTP PIN."
    assert pointers(response) == ["/otpPin"]
    assert sandbox_api.get(f"/10dlc/brand/{brand_id}").json["identityStatus"] == "UNVERIFIED"


def test_verify_without_an_otp_is_refused(sandbox_api, sandbox_sole_proprietor):
    response = sandbox_api.put(
        f"/10dlc/brand/{sandbox_sole_proprietor['brandId']}/smsOtp", {"otpPin": "123456"}
    )

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "No SMS OTP was sent for this brand: trigger one first."


@pytest.mark.parametrize("body", [{}, {"otpPin": "123"}, {"otpPin": "12345678901"}, {"otpPin": 123456}])
def test_verify_validates_the_pin(sandbox_api, sandbox_sole_proprietor, body):
    response = sandbox_api.put(f"/10dlc/brand/{sandbox_sole_proprietor['brandId']}/smsOtp", body)

    assert response.status_code == 422
    assert pointers(response) == ["/otpPin"]


def test_an_otp_verified_during_registration_verifies_the_brand_once_registered(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api, "SOLE_PROPRIETOR")
    trigger(sandbox_api, brand["brandId"])

    sandbox_api.put(
        f"/10dlc/brand/{brand['brandId']}/smsOtp", {"otpPin": pin_of(sandbox_control, brand["brandId"])}
    )
    assert sandbox_api.get(f"/10dlc/brand/{brand['brandId']}").json["identityStatus"] == "UNVERIFIED"
    advance(sandbox_control, 3)

    assert sandbox_api.get(f"/10dlc/brand/{brand['brandId']}").json["identityStatus"] == "VERIFIED"


# --- control: forcing the delivery status ------------------------------------------------------------------


def test_transition_forces_the_delivery_status(sandbox_api, sandbox_control, sandbox_sole_proprietor):
    brand_id = sandbox_sole_proprietor["brandId"]
    trigger(sandbox_api, brand_id)

    response = sandbox_control.post(f"/brands/{brand_id}/smsOtp/transition", {"deliveryStatus": "EXPIRED"})
    advance(sandbox_control, 10)

    assert response.status_code == 200
    assert response.json["deliveryStatus"] == "EXPIRED"
    assert sandbox_api.get(f"/10dlc/brand/{brand_id}/smsOtp").json["deliveryStatus"] == "EXPIRED"
    assert (
        sandbox_api.put(
            f"/10dlc/brand/{brand_id}/smsOtp", {"otpPin": pin_of(sandbox_control, brand_id)}
        ).status_code
        == 400
    )


@pytest.mark.parametrize("body", [{}, {"deliveryStatus": "VERIFIED"}, {"deliveryStatus": "LOST"}])
def test_transition_rejects_bad_statuses(sandbox_api, sandbox_control, sandbox_sole_proprietor, body):
    trigger(sandbox_api, sandbox_sole_proprietor["brandId"])

    response = sandbox_control.post(f"/brands/{sandbox_sole_proprietor['brandId']}/smsOtp/transition", body)

    assert response.status_code == 422
    assert pointers(response) == ["/deliveryStatus"]


def test_transition_without_an_otp_is_404(sandbox_control, sandbox_sole_proprietor):
    response = sandbox_control.post(
        f"/brands/{sandbox_sole_proprietor['brandId']}/smsOtp/transition", {"deliveryStatus": "EXPIRED"}
    )

    assert response.status_code == 404
