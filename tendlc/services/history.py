"""Recording the day's campaign status counts, for the dashboard's chart of statuses over time."""

from datetime import date

from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from tendlc.models import Campaign, CampaignStatusCount


def campaign_status_counts_now() -> dict[str, int]:
    """Campaigns not gone remotely, by campaign status: one query."""
    rows = (
        Campaign.objects.filter(remote_deleted_at=None)
        .order_by()
        .values_list("campaign_status")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def campaign_status_counts_record(*, day: date | None = None) -> dict[str, int]:
    """Store today's (or ``day``'s) counts, replacing what an earlier run of the day stored."""
    day = day or timezone.now().date()
    counts = campaign_status_counts_now()
    with transaction.atomic():
        CampaignStatusCount.objects.filter(day=day).delete()
        CampaignStatusCount.objects.bulk_create(
            CampaignStatusCount(day=day, campaign_status=status, count=count)
            for status, count in counts.items()
        )
    return counts
