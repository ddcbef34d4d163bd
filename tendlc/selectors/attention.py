"""What needs a person's attention, most urgent first. The dashboard counts each concern and links to its
list, whose filter shows the rows of the very queryset counted, so a card and the list it opens agree.

The order is the urgency, decided here once:

1. campaigns_rejected          a rejected campaign sends nothing until it is fixed or appealed
2. numbers_failed              a number whose assignment (or removal) failed sends under no campaign, or the
                               wrong one
3. assignment_tasks_failed     a messaging profile's numbers did not all reach their campaign
4. brands_registration_failed  no campaign can be built on the brand
5. brands_feedback             the brand is not verified and the registry said what to fix
6. sync_failed                 the portal's copy may be stale, so every count here may be wrong
7. webhook_events_unprocessed  a status change Telnyx announced is not in the portal yet
8. webhook_events_review       Telnyx sent a kind of event the portal does not know: nothing acted on it
9. otps_pending                a sole proprietor has not yet entered the PIN sent to them: follow up

Every concern costs one query to count, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Exists, Model, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from tendlc.choices import AssignmentStatus, BrandStatus, TaskStatus
from tendlc.compliance.terms import VERIFIED_IDENTITIES
from tendlc.models import (
    AssignmentTask,
    Brand,
    BrandFeedbackCategory,
    Campaign,
    PhoneNumberAssignment,
    SmsOtpVerification,
    SyncRun,
    SyncRunState,
    WebhookEvent,
    WebhookEventState,
)
from tendlc.selectors.campaigns import REJECTED, campaign_list_in_stage
from tendlc.selectors.otps import sms_otp_list_pending
from tendlc.selectors.webhook_events import webhook_events_needing_review

# An event is processed within seconds of its arrival; one still waiting after this long is stuck (no worker
# took it), not merely in flight.
UNPROCESSED_AFTER = timedelta(minutes=15)


def campaigns_rejected() -> QuerySet[Campaign]:
    return campaign_list_in_stage(REJECTED)


def numbers_failed() -> QuerySet[PhoneNumberAssignment]:
    failed = [AssignmentStatus.FAILED_ASSIGNMENT, AssignmentStatus.FAILED_UNASSIGNMENT]
    return PhoneNumberAssignment.objects.filter(assignment_status__in=failed, remote_deleted_at=None)


def assignment_tasks_failed() -> QuerySet[AssignmentTask]:
    return AssignmentTask.objects.filter(status=TaskStatus.FAILED, remote_deleted_at=None)


def brands_registration_failed() -> QuerySet[Brand]:
    return Brand.objects.filter(status=BrandStatus.REGISTRATION_FAILED, remote_deleted_at=None)


def brands_with_feedback() -> QuerySet[Brand]:
    """Brands not verified whose feedback names something to fix."""
    flagged = BrandFeedbackCategory.objects.filter(feedback__brand=OuterRef("pk"))
    return (
        Brand.objects.filter(remote_deleted_at=None)
        .exclude(identity_status__in=VERIFIED_IDENTITIES)
        .filter(Exists(flagged))
    )


def sync_failed() -> QuerySet[SyncRun]:
    """The newest sync run, when it failed (a failure since made good by a later run is history)."""
    newest = SyncRun.objects.order_by("-started_at", "-id").values("pk")[:1]
    return SyncRun.objects.filter(pk=Subquery(newest), state=SyncRunState.FAILED)


def webhook_events_unprocessed(*, now: datetime | None = None) -> QuerySet[WebhookEvent]:
    """Events whose processing failed, and those still waiting ``UNPROCESSED_AFTER`` after they arrived."""
    stuck_since = (now or timezone.now()) - UNPROCESSED_AFTER
    return WebhookEvent.objects.filter(
        Q(state=WebhookEventState.FAILED) | Q(state=WebhookEventState.RECEIVED, received_at__lt=stuck_since)
    )


def otps_pending() -> QuerySet[SmsOtpVerification]:
    return sms_otp_list_pending()


@dataclass(frozen=True)
class Concern:
    key: str
    model: type[Model]
    rows: Callable[[], QuerySet[Any]]


CONCERNS = (
    Concern("campaigns_rejected", Campaign, campaigns_rejected),
    Concern("numbers_failed", PhoneNumberAssignment, numbers_failed),
    Concern("assignment_tasks_failed", AssignmentTask, assignment_tasks_failed),
    Concern("brands_registration_failed", Brand, brands_registration_failed),
    Concern("brands_feedback", Brand, brands_with_feedback),
    Concern("sync_failed", SyncRun, sync_failed),
    Concern("webhook_events_unprocessed", WebhookEvent, webhook_events_unprocessed),
    Concern("webhook_events_review", WebhookEvent, webhook_events_needing_review),
    Concern("otps_pending", SmsOtpVerification, otps_pending),
)


def attention_counts() -> dict[str, int]:
    """How many rows each concern has, in urgency order: one query per concern."""
    return {concern.key: concern.rows().count() for concern in CONCERNS}
