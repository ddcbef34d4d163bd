"""The brand services' own rules against the live sandbox: what they refuse before calling the API, who may
delete, drafts, and the enumerations a vetting order chooses from."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
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
from tests.client.conftest import Scripted, brand_fields, scripted_client, scripted_server  # noqa: F401
from tests.factories import BrandFactory
from tests.polling_fixtures import *  # noqa: F403 - the fixtures
from tests.polling_fixtures import mirror_brand

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db) -> User:
    user = User.objects.create_user("staff", is_staff=True)
    user.groups.add(Group.objects.get(name="Compliance staff"))
    return user


@pytest.fixture
def admin_user(db) -> User:
    user = User.objects.create_user("boss", is_staff=True)
    user.groups.add(Group.objects.get(name="Compliance admin"))
    return user


@pytest.fixture
def remote_brand(dlc, advance) -> Brand:
    brand_id = dlc.brand.create(**brand_fields()).brand_id
    advance(5)
    return mirror_brand(dlc.brand.retrieve(brand_id).raw)


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


def test_a_create_fills_the_row_from_the_answer(staff, client, dlc):
    brand = brand_create(user=staff, brand=new_brand(), client=client)

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


def test_a_refused_create_raises_draft_kept_with_the_api_error(staff, client):
    with pytest.raises(DraftKept) as kept:
        brand_create(user=staff, brand=new_brand(state="ZZ"), client=client)

    draft = Brand.objects.get()
    assert kept.value.draft == draft
    assert isinstance(kept.value.error, UnprocessableEntityError)
    assert kept.value.error.field_errors == {
        "state": ["state of a US brand must be a 2-letter state code, e.g. NY."]
    }
    assert (draft.brand_id, draft.state) == (None, "ZZ")


def test_a_submitted_brand_is_not_created_again(staff, client, remote_brand):
    with pytest.raises(WorkflowError, match="registered already"):
        brand_create(user=staff, brand=remote_brand, client=client)

    assert not AuditEntry.objects.exists()


def test_a_draft_is_not_updated(staff, client):
    draft = BrandFactory(brand_id=None)

    with pytest.raises(WorkflowError, match="not submitted yet"):
        brand_update(user=staff, brand=draft, client=client)

    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("who", ["staff", "anonymous", "nobody"])
def test_only_admins_may_delete(request, client, dlc, remote_brand, who):
    user = {
        "staff": lambda: request.getfixturevalue("staff"),
        "anonymous": AnonymousUser,
        "nobody": lambda: None,
    }[who]()

    with pytest.raises(PermissionDenied):
        brand_delete(user=user, brand=remote_brand, client=client)

    assert dlc.brand.retrieve(remote_brand.brand_id).brand_id == remote_brand.brand_id
    assert Brand.objects.get().remote_deleted_at is None
    assert not AuditEntry.objects.exists()


def test_a_deleted_brand_is_not_deleted_again(admin_user, client):
    brand = BrandFactory(remote_deleted_at=timezone.now())

    with pytest.raises(WorkflowError, match="deleted already"):
        brand_delete(user=admin_user, brand=brand, client=client)


@pytest.mark.parametrize("action", [brand_revet, brand_feedback_refresh, brand_2fa_email_resend])
def test_nothing_is_done_with_a_deleted_brand(staff, client, action):
    brand = BrandFactory(remote_deleted_at=timezone.now(), entity_type="PUBLIC_PROFIT")

    with pytest.raises(WorkflowError, match="deleted at Telnyx"):
        action(user=staff, brand=brand, client=client)

    assert not AuditEntry.objects.exists()


def test_the_2fa_email_needs_a_business_contact(staff, client):
    brand = BrandFactory(entity_type="PUBLIC_PROFIT", business_contact_email="")

    with pytest.raises(WorkflowError) as refused:
        brand_2fa_email_resend(user=staff, brand=brand, client=client)

    assert (refused.value.field, refused.value.message) == (
        "business_contact_email",
        "The brand has no business contact e-mail: set one first.",
    )


def test_a_pin_message_without_the_placeholder_is_refused_at_its_field(staff, client):
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123")

    with pytest.raises(WorkflowError) as refused:
        brand_sms_otp_trigger(user=staff, brand=brand, pin_sms="Your PIN", success_sms="", client=client)

    assert refused.value.field == "pin_sms"
    assert not AuditEntry.objects.exists()


def test_vetting_options_come_from_the_api(client):
    assert brand_vetting_options(client=client) == VettingOptions(
        providers=[("AEGIS", "Aegis Mobile"), ("CV", "Campaign Verify"), ("WMC", "WMC Global")],
        classes=[
            ("STANDARD", "Standard vetting"),
            ("POLITICAL", "Political vetting (Campaign Verify)"),
            ("ENHANCED", "Enhanced vetting"),
        ],
    )


def test_vetting_options_read_a_list_of_codes_or_a_map_of_objects(scripted_server, scripted_client):  # noqa: F811
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
