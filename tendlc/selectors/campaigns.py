"""Reads about campaigns."""

from django.db.models import Count

from tendlc.models import Campaign


def campaign_status_counts_now() -> dict[str, int]:
    """Campaigns not gone remotely, by campaign status: one query."""
    rows = (
        Campaign.objects.filter(remote_deleted_at=None)
        .order_by()
        .values_list("campaign_status")
        .annotate(count=Count("pk"))
    )
    return dict(rows)
