"""Two-factor sign-in (django-otp): enrolling from one's own page, the login asking for the code, backup
codes working once, an admin resetting a colleague, and the setting that requires it of admins."""

import re

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tendlc.models import AuditEntry
from tests.fixtures.users import ADMIN

# django-otp waits longer after each wrong code (1 s, 2 s, ...): the tests type a right one at once after.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_code_throttle")]

LOGIN = "/admin/login/?next=/admin/"
PAGE = "/admin/two-factor/"


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(browser: Client, user: User) -> tuple[TOTPDevice, list[str]]:
    page = browser.get(PAGE)
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    done = browser.post(PAGE, {"otp_token": code_for(device)})
    codes = re.findall(r"<li><code>(\w+)</code></li>", done.content.decode())
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def no_code_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def enrolled(db) -> tuple[User, TOTPDevice, list[str]]:
    user = User.objects.create_user("careful", password="right-pw")
    user.groups.add(Group.objects.get(name=ADMIN))
    browser = Client()
    browser.force_login(user)
    device, codes = enrol(browser, user)
    # A code is taken once (the app's code that confirmed enrolment is refused at sign-in in the same 30 s):
    # the tests sign in at once, so the device forgets it was used.
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    return user, device, codes


def sign_in(username: str, password: str, code: str = "") -> tuple[Client, object]:
    browser = Client()
    response = browser.post(LOGIN, {"username": username, "password": password, "otp_token": code})
    return browser, response


def test_the_page_shows_a_qr_code_and_the_key_until_a_code_confirms_it(staff_client, staff_user):
    page = staff_client.get(PAGE)
    html = page.content.decode()

    assert 'src="data:image/svg+xml' in html
    assert "Two-factor sign-in is <strong>off</strong>" in html
    device = TOTPDevice.objects.get(user=staff_user)
    assert not device.confirmed

    wrong = staff_client.post(PAGE, {"otp_token": "000000" if code_for(device) != "000000" else "111111"})
    assert "That code is not right." in wrong.content.decode()
    assert 'value="000000"' in wrong.content.decode() or 'value="111111"' in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed

    device, codes = enrol(staff_client, staff_user)
    assert device.confirmed
    assert len(codes) == 10
    assert AuditEntry.objects.filter(action="two_factor.enrol", username="staff").exists()


def test_an_enrolled_account_needs_the_code_after_the_password(enrolled):
    _user, device, _codes = enrolled

    _browser, missing = sign_in("careful", "right-pw")
    assert missing.status_code == 200
    assert missing.context["form"].errors["otp_token"] == [
        "This account uses two-factor sign-in: type the code your authenticator app shows, or one of your "
        "backup codes."
    ]

    _browser, wrong = sign_in("careful", "right-pw", "12345x")
    assert wrong.context["form"].errors["otp_token"][0].startswith("That code is not right.")

    browser, right = sign_in("careful", "right-pw", code_for(device))
    assert (right.status_code, right["Location"]) == (302, "/admin/")
    assert browser.get("/admin/").status_code == 200


def test_a_wrong_password_says_nothing_about_the_code(enrolled):
    _browser, response = sign_in("careful", "wrong-pw", "123456")

    assert "otp_token" not in response.context["form"].errors
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Both are case-sensitive."
    ]


def test_a_backup_code_works_once(enrolled):
    _user, _device, codes = enrolled

    assert sign_in("careful", "right-pw", codes[0])[1].status_code == 302
    assert sign_in("careful", "right-pw", codes[0])[1].status_code == 200
    assert StaticToken.objects.count() == 9


def test_an_admin_resets_a_colleague_who_lost_their_phone(enrolled, admin_client):
    user, _device, _codes = enrolled

    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "two_factor_reset_selected", "_selected_action": [user.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Reset two-factor sign-in for 1 user: they sign in with their password and enrol again."
    ]
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="two_factor.reset", username="admin").exists()
    assert sign_in("careful", "right-pw")[1].status_code == 302


def test_a_person_turns_it_off_when_not_required(enrolled):
    user, device, _codes = enrolled
    browser, _ = sign_in("careful", "right-pw", code_for(device))

    browser.post(PAGE, {"turn": "off"})

    assert not TOTPDevice.objects.filter(user=user).exists()


@override_settings(PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS=True)
def test_required_admins_are_sent_to_set_it_up_and_staff_are_not(compliance_admin_client, staff_client):
    response = compliance_admin_client.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, PAGE)
    page = compliance_admin_client.get(PAGE)
    assert "Your role requires two-factor sign-in: set it up to go on." in page.content.decode()
    assert staff_client.get("/admin/").status_code == 200


@override_settings(PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS=True)
def test_once_enrolled_a_required_admin_goes_on_and_cannot_turn_it_off(
    compliance_admin_client, compliance_admin
):
    enrol(compliance_admin_client, compliance_admin)

    assert compliance_admin_client.get("/admin/").status_code == 200
    compliance_admin_client.post(PAGE, {"turn": "off"})
    assert TOTPDevice.objects.filter(user=compliance_admin, confirmed=True).exists()


@override_settings(PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS=True)
def test_a_password_only_session_of_an_enrolled_admin_ends(enrolled):
    user, _device, _codes = enrolled
    browser = Client()
    browser.force_login(user)

    response = browser.get("/admin/")

    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/admin/")
    assert "_auth_user_id" not in browser.session
