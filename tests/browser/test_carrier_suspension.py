"""A carrier's suspension as a Compliance admin lives it (issue 14's browser test), at 1280 and 1440 px: T-Mobile
suspends a provisioned campaign in the live sandbox, its signed webhook reaches the portal and the worker
processes it; the dashboard's "suspended by a carrier" card counts the campaign and opens it, the campaign's
timeline says what changed and why (the webhook, with the carrier's words), and once T-Mobile lifts the
suspension the admin sees it recover: the timeline has the way back and the card is calm again.
Screenshots go to var/screenshots/<test>/."""

import pytest
from playwright.sync_api import Page, expect

from tendlc.models import StatusChange, WebhookEvent, WebhookEventState
from tendlc.services.campaigns import campaign_carriers_refresh
from tests.browser.conftest import log_in, user_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

T_MOBILE = 10035
NUMBER = "+13125550142"
CARD = "#risk-campaigns_carrier_suspended"


def carrier_acts(sandbox_control, campaign_id: str, action: str) -> None:
    """The carrier acts; the sandbox delivers the events it sent as its clock moves on."""
    response = sandbox_control.post(f"/campaigns/{campaign_id}/carriers/{T_MOBILE}", {"action": action})
    assert response.status_code == 200, response.json
    assert sandbox_control.post("/clock/advance", {"seconds": 1}).status_code == 200


def processed(event_type: str) -> bool:
    events = WebhookEvent.objects.filter(body__contains=event_type)
    return events.exists() and not events.exclude(state=WebhookEventState.PROCESSED).exists()


def all_processed() -> bool:
    return not WebhookEvent.objects.exclude(state=WebhookEventState.PROCESSED).exists()


def test_a_t_mobile_suspension_shows_on_the_dashboard_with_why_and_its_recovery(
    browser_webhook_worker, page: Page, shot, make_seeded_campaign, sandbox_control, dlc, tendlc_client
):
    campaign = make_seeded_campaign()
    dlc.campaign.update(campaign.campaign_id, webhook_url=browser_webhook_worker)
    campaign_carriers_refresh(campaign=campaign, client=tendlc_client)
    # A campaign in use, with its number: no dormancy risk muddles the picture.
    dlc.phone_number_campaigns.create(campaign_id=campaign.campaign_id, phone_number=NUMBER)
    assert sandbox_control.post("/clock/advance", {"seconds": 10}).status_code == 200
    wait_for(lambda: processed('"ASSIGNMENT"') and all_processed(), "the number's assignment processed")
    user_in("Compliance admin", "ada")
    page.context.add_init_script("window.localStorage.setItem('django.admin.navSidebarIsOpen', 'true')")
    log_in(page, "ada")
    expect(page.locator(CARD)).to_contain_text("Nothing at risk")
    expect(page.locator("#dashboard-risks .tendlc-card-alert")).to_have_count(0)

    carrier_acts(sandbox_control, campaign.campaign_id, "SUSPENDED")
    wait_for(lambda: processed("MNO_CAMPAIGN_OPERATION_SUSPENDED"), "T-Mobile's suspension processed")

    overflowing = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/admin/")
        expect(page.locator(f"{CARD}.tendlc-card-alert")).to_contain_text("1")
        expect(page.locator("#dashboard-risks .tendlc-card-alert")).to_have_count(1)
        shot(page, f"{width} dashboard")
        if found := page.evaluate(OVERFLOWS):
            overflowing[f"{width} dashboard"] = found
    page.locator(f"{CARD} a").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    shot(page, "suspended campaigns")
    rows.locator("th a").click()
    expect(page.locator(".tendlc-next-steps, #content-main")).to_contain_text("Suspended by T-Mobile")
    page.get_by_role("tab", name="Timeline").click()
    suspension = page.locator(".tendlc-timeline tbody tr", has_text="T-Mobile")
    expect(suspension.first).to_contain_text("Approved")
    expect(suspension.first).to_contain_text("Suspended")
    expect(suspension.first).to_contain_text("by a webhook from Telnyx")
    expect(suspension.first).to_contain_text("suspended by T-Mobile")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{width} timeline")
        if found := page.evaluate(OVERFLOWS):
            overflowing[f"{width} timeline"] = found
    assert overflowing == {}

    carrier_acts(sandbox_control, campaign.campaign_id, "UNSUSPENDED")
    wait_for(lambda: processed("MNO_CAMPAIGN_OPERATION_UNSUSPENDED"), "T-Mobile's unsuspension processed")
    page.reload()
    page.get_by_role("tab", name="Timeline").click()
    recovery = page.locator(".tendlc-timeline tbody tr", has_text="T-Mobile").first
    expect(recovery).to_contain_text("Suspended")
    expect(recovery).to_contain_text("Approved")
    expect(recovery).to_contain_text("unsuspended by T-Mobile")
    shot(page, "recovered timeline")
    page.goto("/admin/")
    expect(page.locator(CARD)).to_contain_text("Nothing at risk")
    shot(page, "dashboard calm again")

    carrier_changes = StatusChange.objects.filter(campaign_id=campaign.campaign_id, carrier="T-Mobile")
    assert list(carrier_changes.order_by("changed_at", "pk").values_list("old_value", "new_value")) == [
        ("APPROVED", "SUSPENDED"),
        ("SUSPENDED", "APPROVED"),
    ]
