"""The daily prune of old records: a thin wrapper of ``tendlc.services.retention``, scheduled by beat at a
quiet hour. Idempotent (a redelivered message finds less or nothing to delete); its result row is kept, being
one a day, and the prune's own record (``PruneRun``) is what the health report reads."""

from typing import Any

from celery import Task, shared_task

# Deletes in batches of its own transactions: stopped by the time limit, it has kept what it deleted so far
# and the next day's prune goes on from there.
PRUNE_OPTIONS: dict[str, Any] = {"bind": True, "acks_late": True, "soft_time_limit": 3000, "time_limit": 3300}


@shared_task(name="tendlc.prune_old_records", **PRUNE_OPTIONS)
def prune_old_records(self: Task[Any, dict[str, int]]) -> dict[str, int]:
    from tendlc.services.retention import retention_prune

    counts: dict[str, int] = retention_prune(trigger="schedule").counts
    return counts
