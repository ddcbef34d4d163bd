"""Reads of a campaign's evidence folder."""

from django.db.models import QuerySet

from tendlc.models import Campaign, CampaignEvidence


def evidence_list(*, campaign: Campaign) -> QuerySet[CampaignEvidence]:
    """``campaign``'s evidence, newest first, with who added each."""
    return (
        CampaignEvidence.objects.filter(campaign=campaign)
        .select_related("added_by")
        .order_by("-added_at", "-id")
    )


def evidence_get(*, campaign: Campaign, evidence_id: int) -> CampaignEvidence | None:
    """One file of ``campaign``'s evidence, or None (a file of another campaign is not this one's)."""
    return evidence_list(campaign=campaign).filter(pk=evidence_id).first()
