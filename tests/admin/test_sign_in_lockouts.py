"""Sign-in lockout (django-axes): after the limit of wrong passwords from one address the right one is refused
too, the login page says for how long with the username kept, and a Compliance admin unlocks it."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group, User
from django.test import Client, override_settings

from tendlc.models import ApiToken, AuditEntry
from tendlc.services.api_tokens import api_token_issue
from tests.fixtures.users import ADMIN

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
LOCKED = (
    "Signing in to this account from your address is paused after 5 wrong passwords in a row. Try again in 15 "
    "minutes, or ask a Compliance admin to unlock it sooner (under “Sign-in lockouts”)."
)


def sign_in(browser: Client, username: str, password: str, address: str = "10.0.0.1"):
    return browser.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


@pytest.fixture
def colleague(db) -> User:
    user = User.objects.create_user("colleague", password="right-pw")
    user.groups.add(Group.objects.get(name=ADMIN))
    return user


def lock_out(browser: Client, username: str = "colleague", address: str = "10.0.0.1") -> None:
    for _ in range(5):
        sign_in(browser, username, "wrong", address)


def test_wrong_passwords_below_the_limit_are_answered_as_wrong(colleague):
    browser = Client()
    for _ in range(4):
        response = sign_in(browser, "colleague", "wrong")
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "Please enter a correct username and password. Both are case-sensitive."
        ]

    assert sign_in(browser, "colleague", "right-pw").status_code == 302


def test_after_the_limit_the_right_password_is_refused_and_the_page_says_for_how_long(colleague):
    browser = Client()
    lock_out(browser)

    response = sign_in(browser, "colleague", "right-pw")

    html = response.content.decode()
    assert response.status_code == 429
    assert LOCKED in html
    assert "Please enter a correct" not in html
    assert 'name="username" value="colleague"' in html
    assert "_auth_user_id" not in browser.session


def test_the_lockout_is_per_account_and_address(colleague):
    lock_out(Client())

    assert sign_in(Client(), "colleague", "right-pw", address="10.0.0.2").status_code == 302
    other = User.objects.create_user("other", password="other-pw", is_staff=True)
    assert other.pk
    assert sign_in(Client(), "other", "other-pw").status_code == 302


def test_a_forwarded_for_header_does_not_change_the_address_counted(colleague):
    browser = Client()
    for number in range(5):
        browser.post(
            LOGIN, {"username": "colleague", "password": "wrong"}, REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )  # fmt: skip

    assert sign_in(browser, "colleague", "right-pw").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=2)
def test_the_limit_is_a_setting(colleague):
    lock_out(Client())
    browser = Client()
    sign_in(browser, "colleague", "wrong", "10.0.0.3")
    sign_in(browser, "colleague", "wrong", "10.0.0.3")

    assert sign_in(browser, "colleague", "right-pw", "10.0.0.3").status_code == 429


def test_a_compliance_admin_sees_the_lockout_in_plain_words_and_unlocks_it(
    colleague, compliance_admin_client
):
    lock_out(Client())

    page = compliance_admin_client.get("/admin/tendlc/signinlockout/")
    assert page.status_code == 200
    html = page.content.decode()
    for words in (
        "Sign-in lockouts: paused after 5 wrong passwords in a row",
        "colleague",
        "10.0.0.1",
        "Locked",
        "Unlock selected accounts",
    ):
        assert words in html
    assert "Delete selected" not in html

    attempt = AccessAttempt.objects.get(username="colleague")
    response = compliance_admin_client.post(
        "/admin/tendlc/signinlockout/",
        {"action": "unlock_selected", "_selected_action": [attempt.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Unlocked 1 account and address: they may sign in again now."
    ]
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action="sign_in.unlock")
    assert (entry.username, entry.request_summary) == (
        "compliance-admin",
        {"account": "colleague", "address": "10.0.0.1"},
    )
    assert sign_in(Client(), "colleague", "right-pw").status_code == 302


def test_compliance_staff_cannot_see_lockouts(staff_client):
    assert staff_client.get("/admin/tendlc/signinlockout/").status_code == 403


def test_api_tokens_and_the_webhook_neither_count_nor_refuse(colleague):
    browser = Client()
    lock_out(browser)
    key = api_token_issue(token=ApiToken(user=colleague, name="nightly export"))

    api = Client(REMOTE_ADDR="10.0.0.1")
    assert api.get("/api/v1/brands/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    assert api.get("/api/v1/brands/", HTTP_AUTHORIZATION="Token nonsense").status_code == 401
    webhook = Client().post("/webhooks/telnyx/", data=b"{}", content_type="application/json")
    assert webhook.status_code == 403
    assert AccessAttempt.objects.get().failures_since_start == 5


@override_settings(LOGIN_PROXY_COUNT=1)
def test_behind_one_proxy_the_address_it_saw_is_counted(colleague):
    browser = Client()
    for _ in range(5):
        browser.post(
            LOGIN, {"username": "colleague", "password": "wrong"}, REMOTE_ADDR="10.9.9.9",
            HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.7",
        )  # fmt: skip

    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    assert sign_in(Client(), "colleague", "right-pw", address="10.9.9.9").status_code == 302
