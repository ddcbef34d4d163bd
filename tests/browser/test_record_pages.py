"""Record pages a person can scan (issue 18): a brand's, a campaign's, a partner campaign's and a number
assignment's page open with their summary (status chips, carriers, key ids, what to do next) and show one
tab at a time, at 1280 and 1440 px with the sidebar open.

Before the tabs, at 1440x900 with the records seeded here, the pages were 4,180 px (brand), 7,085 px
(campaign), 3,770 px (partner campaign) and 1,477 px (number assignment) tall; each must now stay within two
screens. Screenshots go to var/screenshots/<test>/.
"""

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from tendlc.models import AuditEntry, CampaignMnoStatus, ComplianceCheck, ExternalVetting
from tests import factories
from tests.browser.conftest import PASSWORD, log_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS, opened

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SCREEN = 900
CARRIERS = [("AT&T", "APPROVED"), ("T-Mobile", "REJECTED"), ("Verizon Wireless", "REVIEW")]
FINDING = {
    "rule": "sample-names-brand",
    "severity": "error",
    "fields": ["sample1"],
    "message": "The sample does not name the brand.",
    "reference": "CTIA 2023, 5.2",
}


def seed() -> dict[str, str]:
    """A busy brand and its rejected campaign (carriers, checks, twenty audit entries each), a partner's
    campaign and a number: the addresses of their pages."""
    now = timezone.now()
    brand = factories.BrandFactory(display_name="Northwind Credit Union")
    campaign = factories.CampaignFactory(brand=brand, campaign_status="MNO_REJECTED")
    for network_id, (mno, status) in enumerate(CARRIERS, start=10017):
        CampaignMnoStatus.objects.create(
            campaign=campaign, network_id=network_id, mno=mno, operation_status=status
        )
    for _ in range(5):
        ComplianceCheck.objects.create(campaign=campaign, findings=[FINDING, FINDING], error_count=2)
    ComplianceCheck.objects.create(brand=brand, findings=[FINDING], error_count=1)
    ExternalVetting.objects.create(
        brand=brand, evp_id="AEGIS", vetting_class="STANDARD", vetting_id="v1", create_date=now
    )
    for target in (brand, campaign):
        AuditEntry.objects.bulk_create(
            AuditEntry(
                at=now,
                username="ada",
                action="campaign.update",
                target_type=ContentType.objects.get_for_model(target),
                target_id=str(target.pk),
                target_repr=str(target),
                request_summary={},
                outcome="succeeded",
            )
            for _ in range(20)
        )
    partner = factories.PartnerCampaignFactory(sharing_status="PENDING")
    assignment = factories.PhoneNumberAssignmentFactory(campaign=campaign)
    return {
        "brand": f"/admin/tendlc/brand/{brand.pk}/change/",
        "campaign": f"/admin/tendlc/campaign/{campaign.pk}/change/",
        "partner campaign": f"/admin/tendlc/partnercampaign/{partner.pk}/change/",
        "number assignment": f"/admin/tendlc/phonenumberassignment/{assignment.pk}/change/",
    }


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def open_panels(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('[role=tabpanel]')].filter(p => !p.hidden).map(p => p.id)"
    )


def tab(page, name: str):
    return page.get_by_role("tab", name=name, exact=True)


def test_record_pages_open_with_their_summary_and_fit_two_screens(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    pages = seed()
    heights, overflowing = {}, {}
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            for name, url in pages.items():
                page.goto(url)
                expect(page.locator("#record-summary")).to_be_visible()
                expect(page.get_by_role("tablist")).to_be_visible()
                assert open_panels(page) == ["panel-details"], name
                shot(page, f"{width} {name}")
                heights[f"{width} {name}"] = height(page)
                if found := page.evaluate(OVERFLOWS):
                    overflowing[f"{width} {name}"] = found
        finally:
            context.close()

    print("record page heights:", heights)
    assert overflowing == {}
    assert {page: px for page, px in heights.items() if px > 2 * SCREEN} == {}


def test_a_campaigns_summary_and_tabs(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    url = seed()["campaign"]
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto(url)
            summary = page.locator("#record-summary")
            expect(summary.locator(".tendlc-record-statuses")).to_contain_text("Rejected by a carrier")
            expect(page.locator("#record-carriers dd")).to_have_text(
                ["AT&T Approved", "T-Mobile Rejected", "Verizon Wireless Review"]
            )
            expect(page.locator("#next-steps p")).to_have_text(
                ["Rejected by T-Mobile.", "Fix the campaign as the rejection asks, then appeal it (Appeal)."]
            )
            # The actions stay at the top, above the summary.
            appeal = page.locator(".object-tools").get_by_role("link", name="Appeal")
            assert appeal.bounding_box()["y"] < summary.bounding_box()["y"]
            expect(tab(page, "Details")).to_have_attribute("aria-selected", "true")
            expect(page.locator(".submit-row")).to_be_visible()

            tab(page, "Carriers").click()
            assert open_panels(page) == ["panel-carriers"]
            expect(page.locator("#panel-carriers")).to_contain_text("T-Mobile")
            expect(page.locator("#panel-details")).to_be_hidden()
            # A panel holds no field: the form's buttons are not offered under it.
            expect(page.locator(".submit-row")).to_be_hidden()
            assert page.url.endswith("#tab-carriers")
            shot(page, f"{width} carriers")
            assert page.evaluate(OVERFLOWS) == []

            page.reload()
            assert open_panels(page) == ["panel-carriers"]

            # The keyboard: arrows move to the next tab and open it, Home goes back to the first.
            tab(page, "Carriers").focus()
            page.keyboard.press("ArrowRight")
            expect(tab(page, "Registry and sharing")).to_be_focused()
            assert open_panels(page) == ["panel-registry-and-sharing"]
            page.keyboard.press("Home")
            expect(tab(page, "Details")).to_be_focused()
            assert open_panels(page) == ["panel-details"]

            # Leaving the page and coming back opens the tab it was left on.
            tab(page, "Audit history").click()
            page.goto("/admin/tendlc/campaign/")
            page.go_back()
            page.wait_for_url(re.compile(r"#tab-audit-history$"))
            assert open_panels(page) == ["panel-audit-history"]
        finally:
            context.close()


def test_a_failed_save_opens_the_tab_holding_the_error(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    url = seed()["campaign"]
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto(url)
            tab(page, "Content").click()
            page.fill("#id_webhook_url", "not a url")
            tab(page, "Details").click()
            page.get_by_role("button", name="Save", exact=True).click()
            page.wait_for_load_state()

            expect(page.locator(".errornote")).to_be_visible()
            assert open_panels(page) == ["panel-content"]
            # The tab says it holds something to correct.
            expect(tab(page, "Content (to correct)")).to_have_attribute("aria-selected", "true")
            expect(page.locator(".field-webhook_url .errorlist")).to_have_text("Enter a valid URL.")
            expect(page.locator("#id_webhook_url")).to_have_value("not a url")
            assert page.url.endswith("#tab-content")
            shot(page, f"{width} failed save")
            assert page.evaluate(OVERFLOWS) == []
        finally:
            context.close()


def test_a_brands_summary_and_tabs(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    url = seed()["brand"]
    for width in WIDTHS:
        context, page = opened(chromium, portal, width)
        try:
            log_in(page, "root")
            page.goto(url)
            expect(page.locator(".tendlc-record-statuses dd")).to_have_text(["Registered", "Verified"])
            expect(page.locator("#next-steps")).to_contain_text("Nothing needs doing now.")
            tab(page, "External vettings").click()
            assert open_panels(page) == ["panel-external-vettings"]
            expect(page.locator("#panel-external-vettings")).to_contain_text("AEGIS")
            tab(page, "Contact and web").click()
            assert open_panels(page) == ["panel-contact-and-web"]
            expect(page.locator("#id_email")).to_be_visible()
            shot(page, f"{width} contact and web")
            assert page.evaluate(OVERFLOWS) == []
        finally:
            context.close()


def test_without_scripts_every_section_stands_stacked(chromium, portal, shot):
    User.objects.create_superuser("root", password=PASSWORD)
    url = seed()["campaign"]
    context = chromium.new_context(
        base_url=portal.url, viewport={"width": 1440, "height": SCREEN}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        log_in(page, "root")
        page.goto(url)
        for section in ("details", "content", "carriers", "audit-history", "technical"):
            expect(page.locator(f"#panel-{section}")).to_be_visible()
        assert page.get_by_role("tab").count() == 0
        page.locator(".tendlc-tabs").get_by_role("link", name="Carriers").click()
        assert page.url.endswith("#panel-carriers")
        shot(page, "stacked")
    finally:
        context.close()
