"""Following a campaign's reactivation after dormancy: one service call, scheduled by the service itself."""

from typing import Any

from celery import Task, shared_task

from tendlc.models import CampaignReactivation
from tendlc.services.reactivations import campaign_reactivation_follow
from tendlc.tasks.polling import ON_DEMAND, run_with_client


@shared_task(name="tendlc.follow_campaign_reactivation", **ON_DEMAND)
def follow_campaign_reactivation(self: Task[Any, str | None], reactivation_pk: int) -> str | None:
    """Read the campaign, its carriers and the number again; answer where the reactivation stands (None when
    the row is gone)."""
    reactivation = CampaignReactivation.objects.select_related("campaign", "requested_by").filter(
        pk=reactivation_pk
    )
    found = reactivation.first()
    if found is None:
        return None
    run_with_client(self, lambda client: campaign_reactivation_follow(reactivation=found, client=client))
    return found.state
