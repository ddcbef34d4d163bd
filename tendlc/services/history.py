"""Recording the day's campaign status counts, for the dashboard's chart of statuses over time."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from tendlc.models import CampaignStatusCount
from tendlc.selectors.campaigns import campaign_status_counts_now


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
