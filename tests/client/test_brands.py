"""Brand operations B1-B12 and external vetting V1-V3 through the client, against the sandbox."""

import pytest

from tendlc.client import BadRequestError, NotFoundError
from tendlc.client.brands import (
    BrandFeedback,
    BrandListItem,
    BrandSmsOtpStatus,
    BrandSmsOtpTrigger,
    ExternalVetting,
    TelnyxBrand,
    TelnyxBrandWithCampaignsCount,
)
from tests.fixtures.brands import brand_fields
from tests.fixtures.tendlc_client import WEBHOOK_URL

NOW = "2026-09-21T14:13:20"  # the frozen sandbox clock's start, as a naive ISO timestamp
SOLE_PROPRIETOR = {
    "country": "US",
    "display_name": "Jane's Bakery",
    "email": "jane@bakery.example",
    "entity_type": "SOLE_PROPRIETOR",
    "vertical": "RETAIL",
    "first_name": "Jane",
    "last_name": "Doe",
    "mobile_phone": "+12025550142",
    "mock": True,
}


@pytest.fixture
def telnyx_sole_proprietor(dlc, advance):
    brand = dlc.brand.create(**SOLE_PROPRIETOR)
    advance(5)
    return brand


def test_b2_create_sends_every_field_under_its_wire_name(dlc):
    fields = brand_fields(
        "All Fields",
        business_contact_email="owner@acme.example",
        first_name="Ada",
        last_name="Lovelace",
        ip_address="203.0.113.7",
        is_reseller=True,
        mobile_phone="+12025550101",
        mock=True,
        webhook_url=WEBHOOK_URL,
        webhook_failover_url=WEBHOOK_URL + "/failover",
        stock_symbol="ACME",
        stock_exchange="NASDAQ",
    )

    brand = dlc.brand.create(**fields)

    assert isinstance(brand, TelnyxBrand)
    assert {name: getattr(brand, name) for name in fields} == fields
    assert brand.raw["webhookURL"] == WEBHOOK_URL
    assert brand.raw["isReseller"] is True
    assert (brand.status, brand.identity_status, brand.brand_relationship) == (
        "REGISTRATION_PENDING",
        "UNVERIFIED",
        "BASIC_ACCOUNT",
    )
    assert (brand.created_at, brand.csp_id, brand.reference_id) == (NOW, "SANDBOX", brand.brand_id)
    assert brand.tcr_brand_id.startswith("B")


def test_b3_retrieve_counts_campaigns(dlc, verified_brand, make_campaign):
    make_campaign(verified_brand.brand_id, provisioned=False)

    brand = dlc.brand.retrieve(verified_brand.brand_id)

    assert isinstance(brand, TelnyxBrandWithCampaignsCount)
    assert (brand.status, brand.identity_status, brand.assigned_campaigns_count) == ("OK", "VERIFIED", 1)


def test_b1_list_filters_and_reads_the_misspelt_count(dlc, verified_brand, make_brand):
    other = make_brand("Other Brand", state="NY", postal_code="10001")

    by_state = dlc.brand.list(state="NY")
    (by_id,) = dlc.brand.list(brand_id=verified_brand.brand_id).records
    by_tcr = dlc.brand.list(tcr_brand_id=other.tcr_brand_id)
    by_filters = dlc.brand.list(
        country="US", entity_type="PRIVATE_PROFIT", display_name="acme", sort="-displayName"
    )

    assert [brand.brand_id for brand in by_state.records] == [other.brand_id]
    assert isinstance(by_id, BrandListItem)
    assert (by_id.display_name, by_id.assigned_campaigns_count, by_id.raw["assignedCampaingsCount"]) == (
        "Acme Mobile",
        0,
        0,
    )
    assert [brand.brand_id for brand in by_tcr.records] == [other.brand_id]
    assert [brand.brand_id for brand in by_filters.records] == [verified_brand.brand_id]


def test_b4_update_replaces_attributes(dlc, verified_brand):
    brand = dlc.brand.update(
        verified_brand.brand_id,
        country="US",
        display_name="Acme Renamed",
        email="new@acme.example",
        entity_type="PRIVATE_PROFIT",
        vertical="RETAIL",
        company_name="Acme Mobile Inc.",
        ein="123456789",
        alt_business_id="123456789",
        alt_business_id_type="DUNS",
        webhook_url=WEBHOOK_URL,
    )

    assert isinstance(brand, TelnyxBrand)
    assert (brand.display_name, brand.email, brand.vertical) == ("Acme Renamed", "new@acme.example", "RETAIL")
    assert (brand.alt_business_id, brand.alt_business_id_type, brand.webhook_url) == (
        "123456789",
        "DUNS",
        WEBHOOK_URL,
    )
    assert dlc.brand.retrieve(verified_brand.brand_id).display_name == "Acme Renamed"


def test_b5_delete(dlc, verified_brand):
    assert dlc.brand.delete(verified_brand.brand_id) is None

    with pytest.raises(NotFoundError):
        dlc.brand.retrieve(verified_brand.brand_id)


def test_b5_delete_is_refused_while_campaigns_are_active(dlc, verified_brand, make_campaign):
    make_campaign(verified_brand.brand_id, provisioned=False)

    with pytest.raises(BadRequestError) as caught:
        dlc.brand.delete(verified_brand.brand_id)

    assert caught.value.status == 400


def test_b6_feedback_of_a_brand_the_registry_could_not_verify(dlc, make_brand):
    brand = make_brand("Shady Co", ein="000000000")

    feedback = dlc.brand.get_feedback(brand.brand_id)

    assert isinstance(feedback, BrandFeedback)
    assert feedback.brand_id == brand.brand_id
    (category,) = feedback.category
    assert (category.id, category.display_name, category.fields) == (
        "TAX_ID",
        "Tax Id",
        ["ein", "companyName", "entityType"],
    )
    assert category.description == "Tax Id does not match with the company name or business type."
    assert dlc.brand.retrieve(brand.brand_id).identity_status == "UNVERIFIED"


def test_b8_resend_the_2fa_email(dlc, advance):
    brand = dlc.brand.create(
        **brand_fields(
            "Listed Co",
            entity_type="PUBLIC_PROFIT",
            stock_symbol="AAPL",
            stock_exchange="NASDAQ",
            business_contact_email="ceo@listed.example",
        )
    )
    advance(4)

    assert dlc.brand.resend_2fa_email(brand.brand_id) is None


def test_b10_revet_once_then_refused_within_three_months(dlc, verified_brand):
    revetted = dlc.brand.revet(verified_brand.brand_id)

    assert isinstance(revetted, TelnyxBrand)
    assert revetted.brand_id == verified_brand.brand_id
    with pytest.raises(BadRequestError, match="at most once every 3 months"):
        dlc.brand.revet(verified_brand.brand_id)


def test_b11_b9_b7_b12_the_sole_proprietor_otp(dlc, sandbox_control, advance, telnyx_sole_proprietor):
    brand_id = telnyx_sole_proprietor.brand_id

    trigger = dlc.brand.trigger_sms_otp(brand_id, pin_sms="Your PIN is @OTP_PIN@", success_sms="Verified!")
    advance(2)
    by_brand = dlc.brand.retrieve_sms_otp_status(brand_id)
    by_reference = dlc.brand.get_sms_otp_by_reference(trigger.reference_id, brand_id=brand_id)
    pin = sandbox_control.get(f"/brands/{brand_id}/smsOtp").json["otpPin"]
    verified = dlc.brand.verify_sms_otp(brand_id, otp_pin=pin)

    assert isinstance(trigger, BrandSmsOtpTrigger)
    assert trigger.brand_id == brand_id
    assert isinstance(by_brand, BrandSmsOtpStatus)
    assert by_brand == by_reference
    assert (by_brand.reference_id, by_brand.mobile_phone, by_brand.delivery_status) == (
        trigger.reference_id,
        "+12025550142",
        "DELIVERED_HANDSET",
    )
    assert by_brand.verify_date is None
    assert verified is None
    assert dlc.brand.retrieve_sms_otp_status(brand_id).verify_date is not None
    assert dlc.brand.retrieve(brand_id).identity_status == "VERIFIED"


def test_b12_a_wrong_pin_is_a_400(dlc, advance, telnyx_sole_proprietor):
    dlc.brand.trigger_sms_otp(telnyx_sole_proprietor.brand_id, pin_sms="PIN @OTP_PIN@", success_sms="OK")
    advance(2)

    with pytest.raises(BadRequestError):
        dlc.brand.verify_sms_otp(telnyx_sole_proprietor.brand_id, otp_pin="0000")


def test_v2_v3_v1_external_vetting(dlc, advance, verified_brand):
    vetting = dlc.brand.external_vetting
    brand_id = verified_brand.brand_id

    ordered = vetting.order(brand_id, evp_id="AEGIS", vetting_class="STANDARD")
    imported = vetting.imports(brand_id, evp_id="WMC", vetting_id="wmc-4711", vetting_token="tok-1")
    advance(10)
    listed = vetting.list(brand_id)

    assert isinstance(ordered, ExternalVetting)
    assert (ordered.evp_id, ordered.vetting_class, ordered.vetted_date) == ("AEGIS", "STANDARD", None)
    assert (imported.evp_id, imported.vetting_id, imported.vetting_token, imported.vetting_score) == (
        "WMC",
        "wmc-4711",
        "tok-1",
        75,
    )
    assert sorted(v.vetting_id for v in listed) == sorted([ordered.vetting_id, "wmc-4711"])
    assert dlc.brand.retrieve(brand_id).identity_status == "VETTED_VERIFIED"


def test_v2_a_duplicate_order_is_code_10012(dlc, verified_brand):
    dlc.brand.external_vetting.order(verified_brand.brand_id, evp_id="AEGIS", vetting_class="STANDARD")

    with pytest.raises(BadRequestError) as caught:
        dlc.brand.external_vetting.order(verified_brand.brand_id, evp_id="AEGIS", vetting_class="STANDARD")

    assert caught.value.errors[0].code == "10012"
