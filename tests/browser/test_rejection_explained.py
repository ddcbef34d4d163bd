"""A carrier's rejection explained, as a Compliance admin reads it at 1280 and 1440 px: T-Mobile rejects a
provisioned campaign in the live sandbox with decline code 805, its signed webhook reaches the portal and the
worker processes it; the campaign's page opens with why it was rejected (the carrier's words, what code 805
means, the fields concerned, the findings there now, what to change) and its timeline says what the words mean.
Screenshots go to var/screenshots/<test>/."""

import pytest
from playwright.sync_api import Page, expect

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.services.campaigns import campaign_carriers_refresh
from tests.browser.conftest import log_in, user_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

T_MOBILE = 10035
WORDS = "805: the privacy policy does not say SMS opt-in data is not shared with third parties."


def rejection_processed() -> bool:
    events = WebhookEvent.objects.filter(body__contains="MNO_CAMPAIGN_OPERATION_REJECTED")
    return events.exists() and not events.exclude(state=WebhookEventState.PROCESSED).exists()


def test_a_carriers_805_rejection_is_explained_on_the_campaign_page(
    browser_webhook_worker, page: Page, shot, make_seeded_campaign, sandbox_control, dlc, tendlc_client
):
    campaign = make_seeded_campaign()
    dlc.campaign.update(campaign.campaign_id, webhook_url=browser_webhook_worker)
    campaign_carriers_refresh(campaign=campaign, client=tendlc_client)
    response = sandbox_control.post(
        f"/campaigns/{campaign.campaign_id}/carriers/{T_MOBILE}", {"action": "REJECTED", "reason": WORDS}
    )
    assert response.status_code == 200, response.json
    assert sandbox_control.post("/clock/advance", {"seconds": 1}).status_code == 200
    wait_for(rejection_processed, "T-Mobile's rejection processed")
    user_in("Compliance admin", "ada")
    log_in(page, "ada")

    page.goto(f"/admin/tendlc/campaign/{campaign.pk}/change/")
    panel = page.locator("#rejection")
    expect(panel).to_contain_text(
        "T-Mobile rejected the campaign: Privacy policy not compliant (carrier code 805)."
    )
    expect(panel).to_contain_text(WORDS)
    expect(panel).to_contain_text("Fields concerned: privacy policy link, message flow.")
    expect(panel.locator("ol li").last).to_have_text(
        "Then ask Telnyx support to have T-Mobile review the campaign again, saying what you changed."
    )
    overflowing = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{width} rejection")
        if found := page.evaluate(OVERFLOWS):
            overflowing[f"{width} rejection"] = found
    page.get_by_role("tab", name="Timeline").click()
    rejection = page.locator(".tendlc-timeline tbody tr", has_text="rejected by T-Mobile").first
    expect(rejection).to_contain_text("Means: Privacy policy not compliant (carrier code 805).")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{width} timeline")
        if found := page.evaluate(OVERFLOWS):
            overflowing[f"{width} timeline"] = found
    assert overflowing == {}
