"""Events of a kind the portal does not know, in Chromium at 1280 and 1440 px: the list filtered to those
needing review names the state in words, an event's page says what the portal does with it, and marking them
reviewed reports a counted message; nothing overflows. Screenshots go to var/screenshots/<test>/."""

import pytest
from django.contrib.auth.models import User

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.services.webhooks import webhook_event_store
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS, opened
from tests.webhooks.conftest import encode, envelope

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LIST = "/admin/tendlc/webhookevent/?state__exact=needs_review"


def stored(payload: dict) -> WebhookEvent:
    document = envelope(payload)
    return webhook_event_store(body=encode(document).decode(), document=document)[0]


def test_events_needing_review_are_listed_explained_and_marked_reviewed(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    unknown = stored({"campaignId": "4b300000-0000-0000-0000-0000000000aa", "type": "CAMPAIGN_RENAMED"})
    WebhookEvent.objects.filter(pk=unknown.pk).update(state=WebhookEventState.NEEDS_REVIEW)
    suspended = stored(
        {
            "campaignId": "4b300000-0000-0000-0000-0000000000bb",
            "type": "TCR_EVENT",
            "eventType": "MNO_CAMPAIGN_OPERATION_SUSPENDED",
        }
    )

    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto(LIST)
            assert page.locator("#result_list tbody tr").count() == 1
            assert "Needs review" in page.locator("#result_list").inner_text()
            assert page.evaluate(OVERFLOWS) == []
            shot(page, f"{width} needing review")
            page.goto(f"/admin/tendlc/webhookevent/{unknown.pk}/change/")
            assert "waits for a person to review it" in page.locator("#content").inner_text()
            assert page.evaluate(OVERFLOWS) == []
            shot(page, f"{width} unknown kind")
            page.goto(f"/admin/tendlc/webhookevent/{suspended.pk}/change/")
            assert "A carrier suspended a campaign" in page.locator("#content").inner_text()
            shot(page, f"{width} known kind")
        finally:
            context.close()

    context, page = opened(chromium, portal, WIDTHS[0])
    try:
        log_in(page, "root")
        page.goto(LIST)
        page.check("#action-toggle")
        page.select_option("select[name=action]", "mark_reviewed_selected")
        page.click("button[name=index]")
        assert "Marked 1 event reviewed." in page.locator(".messagelist").inner_text()
        shot(page, "marked reviewed")
    finally:
        context.close()
    assert WebhookEvent.objects.get(pk=unknown.pk).state == WebhookEventState.REVIEWED
