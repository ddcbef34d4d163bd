"""A person asking for a full sync now (the dashboard's "Sync now"): refused while one runs, else queued.

The sync itself runs on the workers (``tendlc.sync_all``); the request only publishes it, without retrying
a broker that is down, so the page answers at once either way.
"""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from kombu.exceptions import OperationalError

from portal.celery import app as celery_app
from tendlc.models import SyncRun
from tendlc.services.audit import audited
from tendlc.services.errors import WorkflowError
from tendlc.services.sync_runs import running_run

SYNC_ALL = "tendlc.sync_all"


def sync_request(*, user: AbstractBaseUser | AnonymousUser | None) -> str:
    """Queue a full sync; answer the task id. WorkflowError when one is running or the queue is down."""
    with audited(user=user, action="sync.request", summary={"trigger": "admin"}) as audit:
        running: SyncRun | None = running_run()
        if running is not None:
            audit.target = running
            raise WorkflowError(
                f"Sync #{running.pk} is already running (started {running.started_at:%Y-%m-%d %H:%M:%S} UTC): "
                "wait for it to finish."
            )
        try:
            result = celery_app.send_task(SYNC_ALL, kwargs={"trigger": "admin"}, retry=False)
        except OperationalError as error:
            raise WorkflowError(
                f"The task queue cannot be reached ({error}); the sync was not started. "
                "The scheduled sync runs once the queue is back."
            ) from error
        audit.summary["task_id"] = result.id
        return str(result.id)
