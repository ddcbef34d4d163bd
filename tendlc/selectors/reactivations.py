"""Reads about campaign reactivations after dormancy."""

from tendlc.models import Campaign, CampaignReactivation


def campaign_reactivation_latest(*, campaign: Campaign) -> CampaignReactivation | None:
    """The campaign's newest reactivation, or None: one query."""
    return CampaignReactivation.objects.filter(campaign=campaign).select_related("requested_by").first()
