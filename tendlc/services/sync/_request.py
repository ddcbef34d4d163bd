"""A person asking for a full sync now (the dashboard's "Sync now"): refused while one runs, else queued.

The sync itself runs on the workers (``tendlc.sync_all``); the request only publishes it, without retrying
a broker that is down, so the page answers at once either way. It publishes at once rather than after commit:
the task reads nothing this request writes, and the person asking must hear when the queue is down.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from kombu.exceptions import OperationalError

from tendlc.models import SyncRun
from tendlc.selectors.sync_runs import sync_run_running
from tendlc.services.audit import audited
from tendlc.services.errors import WorkflowError


def sync_request(*, user: AbstractBaseUser | AnonymousUser | None) -> str:
    """Queue a full sync; answer the task id. WorkflowError when one is running or the queue is down."""
    with audited(user=user, action="sync.request", summary={"trigger": "admin"}) as audit:
        running: SyncRun | None = sync_run_running()
        if running is not None:
            audit.target = running
            raise WorkflowError(
                f"Sync #{running.pk} is already running (started {running.started_at:%Y-%m-%d %H:%M:%S} UTC): "
                "wait for it to finish."
            )
        # Imported here: the task module imports this package.
        from tendlc.tasks.sync import sync_all

        try:
            result = sync_all.apply_async(kwargs={"trigger": "admin"}, retry=False)
        except OperationalError as error:
            raise WorkflowError(
                f"The task queue cannot be reached ({error}); the sync was not started. "
                "The scheduled sync runs once the queue is back."
            ) from error
        audit.summary["task_id"] = result.id
        return str(result.id)
