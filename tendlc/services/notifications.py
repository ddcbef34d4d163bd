"""Telling people: an event recorded once, fanned out to its subscribers and chat channels, each sending tried
on its own.

This module owns the delivery policy:

- ``occurrence_record`` is called where an event is noticed, in the transaction that noticed it. Its key makes
  it one: a redelivered or replayed webhook, a poll and a sync that see the same change record nothing more.
  After commit it hands the event to ``tendlc.fan_out_occurrence``; one whose task never left (the broker
  down) is taken up by the hourly sweep.
- ``occurrence_fan_out`` makes one ``Notification`` per covering subscription (unique per recipient and key,
  so running it twice tells nobody twice) and one chat ``Delivery`` per covering channel, and answers the
  deliveries to send now: e-mails of "immediately" subscriptions and chat messages. A digest subscription's
  notification waits for the day's digest (``tendlc.services.digests``).
- ``delivery_send`` tries one delivery. A failure before the last try raises ``DeliveryFailed`` for the task
  to retry with backoff; the last try's failure marks it failed and, for a chat channel, keeps the error on
  the channel for admins. One delivery's failure touches no other.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone

from tendlc.models import (
    ChatChannel,
    Delivery,
    DeliveryChannel,
    DeliveryMode,
    DeliveryState,
    Notification,
    Occurrence,
)
from tendlc.selectors.notifications import chat_channels_of, subscriptions_of
from tendlc.services.chat import ChatError, chat_post
from tendlc.services.notification_content import occurrence_content

logger = logging.getLogger(__name__)

EMAIL_SUBJECT_PREFIX = "[10DLC] "
# An event not fanned out this long after it was recorded lost its task.
MISSED_AFTER = timedelta(minutes=10)


class DeliveryFailed(Exception):
    """A try failed and another may succeed."""


class Undeliverable(Exception):
    """No try can succeed (a recipient without an e-mail address): the delivery fails at once."""


@dataclass(frozen=True)
class Event:
    """An event as the code that noticed it knows it."""

    kind: str
    key: str
    occurred_at: datetime
    target: Model | None = None
    brand_id: str = ""
    campaign_id: str = ""
    phone_number: str = ""
    started_by: User | None = None
    facts: Mapping[str, Any] = field(default_factory=dict)


def occurrence_record(event: Event) -> Occurrence | None:
    """Record ``event`` unless an event of its key is recorded already, and fan it out once committed. Answers
    the new row, or None when the event was known."""
    target = event.target
    occurrence, created = Occurrence.objects.get_or_create(
        key=event.key[:255],
        defaults={
            "kind": event.kind,
            "occurred_at": event.occurred_at,
            "target_type": ContentType.objects.get_for_model(target) if target is not None else None,
            "target_id": str(target.pk) if target is not None else "",
            "target_repr": str(target)[:200] if target is not None else "",
            "brand_id": event.brand_id or "",
            "campaign_id": event.campaign_id or "",
            "phone_number": event.phone_number or "",
            "started_by": event.started_by,
            "facts": dict(event.facts),
        },
    )
    if not created:
        return None
    # Robust: a broker that is down must not fail the write that noticed the event (a person's action, a
    # webhook's processing); the hourly sweep (``occurrences_missed``) fans out what was never handed over.
    transaction.on_commit(lambda: _fan_out_later(occurrence.pk), robust=True)
    return occurrence


def _fan_out_later(occurrence_id: int) -> None:
    from tendlc.tasks.notifications import fan_out_occurrence

    fan_out_occurrence.delay(occurrence_id)


def occurrences_missed(*, now: datetime, grace: timedelta = MISSED_AFTER) -> list[int]:
    """The events recorded more than ``grace`` ago and never fanned out (their task was lost)."""
    return list(
        Occurrence.objects.filter(fanned_out_at=None, recorded_at__lt=now - grace)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def occurrence_fan_out(*, occurrence_id: int) -> list[int]:
    """Make ``occurrence``'s notifications and chat deliveries; answer the ids of the deliveries to send now
    (none made by an earlier run)."""
    occurrence = Occurrence.objects.get(pk=occurrence_id)
    content = occurrence_content(occurrence)
    text = content.text
    to_send: list[int] = []
    with transaction.atomic():
        for subscription in subscriptions_of(occurrence):
            digest = subscription.mode == DeliveryMode.DAILY_DIGEST
            notification, created = Notification.objects.get_or_create(
                recipient=subscription.user,
                dedup_key=occurrence.key,
                defaults={
                    "occurrence": occurrence,
                    "kind": occurrence.kind,
                    "title": content.title,
                    "body": text,
                    "target_type": occurrence.target_type,
                    "target_id": occurrence.target_id,
                    "brand_id": occurrence.brand_id,
                    "campaign_id": occurrence.campaign_id,
                    "phone_number": occurrence.phone_number,
                    "occurred_at": occurrence.occurred_at,
                    "digest": digest and subscription.email,
                },
            )
            if created and subscription.email and not digest:
                delivery = Delivery.objects.create(channel=DeliveryChannel.EMAIL, notification=notification)
                to_send.append(delivery.pk)
        for channel in chat_channels_of(occurrence):
            delivery, created = Delivery.objects.get_or_create(
                channel=DeliveryChannel.CHAT, occurrence=occurrence, chat_channel=channel
            )
            if created:
                to_send.append(delivery.pk)
        Occurrence.objects.filter(pk=occurrence.pk, fanned_out_at=None).update(fanned_out_at=timezone.now())
    return to_send


def delivery_send(*, delivery_id: int, last_try: bool) -> str:
    """Try ``delivery`` once; answer its state. Sent or failed ones are left as they are (a redelivered
    task sends nothing twice)."""
    delivery = Delivery.objects.select_related(
        "notification__recipient", "notification__occurrence", "occurrence", "chat_channel"
    ).get(pk=delivery_id)
    if delivery.state != DeliveryState.PENDING:
        return delivery.state
    Delivery.objects.filter(pk=delivery.pk).update(attempts=F("attempts") + 1)
    try:
        if delivery.chat_channel is not None and delivery.occurrence is not None:
            chat_post(channel=delivery.chat_channel, content=occurrence_content(delivery.occurrence))
        elif delivery.notification is not None:
            notification_email(delivery.notification)
    except Undeliverable as exc:
        return _failed(delivery, str(exc), last_try=True)
    except ChatError as exc:
        return _failed(delivery, str(exc), last_try)
    except (OSError, ValueError) as exc:
        return _failed(delivery, _error_words(exc), last_try)
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.SENT, sent_at=now, last_error="")
    if delivery.chat_channel is not None:
        ChatChannel.objects.filter(pk=delivery.chat_channel.pk).update(last_sent_at=now)
    return DeliveryState.SENT


def _failed(delivery: Delivery, error: str, last_try: bool) -> str:
    if not last_try:
        Delivery.objects.filter(pk=delivery.pk).update(last_error=error)
        raise DeliveryFailed(error)
    logger.warning("Delivery %s failed for good: %s", delivery.pk, error)
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk).update(state=DeliveryState.FAILED, last_error=error)
    if delivery.chat_channel is not None:
        ChatChannel.objects.filter(pk=delivery.chat_channel.pk).update(last_error=error, last_error_at=now)
    return DeliveryState.FAILED


def _error_words(exc: Exception) -> str:
    return f"Could not send the e-mail ({type(exc).__name__}: {exc})"[:500]


def notification_email(notification: Notification) -> None:
    """E-mail ``notification`` to its recipient, in plain text and HTML."""
    address = notification.recipient.email
    if not address:
        raise Undeliverable("Not e-mailed: the recipient has no e-mail address.")
    content = occurrence_content(notification.occurrence)
    message = EmailMultiAlternatives(
        subject=EMAIL_SUBJECT_PREFIX + content.title, body=content.text, to=[address]
    )
    message.attach_alternative(content.html, "text/html")
    message.send()
