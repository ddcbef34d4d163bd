"""Deactivating a campaign as a Compliance admin sees it (issue 18 item 8): the confirmation promises nothing
about the numbers, the message counts what the 10DLC API still lists, and the deactivated campaign opens
read-only with a notice saying why, fitting 1280 and 1440 px with the sidebar open."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, user_in
from tests.browser.test_layout_fits import OVERFLOWS
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_deactivated_campaign_says_what_the_api_lists_and_opens_read_only(
    page: Page, shot, make_seeded_campaign
):
    campaign = make_seeded_campaign(numbers=2)
    PhoneNumberAssignmentFactory(phone_number="+13125550199", campaign=campaign)
    user_in("Compliance admin", "ada")
    page.context.add_init_script("window.localStorage.setItem('django.admin.navSidebarIsOpen', 'true')")
    page.set_viewport_size({"width": 1440, "height": 900})
    log_in(page, "ada")
    page.goto(f"/admin/tendlc/campaign/{campaign.pk}/change/")

    page.click(".object-tools a:text('Deactivate')")

    expect(page.locator("#deactivate-numbers")).to_have_text(
        "Telnyx does not document what happens to the campaign's phone numbers. After deactivating, the portal"
        " reads them again from the 10DLC API and shows what it lists."
    )
    shot(page, "confirmation")
    page.click("input[value='Yes, deactivate it']")

    expect(page.locator(".messagelist .success")).to_have_text(
        f"Campaign {campaign} deactivated. The 10DLC API still lists 2 numbers on this campaign. It no longer"
        " lists 1 number that was on it here: it is now shown as removed."
    )
    expect(page.locator("#read-only-notice")).to_have_text(
        "This campaign is deactivated: it can no longer be changed."
    )
    expect(page.locator("input[name=_save], input[name=_continue]")).to_have_count(0)
    expect(page.locator("#campaign_form textarea, #campaign_form select")).to_have_count(0)
    expect(page.locator("#panel-phone-numbers")).to_contain_text("2 phone number(s) assigned here")
    for width in (1440, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(OVERFLOWS) == [], width
        shot(page, f"deactivated at {width}")
