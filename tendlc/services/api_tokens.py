"""Issuing, checking and revoking the REST API's tokens: the one place that knows what a key looks like and
how it is kept.

A key is ``tdlc_`` and 32 random bytes (URL-safe base64): 256 bits nobody can guess, so a plain SHA-256 of it
is what is stored and looked up. A slow password hash would buy nothing against such a key and cost every
request. Looking the token up by that hash means no comparison ever runs over the secret itself, and the
final check of the found hash is constant-time. Keys issued by DRF's authtoken before (40 hex characters)
were hashed the same way when they were moved here (migration 0012), so they keep working.
"""

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from tendlc.models import ApiToken

KEY_START = "tdlc_"
# What the token lists show of a key: its fixed start and 7 random characters, 42 bits of 256.
SHOWN_LENGTH = 12
# last_used_at is written at most this often per token, not once a request.
LAST_USED_PRECISION = timedelta(minutes=1)


class TokenRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def api_token_key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_issue(*, token: ApiToken) -> str:
    """Give ``token`` (unsaved: its user, name and expiry filled in) a new key and save it. The key is
    answered to be shown once to whoever issued it; only its hash is kept."""
    key = KEY_START + secrets.token_urlsafe(32)
    token.prefix, token.key_hash = key[:SHOWN_LENGTH], api_token_key_hash(key)
    token.save()
    return key


def api_token_authenticate(*, key: str, now: datetime | None = None) -> ApiToken:
    """The live token whose key is ``key``, its use recorded; or TokenRefused saying why not, in words a
    caller can act on."""
    now = now or timezone.now()
    digest = api_token_key_hash(key)
    token = ApiToken.objects.select_related("user").filter(key_hash=digest).first()
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        raise TokenRefused("Invalid token.")
    if token.revoked_at is not None:
        raise TokenRefused("This token was revoked. Ask an admin for a new one.")
    if token.expires_at is not None and token.is_expired(now):
        raise TokenRefused(
            f"This token expired on {token.expires_at.astimezone(UTC):%Y-%m-%d %H:%M} UTC. Ask an admin for a new one."
        )
    if not token.user.is_active:
        raise TokenRefused("User inactive or deleted.")
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_PRECISION), pk=token.pk
    ).update(last_used_at=now)
    return token


def api_token_revoke(*, tokens: QuerySet[ApiToken]) -> int:
    """Revoke the tokens not revoked yet; how many that was."""
    return tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
