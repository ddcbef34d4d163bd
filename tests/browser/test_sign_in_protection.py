"""Sign-in protection in Chromium, at 1280 and 1440 px: a lockout after wrong passwords (the right one then
refused, the page saying for how long, lifted by a Compliance admin), and two-factor sign-in from enrolment
to a login with the app's code, computed here as the app would."""

import importlib
import re

import pytest
from django.apps import apps
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.browser.conftest import PASSWORD, log_in, user_in
from tests.fixtures.users import ADMIN, STAFF

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

WIDTHS = [1280, 1440]


def type_sign_in(page, username: str, password: str, code: str = "") -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    if code:
        page.fill("#id_otp_token", code)
    page.click("input[type=submit]")


def fits(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_lockout_refuses_the_right_password_until_a_compliance_admin_unlocks_it(page, shot, width):
    page.set_viewport_size({"width": width, "height": 900})
    # The conftest makes the roles again after the flush; the unlock permission comes from a later migration.
    importlib.import_module("tendlc.migrations.0023_sign_in_lockouts").lockouts_unlockable(apps, None)
    user_in(STAFF, "guessed")
    user_in(ADMIN, "lead")

    for _ in range(5):
        type_sign_in(page, "guessed", "wrong-password")
    type_sign_in(page, "guessed", PASSWORD)

    error = page.locator(".errornote").inner_text()
    assert error == (
        "Signing in to this account from your address is paused after 5 wrong passwords in a row. Try again in "
        "15 minutes, or ask a Compliance admin to unlock it sooner (under “Sign-in lockouts”)."
    )
    assert page.input_value("#id_username") == "guessed"
    assert re.search(r"/admin/login/", page.url)
    fits(page)
    shot(page, f"locked out {width}")

    log_in(page, "lead")
    page.goto("/admin/tendlc/signinlockout/")
    row = page.locator("#result_list tbody tr")
    assert row.count() == 1
    assert "guessed" in row.inner_text()
    assert "Locked" in row.inner_text()
    fits(page)
    shot(page, f"lockouts list {width}")
    page.check("#result_list tbody input.action-select")
    page.select_option("select[name=action]", "unlock_selected")
    page.click("button[name=index]")
    assert page.locator(".messagelist").inner_text() == (
        "Unlocked 1 account and address: they may sign in again now."
    )
    shot(page, f"unlocked {width}")
    page.locator("#logout-form button").click()

    type_sign_in(page, "guessed", PASSWORD)
    page.wait_for_url(re.compile(r".*/admin/$"))


@pytest.mark.parametrize("width", WIDTHS)
def test_two_factor_from_enrolment_to_a_sign_in_with_the_apps_code(page, shot, width, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    page.set_viewport_size({"width": width, "height": 900})
    user_in(ADMIN, "careful")
    log_in(page, "careful")

    page.click("text=Two-factor sign-in")
    assert page.locator("#two-factor-qr").is_visible()
    fits(page)
    shot(page, f"enrolment {width}")
    device = TOTPDevice.objects.get(user__username="careful")
    page.fill("#id_otp_token", f"{totp(device.bin_key):06d}")
    page.click("#two-factor-form input[type=submit]")
    assert page.locator("#backup-codes li").count() == 10
    fits(page)
    shot(page, f"backup codes {width}")
    page.locator("#logout-form button").click()

    type_sign_in(page, "careful", PASSWORD)
    assert page.locator(".errorlist").inner_text() == (
        "This account uses two-factor sign-in: type the code your authenticator app shows, or one of your "
        "backup codes."
    )
    shot(page, f"code asked {width}")
    # A code is taken once and the enrolment's is still the app's current one: the device forgets it was used,
    # rather than the test waiting up to 30 s for the next.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    type_sign_in(page, "careful", PASSWORD, f"{totp(device.bin_key):06d}")
    page.wait_for_url(re.compile(r".*/admin/$"))
    assert page.locator("#dashboard-counts").is_visible()
    shot(page, f"signed in {width}")
