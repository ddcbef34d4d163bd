"""Reads about campaigns: ours, and the partners' shared with us where numbers go."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

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


@dataclass(frozen=True)
class CampaignStage:
    """Where a campaign stands for the people running it, several wire statuses to a stage."""

    key: str
    label: str
    statuses: tuple[CampaignStatus, ...]


ACTIVE = CampaignStage("active", "Active", (CampaignStatus.MNO_PROVISIONED,))
IN_REVIEW = CampaignStage(
    "in_review",
    "In review",
    (
        CampaignStatus.TCR_PENDING,
        CampaignStatus.TCR_ACCEPTED,
        CampaignStatus.TELNYX_ACCEPTED,
        CampaignStatus.MNO_PENDING,
        CampaignStatus.MNO_ACCEPTED,
    ),
)
REJECTED = CampaignStage(
    "rejected",
    "Rejected",
    (
        CampaignStatus.TCR_FAILED,
        CampaignStatus.TELNYX_FAILED,
        CampaignStatus.MNO_REJECTED,
        CampaignStatus.MNO_PROVISIONING_FAILED,
    ),
)
ENDED = CampaignStage(
    "ended", "Suspended or expired", (CampaignStatus.TCR_SUSPENDED, CampaignStatus.TCR_EXPIRED)
)
CAMPAIGN_STAGES = (ACTIVE, IN_REVIEW, REJECTED, ENDED)


def campaign_list_in_stage(stage: CampaignStage) -> QuerySet[Campaign]:
    """Our campaigns in ``stage``, those gone remotely left out."""
    return Campaign.objects.filter(campaign_status__in=stage.statuses, remote_deleted_at=None)


def campaign_status_counts_now() -> dict[str, int]:
    """Campaigns not gone remotely, by campaign status: one query."""
    rows = (
        Campaign.objects.filter(remote_deleted_at=None)
        .order_by()
        .values_list("campaign_status")
        .annotate(count=Count("pk"))
    )
    return dict(rows)


def campaigns_taking_numbers() -> tuple[QuerySet[Campaign], QuerySet[PartnerCampaign]]:
    """Our campaigns and the partner campaigns shared with us that take numbers now, by TCR id."""
    ours = Campaign.objects.filter(
        remote_deleted_at=None, status=CampaignActivity.ACTIVE, campaign_status__in=NUMBER_TAKING_STATUSES
    ).order_by("tcr_campaign_id", "campaign_id")
    theirs = (
        PartnerCampaign.objects.filter(remote_deleted_at=None, campaign_status__in=NUMBER_TAKING_STATUSES)
        .exclude(sharing_status="PENDING")
        .order_by("tcr_campaign_id")
    )
    return ours, theirs


def campaign_taking_numbers_get(*, wire_id: str) -> Campaign | PartnerCampaign | None:
    """The campaign that takes numbers known to the API as ``wire_id`` (ours by Telnyx id, a partner's by
    TCR id), or None: one query, two when it is not ours."""
    if not wire_id:
        return None
    ours, theirs = campaigns_taking_numbers()
    return ours.filter(campaign_id=wire_id).first() or theirs.filter(tcr_campaign_id=wire_id).first()


def campaign_search_taking_numbers(*, term: str, limit: int) -> tuple[list[Campaign], list[PartnerCampaign]]:
    """Up to ``limit`` of ours and of the partners' that take numbers, whose TCR or Telnyx id or brand name
    holds ``term``: what a picker shows while someone types, two queries however many campaigns there are."""
    ours, theirs = campaigns_taking_numbers()
    term = term.strip()
    if term:
        ours = ours.filter(
            Q(tcr_campaign_id__icontains=term)
            | Q(campaign_id__istartswith=term)
            | Q(brand_display_name__icontains=term)
        )
        theirs = theirs.filter(Q(tcr_campaign_id__icontains=term) | Q(brand_display_name__icontains=term))
    return list(ours[:limit]), list(theirs[:limit])
