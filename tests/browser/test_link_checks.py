"""The link checks in Chromium: "Check links" on a campaign's page opens its pages on local sites, and the
Links panel shows each link's result, its redirect hops and its findings in plain words, fitting at 1280 and
1440 px. Screenshots go to var/screenshots/<test>/."""

import re

import pytest
from playwright.sync_api import expect

from tendlc.tasks import link_checks as tasks
from tests.browser.conftest import log_in, user_in
from tests.browser.test_layout_fits import OVERFLOWS, WIDTHS
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.users import STAFF
from tests.link_pages_html import HOME, PRIVACY_WITHOUT_CLAUSE, SIGN_IN, TERMS

# What the panel must never show: the stored outcome codes and the fields' wire names.
WIRE_WORDS = re.compile(
    r"\b(http_error|too_large|refused|privacyPolicyLink|termsAndConditionsLink|messageFlow|embeddedLinkSample)\b"
)

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("link_checks_reach_local_sites", "link_check_snapshots"),
]


@pytest.fixture
def link_checks_in_the_web_process(monkeypatch):
    """No worker runs here: a queued check is performed in the live server's thread, after its commit."""
    monkeypatch.setattr(
        tasks.check_links, "apply_async", lambda args, **options: tasks.check_links.apply(args=args)
    )


@pytest.mark.usefixtures("link_checks_in_the_web_process")
def test_the_links_panel_shows_each_link_plainly_and_fits(page, shot, local_sites):
    site, elsewhere = local_sites("localhost"), local_sites("127.0.0.1")
    hosted = elsewhere.page(
        "/policies/northwind-regional-credit-union/privacy-and-sms-terms", PRIVACY_WITHOUT_CLAUSE
    )
    campaign = CampaignFactory(
        brand=BrandFactory(website=site.page("/", HOME)),
        privacy_policy_link=site.redirect("/privacy", hosted),
        terms_and_conditions_link=site.page("/terms", TERMS),
        message_flow=f"Members opt in on {site.page('/members/sign-up', SIGN_IN)} by ticking the SMS box.",
        embedded_link_sample=f"Your statement is ready: {site.url('/s/8431')}",
    )
    user_in(STAFF, "linkchecker")
    log_in(page, "linkchecker")

    page.goto(f"/admin/tendlc/campaign/{campaign.pk}/change/")
    page.get_by_role("button", name="Check links").click()
    page.get_by_role("tab", name="Links", exact=True).click()
    panel = page.locator("#link-check")

    expect(panel).to_contain_text("Checked 5 links.")
    table = page.locator(".tendlc-link-results")
    expect(table).to_contain_text("Followed 1 redirect")
    expect(table).to_contain_text("Not opened: the site answered 404")
    expect(table).to_contain_text("The privacy policy does not say that mobile numbers")
    expect(table).to_contain_text("shows a sign-in page")
    expect(table).to_contain_text("Reviewers cannot open the link in the messages")
    expect(table).to_contain_text("the site answered 404")
    words = table.inner_text()
    assert WIRE_WORDS.findall(words) == []
    overflowing = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        table.locator("details").first.evaluate("(element) => { element.open = true; }")
        shot(page, f"links panel {width}")
        if found := page.evaluate(OVERFLOWS):
            overflowing[width] = found
    assert overflowing == {}


@pytest.mark.usefixtures("link_checks_in_the_web_process")
def test_the_builder_shows_each_link_s_result_under_its_field(page, shot, local_sites, registered_brand):
    site = local_sites()
    registered_brand.website = site.page("/", HOME)
    registered_brand.save()
    user_in(STAFF, "builder")
    log_in(page, "builder")
    page.goto("/admin/tendlc/campaign/build/")
    page.select_option("#id_brand", str(registered_brand.pk))
    page.get_by_role("button", name="Next: use case").click()
    page.check('input[name=usecase][value="CUSTOMER_CARE"]')
    page.get_by_role("button", name="Next: check qualification").click()
    page.get_by_role("link", name="Next: content").click()
    page.fill("#id_privacy_policy_link", site.page("/privacy", PRIVACY_WITHOUT_CLAUSE))
    page.fill("#id_terms_and_conditions_link", site.url("/terms-gone"))

    page.get_by_role("button", name="Check links").click()

    privacy = page.locator(".field-privacy_policy_link .tendlc-link-result")
    expect(privacy).to_contain_text("Privacy policy: Opened, with findings")
    expect(privacy).to_contain_text("The privacy policy does not say that mobile numbers")
    expect(page.locator(".field-terms_and_conditions_link .tendlc-link-result")).to_contain_text(
        "Terms and conditions: Not opened: the site answered 404"
    )
    expect(page.locator(".tendlc-builder-links")).to_contain_text("Brand website: Opened, nothing to change")
    expect(page.locator("#id_privacy_policy_link")).to_have_value(site.url("/privacy"))
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.locator(".field-privacy_policy_link").scroll_into_view_if_needed()
        folder = shot(page, f"builder links {width}").parent
        # The Links fieldset alone, readable beside the long page.
        page.locator("fieldset", has=page.locator(".field-privacy_policy_link")).screenshot(
            path=str(folder / f"links-fieldset-{width}.png")
        )
        assert page.evaluate(OVERFLOWS) == []
