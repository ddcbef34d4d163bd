"""The API tokens admin in Chromium, at the two widths compliance people use: a token issued with an expiry,
its key shown once and selected whole by one click, then absent from the list and the change page; revoked
after confirming."""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tendlc.models import ApiToken
from tests.browser.conftest import PASSWORD, log_in, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("width", [1280, 1440])
def test_a_superuser_issues_sees_the_key_once_and_revokes_a_token(page: Page, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    User.objects.create_superuser("root", password=PASSWORD)
    staff = user_in("Compliance staff", "stella")
    log_in(page, "root")

    page.goto("/admin/tendlc/apitoken/add/")
    page.select_option("#id_user", str(staff.pk))
    page.fill("#id_name", "CRM sync (production)")
    page.fill("#id_expires_at", "2031-06-30T18:00")
    shot(page, "issue form")
    page.get_by_role("button", name="Issue token").click()

    key_shown = page.locator("#api-token-key")
    expect(key_shown).to_have_text(re.compile(r"^tdlc_[\w-]{43}$"))
    key = key_shown.inner_text()
    key_shown.click()
    assert page.evaluate("window.getSelection().toString()") == key
    expect(page.locator("#content-main")).to_contain_text("will not show it again")
    shot(page, "key shown once")

    page.get_by_role("link", name="Done").click()
    expect(page.locator("#result_list")).to_contain_text("CRM sync (production)")
    expect(page.locator("#result_list")).to_contain_text(f"{key[:12]}…")
    assert key not in page.content()
    shot(page, "token list")

    page.get_by_role("link", name="CRM sync (production)").click()
    expect(page.locator(".field-key_start")).to_contain_text(f"{key[:12]}…")
    assert key not in page.content()
    shot(page, "change page")

    page.goto("/admin/tendlc/apitoken/")
    page.locator("input.action-select").first.check()
    page.select_option("select[name=action]", "revoke_selected")
    page.locator("button[name=index]").click()
    expect(page.locator("#content")).to_contain_text("will be refused from now on")
    shot(page, "revoke confirmation")
    page.get_by_role("button", name="Yes, revoke").click()

    expect(page.locator(".messagelist")).to_have_text("Revoked 1 token.")
    expect(page.locator("#result_list")).to_contain_text("revoked")
    shot(page, "revoked")
    assert ApiToken.objects.get().revoked_at is not None
