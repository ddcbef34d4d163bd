"""The dashboard's reads: counts, history and what needs attention.

Every function costs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from tendlc.choices import CampaignStatus, IdentityStatus
from tendlc.models import (
    AssignmentTask,
    Brand,
    BrandFeedbackCategory,
    Campaign,
    CampaignStatusCount,
    PhoneNumberAssignment,
    SmsOtpVerification,
)
from tendlc.selectors.campaigns import campaign_status_counts_now
from tendlc.selectors.otps import sms_otp_list_pending

REJECTED_STATUSES = (
    CampaignStatus.TCR_FAILED,
    CampaignStatus.TELNYX_FAILED,
    CampaignStatus.MNO_REJECTED,
    CampaignStatus.MNO_PROVISIONING_FAILED,
)
ATTENTION_ROWS = 10


@dataclass(frozen=True)
class StatusCount:
    value: str
    label: str
    count: int


def counts_by(queryset: QuerySet[Any], field: str) -> list[StatusCount]:
    """Rows of ``queryset`` by ``field``'s value, largest first, labelled with the field's choices."""
    labels = dict(queryset.model._meta.get_field(field).flatchoices)
    rows = queryset.order_by().values_list(field).annotate(count=Count("pk"))
    counted = [StatusCount(value, str(labels.get(value, value or "none")), count) for value, count in rows]
    return sorted(counted, key=lambda row: (-row.count, row.value))


def brand_counts() -> dict[str, list[StatusCount]]:
    brands = Brand.objects.filter(remote_deleted_at=None)
    return {"status": counts_by(brands, "status"), "identity": counts_by(brands, "identity_status")}


def campaign_counts() -> list[StatusCount]:
    return counts_by(Campaign.objects.filter(remote_deleted_at=None), "campaign_status")


def assignment_counts() -> list[StatusCount]:
    return counts_by(PhoneNumberAssignment.objects.filter(remote_deleted_at=None), "assignment_status")


def campaign_status_history(
    *, days: int = 30, today: date | None = None
) -> list[tuple[date, dict[str, int]]]:
    """Campaigns per status for each of the last ``days`` days: recorded days as stored, today as it is now.
    Days without a record (no sync ran) are left out rather than shown as zero."""
    today = today or timezone.now().date()
    first = today - timedelta(days=days - 1)
    by_day: dict[date, dict[str, int]] = {}
    for row in CampaignStatusCount.objects.filter(day__gte=first, day__lt=today):
        by_day.setdefault(row.day, {})[row.campaign_status] = row.count
    by_day[today] = campaign_status_counts_now()
    return sorted(by_day.items())


def campaigns_rejected() -> QuerySet[Campaign]:
    return (
        Campaign.objects.filter(campaign_status__in=REJECTED_STATUSES, remote_deleted_at=None)
        .select_related("brand")
        .order_by("-changed_at")
    )


def tasks_failed() -> QuerySet[AssignmentTask]:
    return AssignmentTask.objects.filter(status="failed", remote_deleted_at=None).select_related("campaign")


def otps_pending() -> QuerySet[SmsOtpVerification]:
    return sms_otp_list_pending()


def brands_with_feedback() -> QuerySet[Brand]:
    """Brands not verified whose latest feedback names something to fix."""
    flagged = BrandFeedbackCategory.objects.filter(feedback__brand=OuterRef("pk"))
    return (
        Brand.objects.filter(remote_deleted_at=None)
        .exclude(identity_status__in=[IdentityStatus.VERIFIED, IdentityStatus.VETTED_VERIFIED])
        .filter(Exists(flagged))
        .order_by("display_name")
    )
