"""Taking a verified delivery in: kept in the webhook buffer when there is one, else stored at once; and storing
what waited in the buffer, a batch at a time.

With a buffer (``tendlc.webhooks.buffer``) the web process only checks the event can be stored and appends it
to Redis; a worker stores the batch in one insert (``webhook_deliveries_store``). A repeat of a stored event is
then recognised when its batch is stored, and counted on the stored row as it is when stored at once. A buffer
that does not answer costs no delivery: it is stored at once instead, as without a buffer.
"""

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

import redis
from django.db import transaction
from django.utils import timezone

from tendlc.log_context import bound
from tendlc.mapping.webhooks import MalformedEvent, webhook_event_parts, webhook_event_values
from tendlc.models import WebhookEvent
from tendlc.services.webhooks import (
    SWEEP_GRACE,
    occurred_at_kept,
    webhook_event_count_delivery,
    webhook_event_store,
    webhook_events_insert_unless_stored,
)
from tendlc.webhooks.buffer import Delivery, webhook_buffer

logger = logging.getLogger(__name__)


class Outcome(StrEnum):
    BUFFERED = "buffered"
    STORED = "stored"
    REPEATED = "repeated"


@dataclass(frozen=True)
class TakenIn:
    outcome: Outcome
    # The stored row, when the delivery was stored at once (new, or the event it repeats).
    event: WebhookEvent | None = None
    # Buffered, and no drain was due yet: one has to be enqueued.
    drain_due: bool = False


def webhook_delivery_take_in(*, body: str, document: Any, request_id: str | None) -> TakenIn:
    """Keep or store a verified delivery. Raises ``MalformedEvent`` before anything is kept."""
    buffer = webhook_buffer()
    if buffer is not None:
        webhook_event_parts(document)
        try:
            due = buffer.add(body=body, request_id=request_id)
        except redis.RedisError:
            logger.warning("The webhook buffer did not answer: the delivery is stored at once", exc_info=True)
        else:
            return TakenIn(Outcome.BUFFERED, drain_due=due)
    event, created = webhook_event_store(body=body, document=document)
    return TakenIn(Outcome.STORED if created else Outcome.REPEATED, event)


@dataclass(frozen=True)
class Stored:
    event_id: int
    reference: str
    request_id: str | None
    received_at: datetime


def webhook_deliveries_store(deliveries: Sequence[Delivery]) -> list[Stored]:
    """Store buffered ``deliveries`` in one transaction; answer the events that are new, in order.

    A delivery that cannot be read as an event (the web process checked it, so only a portal changed between
    the two could see one) is logged with its body and dropped: storing it again would fail the same way."""
    now = timezone.now()
    events, origins = [], []
    for delivery in deliveries:
        try:
            values = webhook_event_values(json.loads(delivery.body))
        except (ValueError, MalformedEvent) as exc:
            logger.error(
                "Buffered webhook delivery %s dropped: %s Its body: %s", delivery.entry_id, exc, delivery.body
            )
            continue
        values["occurred_at"] = occurred_at_kept(values["occurred_at"])
        events.append(
            WebhookEvent(
                **values,
                body=delivery.body,
                received_at=delivery.received_at,
                next_attempt_at=now + SWEEP_GRACE,
            )
        )
        origins.append(delivery)
    with transaction.atomic():
        keys = webhook_events_insert_unless_stored(events)
        for event, key, delivery in zip(events, keys, origins, strict=True):
            if key is None:
                webhook_event_count_delivery(event)
                with bound(request_id=delivery.request_id, webhook_event_id=event.reference):
                    logger.info("Webhook event %s delivered again; already stored", event.reference)
    return [
        Stored(key, event.reference, delivery.request_id, delivery.received_at)
        for key, event, delivery in zip(keys, events, origins, strict=True)
        if key is not None
    ]
