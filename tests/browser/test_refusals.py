"""Refusals and API failures as a person sees them, at 1280 and 1440 px: a refused page in the admin's layout
saying who may act, a rejected campaign naming who can appeal it, an API server error that does not blame
the input, and a profile assignment's failed number with its reason."""

import pytest

from tendlc.models import AssignmentTask
from tests.browser.conftest import choose_by_typing, log_in, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"
NUMBERS = ["+13125550101", "+13125550000"]  # 0000: not in the account


def overflows(browser_page) -> bool:
    return browser_page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("width", [1280, 1440])
def test_refusals_say_who_may_act_and_failures_what_failed(
    page, shot, width, rejected_campaign, our_campaign, set_profile_numbers, faults, advance
):
    page.set_viewport_size({"width": width, "height": 900})
    user_in("Compliance staff", "stella")
    admin = user_in("Compliance admin", "ada")
    admin.first_name, admin.last_name = "Ada", "Reviewer"
    admin.save()
    log_in(page, "stella")

    page.goto(f"/admin/tendlc/campaign/{rejected_campaign.pk}/change/")
    notice = page.locator("#appeal-notice")
    assert notice.inner_text() == (
        "This campaign was rejected. Only a Compliance admin can appeal a campaign; ask one of: Ada Reviewer."
    )
    shot(page, f"rejected-campaign-{width}")

    response = page.goto(f"/admin/tendlc/campaign/{rejected_campaign.pk}/appeal/")
    assert response.status == 403
    assert page.locator("#refusal-explanation").inner_text() == (
        "Only a Compliance admin can appeal a campaign; ask one of: Ada Reviewer."
    )
    assert page.locator("#nav-sidebar").is_visible()
    assert page.locator(".breadcrumbs").is_visible()
    assert not overflows(page)
    shot(page, f"refused-appeal-{width}")

    faults.add(status=500, count=1, pathPattern="/phoneNumberAssignmentByProfile")
    page.goto("/admin/tendlc/assignmenttask/add/")
    page.fill("#id_messaging_profile_id", PROFILE)
    choose_by_typing(page, "#id_campaign_id", our_campaign.tcr_campaign_id, our_campaign.tcr_campaign_id)
    page.click("input[name=_save]")
    failure = page.locator("#api-failure")
    assert failure.inner_text().startswith("The 10DLC API failed (HTTP 500")
    assert page.locator(".errornote").count() == 0
    assert page.input_value("#id_messaging_profile_id") == PROFILE
    assert not overflows(page)
    shot(page, f"assignment-server-error-{width}")

    set_profile_numbers(PROFILE, NUMBERS)
    page.click("input[name=_save]")
    page.wait_for_url("**/change/")
    assert AssignmentTask.objects.count() == 1
    advance(6)
    page.reload()
    page.locator("text=Number is not in your account").wait_for()
    assert not overflows(page)
    shot(page, f"assignment-task-reasons-{width}")
