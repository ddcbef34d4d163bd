"""When a campaign's dormancy count starts, and what a dormant campaign is: no dependency on the campaign
lifecycle, so the modules that move campaigns and numbers can start the count."""

from collections.abc import Mapping
from typing import Any

from tendlc.sandbox.context import Context

DORMANT_AFTER_SECONDS = 15 * 86_400.0
REACTIVATION_SECONDS = 60.0
STEP_CHECK = "campaign.dormancy_check"
STEP_REACTIVATE = "campaign.reactivate"
# Set in a campaign row's ``internal`` while it is suspended for dormancy; a move out of TCR_SUSPENDED drops it.
DORMANT_KEY = "dormant"
SUSPENDED_STATUS = "TCR_SUSPENDED"
PROVISIONED_STATUS = "MNO_PROVISIONED"
REACTIVATING_REASON = (
    "Campaign {campaign_id} was suspended as dormant (no phone numbers for 15 days) and is being reactivated;"
    " retry the assignment in about a minute."
)


def is_dormant(doc: Mapping[str, Any], internal: Mapping[str, Any]) -> bool:
    return doc.get("campaignStatus") == SUSPENDED_STATUS and bool(internal.get(DORMANT_KEY))


def can_go_dormant(doc: Mapping[str, Any]) -> bool:
    """Only campaigns deployed on T-Mobile go dormant: T-Mobile's fines for inactive campaigns are why."""
    return (
        doc.get("campaignStatus") == PROVISIONED_STATUS
        and bool(doc.get("isTMobileRegistered"))
        and doc.get("status", "ACTIVE") != "EXPIRED"
    )


def watch(context: Context, campaign_id: str) -> None:
    """Start (or restart) the campaign's 15 days without numbers: its one check falls due then."""
    context.scheduler.cancel(campaign_id, (STEP_CHECK,))
    context.scheduler.schedule(STEP_CHECK, campaign_id, DORMANT_AFTER_SECONDS)


def start_reactivation(context: Context, campaign_id: str) -> None:
    """The first assignment to a dormant campaign starts its reactivation; later ones leave it running."""
    if not any(step["kind"] == STEP_REACTIVATE for step in context.scheduler.pending(campaign_id)):
        context.scheduler.schedule(STEP_REACTIVATE, campaign_id, REACTIVATION_SECONDS)
