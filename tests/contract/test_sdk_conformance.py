"""Conformance of the sandbox with the official telnyx SDK (pinned in the dev dependencies).

The SDK, pointed at a live sandbox, drives every operation of the wire reference (its §2.0 index is mirrored
by ``operations.OPERATIONS``; each scenario declares the operation ids it is about with ``@covers``) through
realistic scenarios. Each answer must validate, strictly, against the type the SDK method declares it returns
(required fields, JSON types, enum literals, datetimes) and carry the fields a real service fills. Errors must
raise the SDK's typed errors with the documented body, and every webhook the sandbox sends must pass the SDK's
own ed25519 verifier.
"""

import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import pydantic
import pytest
import telnyx
from telnyx.lib.webhook_verification import verify_webhook_signature
from telnyx.resources.messaging_10dlc.messaging_10dlc import Messaging10dlcResource
from telnyx.types.campaign_status_update import CampaignStatusUpdate
from telnyx.types.messaging_10dlc.alt_business_id_type import AltBusinessIDType
from telnyx.types.messaging_10dlc.brand_identity_status import BrandIdentityStatus
from telnyx.types.messaging_10dlc.entity_type import EntityType
from telnyx.types.messaging_10dlc.stock_exchange import StockExchange
from telnyx.types.messaging_10dlc.telnyx_brand import TelnyxBrand
from telnyx.types.messaging_10dlc.telnyx_campaign_csp import TelnyxCampaignCsp
from telnyx.types.messaging_10dlc.vertical import Vertical
from telnyx.types.shared.api_error import APIError as ErrorItem

from tendlc.sandbox.dormancy.watch import DORMANT_AFTER_SECONDS
from tests.contract.conftest import API_KEY, World
from tests.contract.operations import (
    OPERATIONS,
    Conformance,
    adapter,
    covers,
    field_literals,
    literal_values,
)

# Every lifecycle's happy path completes within a minute of sandbox time (issue 3: a brand is verified within
# seconds, a campaign provisioned within a minute), so scenarios move the frozen clock by a minute.
A_MINUTE = 60


# --- realistic request data ----------------------------------------------------------------------------------

BRANDS: dict[str, dict[str, Any]] = {
    "PRIVATE_PROFIT": {
        "display_name": "Northwind Dental",
        "company_name": "Northwind Dental Group LLC",
        "ein": "27-4817265",
        "vertical": "HEALTHCARE",
        "email": "support@northwinddental.com",
        "website": "https://www.northwinddental.com",
        "phone": "+13125550142",
        "street": "233 S Wacker Dr",
        "city": "Chicago",
        "state": "IL",
        "postal_code": "60606",
    },
    # Listed on an exchange the registry knows (the sandbox's approved public companies).
    "PUBLIC_PROFIT": {
        "display_name": "Microsoft",
        "company_name": "Microsoft Corporation",
        "ein": "91-1144442",
        "stock_symbol": "MSFT",
        "stock_exchange": "NASDAQ",
        "business_contact_email": "10dlc-verification@microsoft.com",
        "vertical": "TECHNOLOGY",
        "email": "messaging-support@microsoft.com",
        "website": "https://www.microsoft.com",
        "phone": "+14258828080",
        "street": "1 Microsoft Way",
        "city": "Redmond",
        "state": "WA",
        "postal_code": "98052",
    },
    "SOLE_PROPRIETOR": {
        "display_name": "Rivera Plumbing",
        "first_name": "Maria",
        "last_name": "Rivera",
        "mobile_phone": "+13125550143",
        "vertical": "CONSTRUCTION",
        "email": "maria@riveraplumbing.com",
        "website": "https://riveraplumbing.com",
        "street": "1840 W Chicago Ave",
        "city": "Chicago",
        "state": "IL",
        "postal_code": "60622",
    },
}


def brand_fields(entity_type: str, **overrides: Any) -> dict[str, Any]:
    """SDK arguments of a complete, consistent brand of ``entity_type``."""
    return {"entity_type": entity_type, "country": "US", **BRANDS[entity_type], **overrides}


def campaign_fields(brand: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """SDK arguments of a CUSTOMER_CARE campaign that passes every review: its samples name the brand and
    carry opt-out language, and the website the message flow mentions has a privacy policy."""
    name = brand["displayName"]
    return {
        "brand_id": brand["brandId"],
        "usecase": "CUSTOMER_CARE",
        "description": f"{name} answers patients' questions about appointments and billing by text message.",
        "message_flow": (
            f"Patients opt in on the appointment form of our website, www.northwinddental.com/contact, or by"
            f" texting START to {name}. Message frequency varies; message and data rates may apply."
        ),
        "sample1": f"{name}: your question about invoice 4471 was answered in your account. Reply STOP to opt out.",
        "sample2": f"{name}: we received your message and will reply within one business day. Reply HELP for help.",
        "help_message": f"{name} patient support. Reply STOP to opt out. Msg&data rates may apply.",
        "help_keywords": "HELP,INFO",
        "optin_message": f"{name}: you are subscribed to support messages. Reply STOP to unsubscribe.",
        "optin_keywords": "START,YES",
        "optout_message": f"{name}: you are unsubscribed and will receive no more messages.",
        "optout_keywords": "STOP,END,CANCEL,UNSUBSCRIBE,QUIT",
        "privacy_policy_link": "https://www.northwinddental.com/privacy",
        "terms_and_conditions_link": "https://www.northwinddental.com/sms-terms",
        "subscriber_help": True,
        "subscriber_optin": True,
        "subscriber_optout": True,
        "terms_and_conditions": True,
        "embedded_link": False,
        "embedded_phone": False,
        "number_pool": False,
        "age_gated": False,
        "direct_lending": False,
        "auto_renewal": True,
        **overrides,
    }


def verified_brand(world: World, entity_type: str = "PRIVATE_PROFIT", **overrides: Any) -> dict[str, Any]:
    brand = world.sdk.call("B2", **brand_fields(entity_type, **overrides))
    world.control.advance(A_MINUTE)
    brand = world.sdk.call("B3", brand["brandId"])
    assert (brand["status"], brand["identityStatus"]) == ("OK", "VERIFIED")
    return brand


def provisioned_campaign(world: World, brand: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    campaign = world.sdk.call("C2", **campaign_fields(brand, **overrides))
    world.control.advance(A_MINUTE)
    campaign = world.sdk.call("C4", campaign["campaignId"])
    assert campaign["campaignStatus"] == "MNO_PROVISIONED"
    return campaign


# --- scenarios -----------------------------------------------------------------------------------------------


@covers("B1", "B2", "B3", "B4", "B5", "B6", "B8", "B10")
def test_brands_from_registration_to_deletion(contract_world):
    sdk, control = contract_world.sdk, contract_world.control
    private = sdk.call("B2", **brand_fields("PRIVATE_PROFIT"))
    public = sdk.call("B2", **brand_fields("PUBLIC_PROFIT"), expect=("businessContactEmail", "universalEin"))
    # The registry cannot match this EIN to the company: the brand stays UNVERIFIED with TAX_ID feedback.
    mismatched = sdk.call(
        "B2",
        **brand_fields(
            "PRIVATE_PROFIT",
            display_name="Contoso Bakery",
            company_name="Contoso Bakery LLC",
            ein="00-0000000",
            email="hello@contosobakery.com",
            website="https://www.contosobakery.com",
        ),
    )
    assert {brand["status"] for brand in (private, public, mismatched)} == {"REGISTRATION_PENDING"}
    # Until its contact follows the 2FA link, a PUBLIC_PROFIT brand's e-mail may be sent again.
    assert sdk.call("B8", public["brandId"]) is None
    control.advance(A_MINUTE)

    for brand in (private, public):
        registered = sdk.call("B3", brand["brandId"])
        assert (registered["status"], registered["identityStatus"]) == ("OK", "VERIFIED")
    feedback = sdk.call("B6", mismatched["brandId"])
    assert [category["id"] for category in feedback["category"]] == ["TAX_ID"]
    assert sdk.call_alias("B6", f"/10dlc/brand_feedback/{mismatched['brandId']}") == feedback

    corrected = sdk.call(
        "B4",
        mismatched["brandId"],
        **brand_fields(
            "PRIVATE_PROFIT",
            display_name="Contoso Bakery",
            company_name="Contoso Bakery LLC",
            ein="84-3920517",
            email="hello@contosobakery.com",
            website="https://www.contosobakery.com",
            alt_business_id="080016218",
            alt_business_id_type="DUNS",
        ),
        expect=("altBusinessId", "altBusinessIdType"),
    )
    assert corrected["ein"] == "84-3920517"
    sdk.call("B10", mismatched["brandId"])
    control.advance(A_MINUTE)
    assert sdk.call("B3", mismatched["brandId"])["identityStatus"] == "VERIFIED"
    assert sdk.call("B6", mismatched["brandId"])["category"] == []

    first = sdk.call("B1", entity_type="PRIVATE_PROFIT", sort="displayName", records_per_page=1)
    second = sdk.call("B1", entity_type="PRIVATE_PROFIT", sort="displayName", records_per_page=1, page=2)
    assert (first["page"], first["totalRecords"], second["page"]) == (1, 2, 2)
    assert [first["records"][0]["displayName"], second["records"][0]["displayName"]] == [
        "Contoso Bakery",
        "Northwind Dental",
    ]
    assert sdk.call("B1", display_name="Micro")["records"][0]["brandId"] == public["brandId"]

    assert sdk.call("B5", public["brandId"]) is None
    remaining = sdk.call("B1", sort="createdAt")
    assert {brand["brandId"] for brand in remaining["records"]} == {private["brandId"], mismatched["brandId"]}


@covers("B7", "B9", "B11", "B12")
def test_sole_proprietor_verifies_its_mobile_number_by_sms_otp(contract_world):
    sdk, control = contract_world.sdk, contract_world.control
    brand = sdk.call("B2", **brand_fields("SOLE_PROPRIETOR"), expect=("firstName", "lastName", "mobilePhone"))
    brand_id = brand["brandId"]
    control.advance(A_MINUTE)
    assert sdk.call("B3", brand_id)["identityStatus"] == "UNVERIFIED"

    otp = sdk.call(
        "B11",
        brand_id,
        pin_sms="Your Rivera Plumbing verification code is @OTP_PIN@. It expires in 24 hours.",
        success_sms="Rivera Plumbing: your business number is verified. Thank you!",
    )
    assert otp["brandId"] == brand_id
    control.advance(A_MINUTE)
    status = sdk.call("B9", brand_id)
    assert (status["referenceId"], status["deliveryStatus"]) == (otp["referenceId"], "DELIVERED_HANDSET")
    assert sdk.call("B7", otp["referenceId"]) == status
    # The brandId lookup aid takes the Telnyx or the TCR brand id.
    assert sdk.call("B7", otp["referenceId"], brand_id=brand_id) == status
    assert sdk.call("B7", otp["referenceId"], brand_id=brand["tcrBrandId"]) == status

    # No SMS leaves the sandbox: the PIN the handset got is read from the control plane.
    pin = control.get(f"/brands/{brand_id}/smsOtp")["otpPin"]
    assert sdk.call("B12", brand_id, otp_pin=pin) is None
    verified = sdk.call("B9", brand_id, expect=("verifyDate",))
    assert verified["referenceId"] == otp["referenceId"]
    assert sdk.call("B3", brand_id)["identityStatus"] == "VERIFIED"


@covers("V1", "V2", "V3")
def test_external_vetting_orders_and_imports(contract_world):
    sdk, control = contract_world.sdk, contract_world.control
    brand_id = verified_brand(contract_world)["brandId"]
    assert sdk.call("V1", brand_id) == []

    order = sdk.call("V2", brand_id, evp_id="AEGIS", vetting_class="STANDARD")
    assert (order["evpId"], order["vettingClass"]) == ("AEGIS", "STANDARD")
    control.advance(A_MINUTE)
    [vetting] = sdk.call("V1", brand_id)
    assert vetting["vettingId"] == order["vettingId"]
    assert 0 <= vetting["vettingScore"] <= 100

    imported = sdk.call(
        "V3",
        brand_id,
        evp_id="CV",
        vetting_id="cv-2026-0417-88213",
        vetting_token="cvt_5f3a9c2e71b84d06",
        expect=("vettedDate", "vettingScore", "vettingToken"),
    )
    assert imported["vettingId"] == "cv-2026-0417-88213"
    assert {record["evpId"] for record in sdk.call("V1", brand_id)} == {"AEGIS", "CV"}
    assert sdk.call("B3", brand_id)["identityStatus"] == "VETTED_VERIFIED"

    # A low score is a completed vetting (a vettedDate and its score), listed like any other.
    low = verified_brand(contract_world, display_name="Lowscore Dental", ein="46-1830572")["brandId"]
    sdk.call("V2", low, evp_id="AEGIS", vetting_class="STANDARD")
    control.advance(A_MINUTE)
    [scored] = sdk.call("V1", low, expect=("vettedDate", "vettingScore"))
    assert scored["vettingScore"] == 20


@covers("C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C13")
def test_campaign_from_submission_through_appeal_to_deactivation(contract_world):
    sdk, control = contract_world.sdk, contract_world.control
    cost = sdk.call("C13", usecase="CUSTOMER_CARE")
    assert cost["campaignUsecase"] == "CUSTOMER_CARE"
    assert sdk.call_alias("C13", "/10dlc/campaign/usecase_cost?usecase=CUSTOMER_CARE") == cost

    brand = verified_brand(contract_world)
    qualification = sdk.call("C1", "CUSTOMER_CARE", brand_id=brand["brandId"])
    assert qualification["usecase"] == "CUSTOMER_CARE"

    webhook = contract_world.receiver.url + "/campaign"
    fields = campaign_fields(
        brand, webhook_url=webhook, reference_id="NWD-CARE-2026-01", tag=["patient-care"]
    )
    submitted = sdk.call("C2", **fields, expect=("webhookURL", "referenceId", "sample1", "messageFlow"))
    assert submitted["campaignStatus"] == "TCR_PENDING"
    control.advance(A_MINUTE)
    campaign_id = submitted["campaignId"]
    assert sdk.call("C4", campaign_id)["campaignStatus"] == "MNO_PROVISIONED"

    metadata = sdk.call("C8", campaign_id)
    assert set(sdk.call("C9", campaign_id)) == set(metadata)
    assert set(sdk.call("C9", campaign_id).values()) <= set(sdk.call("E1", "operationStatus"))
    attributes = sdk.call("C10", campaign_id)
    assert attributes["campaignId"] == submitted["tcrCampaignId"]
    assert sdk.call_alias("C10", f"/10dlc/campaign/{campaign_id}/osr_attributes") == attributes
    # Sharing exists only through the control plane: share the campaign with a partner CNP first.
    control.post("/shared_by_me", {"campaignId": campaign_id})
    sharing = sdk.call("C11", campaign_id, expect=("sharedByMe.sharingStatus", "sharedByMe.sharedDate"))
    assert sharing["sharedByMe"]["upstreamCnpId"]

    sample = "Northwind Dental: your appointment request was received; we will text you a time. Reply STOP to opt out."
    updated = sdk.call(
        "C5", campaign_id, sample2=sample, help_message="Northwind Dental support: reply STOP to opt out."
    )
    assert updated["sample2"] == sample

    control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED"})
    assert sdk.call("C4", campaign_id, expect=("failureReasons",))["campaignStatus"] == "TELNYX_FAILED"
    sdk.call(
        "C7",
        campaign_id,
        appeal_reason="The website now shows the SMS opt-in language and links the privacy policy and terms.",
    )
    assert sdk.call("C4", campaign_id)["campaignStatus"] == "TCR_ACCEPTED"

    listed = sdk.call("C3", brand_id=brand["brandId"], sort="-assignedPhoneNumbersCount", records_per_page=5)
    assert [record["campaignId"] for record in listed["records"]] == [campaign_id]
    deactivated = sdk.call("C6", campaign_id)
    assert campaign_id in deactivated["message"]
    assert sdk.call("C4", campaign_id)["status"] == "EXPIRED"
    # With no active campaign left, the brand may go.
    assert sdk.call("B5", brand["brandId"]) is None


@covers("C12", "S1", "S2", "S3", "S4", "S5")
def test_partner_campaigns_shared_with_us_and_by_us(contract_world):
    sdk, control = contract_world.sdk, contract_world.control
    # A campaign another CSP registered at TCR and shared with us, pending our acceptance.
    shared = control.post(
        "/partner_campaigns",
        {
            "brandDisplayName": "Globex Pharmacy",
            "usecase": "ACCOUNT_NOTIFICATION",
            "description": "Globex Pharmacy tells patients when their prescriptions are ready for pickup.",
            "sample1": "Globex Pharmacy: your prescription is ready for pickup. Reply STOP to opt out.",
            "messageFlow": "Patients opt in at the pharmacy counter when they drop off a prescription.",
        },
    )
    tcr_campaign_id = shared["tcrCampaignId"]
    assert sdk.call("S5", tcr_campaign_id)["sharedWithMe"]["sharingStatus"] == "PENDING"
    assert sdk.call("C12", tcr_campaign_id) == {}

    status = sdk.call(
        "S5",
        tcr_campaign_id,
        expect=("sharedWithMe.sharingStatus", "sharedWithMe.statusDate", "sharedWithMe.upstreamCnpId"),
    )
    assert status["sharedWithMe"]["sharingStatus"] == "ACCEPTED"
    listed = sdk.call("S1", sort="-createdAt", records_per_page=10)
    assert [record["tcrCampaignId"] for record in listed["records"]] == [tcr_campaign_id]
    assert sdk.call("S2", tcr_campaign_id) == listed["records"][0]
    hooks = contract_world.receiver.url + "/partner"
    updated = sdk.call("S3", tcr_campaign_id, webhook_url=hooks, webhook_failover_url=hooks + "-failover")
    assert (updated["webhookURL"], updated["webhookFailoverURL"]) == (hooks, hooks + "-failover")

    # A campaign we registered elsewhere and shared with Telnyx.
    control.post("/shared_by_me", {"campaignId": "C7XK2P9", "brandId": "BQ4T8ZL", "usecase": "MARKETING"})
    by_me = sdk.call("S4", records_per_page=10)
    assert [(record["campaignId"], record["usecase"]) for record in by_me["records"]] == [
        ("C7XK2P9", "MARKETING")
    ]


@covers("N1", "N2", "N3", "N4", "N5")
def test_phone_numbers_assigned_moved_and_removed(contract_world):
    sdk, control = contract_world.sdk, contract_world.control
    brand = verified_brand(contract_world)
    care = provisioned_campaign(contract_world, brand)
    reminders = provisioned_campaign(
        contract_world,
        brand,
        usecase="ACCOUNT_NOTIFICATION",
        description="Northwind Dental reminds patients of upcoming appointments by text message.",
    )
    numbers = [contract_world.number() for _ in range(3)]
    for number in numbers:
        pending = sdk.call("N2", campaign_id=care["campaignId"], phone_number=number)
        assert pending["assignmentStatus"] == "PENDING_ASSIGNMENT"
    control.advance(A_MINUTE)
    assigned = sdk.call("N3", numbers[0], expect=("brandId", "telnyxCampaignId"))
    assert (assigned["assignmentStatus"], assigned["telnyxCampaignId"]) == ("ASSIGNED", care["campaignId"])

    filters = {
        "telnyx_campaign_id": care["campaignId"],
        "telnyx_brand_id": brand["brandId"],
        "tcr_campaign_id": care["tcrCampaignId"],
        "tcr_brand_id": brand["tcrBrandId"],
    }
    for name, value in filters.items():
        page = sdk.call("N1", filter={name: value}, sort="phoneNumber", records_per_page=2)
        assert (page["totalRecords"], [r["phoneNumber"] for r in page["records"]]) == (3, numbers[:2]), name
    last_page = sdk.call("N1", filter=filters, sort="phoneNumber", page=2, records_per_page=2)
    assert [record["phoneNumber"] for record in last_page["records"]] == numbers[2:]

    moved = sdk.call("N4", numbers[1], campaign_id=reminders["campaignId"], phone_number=numbers[1])
    assert (moved["campaignId"], moved["assignmentStatus"]) == (reminders["campaignId"], "PENDING_ASSIGNMENT")
    removed = sdk.call("N5", numbers[2])
    assert removed["assignmentStatus"] == "PENDING_UNASSIGNMENT"
    control.advance(A_MINUTE)
    remaining = sdk.call("N1", sort="-phoneNumber")
    assert [(r["phoneNumber"], r["campaignId"], r["assignmentStatus"]) for r in remaining["records"]] == [
        (numbers[1], reminders["campaignId"], "ASSIGNED"),
        (numbers[0], care["campaignId"], "ASSIGNED"),
    ]

    # A campaign shared with us takes numbers under its TCR id; it has no Telnyx brand or campaign id.
    shared = control.post("/partner_campaigns", {"brandDisplayName": "Globex Pharmacy", "accepted": True})
    number = contract_world.number()
    sdk.call("N2", campaign_id=shared["tcrCampaignId"], phone_number=number)
    control.advance(A_MINUTE)
    on_shared = sdk.call("N3", number)
    assert (on_shared["campaignId"], on_shared["assignmentStatus"]) == (shared["tcrCampaignId"], "ASSIGNED")
    assert (on_shared["brandId"], on_shared["telnyxCampaignId"]) == ("", "")
    assert sdk.call("S2", shared["tcrCampaignId"])["assignedPhoneNumbersCount"] == 1


@covers("A1", "A2", "A3")
def test_assignment_of_a_messaging_profiles_numbers(contract_world):
    sdk, control = contract_world.sdk, contract_world.control
    campaign = provisioned_campaign(contract_world, verified_brand(contract_world))
    profile_id = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"
    numbers = [contract_world.number() for _ in range(3)]
    control.post(f"/messaging_profiles/{profile_id}/numbers", {"phoneNumbers": numbers})

    task = sdk.call(
        "A1", messaging_profile_id=profile_id, campaign_id=campaign["campaignId"], expect=("campaignId",)
    )
    assert sdk.call("A2", task["taskId"])["status"] == "pending"
    control.advance(A_MINUTE)
    assert sdk.call("A2", task["taskId"])["status"] == "completed"

    # Both SDK methods of A3 read the same page.
    listed = sdk.call("A3", task["taskId"], records_per_page=2, page=2)
    retrieved = sdk.call("A3", task["taskId"], records_per_page=2, page=2, sdk_method=OPERATIONS["A3"].sdk[1])
    assert listed == retrieved
    assert listed["records"] == [{"phoneNumber": numbers[2], "status": "success", "taskId": task["taskId"]}]
    assert sdk.call("N3", numbers[0])["assignmentStatus"] == "ASSIGNED"

    # A campaign shared with us is named by its TCR id alone.
    shared = control.post("/partner_campaigns", {"brandDisplayName": "Globex Pharmacy", "accepted": True})
    other_profile = "7c1f0d52-93e4-4a8b-b5f6-2d0e8a91c3b7"
    control.post(f"/messaging_profiles/{other_profile}/numbers", {"phoneNumbers": [contract_world.number()]})
    task = sdk.call(
        "A1",
        messaging_profile_id=other_profile,
        tcr_campaign_id=shared["tcrCampaignId"],
        expect=("tcrCampaignId",),
    )
    assert "campaignId" not in task
    control.advance(A_MINUTE)
    assert sdk.call("A2", task["taskId"])["status"] == "completed"


# The SDK enumerates some enums itself: the sandbox must serve exactly those values.
SDK_ENUM_VALUES = {
    "entityType": literal_values(EntityType),
    "vertical": literal_values(Vertical),
    "stockExchange": literal_values(StockExchange),
    "altBusinessIdType": literal_values(AltBusinessIDType),
    "brandIdentityStatus": literal_values(BrandIdentityStatus),
    "brandStatus": field_literals(TelnyxBrand, "status"),
    "brandRelationship": field_literals(TelnyxBrand, "brand_relationship"),
    "campaignStatus": field_literals(TelnyxCampaignCsp, "campaign_status"),
}
# Use cases the reference names (§3.13); the sandbox may offer more.
REFERENCE_USECASES = {"2FA", "ACCOUNT_NOTIFICATION", "CUSTOMER_CARE", "DELIVERY_NOTIFICATION", "MARKETING", "MIXED", "SOLE_PROPRIETOR"}  # fmt: skip
# The endpoints the SDK's get_enum accepts: the 16 of reference §2.8.
ENUM_ENDPOINTS = sorted(literal_values(typing.get_type_hints(Messaging10dlcResource.get_enum)["endpoint"]))


@covers("E1")
@pytest.mark.parametrize("endpoint", ENUM_ENDPOINTS)
def test_every_enum_endpoint(contract_world, endpoint):
    # Checked against get_enum's return type, the SDK's Messaging10dlcGetEnumResponse union of five shapes.
    values = contract_world.sdk.call("E1", endpoint)

    assert values
    if endpoint in SDK_ENUM_VALUES:  # a list of the values, or a map keyed by them
        assert set(values) == SDK_ENUM_VALUES[endpoint]
    if endpoint == "usecase":
        assert set(values) >= REFERENCE_USECASES
    if endpoint == "mno":  # the spec example's shape
        for carrier in values:
            assert isinstance(carrier["networkId"], int), carrier
            assert isinstance(carrier["osrBitmaskIndex"], int), carrier
            assert carrier["displayName"], carrier
    if endpoint == "approvedPublicCompany":
        for company in values["records"]:
            assert all(company[key] for key in ("isin", "iso2", "symbol", "exchange", "displayName")), company


# --- errors --------------------------------------------------------------------------------------------------


class ErrorEnvelope(pydantic.BaseModel):
    """Reference §1.5 shape (a); its items are the SDK's own error model."""

    model_config = pydantic.ConfigDict(extra="forbid")
    errors: list[ErrorItem] = pydantic.Field(min_length=1)


class MessageBody(pydantic.BaseModel):
    """Reference §1.5 shape (c), the 500 of A1."""

    model_config = pydantic.ConfigDict(extra="forbid")
    message: str


@dataclass(frozen=True)
class ErrorCase:
    name: str
    error: type[telnyx.APIStatusError]  # the exact class the SDK raises
    status: int
    trigger: Callable[[World], Any]  # sets up what it needs, then makes the call that fails
    body: type[pydantic.BaseModel] = ErrorEnvelope
    title: str | None = None
    pointer: str | None = None
    parameter: str | None = None


def _api(world: World) -> Any:
    return world.sdk.client.messaging_10dlc


def _without_a_key(world: World) -> None:
    # The SDK cannot send an empty key (httpx refuses the header "Bearer "); omitting the header is the same.
    _api(world).brand.list(extra_headers={"Authorization": telnyx.omit})


def _with_a_wrong_key(world: World) -> None:
    world.live.sandbox.config.api_key = "KEY0FF1CE5EE5A11C0DE5ANDB0X0000000"
    _api(world).brand.list()


def _revet_during_registration(world: World) -> None:
    brand = world.sdk.call("B2", **brand_fields("PRIVATE_PROFIT"))
    _api(world).brand.revet(brand["brandId"])


def _submit_without_funds(world: World) -> None:
    brand = verified_brand(world)
    world.control.post("/account", {"balance": "12.00"})  # CUSTOMER_CARE costs 30.00 up front, 15.00 review
    _api(world).campaign_builder.submit(**campaign_fields(brand))


def _profile_search_fails(world: World) -> None:
    campaign = provisioned_campaign(world, verified_brand(world))
    # The sandbox's documented rule: a profile id containing "error" makes the number search fail.
    _api(world).phone_number_assignment_by_profile.assign(
        messaging_profile_id="search-error-4001767e", campaign_id=campaign["campaignId"]
    )


def _injected(status: int) -> Callable[[World], None]:
    def trigger(world: World) -> None:
        world.control.post("/faults", {"status": status, "count": 1, "retryAfter": 2})
        _api(world).brand.list()

    return trigger


ERROR_CASES = [
    ErrorCase(
        "401-without-key", telnyx.AuthenticationError, 401, _without_a_key, title="Authentication failed"
    ),
    ErrorCase(
        "401-wrong-key", telnyx.AuthenticationError, 401, _with_a_wrong_key, title="Authentication failed"
    ),
    ErrorCase(
        "404-unknown-brand",
        telnyx.NotFoundError,
        404,
        lambda world: _api(world).brand.retrieve("4b20019b-043a-78f8-0657-b3be3f4b4002"),
        title="Resource not found",
    ),
    ErrorCase(
        "422-body-field",
        telnyx.UnprocessableEntityError,
        422,
        lambda world: _api(world).brand.create(
            **brand_fields("PRIVATE_PROFIT", email="support at northwind")
        ),
        pointer="/email",
    ),
    ErrorCase(
        "422-query-parameter",
        telnyx.UnprocessableEntityError,
        422,
        lambda world: _api(world).campaign.usecase.get_cost(usecase="CUSTOMER_SERVICE"),
        parameter="usecase",
    ),
    ErrorCase("400-state-refusal", telnyx.BadRequestError, 400, _revet_during_registration),
    # 402 has no class of its own: the SDK raises its base class.
    ErrorCase(
        "402-insufficient-funds",
        telnyx.APIStatusError,
        402,
        _submit_without_funds,
        title="Insufficient Funds",
    ),
    ErrorCase("429-rate-limited", telnyx.RateLimitError, 429, _injected(429)),
    ErrorCase("500-profile-search", telnyx.InternalServerError, 500, _profile_search_fails, body=MessageBody),
    ErrorCase("503-unavailable", telnyx.InternalServerError, 503, _injected(503)),
]


@pytest.mark.parametrize("case", ERROR_CASES, ids=[case.name for case in ERROR_CASES])
def test_errors_raise_the_sdks_typed_errors_with_the_documented_body(contract_world, case):
    with pytest.raises(telnyx.APIStatusError) as raised:
        case.trigger(contract_world)

    error = raised.value
    assert (type(error), error.status_code) == (case.error, case.status), error.message
    body = case.body.model_validate_json(error.response.content, strict=True)
    assert error.body == error.response.json()  # the caller gets the parsed body
    if isinstance(body, ErrorEnvelope):
        if case.title:
            assert [item.title for item in body.errors] == [case.title]
        sources = [item.source for item in body.errors if item.source]
        assert [source.pointer for source in sources if source.pointer] == (
            [case.pointer] if case.pointer else []
        )
        assert [source.parameter for source in sources if source.parameter] == (
            [case.parameter] if case.parameter else []
        )
    if case.status == 429:
        assert error.response.headers["Retry-After"] == "2"


def test_a_dropped_connection_raises_the_sdks_connection_error(contract_world):
    contract_world.control.post("/faults", {"dropConnection": True, "count": 1})

    with pytest.raises(telnyx.APIConnectionError):
        contract_world.sdk.client.messaging_10dlc.brand.list()
    assert contract_world.sdk.call("B1")["records"] == []  # the fault fired once


# --- pagination ----------------------------------------------------------------------------------------------

# The P1 lists of reference §1.8, as the SDK reads them: two records a page.
P1_LISTS: dict[str, Callable[[Any, str], Any]] = {
    "B1": lambda api, brand_id: api.brand.list(records_per_page=2),
    "C3": lambda api, brand_id: api.campaign.list(brand_id=brand_id, records_per_page=2),
    "S1": lambda api, brand_id: api.partner_campaigns.list(records_per_page=2),
    "S4": lambda api, brand_id: api.partner_campaigns.list_shared_by_me(records_per_page=2),
    "N1": lambda api, brand_id: api.phone_number_campaigns.list(records_per_page=2),
}


@pytest.mark.parametrize("op_id", sorted(P1_LISTS))
def test_the_sdk_pages_through_each_p1_list_to_its_end(contract_world, op_id):
    """The SDK asks for the next page while its page number is below totalRecords, so it asks past the last
    page: that answer must be an empty page that stops it, not an error (reference §1.8)."""
    contract_world.control.post(
        "/seed", {"brands": 3, "campaignsPerBrand": 3, "numbersPerCampaign": 1, "partnerCampaigns": 3}
    )
    for campaign_id in ("C7XK2P9", "C3MV8QD", "C9TR4WN"):
        contract_world.control.post("/shared_by_me", {"campaignId": campaign_id, "usecase": "MARKETING"})
    api = contract_world.sdk.client.messaging_10dlc
    brand_id = api.brand.list().records[0].brand_id

    first_page = P1_LISTS[op_id](api, brand_id)
    records = [record.model_dump_json() for record in first_page]  # iterating fetches every page

    assert first_page.total_records == len(records) > 2
    assert len(set(records)) == len(records)


# --- webhooks ------------------------------------------------------------------------------------------------


class EventData(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    event_type: Literal["10dlc.brand.update", "10dlc.campaign.update", "10dlc.phone_number.update"]
    id: uuid.UUID
    occurred_at: datetime
    payload: dict[str, Any]
    record_type: Literal["event"]


class EventMeta(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    attempt: int
    delivered_to: str


class Event(pydantic.BaseModel):
    """The event envelope of reference §4.3."""

    model_config = pydantic.ConfigDict(extra="forbid")
    data: EventData
    meta: EventMeta


# (event type, payload type) -> the payload fields reference §4.4 shows for it.
EVENT_FIELDS = {
    ("10dlc.brand.update", "TCR_BRAND_UPDATE"): ("brandId", "brandName", "description", "eventType", "status", "tcrBrandId"),
    ("10dlc.brand.update", "REGISTRATION"): ("brandId", "status", "reasons"),
    ("10dlc.brand.update", "REVET"): ("brandId", "status", "reasons"),
    ("10dlc.brand.update", "ORDER_EXTERNAL_VETTING"): ("brandId", "status", "reasons"),
    ("10dlc.campaign.update", "REGISTRATION"): ("campaignId", "status", "reasons"),
    ("10dlc.campaign.update", "TCR_EVENT"): ("campaignId", "eventType", "description"),
    ("10dlc.campaign.update", "TELNYX_EVENT"): ("campaignId", "description", "status"),
    ("10dlc.campaign.update", "TELNYX_REVIEW"): ("campaignId", "description", "status"),
    ("10dlc.campaign.update", "MNO_REVIEW"): ("campaignId", "description", "status"),
    ("10dlc.campaign.update", "VERIFIED"): ("brandId", "campaignId", "createDate", "cspId", "isTMobileRegistered"),
    ("10dlc.campaign.update", "NUMBER_POOL_PROVISIONED"): ("brandId", "campaignId"),
    ("10dlc.campaign.update", "NUMBER_POOL_DEPROVISIONED"): ("brandId", "campaignId"),
    ("10dlc.campaign.update", "CAMPAIGN_NUDGE"): ("campaignId", "nudgeIntent", "description", "cspId"),
    ("10dlc.phone_number.update", "ASSIGNMENT"): ("campaignId", "phoneNumber", "status", "reasons"),
    ("10dlc.phone_number.update", "DELETION"): ("campaignId", "phoneNumber", "status", "reasons"),
    ("10dlc.phone_number.update", "STATUS_UPDATE"): ("campaignId", "tcrCampaignId", "phoneNumber", "status"),
}  # fmt: skip


def delivered_events(world: World, hooks: dict[str, str]) -> list[tuple[str, dict[str, Any]]]:
    """Every delivery the receiver got, as (path, payload), each verified with the SDK's ed25519 verifier and
    checked against the envelope of reference §4.3 and the payload fields of §4.4. ``hooks`` maps each
    receiver path to the webhook URL it stands for."""
    public_key = world.control.get("/webhooks")["publicKey"]
    events = []
    for delivery in world.receiver.received:
        # ed25519 over "{telnyx-timestamp}|{raw body}", within the verifier's five-minute tolerance.
        verify_webhook_signature(delivery.body.decode(), delivery.headers, public_key)
        event = Event.model_validate_json(delivery.body, strict=True)
        assert (event.meta.attempt, event.meta.delivered_to) == (1, hooks[delivery.path])
        payload = event.data.payload
        fields = EVENT_FIELDS.get((event.data.event_type, payload.get("type")))
        assert fields is not None, f"an event reference §4.4 does not describe: {event.data}"
        assert all(payload.get(name) is not None for name in fields), payload
        # CAMPAIGN_NUDGE's type is outside the SDK's enum of campaign payload types (reference §4.4).
        if event.data.event_type == "10dlc.campaign.update" and payload.get("type") != "CAMPAIGN_NUDGE":
            adapter(CampaignStatusUpdate).validate_python(payload, strict=True)
        events.append((delivery.path, payload))
    ids = [delivery.json["data"]["id"] for delivery in world.receiver.received]
    assert len(set(ids)) == len(ids), "each event is delivered once, under its own id"
    return events


def kinds(events: list[tuple[str, dict[str, Any]]], path: str) -> list[tuple[str, str | None]]:
    """(type, eventType or status) of the events sent to ``path``: a lifecycle at a glance."""
    return [
        (payload["type"], payload.get("eventType") or payload.get("status"))
        for event_path, payload in events
        if event_path == path
    ]


def test_webhooks_verify_with_the_sdk_and_carry_the_documented_payloads(contract_world):
    sdk, control, receiver = contract_world.sdk, contract_world.control, contract_world.receiver
    hooks = {"/hooks/brand": receiver.url + "/brand", "/hooks/campaign": receiver.url + "/campaign"}
    brand = sdk.call("B2", **brand_fields("PRIVATE_PROFIT", webhook_url=hooks["/hooks/brand"]))
    control.advance(A_MINUTE)
    campaign = sdk.call("C2", **campaign_fields(brand, webhook_url=hooks["/hooks/campaign"]))
    control.advance(A_MINUTE)  # provisioned
    number = contract_world.number()
    sdk.call("N2", campaign_id=campaign["campaignId"], phone_number=number)
    control.advance(A_MINUTE)
    sdk.call("N5", number)
    control.advance(A_MINUTE)

    events = delivered_events(contract_world, hooks)

    assert kinds(events, "/hooks/brand") == [("TCR_BRAND_UPDATE", "BRAND_ADD")]
    assert kinds(events, "/hooks/campaign") == [
        ("TCR_EVENT", "CAMPAIGN_ADD"),
        ("TELNYX_REVIEW", "ACCEPTED"),
        ("MNO_REVIEW", "ACCEPTED"),
        ("TCR_EVENT", "CAMPAIGN_DCA_COMPLETE"),
        ("VERIFIED", None),
        # A number's events go to the webhooks of the campaign it is assigned to (reference §4.1).
        ("STATUS_UPDATE", "PENDING"),
        ("ASSIGNMENT", "success"),
        ("STATUS_UPDATE", "ADDED"),
        ("DELETION", "success"),
        ("STATUS_UPDATE", "DELETED"),
    ]
    assert {payload["campaignId"] for path, payload in events if path == "/hooks/campaign"} == {
        campaign["campaignId"]
    }
    assert {record["state"] for record in control.get("/webhooks")["records"]} == {"delivered"}


def test_carrier_actions_and_partner_campaign_events_conform(contract_world):
    """Each carrier action on one carrier: C4, C8 and C9 still validate; its event, the number pool's and a
    partner campaign's (to the URL S3 set, keyed by its TCR id) verify with the SDK."""
    sdk, control, receiver = contract_world.sdk, contract_world.control, contract_world.receiver
    hooks = {"/hooks/campaign": receiver.url + "/campaign", "/hooks/partner": receiver.url + "/partner"}
    brand = verified_brand(contract_world)
    fields = campaign_fields(brand, webhook_url=hooks["/hooks/campaign"], number_pool=True)
    campaign_id = sdk.call("C2", **fields)["campaignId"]
    control.advance(A_MINUTE)  # provisioned, with a T-Mobile number pool
    actions = [
        ("10035", "SUSPENDED"),
        ("10035", "UNSUSPENDED"),
        ("10017", "REJECTED"),
        ("10017", "APPROVED"),
        ("10037", "REVIEW"),
        ("10037", "SUSPENDED"),
        ("10999", "DCA_COMPLETE"),
    ]
    operation_statuses = set(sdk.call("E1", "operationStatus"))
    for network_id, action in actions:
        control.post(
            f"/campaigns/{campaign_id}/carriers/{network_id}", {"action": action, "reason": "Audit."}
        )
        statuses = sdk.call("C9", campaign_id)
        assert set(statuses.values()) <= operation_statuses
        assert set(sdk.call("C8", campaign_id)) == set(statuses)
        assert sdk.call("C4", campaign_id)["campaignStatus"] == "MNO_PROVISIONED"
    assert sdk.call("C9", campaign_id)["10037"] == "SUSPENDED"
    assert sdk.call("C8", campaign_id)["10037"]["qualify"] is False
    sdk.call("C6", campaign_id)

    tcr_campaign_id = control.post("/partner_campaigns", {"accepted": True})["tcrCampaignId"]
    sdk.call("S3", tcr_campaign_id, webhook_url=hooks["/hooks/partner"])
    control.post(f"/partner_campaigns/{tcr_campaign_id}/carriers/10035", {"action": "SUSPENDED"})
    control.post(f"/partner_campaigns/{tcr_campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED"})
    control.post(f"/partner_campaigns/{tcr_campaign_id}/nudge")
    assert sdk.call("S2", tcr_campaign_id)["campaignStatus"] == "TCR_ACCEPTED"
    control.advance(0)

    events = delivered_events(contract_world, hooks)
    assert kinds(events, "/hooks/campaign")[3:] == [
        ("TCR_EVENT", "CAMPAIGN_DCA_COMPLETE"),
        ("VERIFIED", None),
        ("NUMBER_POOL_PROVISIONED", None),
        *(("TCR_EVENT", f"MNO_CAMPAIGN_OPERATION_{action}") for _, action in actions[:-1]),
        ("TCR_EVENT", "CAMPAIGN_DCA_COMPLETE"),
        ("TCR_EVENT", "CAMPAIGN_EXPIRED"),
        ("NUMBER_POOL_DEPROVISIONED", None),
    ]
    assert kinds(events, "/hooks/partner") == [
        ("TCR_EVENT", "MNO_CAMPAIGN_OPERATION_SUSPENDED"),
        ("TELNYX_REVIEW", "REJECTED"),
        ("CAMPAIGN_NUDGE", None),
    ]
    assert {payload["campaignId"] for path, payload in events if path == "/hooks/partner"} == {
        tcr_campaign_id
    }


def test_brand_events_verify_with_the_sdk_and_carry_the_documented_payloads(contract_world):
    sdk, control, receiver = contract_world.sdk, contract_world.control, contract_world.receiver
    hooks = {"/hooks/brand": receiver.url + "/brand"}
    failed = sdk.call(
        "B2",
        **brand_fields(
            "PRIVATE_PROFIT",
            display_name="Failreg Dental",
            company_name="Failreg Dental LLC",
            ein="36-4102291",
            webhook_url=hooks["/hooks/brand"],
        ),
    )
    # The registry cannot match this EIN to the company: registered, UNVERIFIED, so it cannot be vetted.
    unverified = sdk.call(
        "B2", **brand_fields("PRIVATE_PROFIT", ein="00-0000000", webhook_url=hooks["/hooks/brand"])
    )
    control.advance(A_MINUTE)
    sdk.call("B10", unverified["brandId"])
    sdk.call("V2", unverified["brandId"], evp_id="AEGIS", vetting_class="STANDARD")
    control.advance(A_MINUTE)
    assert sdk.call("V1", unverified["brandId"]) == []
    control.post(f"/brands/{unverified['brandId']}/appeal", {"outcome": "ACCEPTED"})
    control.advance(A_MINUTE)
    assert sdk.call("B3", unverified["brandId"])["identityStatus"] == "VERIFIED"
    sdk.call("V2", unverified["brandId"], evp_id="AEGIS", vetting_class="STANDARD")
    control.advance(A_MINUTE)
    [vetting] = sdk.call("V1", unverified["brandId"], expect=("vettedDate", "vettingScore"))
    assert 0 <= vetting["vettingScore"] <= 100

    events = delivered_events(contract_world, hooks)

    assert [
        (payload["brandId"], kind)
        for (_, payload), kind in zip(events, kinds(events, "/hooks/brand"), strict=True)
    ] == [
        (failed["brandId"], ("REGISTRATION", "failed")),
        (unverified["brandId"], ("TCR_BRAND_UPDATE", "BRAND_ADD")),
        (unverified["brandId"], ("REVET", "failed")),
        (unverified["brandId"], ("TCR_BRAND_UPDATE", "BRAND_REVET")),
        (unverified["brandId"], ("ORDER_EXTERNAL_VETTING", "failed")),
        (unverified["brandId"], ("TCR_BRAND_UPDATE", "BRAND_APPEAL_ADD")),
        (unverified["brandId"], ("TCR_BRAND_UPDATE", "BRAND_APPEAL_COMPLETE")),
        (unverified["brandId"], ("ORDER_EXTERNAL_VETTING", "success")),
    ]
    # A failure names the brand fields concerned.
    failures = [
        payload for _, payload in events if payload.get("status") == "failed" and "reasons" in payload
    ]
    assert len(failures) == 3
    assert all(reason["fields"] for payload in failures for reason in payload["reasons"])


# Statuses whose campaigns a real service explains in failureReasons.
FAILED_CAMPAIGN_STATUSES = {"TCR_FAILED", "TELNYX_FAILED", "MNO_REJECTED", "MNO_PROVISIONING_FAILED"}


@pytest.mark.parametrize("status", sorted(field_literals(TelnyxCampaignCsp, "campaign_status")))
def test_every_campaign_status_conforms_in_answers_and_webhooks(contract_world, status):
    sdk, control = contract_world.sdk, contract_world.control
    hooks = {"/hooks/campaign": contract_world.receiver.url + "/campaign"}
    brand = verified_brand(contract_world)
    campaign_id = sdk.call("C2", **campaign_fields(brand, webhook_url=hooks["/hooks/campaign"]))["campaignId"]

    control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": status})
    control.advance(0)  # deliver the status's webhooks before any later step runs

    expect = ("failureReasons",) if status in FAILED_CAMPAIGN_STATUSES else ()
    assert sdk.call("C4", campaign_id, expect=expect)["campaignStatus"] == status
    [listed] = sdk.call("C3", brand_id=brand["brandId"], expect=expect)["records"]
    assert listed["campaignStatus"] == status
    assert set(sdk.call("C9", campaign_id).values()) <= set(sdk.call("E1", "operationStatus"))
    sdk.call("C10", campaign_id)
    assert kinds(delivered_events(contract_world, hooks), "/hooks/campaign")


# A campaign pays three months up front; two days more cover every month's length.
PAST_THE_FIRST_RENEWAL = 94 * 86400


def test_renewal_and_expiry_conform_in_answers_and_webhooks(contract_world):
    """Past its paid months a campaign is billed a month (CAMPAIGN_BILLED) or, with autoRenewal turned off by
    an update, expires (CAMPAIGN_EXPIRED, TCR_EXPIRED): both read as the API's own campaigns do."""
    sdk, control, receiver = contract_world.sdk, contract_world.control, contract_world.receiver
    hooks = {"/hooks/renewed": receiver.url + "/renewed", "/hooks/expired": receiver.url + "/expired"}
    brand = verified_brand(contract_world)
    renewed = provisioned_campaign(contract_world, brand, webhook_url=hooks["/hooks/renewed"])
    expiring = provisioned_campaign(contract_world, brand, webhook_url=hooks["/hooks/expired"])
    assert sdk.call("C5", expiring["campaignId"], auto_renewal=False)["autoRenewal"] is False

    control.advance(PAST_THE_FIRST_RENEWAL)

    billed = sdk.call("C4", renewed["campaignId"], expect=("billedDate", "nextRenewalOrExpirationDate"))
    assert billed["billedDate"] == renewed["nextRenewalOrExpirationDate"]
    assert billed["nextRenewalOrExpirationDate"] > renewed["nextRenewalOrExpirationDate"]
    expired = sdk.call("C4", expiring["campaignId"], expect=("nextRenewalOrExpirationDate",))
    assert (expired["status"], expired["campaignStatus"]) == ("EXPIRED", "TCR_EXPIRED")
    assert expired["nextRenewalOrExpirationDate"] == expiring["nextRenewalOrExpirationDate"]
    listed = sdk.call("C3", brand_id=brand["brandId"])["records"]
    assert {(record["campaignId"], record["status"]) for record in listed} == {
        (renewed["campaignId"], "ACTIVE"),
        (expiring["campaignId"], "EXPIRED"),
    }
    assert set(sdk.call("C9", expiring["campaignId"]).values()) == {"SUSPENDED"}

    events = delivered_events(contract_world, hooks)
    assert kinds(events, "/hooks/renewed")[-1] == ("TCR_EVENT", "CAMPAIGN_BILLED")
    assert kinds(events, "/hooks/expired")[-1] == ("TCR_EVENT", "CAMPAIGN_EXPIRED")


def test_failures_conform_in_answers_and_webhooks(contract_world):
    """Registration, review and assignment failures, explained where a real service explains them."""
    sdk, control, receiver = contract_world.sdk, contract_world.control, contract_world.receiver
    hooks = {"/hooks/brand": receiver.url + "/brand", "/hooks/campaign": receiver.url + "/campaign"}
    # The sandbox's documented marker: FAILREG in the brand's names fails its registration.
    failed = sdk.call(
        "B2",
        **brand_fields(
            "PRIVATE_PROFIT",
            display_name="Initech FAILREG",
            company_name="Initech FAILREG LLC",
            ein="75-2093318",
            webhook_url=hooks["/hooks/brand"],
        ),
    )
    brand = sdk.call("B2", **brand_fields("PRIVATE_PROFIT"))
    control.advance(A_MINUTE)
    assert sdk.call("B3", failed["brandId"], expect=("failureReasons",))["status"] == "REGISTRATION_FAILED"
    [listed] = sdk.call("B1", brand_id=failed["brandId"], expect=("failureReasons",))["records"]
    assert listed["status"] == "REGISTRATION_FAILED"
    assert sdk.call("B6", failed["brandId"])["category"]

    # Telnyx's review rejects samples without opt-out language; T-Mobile rejects public URL shorteners.
    no_opt_out = campaign_fields(
        brand,
        webhook_url=hooks["/hooks/campaign"],
        sample1="Northwind Dental: your question about invoice 4471 was answered in your account.",
        sample2="Northwind Dental: we received your message and will reply within one business day.",
    )
    shortener = campaign_fields(
        brand,
        webhook_url=hooks["/hooks/campaign"],
        sample1="Northwind Dental: confirm your visit at https://bit.ly/3nWd2xQ. Reply STOP to opt out.",
        embedded_link=True,
        embedded_link_sample="https://bit.ly/3nWd2xQ",
    )
    rejected_by_telnyx = sdk.call("C2", **no_opt_out)["campaignId"]
    rejected_by_carrier = sdk.call("C2", **shortener)["campaignId"]
    control.advance(A_MINUTE)
    assert sdk.call("C4", rejected_by_telnyx, expect=("failureReasons",))["campaignStatus"] == "TELNYX_FAILED"
    assert sdk.call("C4", rejected_by_carrier, expect=("failureReasons",))["campaignStatus"] == "MNO_REJECTED"
    assert sdk.call("C9", rejected_by_carrier)["10035"] == "REJECTED"  # T-Mobile

    # The appeal puts the campaign back in review (TCR_ACCEPTED), where it takes numbers; a number not in the
    # account fails its assignment (the sandbox's rule: it ends in 0000).
    sdk.call("C7", rejected_by_carrier, appeal_reason="Samples now use our own domain northwinddental.com.")
    sdk.call("N2", campaign_id=rejected_by_carrier, phone_number="+13125550000")
    control.advance(A_MINUTE)
    unassigned = sdk.call("N3", "+13125550000", expect=("failureReasons",))
    assert unassigned["assignmentStatus"] == "FAILED_ASSIGNMENT"

    events = delivered_events(contract_world, hooks)
    assert kinds(events, "/hooks/brand") == [("REGISTRATION", "failed")]
    reasons = [payload for path, payload in events if payload["type"] in ("REGISTRATION", "ASSIGNMENT")]
    assert all(payload["reasons"][0]["description"] for payload in reasons), reasons
    assert ("TELNYX_REVIEW", "REJECTED") in kinds(events, "/hooks/campaign")
    assert ("MNO_REVIEW", "REJECTED") in kinds(events, "/hooks/campaign")
    assert ("ASSIGNMENT", "failed") in kinds(events, "/hooks/campaign")


def test_dormancy_and_reactivation_conform_in_answers_and_webhooks(contract_world):
    """A campaign without numbers for 15 days is suspended; the first assignment fails and reactivates it."""
    sdk, control = contract_world.sdk, contract_world.control
    hooks = {"/hooks/campaign": contract_world.receiver.url + "/campaign"}
    campaign = provisioned_campaign(
        contract_world, verified_brand(contract_world), webhook_url=hooks["/hooks/campaign"]
    )
    control.advance(DORMANT_AFTER_SECONDS)

    suspended = sdk.call("C4", campaign["campaignId"])
    assert (suspended["campaignStatus"], suspended["isTMobileSuspended"]) == ("TCR_SUSPENDED", True)
    assert set(sdk.call("C9", campaign["campaignId"]).values()) <= set(sdk.call("E1", "operationStatus"))
    first, retry = contract_world.number(), contract_world.number()
    sdk.call("N2", campaign_id=campaign["campaignId"], phone_number=first)
    control.advance(A_MINUTE)
    failed = sdk.call("N3", first, expect=("failureReasons",))
    assert failed["assignmentStatus"] == "FAILED_ASSIGNMENT"
    reactivated = sdk.call("C4", campaign["campaignId"])
    assert (reactivated["campaignStatus"], reactivated["isTMobileSuspended"]) == ("MNO_PROVISIONED", False)
    sdk.call("N2", campaign_id=campaign["campaignId"], phone_number=retry)
    control.advance(A_MINUTE)
    assert sdk.call("N3", retry)["assignmentStatus"] == "ASSIGNED"

    events = kinds(delivered_events(contract_world, hooks), "/hooks/campaign")
    assert events[events.index(("VERIFIED", None)) + 1 :] == [
        ("TELNYX_EVENT", "DORMANT"),
        ("STATUS_UPDATE", "PENDING"),
        ("ASSIGNMENT", "failed"),
        ("STATUS_UPDATE", "FAILED"),
        ("TCR_EVENT", "MNO_CAMPAIGN_OPERATION_UNSUSPENDED"),
        ("STATUS_UPDATE", "PENDING"),
        ("ASSIGNMENT", "success"),
        ("STATUS_UPDATE", "ADDED"),
    ]


def test_seeded_records_conform(contract_world):
    """Bulk-seeded data stands for records that already existed: it must read as the API's own do."""
    sdk = contract_world.sdk
    contract_world.control.post(
        "/seed", {"brands": 2, "campaignsPerBrand": 2, "numbersPerCampaign": 2, "partnerCampaigns": 2}
    )

    brands = sdk.call("B1", records_per_page=500)["records"]
    assert len(brands) == 2
    for brand in brands:
        assert sdk.call("B3", brand["brandId"])["assignedCampaignsCount"] == 2
        for campaign in sdk.call("C3", brand_id=brand["brandId"])["records"]:
            assert sdk.call("C4", campaign["campaignId"])["campaignStatus"] == "MNO_PROVISIONED"
            sdk.call("C8", campaign["campaignId"])
            sdk.call("C11", campaign["campaignId"])
    numbers = sdk.call("N1", records_per_page=500, expect=("brandId", "telnyxCampaignId"))["records"]
    assert len(numbers) == 8
    sdk.call("N3", numbers[0]["phoneNumber"])
    partners = sdk.call("S1", records_per_page=500)["records"]
    assert len(partners) == 2
    sdk.call("S2", partners[0]["tcrCampaignId"])
    sdk.call("S5", partners[0]["tcrCampaignId"], expect=("sharedWithMe.sharingStatus",))

    # Seeded campaigns renew as submitted ones do.
    renewals = {
        campaign["campaignId"]: campaign["nextRenewalOrExpirationDate"]
        for brand in brands
        for campaign in sdk.call("C3", brand_id=brand["brandId"])["records"]
    }
    contract_world.control.advance(PAST_THE_FIRST_RENEWAL)
    for campaign_id, renewal in renewals.items():
        assert sdk.call("C4", campaign_id, expect=("billedDate",))["billedDate"] == renewal


# --- coverage ------------------------------------------------------------------------------------------------


def test_the_scenarios_cover_every_operation_of_the_reference():
    scenarios = [test for test in globals().values() if callable(test) and hasattr(test, "covers")]
    covered = set().union(*(test.covers for test in scenarios))

    # Reference §2.0: 42 distinct method and path operations, 43 SDK methods (A3 has two).
    assert len(OPERATIONS) == 42
    assert sum(len(operation.sdk) for operation in OPERATIONS.values()) == 43
    assert len({(operation.method, operation.path) for operation in OPERATIONS.values()}) == 42
    assert covered == set(OPERATIONS), f"not covered: {sorted(set(OPERATIONS) - covered)}"


def test_each_operation_names_methods_of_the_sdk():
    with telnyx.Telnyx(api_key=API_KEY, base_url="http://127.0.0.1:9/v2") as client:
        conformance = Conformance(client)
        for op_id, operation in OPERATIONS.items():
            for name in operation.sdk:
                resource, attribute = conformance.resolve(name)
                assert callable(getattr(resource.with_raw_response, attribute, None)), f"{op_id}: {name}"
