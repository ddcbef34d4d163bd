"""The link checks: one check started from a page, and the weekly check of live campaigns in batches. Thin
wrappers over ``tendlc.services.link_checks``.

Fetching other people's sites fails in ways no retry mends soon (a site down, a slow page): a failed link is
a result, not a task failure, so these tasks do not retry. A redelivered check skips the links it already
stored.
"""

import dataclasses
from typing import Any

from celery import Task, shared_task

from tendlc.models import LinkCheckRun
from tendlc.services.link_checks import (
    link_check_perform,
    live_campaign_link_batches,
    live_campaign_links_check,
)
from tendlc.tasks.polling import BATCH, ON_DEMAND, TaskOptions

# Each link may take the total fetch time (30 s by default): a campaign has at most six.
ONE_CHECK: TaskOptions = {**ON_DEMAND, "max_retries": 0, "soft_time_limit": 240, "time_limit": 270}
# A batch of live campaigns: LINK_CHECK_BATCH_SIZE (10) campaigns of at most six links, each within
# LINK_CHECK_TOTAL_SECONDS (30): 30 minutes if every one of them were as slow as allowed.
WEEKLY_BATCH: TaskOptions = {**BATCH, "max_retries": 0, "soft_time_limit": 1800, "time_limit": 1900}


@shared_task(name="tendlc.check_links", **ONE_CHECK)
def check_links(self: Task[Any, str | None], run_pk: int, targets: list[dict[str, str]]) -> str | None:
    """Perform one queued link check; answer its state (None when the row is gone)."""
    run = LinkCheckRun.objects.filter(pk=run_pk).first()
    if run is None:
        return None
    return link_check_perform(run=run, targets=targets).state


@shared_task(name="tendlc.check_live_campaign_links", **ON_DEMAND)
def check_live_campaign_links(self: Task[Any, int]) -> int:
    """Enqueue a batch task for every batch of live campaigns; answer how many batches."""
    batches = live_campaign_link_batches()
    for campaign_pks in batches:
        check_live_campaign_links_batch.delay(campaign_pks)
    return len(batches)


@shared_task(name="tendlc.check_live_campaign_links_batch", **WEEKLY_BATCH)
def check_live_campaign_links_batch(
    self: Task[Any, dict[str, Any]], campaign_pks: list[int]
) -> dict[str, Any]:
    """Check the links of one batch of live campaigns; answer how many were checked and how many links newly
    fail."""
    return dataclasses.asdict(live_campaign_links_check(campaign_pks=campaign_pks))
