"""Notification tasks: fanning an event out, sending each delivery with retries, the daily digests, and the
hourly look for campaigns soon suspended for dormancy or soon renewed (with the sweep of events whose fan-out
task was lost).

A delivery is retried on its own (Celery's autoretry, exponential backoff with jitter, up to ``MAX_RETRIES``),
so a chat channel that is down holds back neither the e-mails nor other channels; ``delivery_send`` decides
what a failure means, the task only how long to wait. All are idempotent: a redelivered message sends nothing
twice.
"""

from typing import Any

from celery import Task, shared_task
from django.utils import timezone

from tendlc.services.digests import digests_send
from tendlc.services.notification_events import risks_notice
from tendlc.services.notifications import (
    DeliveryFailed,
    delivery_send,
    occurrence_fan_out,
    occurrences_missed,
)

MAX_RETRIES = 5
RETRY_BACKOFF = 10  # seconds before the first retry (at most); doubled for each one after
# Under the broker's visibility timeout (CELERY_VISIBILITY_TIMEOUT), so a waiting retry is not handed out twice.
RETRY_BACKOFF_MAX = 300


@shared_task(name="tendlc.fan_out_occurrence", acks_late=True, ignore_result=True)
def fan_out_occurrence(occurrence_id: int) -> int:
    deliveries = occurrence_fan_out(occurrence_id=occurrence_id)
    for delivery_id in deliveries:
        send_delivery.delay(delivery_id)
    return len(deliveries)


@shared_task(
    name="tendlc.send_delivery",
    bind=True,
    acks_late=True,
    ignore_result=True,
    autoretry_for=(DeliveryFailed,),
    max_retries=MAX_RETRIES,
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    soft_time_limit=60,
    time_limit=90,
)
def send_delivery(self: Task[Any, str], delivery_id: int) -> str:
    return delivery_send(delivery_id=delivery_id, last_try=self.request.retries >= MAX_RETRIES)


@shared_task(name="tendlc.send_notification_digests", acks_late=True, ignore_result=True)
def send_notification_digests() -> int:
    return digests_send()


@shared_task(name="tendlc.notice_campaign_risks", acks_late=True, ignore_result=True)
def notice_campaign_risks() -> int:
    """The hourly look for risks, and the sweep of events whose fan-out task was lost."""
    for occurrence_id in occurrences_missed(now=timezone.now()):
        fan_out_occurrence.delay(occurrence_id)
    return risks_notice()
