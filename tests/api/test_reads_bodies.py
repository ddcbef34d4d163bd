"""What each read endpoint answers: our field names, local ids linking resources, labels beside status
values, and no secrets."""

import datetime

import pytest

from tendlc import models
from tendlc.services.sync import API, sync_request
from tests import factories
from tests.api import read_factories

pytestmark = pytest.mark.django_db

AT = datetime.datetime(2026, 3, 4, 5, 6, 7, tzinfo=datetime.UTC)
AT_TEXT = "2026-03-04T05:06:07Z"


def test_a_brand(admin_api):
    brand = factories.BrandFactory(
        brand_id="4b20aaaa-0000-0000-0000-000000000001",
        tcr_brand_id="BT00042",
        display_name="Acme",
        company_name="Acme Inc.",
        phone="+12025550100",
        status="REGISTRATION_PENDING",
        created_at=AT,
        raw={"brandId": "4b20aaaa-0000-0000-0000-000000000001", "secret": "x"},
    )

    body = admin_api.get(f"/api/v1/brands/{brand.pk}/").json()

    assert {name: body[name] for name in body if name not in BLANK_BRAND_FIELDS} == {
        "id": brand.pk,
        "brand_id": "4b20aaaa-0000-0000-0000-000000000001",
        "tcr_brand_id": "BT00042",
        "is_submitted": True,
        "entity_type": "PRIVATE_PROFIT",
        "entity_type_label": "Private for-profit",
        "display_name": "Acme",
        "company_name": "Acme Inc.",
        "ein": "123456789",
        "phone": "+12025550100",
        "email": "compliance@acme.example",
        "state": "IL",
        "country": "US",
        "vertical": "TECHNOLOGY",
        "is_reseller": False,
        "mock": False,
        "identity_status": "VERIFIED",
        "identity_status_label": "Verified",
        "status": "REGISTRATION_PENDING",
        "status_label": "Registration pending",
        "optional_attributes": {},
        "created_at": AT_TEXT,
    }
    assert {name: body[name] for name in BLANK_BRAND_FIELDS} == dict.fromkeys(
        BLANK_BRAND_FIELDS - NULL_BRAND_FIELDS, ""
    ) | dict.fromkeys(NULL_BRAND_FIELDS)


BLANK_BRAND_FIELDS = {
    "reference_id",
    "csp_id",
    "first_name",
    "last_name",
    "universal_ein",
    "alt_business_id",
    "alt_business_id_type",
    "mobile_phone",
    "business_contact_email",
    "street",
    "city",
    "postal_code",
    "website",
    "stock_symbol",
    "stock_exchange",
    "ip_address",
    "brand_relationship",
    "failure_reasons",
    "webhook_url",
    "webhook_failover_url",
    "last_error",
    "assigned_campaigns_count",
    "updated_at",
    "synced_at",
    "remote_deleted_at",
}
NULL_BRAND_FIELDS = {"assigned_campaigns_count", "updated_at", "synced_at", "remote_deleted_at"}


def test_a_brand_draft_has_no_brand_id_yet(admin_api):
    draft = factories.BrandFactory(brand_id=None, last_error="EIN: invalid")

    body = admin_api.get(f"/api/v1/brands/{draft.pk}/").json()

    assert (body["brand_id"], body["is_submitted"], body["last_error"]) == (None, False, "EIN: invalid")


def test_a_campaign_links_its_brand_and_lists_each_carriers_status(admin_api):
    campaign = factories.CampaignFactory(
        brand__display_name="Acme", campaign_status="MNO_REJECTED", status="ACTIVE", create_date=AT
    )
    models.CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10035, mno="T-Mobile", operation_status="REJECTED"
    )
    models.CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10017, mno="AT&T", operation_status="APPROVED", qualify=True
    )

    body = admin_api.get(f"/api/v1/campaigns/{campaign.pk}/").json()

    assert {name: body[name] for name in ("id", "campaign_id", "tcr_campaign_id", "brand", "brand_id")} == {
        "id": campaign.pk,
        "campaign_id": campaign.campaign_id,
        "tcr_campaign_id": campaign.tcr_campaign_id,
        "brand": campaign.brand.pk,
        "brand_id": campaign.brand.brand_id,
    }
    assert {name: body[name] for name in body if "status" in name} == {
        "campaign_status": "MNO_REJECTED",
        "campaign_status_label": "Rejected by a carrier",
        "status": "ACTIVE",
        "status_label": "Active",
        "submission_status": "",
    }
    assert [{k: v for k, v in carrier.items() if k != "refreshed_at"} for carrier in body["carriers"]] == [
        {
            "network_id": 10017,
            "mno": "AT&T",
            "operation_status": "APPROVED",
            "qualify": True,
            "mno_review": None,
        },
        {
            "network_id": 10035,
            "mno": "T-Mobile",
            "operation_status": "REJECTED",
            "qualify": None,
            "mno_review": None,
        },
    ]
    assert body["create_date"] == AT_TEXT
    assert "raw" not in body


def test_a_number_assignment_links_its_campaign_and_brand(admin_api):
    assignment = factories.PhoneNumberAssignmentFactory(
        phone_number="+12025550123", assignment_status="PENDING_ASSIGNMENT", created_at=AT
    )
    campaign = assignment.campaign

    body = admin_api.get(f"/api/v1/number-assignments/{assignment.pk}/").json()

    assert body == {
        "id": assignment.pk,
        "phone_number": "+12025550123",
        "campaign": campaign.pk,
        "brand": campaign.brand.pk,
        "partner_campaign": None,
        "telnyx_campaign_id": campaign.campaign_id,
        "tcr_campaign_id": campaign.tcr_campaign_id,
        "brand_id": campaign.brand.brand_id,
        "tcr_brand_id": "",
        "assignment_status": "PENDING_ASSIGNMENT",
        "assignment_status_label": "Assignment pending",
        "failure_reasons": "",
        "tmobile_number_mapping_status": "",
        "non_tmobile_number_mapping_status": "",
        "created_at": AT_TEXT,
        "updated_at": None,
        "synced_at": None,
        "remote_deleted_at": None,
    }


def test_a_number_on_a_partner_campaign_has_no_campaign_or_brand_of_ours(admin_api):
    partner = factories.PartnerCampaignFactory()
    assignment = factories.PhoneNumberAssignmentFactory(
        campaign=None,
        partner_campaign=partner,
        telnyx_campaign_id="",
        tcr_campaign_id=partner.tcr_campaign_id,
        brand_id="",
    )

    body = admin_api.get(f"/api/v1/number-assignments/{assignment.pk}/").json()

    assert (body["campaign"], body["brand"], body["partner_campaign"]) == (None, None, partner.pk)


def test_an_assignment_task_lists_each_numbers_status(admin_api):
    task = factories.AssignmentTaskFactory(status="processing", created_at=AT)
    task.numbers.create(phone_number="+12025550102", status="pending")
    task.numbers.create(phone_number="+12025550101", status="success")

    body = admin_api.get(f"/api/v1/assignment-tasks/{task.pk}/").json()

    numbers = body.pop("numbers")
    assert body == {
        "id": task.pk,
        "task_id": task.task_id,
        "messaging_profile_id": task.messaging_profile_id,
        "campaign": task.campaign.pk,
        "campaign_id": task.campaign.campaign_id,
        "tcr_campaign_id": "",
        "status": "processing",
        "status_label": "Processing",
        "is_finished": False,
        "created_at": AT_TEXT,
        "updated_at": None,
        "synced_at": None,
    }
    assert [(n["phone_number"], n["status"]) for n in numbers] == [
        ("+12025550101", "success"),
        ("+12025550102", "pending"),
    ]
    assert all(set(n) == {"phone_number", "status", "updated_at"} for n in numbers)


def test_an_otp_verification_shows_no_pin(admin_api):
    otp = factories.SmsOtpVerificationFactory(
        request_date=AT, raw={"referenceId": "OTP1", "otpPin": "123456"}
    )

    body = admin_api.get(f"/api/v1/otp-verifications/{otp.pk}/").json()

    assert body == {
        "id": otp.pk,
        "reference_id": otp.reference_id,
        "brand": otp.brand.pk,
        "brand_id": otp.brand.brand_id,
        "mobile_phone": "+12025550101",
        "request_date": AT_TEXT,
        "delivery_status": "PENDING",
        "delivery_status_label": "Pending",
        "delivery_status_date": None,
        "delivery_status_details": "",
        "verify_date": None,
        "synced_at": None,
    }
    assert "123456" not in admin_api.get("/api/v1/otp-verifications/").content.decode()


def test_a_sync_run_shows_its_progress_and_not_its_lock_token(admin_api):
    run = read_factories.SyncRunFactory(finished_at=AT, errors=["brands page 2: timeout"])

    response = admin_api.get(f"/api/v1/sync-runs/{run.pk}/")
    body = response.json()

    assert body == {
        "id": run.pk,
        "started_at": run.started_at.isoformat().replace("+00:00", "Z"),
        "finished_at": AT_TEXT,
        "heartbeat_at": None,
        "state": "succeeded",
        "state_label": "Succeeded",
        "trigger": "schedule",
        "started_by": "Schedule",
        "phase": "finished",
        "pages_done": 3,
        "pages_known": 4,
        "progress": 1.0,
        "units_pending": 0,
        "counts": {"brands": {"created": 1, "updated": 0, "unchanged": 2, "deleted": 0}},
        "errors": ["brands page 2: timeout"],
    }
    assert "secret-lock-token" not in response.content.decode()


@pytest.mark.parametrize(
    ("pages_known", "progress"), [(0, None), (4, 0.75), (2, 1.0)], ids=["total unknown", "share", "beyond"]
)
def test_a_running_sync_runs_progress_is_its_share_of_the_pages_known(admin_api, pages_known, progress):
    run = read_factories.SyncRunFactory(
        state="running", phase="reading", finished_at=None, pages_known=pages_known
    )

    assert admin_api.get(f"/api/v1/sync-runs/{run.pk}/").json()["progress"] == progress


def test_a_sync_run_says_who_asked_for_it_through_the_api(admin_api, api_compliance_admin, broker):
    run = sync_request(user=api_compliance_admin, trigger=API).run
    with broker.connection_for_read() as connection:
        connection.SimpleQueue("celery").get(timeout=1).ack()

    body = admin_api.get(f"/api/v1/sync-runs/{run.pk}/").json()

    assert (body["trigger"], body["started_by"]) == ("api", f"API by {api_compliance_admin.username}")


def test_a_webhook_event_shows_its_payload_not_its_raw_body(admin_api):
    event = read_factories.WebhookEventFactory(occurred_at=AT)

    body = admin_api.get(f"/api/v1/webhook-events/{event.pk}/").json()

    assert body == {
        "id": event.pk,
        "event_id": event.event_id,
        "body_hash": event.body_hash,
        "event_type": "10dlc.campaign.update",
        "payload_type": "MNO_REVIEW",
        "campaign_id": "4b30aaaa-0000-0000-0000-000000000001",
        "brand_id": "",
        "phone_number": "",
        "occurred_at": AT_TEXT,
        "received_at": event.received_at.isoformat().replace("+00:00", "Z"),
        "deliveries": 1,
        "state": "processed",
        "state_label": "Processed",
        "processed_at": None,
        "error": "",
        "attempts": 0,
        "last_attempt_at": None,
        "next_attempt_at": None,
        "payload": {"type": "MNO_REVIEW", "status": "APPROVED"},
    }


def test_an_audit_entry(admin_api, api_staff_user):
    entry = read_factories.AuditEntryFactory(
        user=api_staff_user, outcome="failed", error="EIN: invalid", api_request_id="req-1"
    )

    body = admin_api.get(f"/api/v1/audit-log/{entry.pk}/").json()

    assert body == {
        "id": entry.pk,
        "at": entry.at.isoformat().replace("+00:00", "Z"),
        "user": api_staff_user.pk,
        "username": "staff",
        "action": "brand.create",
        "target_type": "brand",
        "target_id": "1",
        "target_repr": "Acme 1",
        "request_summary": {"display_name": "Acme 1"},
        "outcome": "failed",
        "outcome_label": "Failed",
        "error": "EIN: invalid",
        "api_request_id": "req-1",
    }
