"""Reads about campaigns: ours, and the partners' shared with us where numbers go."""

from django.db.models import Count

from tendlc.choices import CampaignActivity, CampaignStatus
from tendlc.models import Campaign, PartnerCampaign

# From registry acceptance on a campaign can carry numbers (they go live once carriers provision it); before
# it, and once rejected, suspended or expired, the API refuses them.
NUMBER_TAKING_STATUSES = (
    CampaignStatus.TCR_ACCEPTED,
    CampaignStatus.TELNYX_ACCEPTED,
    CampaignStatus.MNO_PENDING,
    CampaignStatus.MNO_ACCEPTED,
    CampaignStatus.MNO_PROVISIONED,
)


def campaign_status_counts_now() -> dict[str, int]:
    """Campaigns not gone remotely, by campaign status: one query."""
    rows = (
        Campaign.objects.filter(remote_deleted_at=None)
        .order_by()
        .values_list("campaign_status")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def campaign_list_taking_numbers() -> tuple[list[Campaign], list[PartnerCampaign]]:
    """Our campaigns and the partner campaigns shared with us that take numbers now, by TCR id."""
    ours = Campaign.objects.filter(
        remote_deleted_at=None, status=CampaignActivity.ACTIVE, campaign_status__in=NUMBER_TAKING_STATUSES
    ).order_by("tcr_campaign_id", "campaign_id")
    theirs = (
        PartnerCampaign.objects.filter(remote_deleted_at=None, campaign_status__in=NUMBER_TAKING_STATUSES)
        .exclude(sharing_status="PENDING")
        .order_by("tcr_campaign_id")
    )
    return list(ours), list(theirs)
