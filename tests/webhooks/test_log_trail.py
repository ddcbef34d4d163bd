"""One webhook followed through the JSON log: received, enqueued, processed by a worker, the API calls it made.

A real worker (a thread of this process) takes the task through the configured broker, so the ids reach it
the way they reach a worker on another machine: as message headers.
"""

import pytest

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.tasks import webhooks as webhook_tasks
from tests.sandbox.factories import insert_brand, insert_campaign
from tests.waiting import wait_for
from tests.webhooks.conftest import encode, envelope

EVENT_ID = "5e1f0000-0000-4000-8000-00000000trail"


def posted_and_processed(sandbox, post_webhook):
    """Post a carrier review of a campaign the sandbox holds, as event ``EVENT_ID``; answer the response once a
    worker has processed the event and every task it led to is published."""
    campaign = insert_campaign(sandbox, insert_brand(sandbox, displayName="Acme", companyName="Acme Inc."))
    body = encode(
        envelope(
            {"campaignId": campaign["campaignId"], "type": "MNO_REVIEW", "status": "ACCEPTED"},
            event_id=EVENT_ID,
        )
    )
    response = post_webhook(body)
    wait_for(lambda: WebhookEvent.objects.filter(state=WebhookEventState.PROCESSED).exists())
    assert webhook_tasks.publisher.drain(timeout=30)
    return response


@pytest.mark.django_db(transaction=True)
def test_one_webhook_can_be_followed_from_receipt_to_the_api_calls_it_caused(
    sandbox, portal_settings, webhook_worker, json_log_lines, post_webhook
):
    response = posted_and_processed(sandbox, post_webhook)

    request_id = response["X-Request-ID"]
    lines = [line for line in json_log_lines() if line.get("request_id") == request_id]
    by_logger = {line["logger"] for line in lines}
    assert {"tendlc.webhooks.views", "tendlc.tasks.webhooks", "tendlc.client"} <= by_logger
    assert {line.get("webhook_event_id") for line in lines} == {EVENT_ID}
    [received] = [line for line in lines if line["logger"] == "tendlc.webhooks.views"]
    assert "task_id" not in received
    task_lines = [line for line in lines if line["logger"] != "tendlc.webhooks.views"]
    assert len({line.get("task_id") for line in task_lines}) == 1
    assert None not in {line.get("task_id") for line in task_lines}
    api_calls = [line for line in task_lines if line["logger"] == "tendlc.client"]
    assert api_calls
    assert all(line["api_request_id"] for line in api_calls)
    assert all(line["message"].startswith("GET /10dlc/") for line in api_calls)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_webhook_kept_in_the_buffer_is_followed_the_same_way(
    sandbox, portal_settings, webhook_worker, json_log_lines, post_webhook, buffer_on
):
    response = posted_and_processed(sandbox, post_webhook)

    lines = [line for line in json_log_lines() if line.get("request_id") == response["X-Request-ID"]]
    assert {line.get("webhook_event_id") for line in lines} == {EVENT_ID}
    [stored] = [line for line in lines if "stored from the buffer" in line["message"]]
    assert stored["logger"] == "tendlc.tasks.webhooks"
    assert stored["task_id"]
    api_calls = [line for line in lines if line["logger"] == "tendlc.client"]
    assert api_calls
    assert {line["task_id"] for line in api_calls}.isdisjoint({stored["task_id"]}), "stored, then processed"
