"""Celery tasks of the full sync, thin wrappers over ``tendlc.services.sync``.

``sync_all`` (scheduled every 30 minutes, or sent by "Sync now" with the run it opened) begins a run, plans it
(the brand list, the count of numbers) and sends its units as ``sync_unit`` tasks, so N workers read N batches
of brands at once; the last unit to end sends ``sync_finish``. A run's tasks stay on the queue it was started
on. Units are keyed in their run, so a redelivered task (``acks_late``) is counted once. A 429 waits at the
run's shared rate limiter inside the read, and a read failing with a server or connection error is tried again
on its own first (``tendlc.services.sync``); a unit still failing is retried with backoff by ``self.retry``,
up to ``UNIT_ATTEMPTS`` tries. A unit redelivered after its
run was closed as abandoned (its worker was killed, and a new sync started) finds the run ended and does
nothing.
"""

import logging
from typing import Any, TypedDict

from celery import Task, shared_task

from tendlc.conf import api_client
from tendlc.models import SyncRun, SyncRunState
from tendlc.services import sync
from tendlc.services.sync import Unit

logger = logging.getLogger(__name__)

FAN_OUT = 4


class _Route(TypedDict, total=False):
    queue: str


def _same_queue(task: Task[Any, Any]) -> _Route:
    """The queue ``task`` was delivered on, or no route (the default queue) when it came without one."""
    queue = (task.request.delivery_info or {}).get("routing_key")
    return {"queue": queue} if queue else {}


def _send(task: Task[Any, Any], run_id: int, units: list[Unit]) -> None:
    for unit in units:
        sync_unit.apply_async((run_id, unit), **_same_queue(task))


@shared_task(bind=True, name="tendlc.sync_all")
def sync_all(self: Task[Any, int | None], trigger: str = "schedule", run_id: int | None = None) -> int | None:
    """Begin a full sync, or plan the run "Sync now" opened (``run_id``); answers its run id, or None when
    another sync is running or that run was closed before a worker took it up."""
    with api_client() as client:
        if run_id is None:
            try:
                session = sync.sync_start(client=client, trigger=trigger)
            except sync.SyncAlreadyRunning as running:
                logger.info("sync not started: %s", running)
                return None
        elif SyncRun.objects.filter(pk=run_id, state=SyncRunState.RUNNING, phase=sync.PLANNING).exists():
            session = sync.sync_resume(run_id, client=client)
        else:
            # Closed as abandoned while it waited in the queue, or redelivered after it was planned.
            logger.info("sync #%s not planned: it is no longer waiting to be", run_id)
            return None
        # Workers are many, or will be: plan for several taking units at once.
        units = sync.sync_begin(session, workers=FAN_OUT)
    _send(self, session.run.pk, units)
    return session.run.pk


@shared_task(bind=True, name="tendlc.sync_unit", max_retries=sync.UNIT_ATTEMPTS - 1)
def sync_unit(self: Task[Any, None], run_id: int, unit: dict[str, Any]) -> None:
    with api_client() as client:
        session = sync.sync_resume(run_id, client=client)
        try:
            outcome = sync.sync_unit(session, unit, attempt=self.request.retries + 1)
        except sync.SyncLeaseLost:
            logger.warning("sync #%s lost its lease; unit %s dropped", run_id, unit["key"])
            return
    if outcome.retry_in is not None:
        raise self.retry(countdown=outcome.retry_in)
    if outcome.last:
        sync_finish.apply_async((run_id,), **_same_queue(self))


@shared_task(name="tendlc.sync_finish")
def sync_finish(run_id: int) -> None:
    with api_client() as client:
        session = sync.sync_resume(run_id, client=client)
        try:
            sync.sync_finish(session)
        except sync.SyncLeaseLost:
            logger.warning("sync #%s lost its lease before it finished", run_id)
