"""A person asking for a full sync now (the dashboard's "Sync now", ``POST /api/v1/sync-runs/``): refused while
a live sync runs, else its run opened and queued.

The request opens the run itself, under the sync lease, so two requests at once give one run and one refusal,
and a run that crashed (silent for ``TENDLC_SYNC_STALE_AFTER``) is closed here rather than blocking "Sync now"
until the next scheduled sync. The workers then plan and read it (``tendlc.sync_all`` with the run's id). The
request publishes without retrying a broker that is down, so the page answers at once either way; it publishes
at once rather than after commit, since the person asking must hear when the queue is down.

The two refusals are two classes, so a caller answers each for its cause: a sync running is a conflict, a
queue that cannot be reached is the service being unavailable.
"""

from dataclasses import dataclass

import redis
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from kombu.exceptions import OperationalError

from tendlc.models import SyncRun
from tendlc.selectors.sync_runs import REQUEST_ACTION
from tendlc.services.audit import audited
from tendlc.services.errors import WorkflowError
from tendlc.services.sync._lock import sync_lease
from tendlc.services.sync._runs import SyncAlreadyRunning, run_discard, run_start

# What a run's trigger says started it: "Sync now" in the admin, or ``POST /sync-runs/``.
ADMIN, API = "admin", "api"


class SyncRunning(WorkflowError):
    """Refused: a live sync is running; ``run`` is it (None in the instant before its holder records it)."""

    def __init__(self, run: SyncRun | None) -> None:
        self.run = run
        if run is None:
            message = "Another sync is starting: wait for it to finish."
        else:
            message = (
                f"Sync #{run.pk} is already running (started {run.started_at:%Y-%m-%d %H:%M:%S} UTC): "
                "wait for it to finish."
            )
        super().__init__(message)


class SyncQueueUnavailable(WorkflowError):
    """Refused: the task queue (or the lease kept beside it) cannot be reached; nothing was started."""

    def __init__(self, error: Exception) -> None:
        super().__init__(
            f"The task queue cannot be reached ({error}); the sync was not started. "
            "The scheduled sync runs once the queue is back."
        )


@dataclass(frozen=True)
class SyncQueued:
    run: SyncRun
    task_id: str


def sync_request(*, user: AbstractBaseUser | AnonymousUser | None, trigger: str = ADMIN) -> SyncQueued:
    """Open a full sync's run and queue it, recording who asked (the audit entry of the run) and through what
    (``trigger``: ADMIN or API). SyncRunning while a live sync runs, SyncQueueUnavailable when the queue is
    down."""
    with audited(user=user, action=REQUEST_ACTION, summary={"trigger": trigger}) as audit:
        lease = sync_lease()
        try:
            run = run_start(lease=lease, trigger=trigger)
        except SyncAlreadyRunning as running:
            audit.target = running.run
            raise SyncRunning(running.run) from None
        except redis.exceptions.ConnectionError as error:
            # The lease lives in the broker's Redis when the broker is Redis.
            raise SyncQueueUnavailable(error) from error
        # Imported here: the task module imports this package.
        from tendlc.tasks.sync import sync_all

        try:
            result = sync_all.apply_async(kwargs={"trigger": trigger, "run_id": run.pk}, retry=False)
        except OperationalError as error:
            run_discard(run, lease)
            raise SyncQueueUnavailable(error) from error
        audit.target = run
        audit.summary["task_id"] = result.id
        return SyncQueued(run=run, task_id=str(result.id))
