"""Tokens: issued in the admin (or by a command) with the key shown once and only its hash stored, several a
user, an optional expiry, revoked by admins (Django permissions on tokens decide who may); a refused token
answered with a 401 in the one error format saying why; throttling per user."""

import hashlib
import importlib
import re
from datetime import UTC, datetime, timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.throttling import UserRateThrottle

from tendlc.api.throttling import SharedUserRateThrottle
from tendlc.models import ApiToken
from tendlc.services.api_tokens import api_token_issue
from tests.api.conftest import member_of
from tests.fixtures.users import ADMIN

pytestmark = pytest.mark.django_db

TOKENS = "/admin/tendlc/apitoken/"
BRANDS = "/api/v1/brands/"
ISSUED_KEY = re.compile(r'<code class="api-token-key" id="api-token-key">(tdlc_[\w-]{43})</code>')


def admin_browser(user: User) -> Client:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    browser = Client()
    browser.force_login(user)
    return browser


def calls_with(key: str, keyword: str = "Token") -> Client:
    return Client(headers={"Authorization": f"{keyword} {key}"})


def refusal(message: str) -> dict:
    return {"errors": [{"field": None, "code": "authentication_failed", "message": message}], "status": 401}


def issue(user: User, name: str = "CRM", **fields) -> tuple[ApiToken, str]:
    token = ApiToken(user=user, name=name, **fields)
    key = api_token_issue(token=token)
    return token, key


@pytest.fixture
def token_keeper(db) -> User:
    """Staff with the token permissions and nothing else: Django's permissions, not a role, decide."""
    user = User.objects.create_user("keeper", password="pw")
    codenames = ["view_apitoken", "add_apitoken", "change_apitoken"]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="tendlc", codename__in=codenames)
    )
    return user


def test_a_superuser_issues_a_token_in_the_admin_and_sees_its_key_once(superuser, api_staff_user):
    browser = admin_browser(superuser)

    response = browser.post(f"{TOKENS}add/", {"user": api_staff_user.pk, "name": "CRM sync"})

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    page = response.content.decode()
    key = ISSUED_KEY.search(page).group(1)
    assert "will not show it again" in page
    token = ApiToken.objects.get(user=api_staff_user)
    assert (token.name, token.prefix, token.expires_at) == ("CRM sync", key[:12], None)
    # Only the hash is kept, and nothing the admin shows afterwards gives the key back.
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {str(value) for value in ApiToken.objects.values().get().values()}
    for page in (browser.get(TOKENS), browser.get(f"{TOKENS}{token.pk}/change/")):
        assert page.status_code == 200
        assert key not in page.content.decode()
        assert f"{key[:12]}…" in page.content.decode()
    assert calls_with(key).get(BRANDS).status_code == 200


def test_an_expiry_in_the_past_is_refused_at_its_field_with_the_rest_kept(superuser, api_staff_user):
    browser = admin_browser(superuser)

    response = browser.post(
        f"{TOKENS}add/", {"user": api_staff_user.pk, "name": "CRM sync", "expires_at": "2020-01-01T09:30"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "expires_at": ["Choose a moment in the future, or leave it empty for no expiry."]
    }
    assert 'value="CRM sync"' in response.content.decode()
    assert not ApiToken.objects.exists()


def test_a_user_with_the_token_permissions_issues_and_revokes_after_confirming(token_keeper, api_staff_user):
    browser = admin_browser(token_keeper)
    issued = browser.post(f"{TOKENS}add/", {"user": api_staff_user.pk, "name": "CRM", "expires_at": ""})
    key = ISSUED_KEY.search(issued.content.decode()).group(1)
    token = ApiToken.objects.get()
    selection = {"action": "revoke_selected", "_selected_action": [token.pk]}

    confirmation = browser.post(TOKENS, selection)
    still_works = calls_with(key).get(BRANDS).status_code
    revoked = browser.post(TOKENS, {**selection, "post": "yes"}, follow=True)

    assert "Every request made with this token will be refused" in confirmation.content.decode()
    assert still_works == 200
    assert [str(message) for message in revoked.context["messages"]] == ["Revoked 1 token."]
    token.refresh_from_db()
    assert token.revoked_at is not None
    history = LogEntry.objects.filter(object_id=str(token.pk)).order_by("action_time")
    assert [(entry.user, entry.get_change_message()) for entry in history] == [
        (token_keeper, "Added."),
        (token_keeper, "Revoked."),
    ]
    assert calls_with(key).get(BRANDS).json() == refusal(
        "This token was revoked. Ask an admin for a new one."
    )


def test_a_compliance_admin_without_the_token_permissions_cannot_see_or_issue_tokens(api_staff_user):
    compliance_admin = member_of(ADMIN, "compliance-admin-2")
    browser = admin_browser(compliance_admin)

    listed = browser.get(TOKENS)
    issued = browser.post(f"{TOKENS}add/", {"user": api_staff_user.pk, "name": "CRM"})

    assert (listed.status_code, issued.status_code) == (403, 403)
    assert not ApiToken.objects.exists()


def test_a_user_has_several_tokens_and_revoking_one_leaves_the_others(api_staff_user):
    (crm, crm_key), (_, billing_key) = issue(api_staff_user, "CRM"), issue(api_staff_user, "Billing")

    crm.revoked_at = timezone.now()
    crm.save()

    assert calls_with(crm_key).get(BRANDS).status_code == 401
    assert calls_with(billing_key).get(BRANDS).status_code == 200


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("Token tdlc_unknown", "Invalid token."),
        ("Token", "Invalid token header: send 'Authorization: Token <key>', one key, no spaces."),
        ("Token one two", "Invalid token header: send 'Authorization: Token <key>', one key, no spaces."),
    ],
)
def test_an_unknown_or_malformed_token_is_refused_with_a_401_in_the_one_error_format(header, message):
    response = Client(headers={"Authorization": header}).get(BRANDS)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == refusal(message)


def test_an_expired_token_is_refused_saying_when_it_expired(api_staff_user):
    _, key = issue(api_staff_user, expires_at=datetime(2026, 1, 31, 17, 0, tzinfo=UTC))

    response = calls_with(key).get(BRANDS)

    assert response.status_code == 401
    assert response.json() == refusal(
        "This token expired on 2026-01-31 17:00 UTC. Ask an admin for a new one."
    )


def test_a_token_before_its_expiry_works_and_its_use_is_recorded(api_staff_user):
    token, key = issue(api_staff_user, expires_at=timezone.now() + timedelta(days=1))

    answers = [calls_with(key, keyword).get(BRANDS).status_code for keyword in ("Token", "Bearer", "bearer")]

    token.refresh_from_db()
    assert answers == [200, 200, 200]
    assert token.last_used_at is not None


def test_a_token_of_a_deactivated_user_is_refused(api_staff_user):
    _, key = issue(api_staff_user)
    api_staff_user.is_active = False
    api_staff_user.save()

    assert calls_with(key).get(BRANDS).json() == refusal("User inactive or deleted.")


def test_the_command_prints_a_new_key_once(api_staff_user):
    out, err = StringIO(), StringIO()

    call_command(
        "create_api_token",
        "staff",
        "--name",
        "Provisioning",
        "--expires-in-days",
        "30",
        stdout=out,
        stderr=err,
    )

    key = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert (token.user, token.name, token.key_hash) == (
        api_staff_user,
        "Provisioning",
        hashlib.sha256(key.encode()).hexdigest(),
    )
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    assert "shown only this once" in err.getvalue()
    assert calls_with(key).get(BRANDS).status_code == 200


def test_the_command_refuses_an_unknown_user():
    with pytest.raises(CommandError, match=r"^No user is called 'ghost'\.$"):
        call_command("create_api_token", "ghost", "--name", "x")


LEGACY_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"


@pytest.fixture
def authtoken_table(api_staff_user):
    """DRF authtoken's table as it was, holding one clear key of the staff user."""
    with connection.cursor() as cursor:
        cursor.execute(
            'CREATE TABLE authtoken_token ("key" varchar(40) PRIMARY KEY, created timestamp NOT NULL,'
            " user_id integer NOT NULL)"
        )
        cursor.execute(
            "INSERT INTO authtoken_token VALUES (%s, %s, %s)",
            [LEGACY_KEY, "2024-05-01 10:00:00", api_staff_user.pk],
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE authtoken_token")


def test_keys_issued_by_drf_authtoken_are_moved_as_hashes_and_keep_working(authtoken_table, api_staff_user):
    migration = importlib.import_module("tendlc.migrations.0012_api_tokens")

    migration.authtoken_keys_move(apps, SimpleNamespace(connection=connection))

    token = ApiToken.objects.get()
    assert (token.user, token.prefix, token.created_at) == (
        api_staff_user,
        LEGACY_KEY[:8],
        datetime(2024, 5, 1, 10, 0, tzinfo=UTC),
    )
    assert token.key_hash == hashlib.sha256(LEGACY_KEY.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM authtoken_token")
        assert cursor.fetchone() == (0,)
    assert calls_with(LEGACY_KEY).get(BRANDS).status_code == 200


@pytest.fixture
def two_per_minute(settings, monkeypatch):
    rates = {"user": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    # DRF reads the rates into the throttle class when it is imported; the setting alone reaches it at start.
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    # Halfway through a minute window with nothing in the one before: the third request waits the whole minute.
    monkeypatch.setattr(SharedUserRateThrottle, "timer", lambda self: 1_800_000_030.0)


def test_too_many_requests_for_one_user_are_a_429_in_the_one_error_format(
    two_per_minute, api_as, api_staff_user, api_compliance_admin
):
    api = api_as(api_staff_user)
    answers = [api.get(BRANDS).status_code for _ in range(3)]
    throttled = api.get(BRANDS)

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
    # Per user: another user's token is not held back.
    assert api_as(api_compliance_admin).get(BRANDS).status_code == 200


def test_the_index_of_resources_needs_a_signed_in_caller(api_as, api_staff_user):
    assert api_as(None).get("/api/v1/").status_code == 401
    index = api_as(api_staff_user).get("/api/v1/")
    assert index.status_code == 200
    assert "brands" in index.json()
