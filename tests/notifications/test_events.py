"""Where each kind is noticed: a status change written by any mirror writer, a poll, a sync's end, a webhook
kept for review, a charge, feedback, and the hourly look for risks. Each is recorded once, with what the
content needs; the fan-out is tested in test_fan_out."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tendlc.models import (
    AuditEntry,
    BrandFeedback,
    BrandFeedbackCategory,
    CampaignMnoStatus,
    NotificationKind,
    Occurrence,
)
from tendlc.services.charges import charges_record_for_brand_registration
from tendlc.services.mirror import remote_record_update, rows_upsert
from tendlc.services.notification_events import (
    assignment_task_notice,
    brand_feedback_notice,
    otp_notice,
    risks_notice,
)
from tendlc.services.sync import sync_all
from tendlc.services.webhooks import webhook_event_process, webhook_event_store
from tests.factories import (
    AssignmentTaskFactory,
    BrandFactory,
    CampaignFactory,
    ExternalVettingFactory,
    PhoneNumberAssignmentFactory,
    SmsOtpVerificationFactory,
)
from tests.fixtures.notifications import person
from tests.webhooks.conftest import encode, envelope

pytestmark = pytest.mark.django_db


def carrier_says(carrier: CampaignMnoStatus, status: str) -> None:
    """The carrier's status written as the carriers' refresh writes it."""
    carrier.refresh_from_db()
    values = {
        "campaign_id": carrier.campaign_id,
        "network_id": carrier.network_id,
        "operation_status": status,
    }
    rows_upsert(CampaignMnoStatus, [(carrier, values)], unique_fields=["campaign", "network_id"])


def test_a_campaign_rejected_by_telnyx_is_noticed_once_whoever_writes_it():
    campaign = CampaignFactory(campaign_status="TCR_ACCEPTED")

    remote_record_update(campaign, {"campaign_status": "TELNYX_FAILED"}, {})
    remote_record_update(campaign, {"campaign_status": "TELNYX_FAILED"}, {})

    occurrence = Occurrence.objects.get()
    assert (occurrence.kind, occurrence.campaign_id, occurrence.brand_id) == (
        "campaign_rejected",
        campaign.campaign_id,
        campaign.brand_id,
    )
    assert occurrence.facts["new"] == "TELNYX_FAILED"
    assert occurrence.facts["brand_name"] == campaign.brand.display_name


def test_a_carriers_suspension_and_its_lifting_are_noticed_with_the_carrier():
    campaign = CampaignFactory()
    carrier = CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10035, mno="T-Mobile", operation_status="APPROVED"
    )

    carrier_says(carrier, "SUSPENDED")
    carrier_says(carrier, "APPROVED")

    assert [(o.kind, o.facts["carrier"], o.campaign_id) for o in Occurrence.objects.order_by("pk")] == [
        ("carrier_suspended", "T-Mobile", campaign.campaign_id),
        ("carrier_unsuspended", "T-Mobile", campaign.campaign_id),
    ]


def test_a_carrier_rejection_then_the_campaigns_status_following_it_is_one_event():
    campaign = CampaignFactory(campaign_status="MNO_PENDING")
    carrier = CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=10017, mno="AT&T", operation_status="REVIEW"
    )

    carrier_says(carrier, "REJECTED")
    remote_record_update(campaign, {"campaign_status": "MNO_REJECTED"}, {})

    assert [(o.kind, o.facts.get("carrier")) for o in Occurrence.objects.all()] == [
        ("campaign_rejected", "AT&T")
    ]


def test_a_dormant_campaigns_suspension_is_a_dormancy_suspension():
    dormant = CampaignFactory(is_t_mobile_suspended=True)
    in_use = CampaignFactory(is_t_mobile_suspended=True)
    PhoneNumberAssignmentFactory(campaign=in_use)

    remote_record_update(dormant, {"campaign_status": "TCR_SUSPENDED"}, {})
    remote_record_update(in_use, {"campaign_status": "TCR_SUSPENDED"}, {})

    assert [(o.kind, o.campaign_id) for o in Occurrence.objects.order_by("pk")] == [
        ("dormancy_suspended", dormant.campaign_id),
        ("carrier_suspended", in_use.campaign_id),
    ]


def test_a_brands_verification_a_vettings_score_and_a_failed_number_are_noticed():
    brand = BrandFactory(identity_status="UNVERIFIED")
    vetting = ExternalVettingFactory(brand=brand)
    number = PhoneNumberAssignmentFactory(assignment_status="PENDING_ASSIGNMENT")

    remote_record_update(brand, {"identity_status": "VERIFIED"}, {})
    remote_record_update(vetting, {"vetting_score": 75}, {})
    remote_record_update(number, {"assignment_status": "FAILED_ASSIGNMENT"}, {})

    assert [(o.kind, o.brand_id, o.phone_number) for o in Occurrence.objects.order_by("pk")] == [
        ("brand_verification", brand.brand_id, ""),
        ("vetting_result", brand.brand_id, ""),
        ("assignment_failed", number.brand_id, number.phone_number),
    ]


def test_an_otp_delivered_then_expired_is_noticed_once_each_for_whoever_sent_it():
    sender = person("sender")
    verification = SmsOtpVerificationFactory()
    AuditEntry.objects.create(
        user=sender,
        action="brand.trigger_sms_otp",
        target_type=ContentType.objects.get_for_model(verification.brand),
        target_id=str(verification.brand.pk),
        outcome="succeeded",
    )

    for status in ("DELIVERED_HANDSET", "DELIVERED_HANDSET", "EXPIRED"):
        before = verification.delivery_status
        verification.delivery_status = status
        otp_notice(verification, before=before)

    assert [(o.kind, o.started_by_id) for o in Occurrence.objects.order_by("pk")] == [
        ("otp_delivered", sender.pk),
        ("otp_expired", sender.pk),
    ]


def test_an_assignment_task_finishing_with_failed_numbers_is_noticed_with_each_reason():
    task = AssignmentTaskFactory(status="processing")
    task.numbers.create(
        phone_number="+12025550101", status="FAILED", failure_reason="Held by another campaign"
    )
    task.numbers.create(phone_number="+12025550102", status="SUCCESS")

    task.status = "completed"
    assignment_task_notice(task, before="processing")
    assignment_task_notice(task, before="processing")

    occurrence = Occurrence.objects.get()
    assert occurrence.kind == "assignment_failed"
    assert occurrence.facts["details"] == ["+12025550101: Held by another campaign"]
    assert (
        occurrence.facts["failed_words"]
        == f"1 number(s) of assignment task {task.task_id} could not be assigned."
    )


def test_a_sync_ending_in_errors_is_noticed_and_the_next_ending_well_is_not(sync_world):
    sync_world.control.seed(brands=1, campaignsPerBrand=1, numbersPerCampaign=1)
    sync_world.control.fault(status=500, probability=1, pathPattern="/10dlc/campaign$")

    failed = sync_all(client=sync_world.client, per_page=2, backoff=0.001)
    sync_world.control.clear_faults()
    succeeded = sync_all(client=sync_world.client, per_page=2, backoff=0.001)

    assert (failed.state, succeeded.state) == ("failed", "succeeded")
    occurrence = Occurrence.objects.get(kind="sync_failed")
    assert occurrence.target_id == str(failed.pk)
    assert occurrence.facts["details"] == failed.errors


def test_a_webhook_of_a_kind_the_portal_does_not_know_is_noticed_for_review(tendlc_client):
    document = envelope({"campaignId": "c", "type": "SOMETHING_NEW", "description": "Something new"})
    event, _ = webhook_event_store(body=encode(document).decode(), document=document)

    webhook_event_process(event=event, client=tendlc_client)

    occurrence = Occurrence.objects.get()
    assert (occurrence.kind, occurrence.campaign_id) == ("webhook_needs_review", "c")
    assert occurrence.facts["description"] == "Something new"


def test_a_charge_is_noticed_once_for_whoever_caused_it():
    brand, user = BrandFactory(), person("registrar")

    charges_record_for_brand_registration(brand=brand, user=user)
    charges_record_for_brand_registration(brand=brand, user=user)

    occurrence = Occurrence.objects.get()
    assert (occurrence.kind, occurrence.started_by_id, occurrence.brand_id) == (
        "billing",
        user.pk,
        brand.brand_id,
    )
    assert occurrence.facts["amount"].startswith("$")
    assert Decimal(occurrence.facts["amount"][1:]) > 0


def test_feedback_is_noticed_only_when_it_says_something_new():
    brand = BrandFactory()

    def read(*categories: str) -> None:
        feedback = BrandFeedback.objects.create(brand=brand)
        for category in categories:
            BrandFeedbackCategory.objects.create(
                feedback=feedback, category=category, display_name=category.title(), description="Fix it"
            )
        brand_feedback_notice(feedback)

    read("TAX_ID")
    read("TAX_ID")
    read()
    read("TAX_ID", "ADDRESS")

    assert [o.facts["details"] for o in Occurrence.objects.order_by("pk")] == [
        ["Tax_Id: Fix it"],
        ["Address: Fix it", "Tax_Id: Fix it"],
    ]


def test_the_hourly_look_notices_dormancy_risks_and_renewals_due_once_each():
    now = timezone.now()
    dormant = CampaignFactory(next_renewal_or_expiration_date=now + timedelta(days=100))
    renewing = CampaignFactory(next_renewal_or_expiration_date=now + timedelta(days=15))
    PhoneNumberAssignmentFactory(campaign=renewing)

    # Three days (less an hour) before the dormant campaign's suspension, the renewal due in three.
    later = now + timedelta(days=12, hours=1)
    assert risks_notice(now=later) == 2
    assert risks_notice(now=later) == 0

    occurrences = {(o.kind, o.campaign_id): o.facts for o in Occurrence.objects.all()}
    assert set(occurrences) == {
        (NotificationKind.DORMANCY_RISK, dormant.campaign_id),
        (NotificationKind.RENEWAL_AHEAD, renewing.campaign_id),
    }
    assert occurrences[(NotificationKind.DORMANCY_RISK, dormant.campaign_id)]["days_left"] == 3
