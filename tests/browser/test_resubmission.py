"""Fix and resubmit as a compliance person meets it: from a campaign Telnyx rejected, one click opens the
builder on its content; the review shows the three ways back, the closed ones greyed with why, each with
what it costs; the update is sent and the campaign is back in review. A pending move of the numbers is
seen and cancelled on the campaign's page. Screenshots at 1280 and 1440 px."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import expect

from tendlc.models import NumberMove
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS, opened
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Opening the builder reads the use cases and the qualification from the sandbox, then checks the content:
# on a loaded machine that takes longer than a plain page.
API_PAGE_TIMEOUT = 45_000
FIXED_SAMPLE = "Acme Mobile: your ticket 4821 is closed. Reply STOP to opt out, HELP for help."


def test_a_rejected_campaign_is_fixed_and_sent_back_to_review(chromium, portal, shot, rejected_campaign, dlc):
    User.objects.create_superuser("root", password=PASSWORD)
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto(f"/admin/tendlc/campaign/{rejected_campaign.pk}/change/")
            page.locator("#resubmit-link").click()
            page.wait_for_url(re.compile(r"/content/$"), timeout=API_PAGE_TIMEOUT)
            expect(page.locator("#resubmitting")).to_contain_text("its brand and use case are kept")
            expect(page.locator("#id_sample1")).to_have_value(rejected_campaign.sample1)
            expect(page.locator('[data-findings-for="help_message"] li').first).to_be_visible()
            page.fill("#id_sample2", FIXED_SAMPLE)
            page.get_by_role("button", name="Next: review").click()
            page.wait_for_url(re.compile(r"/review/$"), timeout=API_PAGE_TIMEOUT)

            expect(page.locator("#id_path_update")).to_be_checked()
            expect(page.locator("#id_path_appeal")).to_be_disabled()
            expect(page.locator(".tendlc-path-closed")).to_contain_text(
                "Not available: Updating a campaign Telnyx rejected sends it back to review by itself"
            )
            expect(page.locator(".tendlc-path").nth(2)).to_contain_text("Costs $45.00: three months up front")
            expect(page.locator("#id_appeal_reason")).to_contain_text("- sample 2: now")
            shot(page, f"{width} ways back to review")
            assert page.evaluate(OVERFLOWS) == []
            if width != WIDTHS[-1]:
                continue

            page.get_by_role("button", name="Send the fix").click()
            page.wait_for_url(
                re.compile(rf"/campaign/{rejected_campaign.pk}/change/$"), timeout=API_PAGE_TIMEOUT
            )
            expect(page.locator(".messagelist .success")).to_contain_text("Telnyx reviews it again")
            shot(page, "campaign back in review")
        finally:
            context.close()

    remote = dlc.campaign.retrieve(rejected_campaign.campaign_id)
    assert (remote.sample2, remote.campaign_status) == (FIXED_SAMPLE, "TCR_ACCEPTED")


def test_a_pending_move_is_seen_and_cancelled_on_the_rejected_campaigns_page(chromium, portal, shot, db):
    rejected = CampaignFactory(campaign_status="MNO_REJECTED")
    new = CampaignFactory(brand=rejected.brand, campaign_status="TCR_PENDING")
    root = User.objects.create_superuser("root", password=PASSWORD)
    move = NumberMove.objects.create(from_campaign=rejected, to_campaign=new, requested_by=root)
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto(f"/admin/tendlc/campaign/{rejected.pk}/change/")
            page.locator("#number-moves-tab").click()
            row = page.locator("#number-moves tbody tr")
            expect(row).to_contain_text("Waiting for the new campaign's approval")
            shot(page, f"{width} pending move")
            assert page.evaluate(OVERFLOWS) == []
            if width != WIDTHS[-1]:
                continue

            row.get_by_role("button", name="Cancel the move").click()
            page.wait_for_url(re.compile(rf"/campaign/{rejected.pk}/change/$"))
            expect(page.locator(".messagelist .success")).to_contain_text("was cancelled")
        finally:
            context.close()

    move.refresh_from_db()
    assert (move.state, move.ended_by) == ("cancelled", root)
