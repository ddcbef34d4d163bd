"""Tokens: issued and revoked by admins in the admin (Django permissions on tokens decide who may), a
revoked token refused in the one error format, and throttling per token."""

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.throttling import UserRateThrottle

from tests.api.conftest import member_of
from tests.fixtures.users import ADMIN

pytestmark = pytest.mark.django_db

TOKENS = "/admin/authtoken/tokenproxy/"


def admin_browser(user: User) -> Client:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    browser = Client()
    browser.force_login(user)
    return browser


@pytest.fixture
def token_keeper(db) -> User:
    """Staff with the token permissions and nothing else: Django's permissions, not a role, decide."""
    user = User.objects.create_user("keeper", password="pw")
    codenames = ["view_tokenproxy", "add_tokenproxy", "delete_tokenproxy"]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="authtoken", codename__in=codenames)
    )
    return user


def test_a_superuser_issues_a_token_in_the_admin(superuser, api_staff_user):
    browser = admin_browser(superuser)

    response = browser.post(f"{TOKENS}add/", {"user": api_staff_user.pk})

    assert response.status_code == 302
    assert Token.objects.filter(user=api_staff_user).count() == 1


def test_a_user_with_the_token_permissions_issues_and_revokes_tokens(token_keeper, api_staff_user):
    browser = admin_browser(token_keeper)

    issued = browser.post(f"{TOKENS}add/", {"user": api_staff_user.pk})
    revoked = browser.post(f"{TOKENS}{api_staff_user.pk}/delete/", {"post": "yes"})

    assert (issued.status_code, revoked.status_code) == (302, 302)
    assert not Token.objects.filter(user=api_staff_user).exists()


def test_a_compliance_admin_without_the_token_permissions_cannot_see_or_issue_tokens(api_staff_user):
    compliance_admin = member_of(ADMIN, "compliance-admin-2")
    browser = admin_browser(compliance_admin)

    listed = browser.get(TOKENS)
    issued = browser.post(f"{TOKENS}add/", {"user": api_staff_user.pk})

    assert (listed.status_code, issued.status_code) == (403, 403)
    assert not Token.objects.exists()


def test_a_revoked_token_is_refused_with_a_401_in_the_one_error_format(api_as, superuser, api_staff_user):
    api = api_as(api_staff_user)
    assert api.get("/api/v1/brands/").status_code == 200

    admin_browser(superuser).post(f"{TOKENS}{api_staff_user.pk}/delete/", {"post": "yes"})
    response = api.get("/api/v1/brands/")

    assert not Token.objects.filter(user=api_staff_user).exists()
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {
        "errors": [{"field": None, "code": "authentication_failed", "message": "Invalid token."}],
        "status": 401,
    }


@pytest.fixture
def two_per_minute(settings, monkeypatch):
    rates = {"user": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF reads the rates into the throttle class when it is imported; the setting alone reaches it at start.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)


def test_too_many_requests_for_one_token_are_a_429_in_the_one_error_format(
    two_per_minute, api_as, api_staff_user, api_compliance_admin
):
    api = api_as(api_staff_user)
    answers = [api.get("/api/v1/brands/").status_code for _ in range(3)]
    throttled = api.get("/api/v1/brands/")

    assert answers == [200, 200, 429]
    assert throttled.status_code == 429
    assert throttled["Retry-After"] == "60"
    assert throttled.json() == {
        "errors": [
            {
                "field": None,
                "code": "throttled",
                "message": "Request was throttled. Expected available in 60 seconds.",
            }
        ],
        "status": 429,
    }
    # Per token: another user's token is not held back.
    assert api_as(api_compliance_admin).get("/api/v1/brands/").status_code == 200


def test_the_index_of_resources_needs_a_signed_in_caller(api_as, api_staff_user):
    assert api_as(None).get("/api/v1/").status_code == 401
    index = api_as(api_staff_user).get("/api/v1/")
    assert index.status_code == 200
    assert "brands" in index.json()
