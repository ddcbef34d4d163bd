"""Reads about stored webhook events."""

from django.db.models import QuerySet

from tendlc.models import WebhookEvent, WebhookEventState


def webhook_events_needing_review() -> QuerySet[WebhookEvent]:
    """Events of a kind the portal does not know, kept until a person reviews them."""
    return WebhookEvent.objects.filter(state=WebhookEventState.NEEDS_REVIEW)


def webhook_events_needing_review_count() -> int:
    return webhook_events_needing_review().count()
