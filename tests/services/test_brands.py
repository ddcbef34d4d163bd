"""The brand services' own rules against the live sandbox: what they refuse before calling the API, who may
delete, drafts, and the enumerations a vetting order chooses from."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tendlc.client import UnprocessableEntityError
from tendlc.mapping.records import brand_values
from tendlc.models import AuditEntry, Brand
from tendlc.services.brands import (
    VettingOptions,
    brand_2fa_email_resend,
    brand_create,
    brand_delete,
    brand_feedback_refresh,
    brand_revet,
    brand_sms_otp_trigger,
    brand_update,
    brand_vetting_options,
)
from tendlc.services.errors import DraftKept, WorkflowError
from tests.factories import BrandFactory
from tests.fixtures.scripted_server import Scripted

pytestmark = pytest.mark.django_db


def new_brand(**overrides) -> Brand:
    values = brand_values(
        {
            "entityType": "PRIVATE_PROFIT",
            "displayName": "Acme Service",
            "companyName": "Acme Service Inc.",
            "ein": "123456789",
            "country": "US",
            "email": "ops@acme.example",
            "vertical": "TECHNOLOGY",
        }
    )
    return Brand(**{**values, **overrides})


def test_a_create_fills_the_row_from_the_answer(staff_user, tendlc_client, dlc):
    brand = brand_create(user=staff_user, brand=new_brand(), client=tendlc_client)

    stored = Brand.objects.get()
    remote = dlc.brand.retrieve(brand.brand_id)
    assert stored.pk == brand.pk
    assert (stored.tcr_brand_id, stored.csp_id, stored.status, stored.universal_ein, stored.last_error) == (
        remote.tcr_brand_id,
        "SANDBOX",
        "REGISTRATION_PENDING",
        "US_123456789",
        "",
    )
    assert stored.raw["brandId"] == stored.brand_id
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.outcome, entry.target_id) == (
        "staff",
        "brand.create",
        "succeeded",
        str(stored.pk),
    )


def test_a_refused_create_raises_draft_kept_with_the_api_error(staff_user, tendlc_client):
    with pytest.raises(DraftKept) as kept:
        brand_create(user=staff_user, brand=new_brand(state="ZZ"), client=tendlc_client)

    draft = Brand.objects.get()
    assert kept.value.draft == draft
    assert isinstance(kept.value.error, UnprocessableEntityError)
    assert kept.value.error.field_errors == {
        "state": ["state of a US brand must be a 2-letter state code, e.g. NY."]
    }
    assert (draft.brand_id, draft.state) == (None, "ZZ")


def test_a_submitted_brand_is_not_created_again(staff_user, tendlc_client, portal_brand):
    with pytest.raises(WorkflowError, match="registered already"):
        brand_create(user=staff_user, brand=portal_brand, client=tendlc_client)

    assert not AuditEntry.objects.exists()


def test_a_draft_is_not_updated(staff_user, tendlc_client):
    draft = BrandFactory(brand_id=None)

    with pytest.raises(WorkflowError, match="not submitted yet"):
        brand_update(user=staff_user, brand=draft, client=tendlc_client)

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["staff", "anonymous", "nobody"])
def test_only_admins_may_delete(request, tendlc_client, dlc, portal_brand, who):
    user = {
        "staff": lambda: request.getfixturevalue("staff_user"),
        "anonymous": AnonymousUser,
        "nobody": lambda: None,
    }[who]()

    with pytest.raises(PermissionDenied):
        brand_delete(user=user, brand=portal_brand, client=tendlc_client)

    assert dlc.brand.retrieve(portal_brand.brand_id).brand_id == portal_brand.brand_id
    assert Brand.objects.get().remote_deleted_at is None
    assert not AuditEntry.objects.exists()


def test_a_deleted_brand_is_not_deleted_again(compliance_admin, tendlc_client):
    brand = BrandFactory(remote_deleted_at=timezone.now())

    with pytest.raises(WorkflowError, match="deleted already"):
        brand_delete(user=compliance_admin, brand=brand, client=tendlc_client)


@pytest.mark.parametrize("action", [brand_revet, brand_feedback_refresh, brand_2fa_email_resend])
def test_nothing_is_done_with_a_deleted_brand(staff_user, tendlc_client, action):
    brand = BrandFactory(remote_deleted_at=timezone.now(), entity_type="PUBLIC_PROFIT")

    with pytest.raises(WorkflowError, match="deleted at Telnyx"):
        action(user=staff_user, brand=brand, client=tendlc_client)

    assert not AuditEntry.objects.exists()


def test_the_2fa_email_needs_a_business_contact(staff_user, tendlc_client):
    brand = BrandFactory(entity_type="PUBLIC_PROFIT", business_contact_email="")

    with pytest.raises(WorkflowError) as refused:
        brand_2fa_email_resend(user=staff_user, brand=brand, client=tendlc_client)

    assert (refused.value.field, refused.value.message) == (
        "business_contact_email",
        "The brand has no business contact e-mail: set one first.",
    )


def test_a_pin_message_without_the_placeholder_is_refused_at_its_field(staff_user, tendlc_client):
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123")

    with pytest.raises(WorkflowError) as refused:
        brand_sms_otp_trigger(
            user=staff_user, brand=brand, pin_sms="Your PIN", success_sms="", client=tendlc_client
        )

    assert refused.value.field == "pin_sms"
    assert not AuditEntry.objects.exists()


def test_vetting_options_come_from_the_api(tendlc_client):
    assert brand_vetting_options(client=tendlc_client) == VettingOptions(
        providers=[("AEGIS", "Aegis Mobile"), ("CV", "Campaign Verify"), ("WMC", "WMC Global")],
        classes=[
            ("STANDARD", "Standard vetting"),
            ("POLITICAL", "Political vetting (Campaign Verify)"),
            ("ENHANCED", "Enhanced vetting"),
        ],
    )


def test_vetting_options_read_a_list_of_codes_or_a_map_of_objects(scripted_server, scripted_client):
    scripted_server.script(
        Scripted.json(200, ["AEGIS", "WMC"]),
        Scripted.json(200, {"STANDARD": {"displayName": "Standard"}, "ENHANCED": {}}),
    )

    options = brand_vetting_options(client=scripted_client)

    assert options == VettingOptions(
        providers=[("AEGIS", "AEGIS"), ("WMC", "WMC")],
        classes=[("STANDARD", "Standard"), ("ENHANCED", "ENHANCED")],
    )
    assert [request["path"] for request in scripted_server.requests] == [
        "/v2/10dlc/enum/extVettingProvider",
        "/v2/10dlc/enum/vettingClass",
    ]
