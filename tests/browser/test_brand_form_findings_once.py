"""The brand form's findings, each shown once (issue 18 item 9): at its primary field, in one wording (the
form's own refusal of a typed EIN, not also a finding about it), the header counting exactly the items shown
and keeping what blocks saving apart from what does not. At 1440 px, as the walk-through saw it."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import log_in, user_in
from tests.fixtures.brands import FORM_VALUES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROBLEMS = {"ein": "12-345678", "street": "PO Box 123", "website": "https://www.facebook.com/acme"}
EIN_REFUSED = "A US EIN is 9 digits: 123456789 or 12-3456789."
SUMMARY = "#brand-findings [data-findings-summary]"


def fill_brand(page: Page, values: dict[str, str]) -> None:
    for name, value in values.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def shown(page: Page) -> list[tuple[str, str]]:
    """Every finding and error on the form as (field, text): the live lists' items and the server's errors."""
    items = page.locator("form .form-row").evaluate_all(
        """rows => rows.flatMap(row => {
            const field = [...row.classList].find(name => name.startsWith("field-")).slice(6);
            return [...row.querySelectorAll(".tendlc-findings li, .errorlist li")]
                .map(li => [field, li.textContent.trim()]);
        })"""
    )
    return [(field, text) for field, text in items]


def chips(page: Page, kind: str) -> int:
    return page.locator(f"form li.tendlc-finding-{kind}").count()


def test_each_finding_shows_once_and_the_header_counts_the_list_shown(page: Page, shot):
    user_in("Compliance staff", "stella")
    log_in(page, "stella")
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/admin/tendlc/brand/add/")
    fill_brand(page, {**FORM_VALUES, **PROBLEMS})

    expected = (
        "Must fix before saving: 1. Compliance checks: 2 error(s), 1 warning(s), which do not stop saving;"
        " the registry may reject what they name."
    )
    expect(page.locator(SUMMARY)).to_have_text(expected)
    typed = shown(page)
    shot(page, "typed a bad EIN, a PO box and a social profile")
    page.click("input[name=_save]")
    expect(page.locator(".errornote")).to_be_visible()
    expect(page.locator(SUMMARY)).to_have_text(expected)
    refused = shown(page)
    shot(page, "saved and refused")

    for items in (typed, refused):
        assert [field for field, text in items if "EIN" in text] == ["ein"]
        assert ("ein", f"must fix {EIN_REFUSED}") in items
        assert len({text for _, text in items}) == len(items)
        assert [field for field, text in items if "is not on the brand's domain" in text] == ["email"]
        assert [field for field, text in items if text.startswith("error")] == ["street", "website"]
    assert (chips(page, "blocking"), chips(page, "error"), chips(page, "warning")) == (1, 2, 1)

    page.fill("#id_ein", "00-0000000")

    expect(page.locator(SUMMARY)).to_have_text(
        "Compliance checks: 3 error(s), 1 warning(s), which do not stop saving; the registry may reject what"
        " they name."
    )
    assert [text for field, text in shown(page) if field == "ein"] == [
        "error No EIN starts with 00: check 000000000 against the IRS letter (CP 575)."
    ]
    assert (chips(page, "blocking"), chips(page, "error"), chips(page, "warning")) == (0, 3, 1)
    shot(page, "an EIN the form takes and the checks question")
