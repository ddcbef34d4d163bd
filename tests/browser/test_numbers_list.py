"""The numbers list in Chromium with more numbers than it counts: it says "more than 10,000", the campaign
filter is a box that finds a campaign by typing and opens the list filtered by it, and a number's move box
finds the campaign to move it to the same way. At 1280 and 1440 px, its title clear of its buttons and each
number on one line."""

import re

import pytest
from playwright.sync_api import Page, expect

from tendlc.models import PhoneNumberAssignment
from tests.admin.test_numbers_at_scale import MANY, numbers_up_to, related_records
from tests.browser.conftest import choose_by_typing, log_in, user_in
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CHANGELIST = "/admin/tendlc/phonenumberassignment/"


@pytest.mark.parametrize("width", [1280, 1440])
def test_the_list_is_filtered_by_typing_a_campaign_and_a_number_moved_the_same_way(page: Page, shot, width):
    related = related_records()
    CampaignFactory.create_batch(40, brand=related.brand)
    numbers_up_to(MANY, related)
    wanted = related.campaigns[1]
    user_in("Compliance staff", "stella")
    log_in(page, "stella")
    page.set_viewport_size({"width": width, "height": 900})

    page.goto(CHANGELIST)
    expect(page.locator(".paginator")).to_contain_text("more than 10,000 number assignments")
    shot(page, f"list at {width}")
    # The list's buttons sit under its title, not over it, and every number is on one line.
    title, tools = page.locator("#content h1").bounding_box(), page.locator(".object-tools").bounding_box()
    assert title["y"] + title["height"] <= tools["y"]
    lines = page.locator("#result_list tbody .field-phone_number a").evaluate_all(
        "links => links.map(link => link.getClientRects().length)"
    )
    assert set(lines) == {1}

    choose_by_typing(page, "#id_filter-campaign__id__exact", wanted.tcr_campaign_id, wanted.tcr_campaign_id)
    page.wait_for_url(re.compile(rf"campaign__id__exact={wanted.pk}$"))
    expect(page.locator(".paginator")).to_contain_text("2,010 number assignments")
    expect(page.locator("#result_list tbody tr")).to_have_count(100)
    expect(page.locator("#id_filter-campaign__id__exact + .select2")).to_contain_text(wanted.tcr_campaign_id)
    shot(page, f"filtered by a campaign at {width}")

    page.locator(".paginator a", has_text="21").click()
    expect(page.locator("#result_list tbody tr")).to_have_count(10)
    shot(page, f"last page of the campaign at {width}")

    number = PhoneNumberAssignment.objects.filter(campaign=wanted).order_by("pk").first()
    page.goto(f"{CHANGELIST}{number.pk}/change/")  # type: ignore[union-attr]
    target = related.campaigns[2]
    choose_by_typing(page, "#id_campaign_id", target.tcr_campaign_id, target.tcr_campaign_id)
    expect(page.locator("#id_campaign_id")).to_have_value(target.campaign_id)
    shot(page, f"move box at {width}")
