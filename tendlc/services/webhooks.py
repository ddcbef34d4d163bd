"""Incoming webhooks: storing each event once, and bringing the records it is about up to date.

Storing is idempotent by event id (or body hash): a redelivery, identical or re-signed, is counted on the row
it repeats and never processed again.

An ``occurred_at`` outside ``OCCURRED_AT_RANGE`` (``0001-01-01T00:00:00+14:00``, ``9999-12-31T23:59:59-14:00``)
is stored as no time, and the event is kept: the signature says Telnyx sent it, refusing it would only have
Telnyx send it again and again, and processing never reads the time (it re-reads the record from the API).
Stored as it was, such a time was a year 0 or 10000 in UTC, which PostgreSQL keeps but Python cannot read:
every list of events answered 500. The range is far from the edges of every database and time zone, and no
10DLC event happened before 2000; the raw body still holds the time as sent. Every time is stored in UTC, so
an offset beyond PostgreSQL's +-15:59 (``-22:00``) never reaches it either.

Processing does not trust the payload. As dj-stripe does for Stripe, it reads the record the event is about
from the API and mirrors that: events arrive late, twice and out of order, and a re-read answers the current
state whichever event triggered it, so an old event cannot roll a record back. When two reads of one record
race, the write of the read that began first is dropped if the other one already landed (``_mirror`` of
``tendlc.services.webhook_handlers``).
An event about a record the portal does not hold yet fetches it, with its brand when that is missing too.
Which records each kind of event refreshes is the table of ``tendlc.services.webhook_handlers``; an event of a
kind missing from it is kept as "needs review", never marked processed: nothing acted on it, and a person
decides (mark it reviewed, or replay it once the portal knows the kind).

Failures are kept on the event (``failed``, the error, the attempt count) and re-raised for the caller to
decide on retrying; ``next_attempt_at`` says when the sweep may take the event up again, up to
``MAX_ATTEMPTS`` tries. A failure no retry can mend (the stored row cannot be read) is given up at once
(``webhook_event_give_up``): failed, with no next attempt, and the reason in its error.
"""

import logging
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import connections, router, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tendlc.client import TenDLCClient
from tendlc.client.retries import backoff
from tendlc.mapping.webhooks import webhook_event_values
from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.models.timeline import ChangeCause
from tendlc.services.audit import User, audited
from tendlc.services.charges import charges_record_for_event
from tendlc.services.notification_events import webhook_review_notice
from tendlc.services.timeline import status_change_cause
from tendlc.services.webhook_handlers import (
    Refresh,
    assignments_refresh,
    handling_of,
    webhook_event_handle,
)

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
# A new event waits this long for the task enqueued with it before the sweep takes it (the broker may be down).
SWEEP_GRACE = timedelta(minutes=2)
# While a task processes an event, the sweep leaves it alone this long: more than a task's time limit.
LEASE = timedelta(minutes=15)
# The times an event may have happened at; others are stored as none (see above).
OCCURRED_AT_RANGE = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))


# --- storing ------------------------------------------------------------------------------------------


def webhook_event_store(*, body: str, document: Any) -> tuple[WebhookEvent, bool]:
    """Store a verified delivery; answer the event and whether it is new. A repeat of a stored event (same id,
    or same body hash for events without one) only counts the delivery. Raises ``MalformedEvent``."""
    values = webhook_event_values(document)
    values["occurred_at"] = occurred_at_kept(values["occurred_at"])
    event = WebhookEvent(**values, body=body, next_attempt_at=timezone.now() + SWEEP_GRACE)
    if webhook_events_insert_unless_stored([event])[0] is not None:
        return event, True
    with transaction.atomic():
        return webhook_event_count_delivery(event).get(), False


def webhook_events_insert_unless_stored(events: Sequence[WebhookEvent]) -> list[int | None]:
    """Insert each of ``events`` unless one with its id or body hash is stored, or comes earlier in ``events``;
    answer the primary key of each, None for those not inserted, which are also given it.

    One ``INSERT ... ON CONFLICT DO NOTHING`` (PostgreSQL, SQLite 3.35+) a batch: a repeat is no error, so the
    insert needs no transaction or savepoint of its own, whose opening and commit were two of its three round
    trips to the database, and it breaks no transaction it runs in. ``Model.save`` cannot say "unless stored"."""
    if not events:
        return []
    meta = WebhookEvent._meta
    connection = connections[router.db_for_write(WebhookEvent)]
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    batch = connection.ops.bulk_batch_size(fields, events)
    inserted: dict[str, int] = {}
    for start in range(0, len(events), batch):
        chunk = events[start : start + batch]
        # Names from the model's own metadata, quoted; every value is a bound parameter.
        sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([row] * len(chunk))}"  # noqa: S608
        sql += f" ON CONFLICT DO NOTHING RETURNING {quote(meta.pk.column)}, {quote('body_hash')}"
        # A time given (a buffered delivery's received_at) is kept; auto_now_add fills only one left empty.
        params = [
            field.get_db_prep_save(
                field.pre_save(event, add=getattr(event, field.attname) is None), connection
            )
            for event in chunk
            for field in fields
        ]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            inserted.update((body_hash, pk) for pk, body_hash in cursor.fetchall())
    keys: list[int | None] = []
    for event in events:
        pk = inserted.pop(event.body_hash, None)
        if pk is not None:
            event.pk = pk
            event._state.adding, event._state.db = False, connection.alias
        keys.append(pk)
    return keys


def webhook_event_count_delivery(event: WebhookEvent) -> QuerySet[WebhookEvent]:
    """Count a delivery that repeats a stored event on the stored event's row; answer the query for that row."""
    same = Q(body_hash=event.body_hash)
    if event.event_id:
        same |= Q(event_id=event.event_id)
    stored = WebhookEvent.objects.filter(same)
    stored.update(deliveries=F("deliveries") + 1)
    return stored


def occurred_at_kept(occurred_at: datetime | None) -> datetime | None:
    """``occurred_at`` in UTC when it is within ``OCCURRED_AT_RANGE``, else None (logged)."""
    if occurred_at is None:
        return None
    try:
        utc = occurred_at.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is not None and OCCURRED_AT_RANGE[0] <= utc < OCCURRED_AT_RANGE[1]:
        return utc
    logger.warning("Webhook event occurred_at %s is out of range: stored as no time", occurred_at.isoformat())
    return None


def webhook_events_due(*, now: datetime, limit: int) -> QuerySet[WebhookEvent]:
    """Events the sweep should (re)process: not processed, tries left, and no task holding them."""
    return (
        WebhookEvent.objects.filter(
            state__in=[WebhookEventState.RECEIVED, WebhookEventState.FAILED], attempts__lt=MAX_ATTEMPTS
        )
        # No time at all: received before the portal kept one; a failed event without one was given up.
        .filter(
            Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, state=WebhookEventState.RECEIVED)
        )
        .order_by("next_attempt_at", "id")[:limit]
    )


# --- processing ---------------------------------------------------------------------------------------


def webhook_event_process(*, event: WebhookEvent, client: TenDLCClient) -> WebhookEvent:
    """Refresh what ``event`` is about from the API and mark it processed; on failure mark it failed with the
    error and re-raise."""
    now = timezone.now()
    WebhookEvent.objects.filter(pk=event.pk).update(
        attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + LEASE
    )
    # The stamp written needs no read back: a task retried or replayed reads the row anew.
    event.attempts += 1
    event.last_attempt_at, event.next_attempt_at = now, now + LEASE
    webhook_events_process(events=[event], client=client)
    return event


def webhook_events_process(*, events: Sequence[WebhookEvent], client: TenDLCClient) -> None:
    """Refresh, with one read, what ``events`` are about (stamped as attempted, one kind, about what one read
    covers: ``tendlc.services.webhook_coalescing``) and mark them all processed; on failure mark them all
    failed with the error and re-raise. The timeline names, for each change, an event about its record."""
    first = events[0]
    handling = handling_of(first)
    if handling is None:
        _needs_review(first)
        return
    try:
        if handling.refreshes == (Refresh.ASSIGNMENT,) and len(events) > 1:
            # The latest event of a number names its change: it is the one the change is the answer to.
            causes = {event.phone_number: event for event in events if event.phone_number}
            assignments_refresh(client=client, campaign_id=first.campaign_id, causes=causes)
        else:
            latest = max(events, key=lambda event: event.pk)
            with status_change_cause(cause=ChangeCause.WEBHOOK_EVENT, webhook_event=latest):
                webhook_event_handle(event=latest, handling=handling, client=client)
        for event in events:
            charges_record_for_event(event=event)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        # A task retries within the backoff itself; the sweep waits a grace longer, for what no retry will take.
        longest = backoff(first.attempts - 1, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS)
        _events_settle(
            events,
            state=WebhookEventState.FAILED,
            error=error,
            next_attempt_at=timezone.now() + timedelta(seconds=longest) + SWEEP_GRACE,
        )
        raise
    _events_settle(events, state=WebhookEventState.PROCESSED, processed_at=timezone.now(), error="")


def _events_settle(events: Sequence[WebhookEvent], **values: Any) -> None:
    """Write ``values`` (and no next attempt unless they give one) on every event, in one query."""
    values.setdefault("next_attempt_at", None)
    WebhookEvent.objects.filter(pk__in=[event.pk for event in events]).update(**values)
    for event in events:
        for name, value in values.items():
            setattr(event, name, value)


def _needs_review(event: WebhookEvent) -> WebhookEvent:
    """Keep an event of a kind the portal does not know for a person: nothing was done with it, so it is not
    processed, and no retry would do more."""
    logger.warning("Webhook event %s is of a kind the portal does not know: kept for review", event.pk)
    event.state = WebhookEventState.NEEDS_REVIEW
    event.error = ""
    event.next_attempt_at = None
    with transaction.atomic():
        event.save(update_fields=["state", "error", "next_attempt_at"])
        webhook_review_notice(event)
    return event


def webhook_events_mark_reviewed(*, user: User, events: QuerySet[WebhookEvent]) -> int:
    """Mark the events of ``events`` waiting for review as reviewed by ``user``; answer how many were."""
    with audited(user=user, action="webhook_event.mark_reviewed") as audit:
        waiting = list(events.filter(state=WebhookEventState.NEEDS_REVIEW).values_list("pk", flat=True))
        # The state is checked again by the update itself: an event replayed meanwhile is left as the replay left it.
        marked = WebhookEvent.objects.filter(pk__in=waiting, state=WebhookEventState.NEEDS_REVIEW).update(
            state=WebhookEventState.REVIEWED
        )
        audit.summary["events"] = waiting
    return marked


def webhook_event_give_up(*, event_id: int, reason: str) -> None:
    """Mark the event failed for good: no task or sweep takes it up again; a replay from the admin still may.
    Written without reading the row, which may be what cannot be read."""
    WebhookEvent.objects.filter(pk=event_id).update(
        state=WebhookEventState.FAILED,
        error=f"Not retried: {reason}",
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        next_attempt_at=None,
    )


def webhook_event_replay(*, event: WebhookEvent, client: TenDLCClient) -> WebhookEvent:
    """Process a stored event again whatever its state (the admin's replay). A failure is kept on the event,
    not raised: the caller reads ``event.state``."""
    try:
        return webhook_event_process(event=event, client=client)
    except Exception:  # noqa: BLE001 - webhook_event_process kept the error on the row
        logger.warning("Replay of webhook event %s failed: %s", event.pk, event.error)
        return event
