"""brand_form.js in a real browser (Debian's headless Chromium): the entity type hides the fields that do not
apply and marks the required ones, as the page opens and whenever it changes."""

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import log_in, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def staff_page(page):
    user_in("Compliance staff", "stella")
    log_in(page, "stella")
    return page


def visible(page: Page, name: str) -> bool:
    return page.locator(f".form-row.field-{name}").is_visible()


def required(page: Page, name: str) -> bool:
    return "required" in (page.locator(f'label[for="id_{name}"]').get_attribute("class") or "")


def test_the_entity_type_shows_and_requires_its_fields(staff_page):
    page = staff_page
    page.goto("/admin/tendlc/brand/add/")

    page.select_option("#id_entity_type", "SOLE_PROPRIETOR")
    sole = {
        name: (visible(page, name), required(page, name)) for name in ("ein", "mobile_phone", "first_name")
    }
    public_fieldset = page.locator("fieldset", has_text="Public company").is_visible()
    page.select_option("#id_entity_type", "PUBLIC_PROFIT")
    public = {
        name: (visible(page, name), required(page, name)) for name in ("ein", "mobile_phone", "stock_symbol")
    }

    assert sole == {"ein": (False, False), "mobile_phone": (True, True), "first_name": (True, True)}
    assert public_fieldset is False
    assert public == {"ein": (True, True), "mobile_phone": (False, False), "stock_symbol": (True, True)}


def test_a_page_shown_again_with_errors_opens_with_the_rules_applied(staff_page, shot):
    page = staff_page
    page.goto("/admin/tendlc/brand/add/")
    page.select_option("#id_entity_type", "SOLE_PROPRIETOR")
    page.fill("#id_display_name", "Jane Doe Studio")
    page.fill("#id_first_name", "Jane")
    page.fill("#id_email", "jane@doe.example")
    page.select_option("#id_vertical", "RETAIL")

    page.click("input[name=_save]")

    assert (
        page.locator(".field-mobile_phone .errorlist").inner_text() == "Required for sole proprietor brands."
    )
    assert page.locator(".field-last_name .errorlist").inner_text() == "Required for sole proprietor brands."
    assert (visible(page, "mobile_phone"), required(page, "mobile_phone")) == (True, True)
    assert (visible(page, "ein"), visible(page, "company_name")) == (False, False)
    assert page.input_value("#id_display_name") == "Jane Doe Studio"
    shot(page, "sole proprietor errors")
