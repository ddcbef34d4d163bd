"""Compliance findings beside the brand form's fields as the user types (live_findings.js), in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_findings_appear_beside_the_fields_as_the_user_types(page: Page, shot):
    user_in("Compliance staff", "stella")
    log_in(page, "stella")
    page.goto("/admin/tendlc/brand/add/")
    page.select_option("#id_entity_type", "PRIVATE_PROFIT")
    page.fill("#id_ein", "12-3456789")

    page.fill("#id_street", "PO Box 123")
    page.fill("#id_website", "https://www.facebook.com/acmemobile")
    page.fill("#id_email", "support@acme.example")

    street = page.locator(".form-row.field-street .tendlc-findings li")
    expect(street).to_have_text(
        "error The street is a PO box or mailbox: give the physical address where the business operates."
    )
    expect(street).to_have_class("tendlc-finding-error")
    expect(page.locator(".form-row.field-email .tendlc-findings li")).to_have_class("tendlc-finding-warning")
    expect(page.locator("#brand-findings [data-findings-summary]")).to_have_text(
        "Compliance checks: 2 error(s), 1 warning(s), which do not stop saving; the registry may reject what"
        " they name."
    )

    shot(page, "findings beside the fields")
    page.fill("#id_street", "1 Main St")

    expect(street).to_have_count(0)
    # The e-mail's warning names the website too; it is shown once, at the e-mail.
    expect(page.locator(".form-row.field-website .tendlc-findings li")).to_have_count(1)
