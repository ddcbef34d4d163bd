"""The tasks: idempotent processing with retries, the sweep, and enqueueing that never waits on the broker.

Tests marked transactional run a real worker (a thread of this process) on a queue of their own through the
configured broker: the filesystem broker locally, Redis in CI.
"""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from portal.celery import app as portal_app
from tendlc.models import Campaign, WebhookEvent, WebhookEventState
from tendlc.services.webhooks import LEASE, webhook_event_store
from tendlc.tasks import webhooks as webhook_tasks
from tendlc.tasks.webhooks import (
    enqueue_webhook_event,
    process_pending_webhook_events,
    process_webhook_event,
)
from tests.celery_apps import portal_broker_on
from tests.sandbox.factories import insert_brand, insert_campaign
from tests.waiting import wait_for
from tests.webhooks.conftest import URL, encode, envelope, signed_headers


@pytest.fixture
def campaign_doc(sandbox):
    return insert_campaign(sandbox, insert_brand(sandbox, displayName="Acme", companyName="Acme Inc."))


def stored_event(campaign_id: str) -> WebhookEvent:
    document = envelope({"campaignId": campaign_id, "type": "MNO_REVIEW", "status": "ACCEPTED"})
    event, _ = webhook_event_store(body=encode(document).decode(), document=document)
    return event


def state_of(event: WebhookEvent) -> tuple[str, int]:
    event.refresh_from_db()
    return event.state, event.attempts


# --- the task, run in-process -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_server_error_is_retried_until_the_event_is_processed(
    sandbox_control, campaign_doc, portal_settings
):
    # Each run of the task: a read the client tries three times (no wait: Retry-After 0).
    sandbox_control.post(
        "/faults", {"status": 500, "count": 2 * 3, "retryAfter": 0, "pathPattern": "/10dlc/campaign/"}
    )
    event = stored_event(campaign_doc["campaignId"])

    # Run eagerly, a retry runs at once: the countdown is the broker's business.
    process_webhook_event.apply(args=(event.pk,))

    assert state_of(event) == (WebhookEventState.PROCESSED, 3)
    assert Campaign.objects.get().campaign_id == campaign_doc["campaignId"]


@pytest.mark.django_db
def test_an_error_that_is_not_transient_fails_the_task_and_is_kept_for_the_sweep(sandbox, portal_settings):
    # A campaign whose brand the API does not know cannot be mirrored (its brand is a foreign key).
    orphan = insert_campaign(
        sandbox, {"brandId": "4b20ffff-0000-0000-0000-000000000000", "tcrBrandId": "BX", "displayName": "X"}
    )
    event = stored_event(orphan["campaignId"])

    result = process_webhook_event.apply(args=(event.pk,))

    assert result.state == "FAILURE"
    event.refresh_from_db()
    assert (event.state, event.attempts) == (WebhookEventState.FAILED, 1)
    assert event.error == (
        f"LookupError: Campaign {orphan['campaignId']} belongs to brand 4b20ffff-0000-0000-0000-000000000000,"
        " which the API does not know."
    )
    assert event.next_attempt_at > timezone.now()
    assert Campaign.objects.count() == 0


@pytest.mark.django_db
def test_a_processed_or_unknown_event_is_skipped(portal_settings):
    event = stored_event("4b300000-0000-0000-0000-00000000000b")
    WebhookEvent.objects.filter(pk=event.pk).update(state=WebhookEventState.PROCESSED, attempts=1)

    assert process_webhook_event.apply(args=(event.pk,)).get() == "skipped"
    assert process_webhook_event.apply(args=(event.pk + 1000,)).get() == "skipped"
    assert state_of(event) == (WebhookEventState.PROCESSED, 1)


# --- through the broker -------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_an_enqueued_event_is_processed_by_a_worker(campaign_doc, portal_settings, webhook_worker):
    event = stored_event(campaign_doc["campaignId"])

    enqueue_webhook_event(event.pk)

    wait_for(lambda: state_of(event) == (WebhookEventState.PROCESSED, 1))
    assert Campaign.objects.get().campaign_status == "MNO_PROVISIONED"


@pytest.mark.django_db(transaction=True)
def test_a_rate_limit_is_retried_through_the_broker_when_the_api_says(
    sandbox_control, campaign_doc, portal_settings, webhook_worker, monkeypatch
):
    # The task's first retry waits half to all of its base (15-30 s in production): a short base keeps this
    # test about the route through the broker, not about the clock.
    monkeypatch.setattr(webhook_tasks, "RETRY_BASE_SECONDS", 0.2)
    # Three 429s: the first try and the client's own two retries; the task's retry comes through the broker.
    sandbox_control.post(
        "/faults", {"status": 429, "retryAfter": 0, "count": 3, "pathPattern": "/10dlc/campaign/"}
    )
    event = stored_event(campaign_doc["campaignId"])

    enqueue_webhook_event(event.pk)

    wait_for(lambda: state_of(event) == (WebhookEventState.PROCESSED, 2))
    assert [rule["fired"] for rule in sandbox_control.get("/faults").json["faults"]] == [3]


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_an_event_is_stored_answered_at_once_and_swept_up_later(
    monkeypatch, signer, campaign_doc, portal_settings, webhook_worker
):
    working_broker = portal_app.conf.broker_url
    working_options = dict(portal_app.conf.broker_transport_options)
    # A Redis that refuses connections: publishing gives up after one reconnection, two seconds.
    portal_broker_on("redis://127.0.0.1:1/0", monkeypatch, {"max_retries": 1})
    body = encode(envelope({"campaignId": campaign_doc["campaignId"], "type": "VERIFIED"}))

    started = time.monotonic()
    response = Client().post(
        URL, data=body, content_type="application/json", headers=signed_headers(signer, body)
    )
    elapsed = time.monotonic() - started

    assert response.status_code == 202
    # The answer did not wait for the publish to fail.
    assert elapsed < 1.0
    assert webhook_tasks.publisher.drain(timeout=30)
    event = WebhookEvent.objects.get()
    assert state_of(event) == (WebhookEventState.RECEIVED, 0)
    assert process_pending_webhook_events() == 0  # not due: a task might still come

    # The broker is back, and the grace for the lost task has passed.
    portal_broker_on(working_broker, monkeypatch, working_options)
    WebhookEvent.objects.update(next_attempt_at=timezone.now() - timedelta(seconds=1))

    assert process_pending_webhook_events() == 1
    event.refresh_from_db()
    assert event.next_attempt_at > timezone.now() + LEASE - timedelta(seconds=5)
    assert process_pending_webhook_events() == 0  # leased: not enqueued twice
    wait_for(lambda: state_of(event) == (WebhookEventState.PROCESSED, 1))
    assert Campaign.objects.get().campaign_status == "MNO_PROVISIONED"


@pytest.mark.django_db
@pytest.mark.parametrize("state", [WebhookEventState.NEEDS_REVIEW, WebhookEventState.REVIEWED])
def test_a_redelivered_task_leaves_an_event_kept_for_a_person_alone(state):
    event = WebhookEvent.objects.create(body_hash="a" * 64, body="{}", payload_type="NEW_KIND", state=state)

    assert process_webhook_event.apply(args=[event.pk]).result == "skipped"

    event.refresh_from_db()
    assert (event.state, event.attempts) == (state, 0)


@pytest.mark.django_db
def test_the_task_says_an_event_of_an_unknown_kind_needs_review(portal_settings):
    document = envelope({"campaignId": "c", "type": "NEW_KIND"})
    event = webhook_event_store(body=encode(document).decode(), document=document)[0]

    assert process_webhook_event.apply(args=[event.pk]).result == "needs review"
