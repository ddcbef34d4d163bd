"""The dashboard in Chromium (issue 18, "a dashboard that uses the screen"): at 1280 and 1440 px, with the
navigation sidebar open and closed, nothing overflows and what needs attention comes first, above the fold;
its cards open the lists of the rows they count; a new account is told what to do first; one day of data
draws a readable bar. Screenshots go to var/screenshots/<test>/."""

import re
import uuid
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import Page, expect

from tendlc.models import BrandFeedback, CampaignStatusCount, NumbersAssignedCount, SyncRun, WebhookEvent
from tendlc.selectors import dashboard as dashboard_selectors
from tests import factories
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FOLD = 900
LONG_NAME = "Northwind Regional Credit Union Member Services"
SIDEBAR = "django.admin.navSidebarIsOpen"


def seed_a_busy_account() -> None:
    """A month of an account's life: brands and campaigns in every stage, numbers, failures to look at."""
    now = timezone.now()
    brands = [
        factories.BrandFactory(
            display_name=f"{LONG_NAME} {n}",
            status="REGISTRATION_FAILED" if n == 5 else "OK",
            identity_status="UNVERIFIED" if n == 4 else "VERIFIED",
            created_at=now - timedelta(days=3 * n),
        )
        for n in range(6)
    ]
    feedback = BrandFeedback.objects.create(brand=brands[4], raw={})
    feedback.categories.create(category="TAX_ID", display_name="Tax id", description="Check the EIN.")
    statuses = ["MNO_PROVISIONED"] * 6 + ["TCR_PENDING", "MNO_PENDING", "MNO_REJECTED", "TELNYX_FAILED"]
    campaigns = [
        factories.CampaignFactory(
            brand=brands[n % 4], campaign_status=status, create_date=now - timedelta(days=n)
        )
        for n, status in enumerate(statuses)
    ]
    for n in range(24):
        factories.PhoneNumberAssignmentFactory(
            campaign=campaigns[n % 6],
            assignment_status="FAILED_ASSIGNMENT" if n % 8 == 0 else "ASSIGNED",
            created_at=now - timedelta(days=n),
        )
    factories.AssignmentTaskFactory(campaign=campaigns[0], status="failed")
    WebhookEvent.objects.create(body_hash=uuid.uuid4().hex * 2, body="{}", state="failed", error="HTTP 503")
    SyncRun.objects.create(trigger="schedule", state="failed", errors=["Brand could not be read: HTTP 503"])
    today = now.date()
    for day in range(1, 15):
        for status, count in {
            "MNO_PROVISIONED": 6 - day // 3,
            "TCR_PENDING": 1 + day % 3,
            "MNO_REJECTED": 1,
        }.items():
            CampaignStatusCount.objects.create(
                day=today - timedelta(days=day), campaign_status=status, count=count
            )


def home(page: Page, sidebar: bool) -> None:
    """The dashboard, with the navigation sidebar open or closed (the admin keeps that in localStorage)."""
    page.evaluate(f"window.localStorage.setItem('{SIDEBAR}', '{str(sidebar).lower()}')")
    page.goto("/admin/")
    if sidebar:
        expect(page.locator("#nav-sidebar")).to_be_visible()
    else:
        expect(page.locator("#nav-sidebar")).to_be_hidden()


def logged_in(chromium, portal) -> tuple[object, Page]:
    context = chromium.new_context(base_url=portal.url, viewport={"width": WIDTHS[0], "height": FOLD})
    context.set_default_timeout(15_000)
    page = context.new_page()
    log_in(page, "root")
    return context, page


def test_the_dashboard_puts_attention_first_and_fits_a_laptop(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    seed_a_busy_account()
    context, page = logged_in(chromium, portal)
    try:
        overflowing = {}
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": FOLD})
            for sidebar in (True, False):
                home(page, sidebar)
                state = f"{width} sidebar {'open' if sidebar else 'closed'}"
                shot(page, state)
                if found := page.evaluate(OVERFLOWS):
                    overflowing[state] = found
                first = page.locator("#content-main > .module").first
                assert first.get_attribute("id") == "dashboard-attention", state
                alerts = page.locator("#dashboard-attention .tendlc-card-alert")
                assert alerts.count() == 7, state
                # Every card with something to do, and the first headline counts, above the fold.
                assert alerts.last.bounding_box()["y"] + alerts.last.bounding_box()["height"] <= FOLD, state
                assert page.locator("#dashboard-counts").bounding_box()["y"] < FOLD, state
        assert overflowing == {}, overflowing

        page.set_viewport_size({"width": 1280, "height": FOLD})
        home(page, True)
        expect(page.locator("#attention-otps_pending")).to_contain_text("SMS OTPs awaiting the PIN")
        # The busy account has no webhook event needing review: that card is calm too.
        expect(page.locator("#dashboard-attention .tendlc-card-calm")).to_have_count(2)
        expect(page.locator("#dashboard-attention .tendlc-card-calm").first).to_contain_text("Nothing to do")
        expect(page.locator("#dashboard-chart svg.tendlc-chart-plot rect")).to_have_count(14 * 3 + 5)
        expect(page.locator("#dashboard-chart .tendlc-legend")).to_contain_text("Provisioned: 6")

        page.locator("#attention-campaigns_rejected a").click()
        page.wait_for_url(re.compile(r"/admin/tendlc/campaign/\?stage=rejected$"))
        expect(page.locator("#result_list tbody tr")).to_have_count(2)
        shot(page, "rejected campaigns")

        home(page, True)
        page.locator("#attention-numbers_failed a").click()
        page.wait_for_url(re.compile(r"/admin/tendlc/phonenumberassignment/\?attention=numbers_failed$"))
        expect(page.locator("#result_list tbody tr")).to_have_count(3)
        expect(page.locator("#changelist-filter")).to_contain_text("Numbers that failed")

        home(page, True)
        page.locator("#dashboard-counts a", has_text="Active campaigns").click()
        page.wait_for_url(re.compile(r"/admin/tendlc/campaign/\?stage=active$"))
        expect(page.locator("#result_list tbody tr")).to_have_count(6)
    finally:
        context.close()


def test_a_count_the_worker_made_fits_its_card_and_says_when(chromium, portal, shot, monkeypatch):
    User.objects.create_superuser("root", password=PASSWORD)
    seed_a_busy_account()
    monkeypatch.setattr(dashboard_selectors, "LIVE_COUNT_LIMIT", 10)  # the busy account's 21 numbers are many
    NumbersAssignedCount.objects.create(
        counted_at=timezone.now() - timedelta(minutes=4),
        count=1_048_576,
        change=-2048,
        since=timezone.now().date(),
    )
    context, page = logged_in(chromium, portal)
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": FOLD})
            home(page, True)
            shot(page, f"{width}")
            card = page.locator("#dashboard-counts .tendlc-card", has_text="Numbers assigned")
            expect(card).to_contain_text("1,048,576")
            expect(card).to_contain_text(re.compile(r"Counted at \d\d:\d\d"))
            assert page.evaluate(OVERFLOWS) == [], width
    finally:
        context.close()


def test_a_new_account_is_told_what_to_do_first_then_sees_its_first_day(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    context, page = logged_in(chromium, portal)
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": FOLD})
            home(page, True)
            shot(page, f"{width} new account")
            assert page.evaluate(OVERFLOWS) == []
            start = page.locator("#dashboard-start")
            expect(start.get_by_role("link", name="Create your first brand")).to_be_visible()
            assert start.bounding_box()["y"] + start.bounding_box()["height"] <= FOLD
            expect(page.locator("#dashboard-attention .tendlc-card-calm")).to_have_count(9)

        # A first brand and its campaigns: one day of data, drawn as one bar across the chart.
        brand = factories.BrandFactory(display_name="Bluebird Dental")
        for status in ["MNO_PROVISIONED", "MNO_PROVISIONED", "TCR_PENDING", "MNO_REJECTED"]:
            factories.CampaignFactory(brand=brand, campaign_status=status)
        page.set_viewport_size({"width": 1280, "height": FOLD})
        home(page, True)
        shot(page, "first day")
        expect(page.locator("#dashboard-start")).to_have_count(0)
        expect(page.locator("#dashboard-chart h2")).to_have_text("Campaigns by status today")
        chart = page.locator("#dashboard-chart svg.tendlc-chart-plot").bounding_box()
        parts = page.locator("#dashboard-chart svg.tendlc-chart-plot rect")
        expect(parts).to_have_count(3)
        widths = [parts.nth(n).bounding_box()["width"] for n in range(3)]
        assert sum(widths) == pytest.approx(chart["width"] - 24, abs=2)
        assert min(widths) > 100
        expect(page.locator("#dashboard-chart svg.tendlc-chart-plot")).to_have_attribute(
            "aria-label",
            "Campaigns by status today: 1 TCR review pending, 1 Rejected by a carrier, 2 Provisioned.",
        )
        assert page.evaluate(OVERFLOWS) == []
    finally:
        context.close()
