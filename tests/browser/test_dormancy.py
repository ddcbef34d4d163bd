"""Dormancy as a person sees it, at 1280 and 1440 px with the sidebar open: the dashboard's risk cards with
the days left, opening the filtered list; a campaign suspended for dormancy reactivated from its page, which
says the first assignment fails, and back once the sandbox's clock has moved and the follow-up has run.
Screenshots go to var/screenshots/<test>/."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from tendlc.models import CampaignReactivation
from tendlc.sandbox.dormancy.watch import REACTIVATION_SECONDS
from tendlc.sandbox.phone_numbers.lifecycle import ASSIGNMENT_SECONDS
from tendlc.services.campaigns import campaign_refresh
from tendlc.tasks.reactivations import follow_campaign_reactivation
from tests import factories
from tests.browser.conftest import PASSWORD, log_in, user_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NUMBER = "+13125550177"
SIDEBAR_OPEN = "window.localStorage.setItem('django.admin.navSidebarIsOpen', 'true')"


def seed_risks() -> None:
    now = timezone.now()
    brand = factories.BrandFactory(display_name="Northwind Regional Credit Union Member Services")
    for days in (3, 11):
        factories.CampaignFactory(brand=brand, create_date=now - timedelta(days=days))
    suspended = factories.CampaignFactory(
        brand=brand, campaign_status="TCR_SUSPENDED", is_t_mobile_suspended=True
    )
    factories.PhoneNumberAssignmentFactory(campaign=suspended)
    expiring = factories.CampaignFactory(
        brand=brand, auto_renewal=False, next_renewal_or_expiration_date=now + timedelta(days=12)
    )
    factories.PhoneNumberAssignmentFactory(campaign=expiring)


def test_the_dashboard_shows_what_is_at_risk_and_opens_its_list(page: Page, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    seed_risks()
    page.context.add_init_script(SIDEBAR_OPEN)
    log_in(page, "root")
    overflowing = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/admin/")
        shot(page, f"{width} dashboard")
        if found := page.evaluate(OVERFLOWS):
            overflowing[width] = found
        expect(page.locator("#dashboard-risks .tendlc-card-alert")).to_have_count(3)
        expect(page.locator("#risk-campaigns_dormancy")).to_contain_text("Soonest: 4 days left, suspended on")
        expect(page.locator("#risk-numbers_pending_long")).to_contain_text("Nothing at risk")
    assert overflowing == {}

    page.locator("#risk-campaigns_dormancy a").click()
    page.wait_for_url(re.compile(r"/admin/tendlc/campaign/\?risk=campaigns_dormancy$"))
    expect(page.locator("#result_list tbody tr")).to_have_count(2)
    shot(page, "campaigns at dormancy risk")
    page.locator("#result_list tbody th a").last.click()
    expect(page.locator("#dormancy-notice")).to_contain_text("4 days left, suspended on")
    shot(page, "campaign page warning")


def test_a_dormant_campaign_is_reactivated_from_its_page(
    page: Page, shot, make_seeded_campaign, sandbox_control, tendlc_client, advance, broker
):
    campaign = make_seeded_campaign()
    assert sandbox_control.post(f"/campaigns/{campaign.campaign_id}/dormant").status_code == 200
    campaign_refresh(campaign=campaign, client=tendlc_client)
    user_in("Compliance staff", "sam")
    page.context.add_init_script(SIDEBAR_OPEN)
    log_in(page, "sam")
    change = f"/admin/tendlc/campaign/{campaign.pk}/change/"
    page.goto(change)
    expect(page.locator("#dormancy-notice")).to_contain_text("Telnyx suspended this campaign for dormancy")

    page.click(".object-tools a:text('Reactivate')")
    overflowing = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        shot(page, f"{width} reactivate page")
        if found := page.evaluate(OVERFLOWS):
            overflowing[width] = found
    assert overflowing == {}
    expect(page.locator("#content-main")).to_contain_text("That first assignment is expected to fail.")

    page.fill("#id_phone_number", "(312) 555-0177")
    page.click("input[value='Reactivate']")
    expect(page.locator(".messagelist .success")).to_contain_text(f"{NUMBER} was sent to the campaign.")
    expect(page.locator("#reactivation-notice")).to_contain_text(
        f"Reactivation with {NUMBER}: Waiting for the campaign to come back."
    )
    shot(page, "waiting")

    advance(ASSIGNMENT_SECONDS + REACTIVATION_SECONDS)
    follow_campaign_reactivation.apply(args=(CampaignReactivation.objects.get().pk,))
    page.goto(change)
    expect(page.locator("#reactivation-notice")).to_contain_text(
        f"Reactivation with {NUMBER}: Campaign back with its number."
    )
    expect(page.locator("#dormancy-notice")).to_have_count(0)
    shot(page, "back")
