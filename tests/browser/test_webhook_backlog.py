"""The webhook events list in Chromium while deliveries wait in the webhook buffer: it says how many and since
when, above the events already stored, and once a worker has stored them they are listed and the notice is
gone. At 1280 and 1440 px."""

import pytest
from playwright.sync_api import Page, expect

from tendlc.models import WebhookEvent
from tendlc.services.webhooks import webhook_event_store
from tendlc.tasks import webhooks as webhook_tasks
from tendlc.tasks.webhooks import store_buffered_webhook_events
from tests.browser.conftest import log_in, user_in
from tests.webhooks.conftest import encode, envelope

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.redis]

CHANGELIST = "/admin/tendlc/webhookevent/"


def review(index: int) -> dict:
    return envelope({"campaignId": f"campaign-{index}", "status": "ACCEPTED", "type": "TELNYX_REVIEW"})


@pytest.mark.parametrize("width", [1280, 1440])
def test_events_waiting_to_be_stored_are_announced_until_they_are_listed(
    page: Page, shot, width, buffer_on, monkeypatch
):
    for index in range(2):
        document = review(index)
        webhook_event_store(body=encode(document).decode(), document=document)
    for index in range(2, 5):
        buffer_on.add(body=encode(review(index)).decode(), request_id=None)
    user_in("Compliance admin", "ada")
    log_in(page, "ada")
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(CHANGELIST)
    notice = page.locator(".messagelist .info")
    expect(notice).to_contain_text("3 more webhook events, received since")
    expect(notice).to_contain_text("are waiting for a worker to store them; they appear here once stored.")
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    shot(page, f"events waiting at {width}")

    monkeypatch.setattr(webhook_tasks, "publish_together", lambda handed, waited=0.0: None)
    store_buffered_webhook_events()
    page.reload()
    expect(page.locator("#result_list tbody tr")).to_have_count(5)
    expect(page.locator(".messagelist")).to_have_count(0)
    assert WebhookEvent.objects.count() == 5
    shot(page, f"events stored at {width}")
