"""With a webhook buffer (WEBHOOK_BUFFER_URL), a verified delivery is appended to Redis and answered; a drain
stores what waits in batches and enqueues its processing. Nothing answered 2xx is lost on the way: not when a
drain dies mid-batch, not when Redis is down, not when a drain task is lost."""

import json
import logging
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from tendlc.models import Campaign, WebhookEvent, WebhookEventState
from tendlc.services.webhook_intake import webhook_deliveries_store
from tendlc.services.webhooks import webhook_event_store
from tendlc.tasks import webhooks as webhook_tasks
from tendlc.tasks.webhooks import process_pending_webhook_events, store_buffered_webhook_events
from tendlc.webhooks import buffer as buffer_module
from tendlc.webhooks import views as webhook_views
from tendlc.webhooks.buffer import STREAM
from tests.sandbox.campaign_payloads import submit
from tests.waiting import wait_for
from tests.webhooks.conftest import URL, all_processed, encode, envelope

pytestmark = pytest.mark.django_db

# Nothing listens there: connecting is refused at once.
UNREACHABLE = "redis://127.0.0.1:1/0"


def review(campaign_id: str = "4b300178-131c-d902-d54e-72d90ba1620a", **data) -> dict:
    return envelope({"campaignId": campaign_id, "status": "ACCEPTED", "type": "TELNYX_REVIEW"}, **data)


@pytest.fixture
def drains_enqueued(monkeypatch) -> list[None]:
    enqueued: list[None] = []
    monkeypatch.setattr(webhook_views, "enqueue_buffer_drain", lambda: enqueued.append(None))
    return enqueued


@pytest.fixture
def drain_published(monkeypatch) -> list[tuple[list[tuple[int, str | None]], float]]:
    """What the drain hands to the broker: (event id, request id) pairs, and how long they already waited."""
    sent: list[tuple[list[tuple[int, str | None]], float]] = []
    monkeypatch.setattr(
        webhook_tasks, "publish_together", lambda handed, waited=0.0: sent.append((handed, waited))
    )
    monkeypatch.setattr(
        webhook_tasks,
        "publish",
        lambda event_id, waited=0.0: sent.append(
            ([(event_id, webhook_tasks.current().get("request_id"))], waited)
        ),
    )
    return sent


def waiting_bodies(buffer) -> list[dict]:
    return [json.loads(fields[b"body"]) for _, fields in buffer.redis.xrange(STREAM)]


# --- taking a delivery in -------------------------------------------------------------------------------


@pytest.mark.redis
def test_a_delivery_is_kept_in_the_buffer_and_answered_before_it_is_stored(
    buffer_on, post_webhook, drains_enqueued
):
    document = review()

    response = post_webhook(encode(document))

    assert (response.status_code, response.json()) == (202, {"status": "received"})
    assert not WebhookEvent.objects.exists()
    assert waiting_bodies(buffer_on) == [document]
    assert buffer_on.backlog()[0] == 1


@pytest.mark.redis
def test_a_burst_enqueues_one_drain_and_a_delivery_after_a_drain_began_another(
    buffer_on, post_webhook, drains_enqueued
):
    for _ in range(3):
        assert post_webhook(encode(review())).status_code == 202
    assert len(drains_enqueued) == 1

    buffer_on.drain_started()
    post_webhook(encode(review()))

    assert len(drains_enqueued) == 2
    assert buffer_on.backlog()[0] == 4


@pytest.mark.redis
def test_a_malformed_event_is_refused_before_it_is_kept(buffer_on, post_webhook, drains_enqueued):
    response = post_webhook(encode({"data": {"id": "e1", "payload": "not an object"}}))

    assert response.status_code == 400
    assert response.json()["error"] == "malformed_event"
    assert buffer_on.backlog() == (0, None)
    assert drains_enqueued == []


def test_a_buffer_that_does_not_answer_costs_no_delivery(settings, post_webhook, drains_enqueued, caplog):
    settings.WEBHOOK_BUFFER_URL = UNREACHABLE
    document = review()

    started = time.monotonic()
    response = post_webhook(encode(document))

    assert response.status_code == 202
    assert time.monotonic() - started < 1, "a refused connection is not retried"
    assert WebhookEvent.objects.get().event_id == document["data"]["id"]
    assert "The webhook buffer did not answer: the delivery is stored at once" in caplog.text


# --- storing what waits ---------------------------------------------------------------------------------


@pytest.mark.redis
def test_a_drain_stores_every_delivery_with_the_time_it_was_received_and_enqueues_its_processing(
    buffer_on, drain_published, settings
):
    settings.WEBHOOK_COALESCE_SECONDS = 2
    # More than one insert's worth on SQLite (999 parameters), and more than one message's worth.
    documents = [review(campaign_id=f"campaign-{index}") for index in range(120)]
    for index, document in enumerate(documents):
        buffer_on.add(body=encode(document).decode(), request_id=f"request-{index}")
    received_by = timezone.now()
    time.sleep(0.3)

    assert store_buffered_webhook_events() == 120

    events = list(WebhookEvent.objects.order_by("id"))
    assert [event.event_id for event in events] == [document["data"]["id"] for document in documents]
    assert [event.campaign_id for event in events] == [f"campaign-{index}" for index in range(120)]
    assert all(event.state == WebhookEventState.RECEIVED for event in events)
    assert all(received_by - timedelta(seconds=5) < event.received_at <= received_by for event in events)
    handed = [pair for batch, _ in drain_published for pair in batch]
    assert handed == [(event.pk, f"request-{index}") for index, event in enumerate(events)]
    assert [len(batch) for batch, _ in drain_published] == [100, 20]
    # Held back only for what is left of the window since they were received.
    assert all(0.3 <= waited < 2 for _, waited in drain_published)
    assert buffer_on.backlog() == (0, None)
    assert not buffer_on.redis.xpending(STREAM, "portal")["pending"]


@pytest.mark.redis
def test_a_lone_delivery_is_enqueued_as_its_own_task_under_its_request_id(buffer_on, drain_published):
    buffer_on.add(body=encode(review()).decode(), request_id="request-1")

    store_buffered_webhook_events()

    assert drain_published == [([(WebhookEvent.objects.get().pk, "request-1")], drain_published[0][1])]


@pytest.mark.redis
def test_repeats_are_counted_on_the_stored_event_and_not_processed_again(buffer_on, drain_published):
    stored_before = review()
    webhook_event_store(body=encode(stored_before).decode(), document=stored_before)
    new = review()
    resent = json.loads(json.dumps(new))
    resent["meta"]["attempt"] = 2  # re-signed by Telnyx: another body, the same event
    for document in (stored_before, new, resent, new):
        buffer_on.add(body=encode(document).decode(), request_id=None)

    assert store_buffered_webhook_events() == 1

    deliveries = dict(WebhookEvent.objects.values_list("event_id", "deliveries"))
    assert deliveries == {stored_before["data"]["id"]: 2, new["data"]["id"]: 3}
    assert [pair for batch, _ in drain_published for pair in batch] == [
        (WebhookEvent.objects.get(event_id=new["data"]["id"]).pk, None)
    ]


@pytest.mark.redis
def test_what_a_dead_drain_took_is_taken_by_the_next_once_it_was_left_long_enough(
    buffer_on, drain_published, monkeypatch
):
    document = review()
    buffer_on.add(body=encode(document).decode(), request_id=None)
    buffer_on.take(consumer="a worker that dies now", count=10)

    assert store_buffered_webhook_events() == 0, "left so briefly, it may be still being stored"
    monkeypatch.setattr(buffer_module, "CLAIM_IDLE_MS", 0)

    assert store_buffered_webhook_events() == 1
    assert WebhookEvent.objects.get().event_id == document["data"]["id"]
    assert buffer_on.backlog() == (0, None)


@pytest.mark.redis
def test_a_drain_that_runs_out_of_time_hands_the_rest_to_another(buffer_on, drain_published, monkeypatch):
    for _ in range(3):
        buffer_on.add(body=encode(review()).decode(), request_id=None)
    monkeypatch.setattr(webhook_tasks, "STORE_BATCH", 1)
    monkeypatch.setattr(webhook_tasks, "DRAIN_SECONDS", 0.000001)
    handed_on = []
    monkeypatch.setattr(
        store_buffered_webhook_events, "apply_async", lambda **options: handed_on.append(options)
    )

    assert store_buffered_webhook_events() == 1

    assert handed_on == [{"retry": False}]
    assert buffer_on.backlog()[0] == 2


@pytest.mark.redis
def test_a_delivery_that_is_no_event_is_logged_and_dropped_and_the_rest_stored(
    buffer_on, drain_published, caplog
):
    buffer_on.add(body='{"data": {"payload": 1}}', request_id=None)
    buffer_on.add(body=encode(review()).decode(), request_id=None)

    with caplog.at_level(logging.ERROR):
        assert store_buffered_webhook_events() == 1

    assert WebhookEvent.objects.count() == 1
    assert 'dropped: data.payload is not an object. Its body: {"data": {"payload": 1}}' in caplog.text
    assert buffer_on.backlog() == (0, None)


@pytest.mark.redis
def test_the_minute_sweep_stores_what_a_lost_drain_left(buffer_on, drain_published):
    buffer_on.add(body=encode(review()).decode(), request_id=None)

    process_pending_webhook_events()

    assert WebhookEvent.objects.count() == 1
    assert buffer_on.backlog() == (0, None)


def test_the_sweep_goes_on_when_the_buffer_does_not_answer(settings, drain_published, caplog):
    settings.WEBHOOK_BUFFER_URL = UNREACHABLE
    document = review()
    event, _ = webhook_event_store(body=encode(document).decode(), document=document)
    WebhookEvent.objects.filter(pk=event.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=1))

    assert process_pending_webhook_events() == 1

    assert "The webhook buffer did not answer" in caplog.text


def test_without_a_buffer_there_is_nothing_to_drain(settings):
    settings.WEBHOOK_BUFFER_URL = ""

    assert store_buffered_webhook_events() == 0


def test_a_batch_is_stored_in_one_transaction(settings, django_assert_max_num_queries):
    deliveries = [
        buffer_module.Delivery(
            entry_id=f"1-{index}",
            body=encode(review()).decode(),
            received_at=datetime(2026, 12, 7, tzinfo=UTC),
            request_id=None,
        )
        for index in range(40)
    ]

    with django_assert_max_num_queries(5):
        stored = webhook_deliveries_store(deliveries)

    assert len(stored) == 40
    assert set(WebhookEvent.objects.values_list("received_at", flat=True)) == {
        datetime(2026, 12, 7, tzinfo=UTC)
    }


# --- end to end -----------------------------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_sandbox_s_events_reach_the_portal_through_the_buffer_and_a_real_worker(
    buffer_on, sandbox_api, sandbox_control, acme_brand, portal_server, webhook_worker
):
    campaign_id = submit(
        sandbox_api, acme_brand, webhookURL=portal_server.url + URL, webhookFailoverURL=None
    )["campaignId"]

    for seconds, status, events in [(2, "TCR_ACCEPTED", 1), (30, "MNO_PROVISIONED", 5)]:
        sandbox_control.post("/clock/advance", {"seconds": seconds})
        wait_for(all_processed(events))
        assert Campaign.objects.get(campaign_id=campaign_id).campaign_status == status

    assert buffer_on.backlog() == (0, None)
    assert set(WebhookEvent.objects.values_list("deliveries", flat=True)) == {1}
