"""The carriers' view of every provisioned campaign, read again on a schedule (default daily).

Carrier events refresh the carriers of the campaign they are about, but an event lost on the way would leave a
suspension unseen until someone clicks refresh: the schedule reads each provisioned campaign's carrier terms
(C8) and operation status (C9) again. Its requests go at the pace of the sync's shared rate limiter, so a
refresh running beside a sync never takes the account past the API's limit, and a 429 met by either holds
both. Campaigns are taken in batches by primary key, so a run holds one batch in memory whatever the size of
the estate. A campaign that fails is recorded with its error and the run goes on to the next one.
"""

import logging
from dataclasses import dataclass, field

from tendlc.client import TenDLCClient
from tendlc.client.http import Pacer
from tendlc.selectors.campaigns import ACTIVE, campaign_list_in_stage
from tendlc.services.campaigns import campaign_carriers_refresh
from tendlc.services.sync import rate_limiter

logger = logging.getLogger(__name__)

BATCH_SIZE = 100


@dataclass(frozen=True)
class CarriersRefreshRun:
    """What one scheduled refresh did: how many campaigns' carriers it read, and each failure by campaign id."""

    refreshed: int = 0
    failures: dict[str, str] = field(default_factory=dict)


def carriers_refresh_provisioned(
    *, client: TenDLCClient, limiter: Pacer | None = None, batch_size: int = BATCH_SIZE
) -> CarriersRefreshRun:
    """Read the carriers of every provisioned campaign, ``batch_size`` campaigns at a time, at the shared
    limiter's pace (``limiter`` replaces it in tests)."""
    client.pace(limiter or rate_limiter())
    refreshed, failures = 0, {}
    after = 0
    while batch := list(campaign_list_in_stage(ACTIVE).filter(pk__gt=after).order_by("pk")[:batch_size]):
        for campaign in batch:
            try:
                campaign_carriers_refresh(campaign=campaign, client=client)
            except Exception as error:  # noqa: BLE001 - one campaign's failure is recorded, the others go on
                failures[campaign.campaign_id or str(campaign.pk)] = f"{type(error).__name__}: {error}"
                logger.warning("Carriers of campaign %s not refreshed: %s", campaign.campaign_id, error)
            else:
                refreshed += 1
        after = batch[-1].pk
    logger.info("Carriers refreshed for %d provisioned campaigns, %d failed", refreshed, len(failures))
    return CarriersRefreshRun(refreshed, failures)
