"""``PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS`` beyond the admin: a session signed in with the password alone does
not reach the API, its docs or the detailed health report; a session verified with a code does, tokens are
not asked for one, and with the setting off nothing changes."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal import health
from tendlc.models import ApiToken
from tendlc.services.api_tokens import api_token_issue
from tests.fixtures.users import ADMIN, member_of

pytestmark = pytest.mark.django_db

API = "/api/v1/brands/"
DOCS = "/api/docs/"
HEALTH = "/healthz/detail"
REFUSAL = (
    "This session was signed in without two-factor sign-in, which your account requires. Finish two-factor "
    "sign-in in the admin (sign in again with your code, or set it up), or call the API with a token."
)


def signed_in(*, enrolled: bool, verified: bool = False) -> tuple[User, Client]:
    """A Compliance admin's browser: with or without an authenticator app set up, its session verified with a
    code (as django-otp's login records it) or signed in with the password alone."""
    user = member_of(ADMIN, "careful-admin")
    browser = Client()
    browser.force_login(user)
    if enrolled:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=True)
        if verified:
            session = browser.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
    return user, browser


@pytest.fixture
def two_factor_for_admins(settings):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS = True


@pytest.fixture
def healthy_worker(monkeypatch):
    monkeypatch.setattr(health, "check_worker", lambda: {"ok": True, "workers": ["w1@host"]})


@pytest.mark.usefixtures("two_factor_for_admins")
@pytest.mark.parametrize("enrolled", [True, False])
def test_the_api_refuses_a_password_only_session_saying_why(enrolled):
    _, browser = signed_in(enrolled=enrolled)

    response = browser.get(API)

    assert response.status_code == 403
    assert REFUSAL in response.content.decode()
    assert "_auth_user_id" in browser.session


@pytest.mark.usefixtures("two_factor_for_admins")
def test_the_api_refuses_a_password_only_session_writing_too():
    _, browser = signed_in(enrolled=False)

    response = browser.post(API, {}, content_type="application/json")

    assert response.status_code == 403
    assert REFUSAL in response.content.decode()


@pytest.mark.usefixtures("two_factor_for_admins")
def test_the_api_answers_a_session_verified_with_a_code():
    _, browser = signed_in(enrolled=True, verified=True)

    response = browser.get(API)

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.usefixtures("two_factor_for_admins")
def test_a_token_is_not_asked_for_a_code():
    user, _ = signed_in(enrolled=True)
    key = api_token_issue(token=ApiToken(user=user, name="nightly export"))

    response = Client().get(API, HTTP_AUTHORIZATION=f"Token {key}")

    assert response.status_code == 200
    assert response.json()["count"] == 0


@pytest.mark.usefixtures("two_factor_for_admins")
@pytest.mark.parametrize("page", [DOCS, HEALTH])
def test_a_page_sends_someone_without_two_factor_to_set_it_up(page):
    _, browser = signed_in(enrolled=False)

    response = browser.get(page)

    assert response.status_code == 302
    assert response["Location"] == "/admin/two-factor/"


@pytest.mark.usefixtures("two_factor_for_admins")
@pytest.mark.parametrize("page", [DOCS, HEALTH])
def test_a_page_ends_a_password_only_session_and_asks_for_the_code(page):
    _, browser = signed_in(enrolled=True)

    response = browser.get(page)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/login/?next={page}"
    assert "_auth_user_id" not in browser.session


@pytest.mark.usefixtures("two_factor_for_admins", "healthy_worker")
@pytest.mark.parametrize("page", [DOCS, HEALTH])
def test_a_page_opens_for_a_session_verified_with_a_code(page):
    _, browser = signed_in(enrolled=True, verified=True)

    assert browser.get(page).status_code in {200, 503}


@pytest.mark.usefixtures("healthy_worker")
@pytest.mark.parametrize("enrolled", [True, False])
def test_with_the_setting_off_a_password_session_reaches_everything(settings, enrolled):
    settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS = False
    _, browser = signed_in(enrolled=enrolled)

    assert browser.get(API).status_code == 200
    assert browser.get(DOCS).status_code == 200
    assert browser.get(HEALTH).status_code in {200, 503}
