"""Which stored events one read covers, and how one worker takes them so no other reads them too.

The rule that keeps coalescing correct: a read of a record that began after an event was stored answers a
state at least as new as the event's, so it covers the event. A task is published ``WEBHOOK_COALESCE_SECONDS``
after its event arrived (``tendlc.tasks.webhooks``); it then claims, with its own event, every event never
attempted that is about the same thing, all already stored, and reads once for them all:

- events of one kind about one record (the same ids), whose reads would be the same, read once;
- number events of one campaign read that campaign's list of numbers, in pages
  (``tendlc.services.webhook_handlers.assignments_refresh``).

Each event claimed is stamped as attempted, and later ends processed or failed with the rest. An event is held
by a worker while it is received and was attempted less than ``LEASE`` ago: another task of it is then
skipped, and the sweep takes it up after ``LEASE`` should that worker die. Claiming locks the rows and skips
those another worker is claiming (``select_for_update(skip_locked=True)``), so two workers never take one
event. A window of 0 turns coalescing off: each event is read on its own, as before coalescing existed.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from tendlc.mapping.webhooks import PHONE_NUMBER_UPDATE
from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.services.webhook_handlers import Handling, Refresh, handling_of
from tendlc.services.webhooks import LEASE

# The most events one task takes: a burst larger than this is shared among the tasks of its later events.
CLAIM_LIMIT = 5000
ASSIGNMENT_ONLY = (Refresh.ASSIGNMENT,)


def webhook_coalesce_window() -> timedelta:
    """How long a new event waits for others about the same record before it is read."""
    return timedelta(seconds=float(settings.WEBHOOK_COALESCE_SECONDS))


def webhook_events_claim(*, event: WebhookEvent) -> list[WebhookEvent]:
    """Take ``event`` and, when coalescing is on, the events its read covers, stamped as attempted; ``event``
    comes first. Empty when another worker holds ``event``."""
    now = timezone.now()
    mine = Q(pk=event.pk) & (
        Q(state=WebhookEventState.FAILED)
        | Q(last_attempt_at__isnull=True)
        | Q(last_attempt_at__lte=now - LEASE)
    )
    handling = handling_of(event)
    covered = mine
    if handling is not None and webhook_coalesce_window() > timedelta(0):
        fresh = Q(state=WebhookEventState.RECEIVED, last_attempt_at__isnull=True)
        covered |= fresh & _same_read(event, handling)
    with transaction.atomic():
        rows = (
            WebhookEvent.objects.select_for_update(skip_locked=True)
            .filter(covered)
            .order_by(Case(When(pk=event.pk, then=Value(0)), default=Value(1)), "id")[:CLAIM_LIMIT]
        )
        claimed = [row for row in rows if row.pk == event.pk or _refreshes(row) == _refreshes(event)]
        if not claimed or claimed[0].pk != event.pk:
            return []
        WebhookEvent.objects.filter(pk__in=[row.pk for row in claimed]).update(
            attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + LEASE
        )
    for row in claimed:
        row.attempts += 1
        row.last_attempt_at = now
        row.next_attempt_at = now + LEASE
    return claimed


def _same_read(event: WebhookEvent, handling: Handling) -> Q:
    """The events whose read ``event``'s read is, or, for a campaign's numbers, whose list page holds."""
    if (
        handling.refreshes == ASSIGNMENT_ONLY
        and event.event_type == PHONE_NUMBER_UPDATE
        and event.campaign_id
    ):
        return Q(event_type=event.event_type, campaign_id=event.campaign_id)
    return Q(
        event_type=event.event_type,
        payload_type=event.payload_type,
        campaign_id=event.campaign_id,
        brand_id=event.brand_id,
        phone_number=event.phone_number,
    )


def _refreshes(event: WebhookEvent) -> tuple[Refresh, ...] | None:
    # Registry events share a payload type: their kind (hence their read) is told apart in the payload.
    handling = handling_of(event)
    return handling.refreshes if handling is not None else None
