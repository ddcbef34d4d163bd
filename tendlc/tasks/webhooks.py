"""Processing stored webhook events on Celery, and the sweep that takes up those no task processed.

The webhook view stores an event and hands its id to ``enqueue_webhook_event``, which publishes from a
background thread: a broker that is down or slow (kombu and redis-py retry a refused connection for seconds)
never holds up the answer to Telnyx. An event whose task was never published, or whose tries failed, is
found by ``process_pending_webhook_events`` once its ``next_attempt_at`` has passed; beat runs it every
minute (the schedule is in the beat schedules' data migration). An event whose stored row cannot be read is
given up at once: every retry would fail the same way, and the sweep would publish it forever.

Under a burst the publisher hands over what piled up meanwhile as one message (``process_webhook_events``,
at most ``PUBLISH_BATCH`` events) instead of one each: publishing was the web process's largest cost per
event, and a worker paid a task's overhead for each event another event's read had already covered. Each
event in it is processed as its own task would process it, under its own request id. While events keep coming
(the last publish was under ``PUBLISH_LINGER_SECONDS`` ago) the publisher also waits that long for more before
it publishes, so a burst goes in batches whatever the pace of the publishes; the wait is taken off the
coalescing window the message is held back for, so no event is read later for it. A lone event after a quiet
spell is published at once, and with coalescing off nothing waits.

With a webhook buffer the view stores nothing: it has a drain enqueued (``store_buffered_webhook_events``, one
however many deliveries arrive until it starts), which stores what waits in batches (``buffer_drain``) and
publishes each batch's new events as above, held back only for what is left of the coalescing window since
they were received. The sweep drains the buffer too before it looks for events due, so a lost drain costs a
minute at most.
"""

import contextvars
import logging
import math
import os
import queue
import socket
import threading
import time
from typing import Any

import redis
from celery import Task, shared_task
from django.db import DataError, transaction
from django.utils import timezone

from tendlc.client import TRANSIENT_ERRORS
from tendlc.client.retries import retry_countdown
from tendlc.conf import worker_api_client
from tendlc.log_context import bound, current
from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.services.webhook_coalescing import webhook_coalesce_window, webhook_events_claim
from tendlc.services.webhook_intake import Stored, webhook_deliveries_store
from tendlc.services.webhooks import (
    LEASE,
    MAX_ATTEMPTS,
    RETRY_BASE_SECONDS,
    RETRY_CAP_SECONDS,
    webhook_event_give_up,
    webhook_events_due,
    webhook_events_process,
)
from tendlc.webhooks.buffer import WebhookBuffer, webhook_buffer

logger = logging.getLogger(__name__)

SWEEP_BATCH = 500
# Buffered deliveries stored in one insert and one transaction.
STORE_BATCH = 500
# How long a drain stores batches before it hands the rest on: far within its time limit.
DRAIN_SECONDS = 30
# How long the minute's sweep stores what waits in the buffer before it looks for events due.
SWEEP_DRAIN_SECONDS = 20
# The most events one message hands over: a batch must end well within a task's time limit.
PUBLISH_BATCH = 100
# How long, during a burst, the publisher gathers events for one message: a publish cost the web process 1.6 ms
# of CPU, as much as the rest of storing an event twice over.
PUBLISH_LINGER_SECONDS = 0.1
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
        return process_stored_event(event_id)
    except TransientFailure as failure:
        raise self.retry(exc=failure.cause, countdown=failure.countdown) from failure.cause


@shared_task(
    name="tendlc.process_webhook_events",
    acks_late=True,
    ignore_result=True,
)
def process_webhook_events(handed: list[tuple[int, str | None]]) -> str:
    """Process the events one publisher handed over together, as (event id, request id) pairs, each as
    ``process_webhook_event`` would. A transient failure hands that event and the rest back as one message,
    after the backoff its tries call for: the API or network failing for one would fail the next as well."""
    for position, (event_id, request_id) in enumerate(handed):
        with bound(request_id=request_id):
            try:
                process_stored_event(event_id)
            except TransientFailure as failure:
                rest = handed[position + 1 :]
                if failure.attempts < MAX_ATTEMPTS:
                    rest = [(event_id, request_id), *rest]
                if rest:
                    process_webhook_events.apply_async((rest,), countdown=failure.countdown, retry=False)
                return f"{position} processed, {len(rest)} handed back"
    return f"{len(handed)} processed"


class TransientFailure(Exception):
    """A transient failure of ``attempts`` tries, to be tried again after ``countdown`` seconds."""

    def __init__(self, cause: Exception, attempts: int, countdown: float) -> None:
        super().__init__(str(cause))
        self.cause, self.attempts, self.countdown = cause, attempts, countdown


def process_stored_event(event_id: int) -> str:
    """Process ``event_id`` with the events its read covers; answer what became of it. Raises ``TransientFailure``."""
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
            raise TransientFailure(exc, event.attempts, countdown) from exc
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
    """Store what waits in the webhook buffer (its drain may have been lost), then enqueue the events that are
    due (never published, or failed with tries left); answer how many."""
    buffer = webhook_buffer()
    if buffer is not None:
        try:
            buffer_drain(buffer, seconds=SWEEP_DRAIN_SECONDS)
        except redis.RedisError:
            logger.warning(
                "The webhook buffer did not answer: what waits there is stored later", exc_info=True
            )
    now = timezone.now()
    due = list(webhook_events_due(now=now, limit=SWEEP_BATCH).values_list("pk", flat=True))
    # Leased before publishing, so the next sweep does not enqueue them again while they wait in the queue.
    WebhookEvent.objects.filter(pk__in=due).update(next_attempt_at=now + LEASE)
    for start in range(0, len(due), PUBLISH_BATCH):
        publish_together([(event_id, None) for event_id in due[start : start + PUBLISH_BATCH]])
    return len(due)


@shared_task(
    name="tendlc.store_buffered_webhook_events",
    acks_late=True,
    ignore_result=True,
    soft_time_limit=DRAIN_SECONDS + 60,
    time_limit=DRAIN_SECONDS + 120,
)
def store_buffered_webhook_events() -> int:
    """Store what waits in the webhook buffer and enqueue its processing; answer how many events were new. One
    that runs out of time hands the rest to another task."""
    buffer = webhook_buffer()
    if buffer is None:
        return 0
    buffer.drain_started()
    stored, more = buffer_drain(buffer, seconds=DRAIN_SECONDS)
    if more:
        store_buffered_webhook_events.apply_async(retry=False)
    return stored


def buffer_drain(buffer: WebhookBuffer, *, seconds: float) -> tuple[int, bool]:
    """Store batches from ``buffer``, one at least, until ``seconds`` passed; answer how many events were new,
    and whether deliveries may be left. Each batch leaves the buffer only once committed, and is then published."""
    deadline = time.monotonic() + seconds
    consumer = socket.gethostname()
    new = 0
    while True:
        deliveries = buffer.take(consumer=consumer, count=STORE_BATCH)
        if not deliveries:
            return new, False
        stored = webhook_deliveries_store(deliveries)
        buffer.done(deliveries)
        for event in stored:
            # The line a delivery stored at once has from the view, under the request that brought it.
            with bound(request_id=event.request_id, webhook_event_id=event.reference):
                logger.info("Webhook event %s stored from the buffer; processing enqueued", event.reference)
        for start in range(0, len(stored), PUBLISH_BATCH):
            publish_stored(stored[start : start + PUBLISH_BATCH])
        new += len(stored)
        if time.monotonic() >= deadline:
            return new, True


def publish_stored(stored: list[Stored]) -> None:
    """Publish events stored from the buffer, held back only for what is left of the coalescing window since
    the first of them was received."""
    waited = (timezone.now() - min(event.received_at for event in stored)).total_seconds()
    if len(stored) == 1:
        with bound(request_id=stored[0].request_id, webhook_event_id=stored[0].reference):
            publish(stored[0].event_id, waited=waited)
    else:
        publish_together([(event.event_id, event.request_id) for event in stored], waited=waited)


def publish(event_id: int, *, waited: float = 0.0) -> None:
    publish_held_back(process_webhook_event, event_id, waited=waited)


def publish_together(handed: list[tuple[int, str | None]], *, waited: float = 0.0) -> None:
    """One message for the (event id, request id) pairs of ``handed``; a lone event keeps its own task."""
    if len(handed) == 1:
        publish(handed[0][0], waited=waited)
    else:
        publish_held_back(process_webhook_events, handed, waited=waited)


def publish_held_back(task: Task[Any, str], argument: object, *, waited: float = 0.0) -> None:
    """Publish ``task`` held back for what is left of the coalescing window after ``waited`` seconds, so the
    events about its record that arrive meanwhile share its read."""
    countdown = webhook_coalesce_window().total_seconds() - waited
    if countdown > 0:
        task.apply_async((argument,), countdown=countdown, retry=False)
    else:
        task.apply_async((argument,), retry=False)


class Publisher:
    """Publishes from one daemon thread per process, in the order events were handed over."""

    def __init__(self) -> None:
        # An event id to publish, or None for a drain of the webhook buffer.
        self._queue: queue.Queue[tuple[int | None, contextvars.Context]] = queue.Queue()
        self._lock = threading.Lock()
        self._pid: int | None = None

    def submit(self, event_id: int | None) -> None:
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
        last_published = -math.inf
        while True:
            handed = [self._queue.get()]
            first_at = time.monotonic()
            linger = publish_linger() if first_at - last_published < PUBLISH_LINGER_SECONDS else 0.0
            # Asleep rather than waiting on the queue: woken by every event handed over, this thread took the
            # interpreter lock from the request being answered once an event.
            time.sleep(linger)
            while len(handed) < PUBLISH_BATCH:
                try:
                    handed.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            waited = time.monotonic() - first_at
            try:
                publish_handed(handed, waited=waited)
            except Exception:
                # The events are stored (or buffered): the sweep publishes them once the broker answers.
                logger.warning(
                    "Could not enqueue %d webhook events; the sweep will", len(handed), exc_info=True
                )
            finally:
                last_published = time.monotonic()
                for _ in handed:
                    self._queue.task_done()


def publish_handed(handed: list[tuple[int | None, contextvars.Context]], *, waited: float) -> None:
    """Publish what was handed over together: its events, and one drain however many asked for it."""
    events = [(event_id, context) for event_id, context in handed if event_id is not None]
    if len(events) == 1:
        event_id, context = events[0]
        context.run(publish, event_id, waited=waited)
    elif events:
        # Published in no one's context: each event carries its own request id instead.
        contextvars.Context().run(
            publish_together,
            [(event_id, context.run(current).get("request_id")) for event_id, context in events],
            waited=waited,
        )
    if len(events) < len(handed):
        contextvars.Context().run(store_buffered_webhook_events.apply_async, retry=False)


def publish_linger() -> float:
    """How long a burst's publisher gathers events: never beyond the window they are held back for anyway."""
    return min(PUBLISH_LINGER_SECONDS, webhook_coalesce_window().total_seconds())


publisher = Publisher()


def enqueue_webhook_event(event_id: int) -> None:
    """Have ``event_id`` processed by a worker, without waiting on the broker."""
    publisher.submit(event_id)


def enqueue_buffer_drain() -> None:
    """Have a worker store what waits in the webhook buffer, without waiting on the broker."""
    publisher.submit(None)
