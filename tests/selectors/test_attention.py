"""What needs attention, counted per concern in urgency order; near misses left out."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tendlc.models import BrandFeedback, SyncRun, WebhookEvent
from tendlc.selectors.attention import attention_counts
from tests.factories import (
    AssignmentTaskFactory,
    BrandFactory,
    CampaignFactory,
    PhoneNumberAssignmentFactory,
    SmsOtpVerificationFactory,
)

pytestmark = pytest.mark.django_db


def webhook_event(n: int, state: str, minutes_ago: int) -> None:
    event = WebhookEvent.objects.create(body_hash=f"{n:064d}", body="{}", state=state)
    WebhookEvent.objects.filter(pk=event.pk).update(
        received_at=timezone.now() - timedelta(minutes=minutes_ago)
    )


def brand_with_feedback(identity_status: str) -> None:
    feedback = BrandFeedback.objects.create(brand=BrandFactory(identity_status=identity_status), raw={})
    feedback.categories.create(category="TAX_ID", display_name="Tax id", description="Check the EIN.")


def test_each_concern_is_counted_in_urgency_order():
    for status in ["TCR_FAILED", "TELNYX_FAILED", "MNO_REJECTED", "MNO_PROVISIONING_FAILED"]:
        CampaignFactory(campaign_status=status)
    CampaignFactory(campaign_status="MNO_REJECTED", remote_deleted_at=timezone.now())
    CampaignFactory(campaign_status="TCR_SUSPENDED")
    PhoneNumberAssignmentFactory(assignment_status="FAILED_ASSIGNMENT")
    PhoneNumberAssignmentFactory(assignment_status="FAILED_UNASSIGNMENT")
    PhoneNumberAssignmentFactory(assignment_status="PENDING_ASSIGNMENT")
    AssignmentTaskFactory(status="failed")
    AssignmentTaskFactory(status="completed")
    BrandFactory(status="REGISTRATION_FAILED")
    BrandFactory(status="REGISTRATION_FAILED", remote_deleted_at=timezone.now())
    BrandFactory(status="REGISTRATION_PENDING")
    brand_with_feedback("UNVERIFIED")
    brand_with_feedback("VERIFIED")
    SyncRun.objects.create(trigger="schedule", state="failed")
    webhook_event(1, "failed", minutes_ago=1)
    webhook_event(2, "received", minutes_ago=16)
    webhook_event(3, "received", minutes_ago=1)
    webhook_event(4, "processed", minutes_ago=60)
    webhook_event(5, "needs_review", minutes_ago=60)
    webhook_event(6, "reviewed", minutes_ago=60)
    SmsOtpVerificationFactory(delivery_status="PENDING")
    SmsOtpVerificationFactory(delivery_status="VERIFIED")

    assert list(attention_counts().items()) == [
        ("campaigns_rejected", 4),
        ("numbers_failed", 2),
        ("assignment_tasks_failed", 1),
        ("brands_registration_failed", 1),
        ("brands_feedback", 1),
        ("sync_failed", 1),
        ("webhook_events_unprocessed", 2),
        ("webhook_events_review", 1),
        ("otps_pending", 1),
    ]


def test_a_failed_sync_made_good_by_a_later_one_needs_nothing():
    SyncRun.objects.create(trigger="schedule", state="failed")
    SyncRun.objects.create(trigger="schedule", state="succeeded")

    assert attention_counts()["sync_failed"] == 0


def test_nothing_needs_attention_in_a_new_account():
    assert set(attention_counts().values()) == {0}
