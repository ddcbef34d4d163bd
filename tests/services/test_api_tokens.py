"""API token keys: long and random, kept only as their hash, and a token's use written at most once a
minute rather than on every request."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User

from tendlc.models import ApiToken
from tendlc.services.api_tokens import TokenRefused, api_token_authenticate, api_token_issue, api_token_revoke

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def token_holder(db) -> User:
    return User.objects.create_user("holder")


def test_each_key_is_new_and_only_its_start_is_kept(token_holder):
    first, second = ApiToken(user=token_holder, name="a"), ApiToken(user=token_holder, name="b")

    keys = [api_token_issue(token=first), api_token_issue(token=second)]

    assert keys[0] != keys[1]
    assert [len(key) for key in keys] == [48, 48]
    assert [first.prefix, second.prefix] == [keys[0][:12], keys[1][:12]]
    stored = [str(value) for row in ApiToken.objects.values() for value in row.values()]
    assert [key for key in keys if any(key in value for value in stored)] == []


def test_use_is_written_at_most_once_a_minute(token_holder):
    token = ApiToken(user=token_holder, name="CRM")
    key = api_token_issue(token=token)

    for moment in (NOON, NOON + timedelta(seconds=59), NOON + timedelta(seconds=61)):
        api_token_authenticate(key=key, now=moment)
        token.refresh_from_db()
        assert token.last_used_at == (NOON if moment < NOON + timedelta(seconds=60) else moment)


def test_a_revoked_token_stays_revoked_when_revoked_again(token_holder):
    token = ApiToken(user=token_holder, name="CRM")
    key = api_token_issue(token=token)

    first = api_token_revoke(tokens=ApiToken.objects.all())
    again = api_token_revoke(tokens=ApiToken.objects.all())

    assert (first, again) == (1, 0)
    with pytest.raises(TokenRefused, match=r"^This token was revoked\. Ask an admin for a new one\.$"):
        api_token_authenticate(key=key)
