"""Events handed over together go as one message: a burst costs the web process one publish per batch, not per
event, and the worker one task; each event is still processed as its own task would, under its own request id."""

import logging
import threading
from datetime import timedelta

import pytest
from django.utils import timezone

from tendlc.log_context import ContextFilter, bound
from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.services.webhooks import webhook_event_store
from tendlc.tasks import webhooks as webhook_tasks
from tendlc.tasks.webhooks import (
    Publisher,
    process_pending_webhook_events,
    process_webhook_event,
    process_webhook_events,
)
from tests.sandbox.factories import insert_brand, insert_campaign
from tests.webhooks.conftest import encode, envelope


@pytest.fixture
def two_campaign_docs(sandbox):
    brand = insert_brand(sandbox, displayName="Acme", companyName="Acme Inc.")
    return [insert_campaign(sandbox, brand), insert_campaign(sandbox, brand)]


def provisioned_event(campaign_id: str) -> WebhookEvent:
    document = envelope({"campaignId": campaign_id, "type": "MNO_REVIEW", "status": "ACCEPTED"})
    event, _ = webhook_event_store(body=encode(document).decode(), document=document)
    return event


def test_events_handed_over_while_a_publish_is_under_way_go_as_one_message(monkeypatch):
    publishing, release = threading.Event(), threading.Event()
    singles, together = [], []

    def slow_publish(event_id, waited=0.0):
        singles.append(event_id)
        publishing.set()
        release.wait(10)

    monkeypatch.setattr(webhook_tasks, "publish", slow_publish)
    monkeypatch.setattr(webhook_tasks, "publish_together", lambda handed, waited=0.0: together.append(handed))
    publisher = Publisher()

    publisher.submit(1)
    assert publishing.wait(10)
    for event_id in (2, 3, 4):
        with bound(request_id=f"request-{event_id}"):
            publisher.submit(event_id)
    release.set()

    assert publisher.drain(timeout=10)
    assert singles == [1]
    assert together == [[(2, "request-2"), (3, "request-3"), (4, "request-4")]]


def test_during_a_burst_the_publisher_gathers_events_and_holds_them_back_the_less(
    monkeypatch, portal_settings
):
    portal_settings.WEBHOOK_COALESCE_SECONDS = 2
    monkeypatch.setattr(webhook_tasks, "PUBLISH_LINGER_SECONDS", 0.5)
    sent = []

    def sender(kind):
        return lambda args, retry, countdown=None: sent.append((kind, args[0], countdown))

    monkeypatch.setattr(process_webhook_event, "apply_async", sender("one"))
    monkeypatch.setattr(process_webhook_events, "apply_async", sender("together"))
    publisher = Publisher()

    publisher.submit(1)  # after a quiet spell: published at once, held back the whole window
    assert publisher.drain(timeout=10)
    publisher.submit(2)  # right after a publish: a burst, so the publisher waits for more
    publisher.submit(3)
    assert publisher.drain(timeout=10)

    assert sent[0][:2] == ("one", 1)
    assert sent[0][2] == pytest.approx(2, abs=0.1)
    kind, handed, countdown = sent[1]
    assert (kind, [event_id for event_id, _ in handed]) == ("together", [2, 3])
    assert 0 < countdown <= 1.5  # the half second gathering is taken off the window


@pytest.mark.django_db
def test_a_batch_processes_each_event_under_its_own_request_id(two_campaign_docs, portal_settings, caplog):
    events = [provisioned_event(doc["campaignId"]) for doc in two_campaign_docs]
    # As the portal's log handlers do: each record takes the ids bound where it was logged.
    caplog.handler.addFilter(ContextFilter())

    with caplog.at_level(logging.INFO, logger="tendlc.tasks.webhooks"):
        process_webhook_events.apply(args=([[events[0].pk, "request-a"], [events[1].pk, "request-b"]],))

    assert set(WebhookEvent.objects.values_list("state", flat=True)) == {WebhookEventState.PROCESSED}
    references = {event.reference for event in events}
    processed = {
        record.webhook_event_id: record.request_id
        for record in caplog.records
        if getattr(record, "webhook_event_id", None) in references and "processed" in record.message
    }
    assert processed == {events[0].reference: "request-a", events[1].reference: "request-b"}


@pytest.mark.django_db
def test_a_transient_failure_hands_that_event_and_the_rest_back_as_one_message(
    two_campaign_docs, portal_settings, sandbox_control, monkeypatch
):
    sandbox_control.post(
        "/faults", {"status": 503, "retryAfter": 0, "count": 100, "pathPattern": "/10dlc/campaign/"}
    )
    events = [provisioned_event(doc["campaignId"]) for doc in two_campaign_docs]
    handed_back = []
    monkeypatch.setattr(
        process_webhook_events,
        "apply_async",
        lambda args, countdown, retry: handed_back.append((args, countdown)),
    )

    process_webhook_events.apply(args=([[events[0].pk, "request-a"], [events[1].pk, "request-b"]],))

    [(args, countdown)] = handed_back
    assert [list(pair) for pair in args[0]] == [[events[0].pk, "request-a"], [events[1].pk, "request-b"]]
    assert countdown > 0
    states = dict(WebhookEvent.objects.values_list("pk", "state"))
    assert states == {events[0].pk: WebhookEventState.FAILED, events[1].pk: WebhookEventState.RECEIVED}


@pytest.mark.django_db
def test_the_sweep_publishes_what_is_due_in_batches(monkeypatch):
    monkeypatch.setattr(webhook_tasks, "PUBLISH_BATCH", 2)
    together = []
    monkeypatch.setattr(webhook_tasks, "publish_together", together.append)
    for digit in "123":
        WebhookEvent.objects.create(body_hash=digit * 64, body="{}")
    WebhookEvent.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    ids = sorted(WebhookEvent.objects.values_list("pk", flat=True))

    assert process_pending_webhook_events() == 3
    assert together == [[(ids[0], None), (ids[1], None)], [(ids[2], None)]]
