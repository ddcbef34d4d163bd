"""The daily digest: a day's notifications of digest subscriptions in one e-mail, sent the day after, once,
however many workers run the schedule."""

import threading
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from tendlc.models import DeliveryMode, DigestRun, Notification, NotificationKind
from tendlc.services.digests import digests_send
from tendlc.services.notifications import Event, occurrence_record
from tests.factories import CampaignFactory
from tests.fixtures.notifications import person, subscribe

pytestmark = [pytest.mark.usefixtures("eager_notifications")]

DAY = datetime(2026, 12, 1, tzinfo=timezone.get_default_timezone())


def happened(campaign, key: str, at: datetime, capture) -> None:
    """An event told at ``at`` (the notification's time set as a clock would have)."""
    with capture(execute=True):
        occurrence_record(
            Event(
                kind=NotificationKind.CARRIER_SUSPENDED,
                key=key,
                occurred_at=at,
                target=campaign,
                campaign_id=campaign.campaign_id,
                facts={"carrier": "T-Mobile"},
            )
        )
    Notification.objects.filter(dedup_key=key).update(created_at=at)


@pytest.mark.django_db
def test_a_days_notifications_are_sent_together_the_day_after_and_once(django_capture_on_commit_callbacks):
    reader = person("reader")
    subscribe(reader, NotificationKind.CARRIER_SUSPENDED, mode=DeliveryMode.DAILY_DIGEST)
    reader.notification_subscriptions.update(created_at=DAY - timedelta(days=1))
    campaign = CampaignFactory()
    happened(campaign, "morning", DAY + timedelta(hours=8), django_capture_on_commit_callbacks)
    happened(campaign, "evening", DAY + timedelta(hours=22), django_capture_on_commit_callbacks)
    happened(campaign, "next day", DAY + timedelta(days=1, hours=1), django_capture_on_commit_callbacks)

    assert mail.outbox == []  # nothing at once for a digest subscription
    assert digests_send(now=DAY + timedelta(hours=23)) == 0  # the day is not over
    assert digests_send(now=DAY + timedelta(days=1, hours=2)) == 1
    assert digests_send(now=DAY + timedelta(days=1, hours=3)) == 0

    (digest,) = mail.outbox
    assert digest.to == ["reader@example.com"]
    assert digest.subject == "[10DLC] Your notifications of 2026-12-01: 2"
    assert digest.body.count(f"== Campaign {campaign.campaign_id} suspended by T-Mobile ==") == 2
    assert digest.alternatives[0][1] == "text/html"
    assert DigestRun.objects.get(day=DAY.date()).notifications == 2

    assert digests_send(now=DAY + timedelta(days=2, hours=2)) == 1
    assert "Your notifications of 2026-12-02: 1" in mail.outbox[1].subject


@pytest.mark.django_db(transaction=True)
def test_two_workers_running_the_digest_at_once_send_it_once():
    reader = person("reader")
    subscribe(reader, NotificationKind.CARRIER_SUSPENDED, mode=DeliveryMode.DAILY_DIGEST)
    campaign = CampaignFactory()
    # No transaction around the test: the fan-out runs as the event is recorded.
    occurrence_record(
        Event(
            kind=NotificationKind.CARRIER_SUSPENDED,
            key="one",
            occurred_at=timezone.now(),
            target=campaign,
            campaign_id=campaign.campaign_id,
        )
    )
    Notification.objects.update(created_at=DAY + timedelta(hours=9))
    start = threading.Barrier(2)
    sent: list[int] = []

    def worker() -> None:
        start.wait()
        try:
            sent.append(digests_send(now=DAY + timedelta(days=1, hours=1)))
        finally:
            connection.close()

    workers = [threading.Thread(target=worker) for _ in range(2)]
    for thread in workers:
        thread.start()
    for thread in workers:
        thread.join(timeout=60)

    assert sorted(sent) == [0, 1]
    assert len(mail.outbox) == 1
    assert DigestRun.objects.count() == 1
