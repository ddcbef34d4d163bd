"""Lists: pages, the admin's filters and search, ordering, and a constant number of queries per page."""

import datetime
from collections.abc import Callable

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc import models
from tests import factories
from tests.api import read_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def ids(admin_api) -> Callable[[str], list[int]]:
    """The ids a list URL answers, in order; fails on anything but a 200."""

    def listed(url: str) -> list[int]:
        response = admin_api.get(url)
        assert response.status_code == 200, response.json()
        return [row["id"] for row in response.json()["results"]]

    return listed


# --- pages ------------------------------------------------------------------------------------------------


def test_a_page_holds_50_rows_and_links_the_next(admin_api):
    factories.BrandFactory.create_batch(51)

    first = admin_api.get("/api/v1/brands/").json()
    second = admin_api.get(first["next"]).json()

    assert (first["count"], len(first["results"]), first["previous"]) == (51, 50, None)
    assert first["next"] == "http://testserver/api/v1/brands/?page=2"
    assert (len(second["results"]), second["next"]) == (1, None)
    assert second["previous"] == "http://testserver/api/v1/brands/"


def test_page_size_is_the_callers_up_to_500(admin_api):
    factories.BrandFactory.create_batch(3)

    assert len(admin_api.get("/api/v1/brands/?page_size=2").json()["results"]) == 2
    assert len(admin_api.get("/api/v1/brands/?page_size=501").json()["results"]) == 3


def test_a_page_past_the_last_is_a_404_in_the_one_error_format(admin_api):
    response = admin_api.get("/api/v1/brands/?page=9")

    assert response.status_code == 404
    assert response.json() == {
        "errors": [{"field": None, "code": "not_found", "message": "Invalid page."}],
        "status": 404,
    }


# --- filters ----------------------------------------------------------------------------------------------


def test_brands_filter_by_the_admins_list_filters(ids):
    ngo = factories.BrandFactory(
        entity_type="NON_PROFIT", vertical="NGO", status="OK", identity_status="VETTED_VERIFIED"
    )
    private = factories.BrandFactory(status="REGISTRATION_FAILED", identity_status="UNVERIFIED")
    draft = factories.BrandFactory(brand_id=None, status="")
    deleted = factories.BrandFactory(remote_deleted_at=timezone.now())

    assert ids("/api/v1/brands/?entity_type=NON_PROFIT") == [ngo.pk]
    assert ids("/api/v1/brands/?vertical=NGO") == [ngo.pk]
    assert ids("/api/v1/brands/?status=REGISTRATION_FAILED") == [private.pk]
    assert ids("/api/v1/brands/?identity_status=UNVERIFIED") == [private.pk]
    assert ids("/api/v1/brands/?submission=draft") == [draft.pk]
    assert ids("/api/v1/brands/?submission=deleted") == [deleted.pk]
    assert sorted(ids("/api/v1/brands/?submission=submitted")) == [ngo.pk, private.pk]


def test_campaigns_filter_by_status_use_case_brand_vertical_and_carrier(ids):
    health = factories.BrandFactory(vertical="HEALTHCARE")
    rejected = factories.CampaignFactory(brand=health, campaign_status="MNO_REJECTED", usecase="MARKETING")
    expired = factories.CampaignFactory(status="EXPIRED")
    models.CampaignMnoStatus.objects.create(campaign=rejected, network_id=10035, operation_status="REJECTED")
    models.CampaignMnoStatus.objects.create(campaign=rejected, network_id=10017, operation_status="APPROVED")
    models.CampaignMnoStatus.objects.create(campaign=expired, network_id=10035, operation_status="APPROVED")

    assert ids("/api/v1/campaigns/?campaign_status=MNO_REJECTED") == [rejected.pk]
    assert ids("/api/v1/campaigns/?status=EXPIRED") == [expired.pk]
    assert ids("/api/v1/campaigns/?usecase=MARKETING") == [rejected.pk]
    assert ids(f"/api/v1/campaigns/?brand={health.pk}") == [rejected.pk]
    assert ids(f"/api/v1/campaigns/?brand_id={health.brand_id}") == [rejected.pk]
    assert ids("/api/v1/campaigns/?vertical=HEALTHCARE") == [rejected.pk]
    # The carrier and its status on the same carrier row: T-Mobile rejected, not T-Mobile and someone else.
    assert ids("/api/v1/campaigns/?carrier=10035:REJECTED") == [rejected.pk]
    assert ids("/api/v1/campaigns/?carrier=10035:APPROVED") == [expired.pk]
    assert ids("/api/v1/campaigns/?carrier=10017:REJECTED") == []
    assert ids("/api/v1/campaigns/?carrier=T-Mobile") == []


def test_number_assignments_filter_by_status_brand_campaign_and_partner_campaign(ids):
    pending = factories.PhoneNumberAssignmentFactory(assignment_status="PENDING_ASSIGNMENT")
    assigned = factories.PhoneNumberAssignmentFactory()
    partner = factories.PartnerCampaignFactory()
    shared = factories.PhoneNumberAssignmentFactory(
        campaign=None, partner_campaign=partner, telnyx_campaign_id="", tcr_campaign_id="CP1", brand_id=""
    )

    assert ids("/api/v1/number-assignments/?assignment_status=PENDING_ASSIGNMENT") == [pending.pk]
    assert ids(f"/api/v1/number-assignments/?campaign={assigned.campaign.pk}") == [assigned.pk]
    assert ids(f"/api/v1/number-assignments/?brand={pending.campaign.brand.pk}") == [pending.pk]
    assert ids(f"/api/v1/number-assignments/?partner_campaign={partner.pk}") == [shared.pk]


def test_assignment_tasks_filter_by_status_campaign_and_messaging_profile(ids):
    failed = factories.AssignmentTaskFactory(status="failed")
    pending = factories.AssignmentTaskFactory()

    assert ids("/api/v1/assignment-tasks/?status=failed") == [failed.pk]
    assert ids(f"/api/v1/assignment-tasks/?campaign={pending.campaign.pk}") == [pending.pk]
    assert ids(f"/api/v1/assignment-tasks/?messaging_profile_id={failed.messaging_profile_id}") == [failed.pk]


def test_otp_verifications_filter_by_delivery_status_and_brand(ids):
    expired = factories.SmsOtpVerificationFactory(delivery_status="EXPIRED")
    pending = factories.SmsOtpVerificationFactory()

    assert ids("/api/v1/otp-verifications/?delivery_status=EXPIRED") == [expired.pk]
    assert ids(f"/api/v1/otp-verifications/?brand={pending.brand.pk}") == [pending.pk]


def test_sync_runs_filter_by_state_and_trigger(ids):
    failed = read_factories.SyncRunFactory(state="failed")
    by_admin = read_factories.SyncRunFactory(trigger="admin")

    assert ids("/api/v1/sync-runs/?state=failed") == [failed.pk]
    assert ids("/api/v1/sync-runs/?trigger=admin") == [by_admin.pk]


def test_webhook_events_filter_by_state_and_types(ids):
    failed = read_factories.WebhookEventFactory(state="failed")
    brand_event = read_factories.WebhookEventFactory(
        event_type="10dlc.brand.update", payload_type="TCR_BRAND_UPDATE"
    )

    assert ids("/api/v1/webhook-events/?state=failed") == [failed.pk]
    assert ids("/api/v1/webhook-events/?event_type=10dlc.brand.update") == [brand_event.pk]
    assert ids("/api/v1/webhook-events/?payload_type=TCR_BRAND_UPDATE") == [brand_event.pk]


def test_the_audit_log_filters_by_outcome_action_target_type_and_time(ids):
    failed = read_factories.AuditEntryFactory(outcome="failed")
    appeal = read_factories.AuditEntryFactory(
        action="campaign.appeal", target_type=ContentType.objects.get_for_model(models.Campaign)
    )
    models.AuditEntry.objects.filter(pk=appeal.pk).update(
        at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )

    assert ids("/api/v1/audit-log/?outcome=failed") == [failed.pk]
    assert ids("/api/v1/audit-log/?action=campaign.appeal") == [appeal.pk]
    assert ids("/api/v1/audit-log/?target_type=brand") == [failed.pk]
    assert ids("/api/v1/audit-log/?at_before=2026-01-02T00:00:00Z") == [appeal.pk]
    assert ids("/api/v1/audit-log/?at_after=2026-01-02T00:00:00Z") == [failed.pk]


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        (
            "/api/v1/brands/?status=NOPE",
            "status",
            "Select a valid choice. NOPE is not one of the available choices.",
        ),
        ("/api/v1/campaigns/?brand=abc", "brand", "Enter a number."),
        ("/api/v1/audit-log/?at_after=yesterday", "at_after", "Enter a valid date/time."),
    ],
)
def test_an_invalid_filter_is_a_400_at_its_field(admin_api, url, field, message):
    response = admin_api.get(url)

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": field, "code": response.json()["errors"][0]["code"], "message": message}
    ]
    assert response.json()["status"] == 400


# --- search and ordering ----------------------------------------------------------------------------------


def test_brand_search_finds_a_phone_as_people_write_it_and_an_ein_with_its_dash(ids):
    acme = factories.BrandFactory(display_name="Acme", phone="+12025550100", ein="123456789")
    other = factories.BrandFactory(display_name="Other", phone="+13125550199", ein="987654321")

    assert ids("/api/v1/brands/?search=oth") == [other.pk]
    assert ids("/api/v1/brands/?search=(202)%20555-0100") == [acme.pk]
    assert ids("/api/v1/brands/?search=98-7654321") == [other.pk]
    assert ids(f"/api/v1/brands/?search={other.tcr_brand_id}") == [other.pk]


@pytest.mark.parametrize(
    ("resource", "make", "term"),
    [
        ("campaigns", lambda: factories.CampaignFactory(brand__display_name="Zebra Co"), "zebra"),
        (
            "number-assignments",
            lambda: factories.PhoneNumberAssignmentFactory(phone_number="+14155550142"),
            "(415) 555-01",
        ),
        (
            "assignment-tasks",
            lambda: factories.AssignmentTaskFactory(messaging_profile_id="mp-zebra"),
            "mp-zeb",
        ),
        (
            "assignment-tasks",
            lambda: factories.AssignmentTaskFactory(campaign=None, tcr_campaign_id="CZEBRA1"),
            "czebra",
        ),
        (
            "otp-verifications",
            lambda: factories.SmsOtpVerificationFactory(brand__display_name="Zebra Co"),
            "zebra",
        ),
        (
            "webhook-events",
            lambda: read_factories.WebhookEventFactory(phone_number="+14155550142"),
            "4155550142",
        ),
        ("audit-log", lambda: read_factories.AuditEntryFactory(target_repr="Zebra Co"), "zebra"),
    ],
)
def test_search_covers_the_admins_search_fields(ids, resource, make, term):
    found = make()
    factories.CampaignFactory()  # something not to find
    read_factories.WebhookEventFactory()
    read_factories.AuditEntryFactory()
    factories.SmsOtpVerificationFactory()

    assert ids(f"/api/v1/{resource}/?search={term}") == [found.pk]


def test_lists_are_ordered_newest_first_unless_asked(ids):
    older = factories.BrandFactory(display_name="B", created_at=timezone.now() - datetime.timedelta(days=1))
    newer = factories.BrandFactory(display_name="A")

    assert ids("/api/v1/brands/") == [newer.pk, older.pk]
    assert ids("/api/v1/brands/?ordering=display_name") == [newer.pk, older.pk]
    assert ids("/api/v1/brands/?ordering=-display_name") == [older.pk, newer.pk]
    assert ids("/api/v1/brands/?ordering=created_at") == [older.pk, newer.pk]


# --- queries ----------------------------------------------------------------------------------------------


def campaigns_with_carriers(count: int) -> None:
    for campaign in factories.CampaignFactory.create_batch(count):
        models.CampaignMnoStatus.objects.create(
            campaign=campaign, network_id=10035, operation_status="APPROVED"
        )


def tasks_with_numbers(count: int) -> None:
    for task in factories.AssignmentTaskFactory.create_batch(count):
        task.numbers.create(phone_number="+12025550100", status="pending")


ROWS: dict[str, Callable[[int], object]] = {
    "brands": factories.BrandFactory.create_batch,
    "campaigns": campaigns_with_carriers,
    "number-assignments": factories.PhoneNumberAssignmentFactory.create_batch,
    "assignment-tasks": tasks_with_numbers,
    "otp-verifications": factories.SmsOtpVerificationFactory.create_batch,
    "sync-runs": read_factories.SyncRunFactory.create_batch,
    "webhook-events": read_factories.WebhookEventFactory.create_batch,
    "audit-log": read_factories.AuditEntryFactory.create_batch,
}


@pytest.mark.parametrize("resource", list(ROWS))
def test_a_page_costs_the_same_queries_for_5_rows_as_for_60(
    admin_api, resource, django_assert_max_num_queries
):
    counts = []
    for made, total in ((0, 5), (5, 60)):
        ROWS[resource](total - made)
        with django_assert_max_num_queries(7), CaptureQueriesContext(connection) as queries:
            response = admin_api.get(f"/api/v1/{resource}/?page_size=100")
        assert len(response.json()["results"]) == total
        counts.append(len(queries))

    assert counts[0] == counts[1], counts
