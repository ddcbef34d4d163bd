"""Reads about stored webhook events."""

from datetime import datetime

from django.db.models import Count, Min, QuerySet

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.webhooks.buffer import webhook_buffer


def webhook_events_needing_review() -> QuerySet[WebhookEvent]:
    """Events of a kind the portal does not know, kept until a person reviews them."""
    return WebhookEvent.objects.filter(state=WebhookEventState.NEEDS_REVIEW)


def webhook_events_needing_review_count() -> int:
    return webhook_events_needing_review().count()


def webhook_events_waiting() -> tuple[int, datetime | None]:
    """How many stored events wait to be processed, and when the oldest of them was received."""
    waiting = WebhookEvent.objects.filter(state=WebhookEventState.RECEIVED).aggregate(
        count=Count("id"), oldest=Min("received_at")
    )
    return waiting["count"], waiting["oldest"]


def webhook_deliveries_unstored() -> tuple[int, datetime | None]:
    """How many deliveries wait in the webhook buffer to be stored, and when the oldest was received; none
    without a buffer. Raises ``redis.RedisError`` when the buffer does not answer."""
    buffer = webhook_buffer()
    return buffer.backlog() if buffer is not None else (0, None)
