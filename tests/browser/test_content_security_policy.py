"""The Content-Security-Policy in Chromium: every main page (the admin's, the campaign builder, the uploads,
the sync list, the API tokens and the API docs) loads and runs its scripts with no violation reported and no
console error; and a violation, were there one, is seen (an inline script is blocked and reported)."""

import re

import pytest
from playwright.sync_api import ConsoleMessage, Page, expect

from tests import factories
from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Registered before any page script runs (Playwright's init scripts are not subject to the page's policy).
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
        + ` at ${event.sourceFile}:${event.lineNumber}`);
});
"""


class Watched:
    """A page whose console errors and reported policy violations are collected, page after page."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.errors: list[str] = []
        page.add_init_script(LISTEN)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.errors.append(str(error)))

    def console(self, message: ConsoleMessage) -> None:
        # Chromium asks every site for /favicon.ico; the portal has none, which is no fault of the policy.
        if message.type == "error" and not message.location["url"].endswith("/favicon.ico"):
            self.errors.append(f"{message.text} ({message.location['url']})")

    def visit(self, address: str) -> str:
        response = self.page.goto(address)
        self.page.wait_for_load_state("networkidle")
        return response.headers.get("content-security-policy", "")

    def violations(self) -> list[str]:
        return self.page.evaluate("window.cspViolations")


@pytest.fixture
def superuser_page(page: Page) -> Watched:
    from django.contrib.auth.models import User

    User.objects.create_superuser("root", password=PASSWORD)
    watched = Watched(page)
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "root")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/$"))
    return watched


def test_the_main_pages_run_without_a_policy_violation_or_console_error(superuser_page: Watched, shot):
    brand = factories.BrandFactory()
    page = superuser_page.page
    pages = {
        "dashboard": "/admin/",
        "brand list": "/admin/tendlc/brand/",
        "brand add": "/admin/tendlc/brand/add/",
        "brand change": f"/admin/tendlc/brand/{brand.pk}/change/",
        "campaign builder": "/admin/tendlc/campaign/build/",
        "numbers upload": "/admin/tendlc/numberupload/add/",
        "assignment by profile": "/admin/tendlc/assignmenttask/add/",
        "sync runs": "/admin/tendlc/syncrun/",
        "api tokens": "/admin/tendlc/apitoken/",
        "api token issue": "/admin/tendlc/apitoken/add/",
        "api docs": "/api/docs/",
    }
    seen = {}
    for name, address in pages.items():
        policy = superuser_page.visit(address)
        if name == "brand add":
            # The form's scripts at work: fields shown per entity type, findings fetched as one types.
            page.select_option("#id_entity_type", "SOLE_PROPRIETOR")
            page.fill("#id_display_name", "Acme")
            page.wait_for_load_state("networkidle")
        if name == "api docs":
            expect(page.locator(".opblock").first).to_be_visible()
            page.locator(".opblock-summary").first.click()
            expect(page.locator(".opblock-body").first).to_be_visible()
        shot(page, name)
        seen[name] = ("script-src 'self'" in policy, superuser_page.violations())

    assert seen == dict.fromkeys(pages, (True, []))
    assert superuser_page.errors == []


def test_an_inline_script_is_blocked_and_reported(superuser_page: Watched):
    superuser_page.visit("/admin/")

    # As injected markup would: an inline script element added to the page.
    superuser_page.page.evaluate(
        "() => { const script = document.createElement('script');"
        " script.textContent = 'window.inlineRan = true;'; document.head.append(script); }"
    )

    superuser_page.page.wait_for_function("window.cspViolations.length > 0")
    assert superuser_page.violations()[0].startswith("script-src-elem blocked inline")
    assert superuser_page.page.evaluate("window.inlineRan === undefined")
