"""Processing stored webhook events on Celery, and the sweep that takes up those no task processed.

The webhook view stores an event and hands its id to ``enqueue_webhook_event``, which publishes from a
background thread: a broker that is down or slow (kombu and redis-py retry a refused connection for seconds)
never holds up the answer to Telnyx. An event whose task was never published, or whose tries failed, is
found by ``process_pending_webhook_events`` once its ``next_attempt_at`` has passed; beat runs it every
minute (the schedule is in the beat schedules' data migration). An event whose stored row cannot be read is
given up at once: every retry would fail the same way, and the sweep would publish it forever.
"""

import contextvars
import logging
import os
import queue
import threading
import time
from typing import Any

from celery import Task, shared_task
from django.db import DataError, transaction
from django.utils import timezone

from tendlc.client import TRANSIENT_ERRORS
from tendlc.client.retries import retry_countdown
from tendlc.conf import worker_api_client
from tendlc.log_context import bound
from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.services.webhook_coalescing import webhook_coalesce_window, webhook_events_claim
from tendlc.services.webhooks import (
    LEASE,
    MAX_ATTEMPTS,
    RETRY_BASE_SECONDS,
    RETRY_CAP_SECONDS,
    webhook_event_give_up,
    webhook_events_due,
    webhook_events_process,
)

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
# States no task changes: done, or waiting for a person (only a replay from the admin takes them up again).
SETTLED = (WebhookEventState.PROCESSED, WebhookEventState.NEEDS_REVIEW, WebhookEventState.REVIEWED)


# Nobody reads a webhook task's result: the event's row is its record. Stored, it would be a row per event.
@shared_task(
    name="tendlc.process_webhook_event",
    bind=True,
    acks_late=True,
    ignore_result=True,
    max_retries=MAX_ATTEMPTS - 1,
    soft_time_limit=120,
    time_limit=180,
)
def process_webhook_event(self: Task[Any, str], event_id: int) -> str:
    """Process one stored event, with the events its read covers (``tendlc.services.webhook_coalescing``); one
    already processed, kept for review, unknown or held by another worker is skipped, so redelivery is
    harmless."""
    try:
        # A time PostgreSQL keeps but Python cannot hold fails the read there (DataError), or in Django's SQLite
        # converters (ValueError, OverflowError); a database that does not answer is no such case and is left to
        # the sweep. Its own savepoint leaves no transaction broken behind it.
        with transaction.atomic():
            event = WebhookEvent.objects.filter(pk=event_id).exclude(state__in=SETTLED).first()
    except (DataError, ValueError, OverflowError) as exc:
        logger.exception("Webhook event %s cannot be read: given up", event_id)
        webhook_event_give_up(
            event_id=event_id,
            reason=f"the stored event cannot be read ({type(exc).__name__}); the server log has the details.",
        )
        return "given up"
    if event is None:
        return "skipped"
    # An event the sweep published has no webhook request behind it to inherit the id from.
    with bound(webhook_event_id=event.reference):
        events = webhook_events_claim(event=event)
        if not events:
            return "skipped"
        event = events[0]
        try:
            webhook_events_process(events=events, client=worker_api_client())
        except TRANSIENT_ERRORS as exc:
            countdown = retry_countdown(
                exc, event.attempts - 1, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS
            )
            raise self.retry(exc=exc, countdown=countdown) from exc
        state = "needs review" if event.state == WebhookEventState.NEEDS_REVIEW else "processed"
        logger.info("Webhook event %s %s, with %d others it covers", event.reference, state, len(events) - 1)
    return state


@shared_task(
    name="tendlc.process_pending_webhook_events",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=60,
    time_limit=120,
)
def process_pending_webhook_events() -> int:
    """Enqueue the events that are due (never published, or failed with tries left); answer how many."""
    now = timezone.now()
    due = list(webhook_events_due(now=now, limit=SWEEP_BATCH).values_list("pk", flat=True))
    # Leased before publishing, so the next sweep does not enqueue them again while they wait in the queue.
    WebhookEvent.objects.filter(pk__in=due).update(next_attempt_at=now + LEASE)
    for event_id in due:
        publish(event_id)
    return len(due)


def publish(event_id: int) -> None:
    # Held back for the coalescing window, so the events about its record that arrive meanwhile share its read.
    window = webhook_coalesce_window().total_seconds()
    if window:
        process_webhook_event.apply_async((event_id,), countdown=window, retry=False)
    else:
        process_webhook_event.apply_async((event_id,), retry=False)


class Publisher:
    """Publishes from one daemon thread per process, in the order events were handed over."""

    def __init__(self) -> None:
        self._queue: queue.Queue[tuple[int, contextvars.Context]] = queue.Queue()
        self._lock = threading.Lock()
        self._pid: int | None = None

    def submit(self, event_id: int) -> None:
        self._ensure_thread()
        # Published in the submitter's log context, so the task inherits its request id and webhook event id.
        self._queue.put((event_id, contextvars.copy_context()))

    def drain(self, timeout: float) -> bool:
        """Wait until everything handed over was published or given up on; False on timeout."""
        deadline = time.monotonic() + timeout
        with self._queue.all_tasks_done:
            while self._queue.unfinished_tasks:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._queue.all_tasks_done.wait(remaining)
        return True

    def _ensure_thread(self) -> None:
        # A forked worker process (gunicorn --preload) inherits the object but not the thread.
        with self._lock:
            if self._pid != os.getpid():
                self._pid = os.getpid()
                threading.Thread(target=self._run, name="webhook-publisher", daemon=True).start()

    def _run(self) -> None:
        while True:
            event_id, context = self._queue.get()
            try:
                context.run(publish, event_id)
            except Exception:
                # The event is stored: the sweep publishes it once the broker answers.
                logger.warning("Could not enqueue webhook event %s; the sweep will", event_id, exc_info=True)
            finally:
                self._queue.task_done()


publisher = Publisher()


def enqueue_webhook_event(event_id: int) -> None:
    """Have ``event_id`` processed by a worker, without waiting on the broker."""
    publisher.submit(event_id)
