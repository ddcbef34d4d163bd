"""The carriers' view of every provisioned campaign, read again on a schedule (default daily).

Carrier events refresh the carriers of the campaign they are about, but an event lost on the way would leave a
suspension unseen until someone clicks refresh: the schedule reads each provisioned campaign's carrier terms
(C8) and operation status (C9) again. The campaigns are split into batches, each refreshed by a task of its
own, so no task outlives the broker's visibility timeout whatever the size of the estate. Every request goes at
the pace of the sync's shared rate limiter, so batches on several workers, and a sync beside them, never take
the account past the API's limit, and a 429 met by any of them holds them all. A campaign whose reads fail is
recorded with its error and the batch goes on to the next one; a failure that is not the API's (the database)
ends the batch.
"""

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from tendlc.client import TenDLCClient, TenDLCError
from tendlc.client.http import Pacer
from tendlc.selectors.campaigns import ACTIVE, campaign_list_in_stage
from tendlc.services.campaigns import campaign_carriers_refresh
from tendlc.services.sync import rate_limiter

logger = logging.getLogger(__name__)

# Two reads a campaign: at the default 20 requests a second a batch takes about ten seconds alone.
BATCH_SIZE = 100


@dataclass(frozen=True)
class CarriersRefreshRun:
    """What one batch did: how many campaigns' carriers it read, and each failure by campaign id."""

    refreshed: int = 0
    failures: dict[str, str] = field(default_factory=dict)


def carriers_refresh_batches(*, batch_size: int = BATCH_SIZE) -> list[list[int]]:
    """The primary keys of every provisioned campaign, in batches of ``batch_size``."""
    pks = list(campaign_list_in_stage(ACTIVE).order_by("pk").values_list("pk", flat=True))
    return [pks[start : start + batch_size] for start in range(0, len(pks), batch_size)]


def carriers_refresh(
    *, campaign_pks: Sequence[int], client: TenDLCClient, limiter: Pacer | None = None
) -> CarriersRefreshRun:
    """Read the carriers of the provisioned campaigns among ``campaign_pks`` at the shared limiter's pace
    (``limiter`` replaces it in tests)."""
    client.pace(limiter or rate_limiter())
    refreshed, failures = 0, {}
    for campaign in campaign_list_in_stage(ACTIVE).filter(pk__in=campaign_pks).order_by("pk"):
        try:
            campaign_carriers_refresh(campaign=campaign, client=client)
        except TenDLCError as error:
            failures[campaign.campaign_id or str(campaign.pk)] = f"{type(error).__name__}: {error}"
            logger.warning("Carriers of campaign %s not refreshed: %s", campaign.campaign_id, error)
        else:
            refreshed += 1
    logger.info("Carriers refreshed for %d provisioned campaigns, %d failed", refreshed, len(failures))
    return CarriersRefreshRun(refreshed, failures)
