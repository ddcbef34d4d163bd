"""System checks for the settings the portal cannot run safely without in production, and the one decision
of which secret keys it refuses to serve with.

The 10DLC keys are deploy warnings (``manage.py check --deploy``): in development ``make run`` hands the
sandbox's key and public key to the processes that need them, and the test suite leaves them unset on
purpose, so ordinary commands (``migrate``, the test run) stay quiet. Without the API key every workflow page
answers "The 10DLC API is not configured" (``tendlc.conf.api_session``); without the public key every webhook
is refused as unverifiable.

A weak ``DJANGO_SECRET_KEY`` (one the repository ships as a placeholder, or one Django itself calls weak) is
refused where the portal starts to serve, not where the settings load: ``make lint`` (mypy imports the
settings), the test suite and the Docker build's ``collectstatic`` load them with placeholder keys on purpose
and serve nobody. The web process (``portal.wsgi`` / ``portal.asgi``, so gunicorn and ``runserver`` alike)
refuses to start with one unless ``DJANGO_DEBUG=1``, and ``check --deploy`` reports it as an error.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

API_KEY_MISSING = "tendlc.W001"
PUBLIC_KEY_MISSING = "tendlc.W002"
SECRET_KEY_WEAK = "tendlc.E001"  # noqa: S105 - a check id

# Every secret key the repository ships, and where: copied from there they are public knowledge.
PLACEHOLDER_SECRET_KEYS = {
    "change-me-to-a-long-random-string": "docker/env.example",
    "change-me": "docker/env.example",
    "lint-only-secret-key-not-for-production": "the Makefile's lint target",
    "test-only-secret-key-not-for-production": "pyproject.toml's test settings",
    "collectstatic-only": "docker/Dockerfile's build step",
}
GENERATE_SECRET_KEY = "python -c 'import secrets; print(secrets.token_urlsafe(50))'"  # noqa: S105 - a command


def secret_key_weakness(key: str) -> str | None:
    """Why ``key`` must not sign a production portal's sessions and CSRF tokens, or None if it may."""
    shipped_in = PLACEHOLDER_SECRET_KEYS.get(key.strip())
    if shipped_in:
        return f"DJANGO_SECRET_KEY is the placeholder shipped in {shipped_in}, which anyone can read."
    if key.startswith(SECRET_KEY_INSECURE_PREFIX):
        return "DJANGO_SECRET_KEY is a development key (it starts with 'django-insecure-')."
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"DJANGO_SECRET_KEY is too weak: it needs at least {SECRET_KEY_MIN_LENGTH} characters, of which"
            f" at least {SECRET_KEY_MIN_UNIQUE_CHARACTERS} different (it has {len(key)}, {len(set(key))} different)."
        )
    return None


def refuse_a_weak_secret_key() -> None:
    """Called as the web process starts: outside debug, a weak key stops it with the reason and the remedy."""
    if settings.DEBUG:
        return
    weakness = secret_key_weakness(settings.SECRET_KEY)
    if weakness:
        raise ImproperlyConfigured(
            f"{weakness} The portal does not serve with it while DJANGO_DEBUG=0. Generate a key with"
            f" {GENERATE_SECRET_KEY} and set DJANGO_SECRET_KEY to it."
        )


@register(Tags.security, deploy=True)
def secret_key_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    weakness = secret_key_weakness(settings.SECRET_KEY)
    if weakness is None:
        return []
    return [Error(weakness, hint=f"Generate a key with {GENERATE_SECRET_KEY}.", id=SECRET_KEY_WEAK)]


@register(Tags.security, deploy=True)
def tendlc_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    warnings: list[CheckMessage] = []
    if not settings.TELNYX_API_KEY.strip():
        warnings.append(
            Warning(
                "TELNYX_API_KEY is not set: the portal cannot call the 10DLC API, and its workflow pages"
                " refuse every action.",
                hint="Set TELNYX_API_KEY to the key of your Telnyx account.",
                id=API_KEY_MISSING,
            )
        )
    if not settings.TELNYX_PUBLIC_KEY.strip():
        warnings.append(
            Warning(
                "TELNYX_PUBLIC_KEY is not set: incoming webhooks cannot be verified and are refused.",
                hint="Set TELNYX_PUBLIC_KEY to the base64 public key shown in the Telnyx portal.",
                id=PUBLIC_KEY_MISSING,
            )
        )
    return warnings
