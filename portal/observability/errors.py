"""Error tracking (Sentry), off unless ``SENTRY_DSN`` is set, and what is scrubbed before anything is sent.

Nothing identifying is sent: ``send_default_pii`` stays off (left unset, which is off: sentry-sdk 2.76
deprecates setting it, and its replacement ``data_collection`` would switch off the SDK's own event scrubber,
a second line of defence kept here). Every event and breadcrumb is walked before
it leaves: a value under a secret-sounding name is replaced, whatever its depth (headers, cookies, form data,
a stack frame's local variables); in any other text, ``Bearer``/``Token`` credentials and the configured
Telnyx API key are replaced where they appear.

| secret | where it shows up |
|---|---|
| the Telnyx API key | the client's ``Authorization: Bearer`` header, ``api_key`` arguments, settings |
| SMS OTP PINs | ``pin`` / ``otp_pin`` / ``otpPin`` in forms, arguments and request bodies |
| passwords | login and user forms |
| webhook signatures | ``telnyx-signature-ed25519`` headers |
| our API tokens | ``Authorization: Token`` headers, ``key`` arguments (``tendlc.api.authentication``) |
| session and CSRF cookies | ``Cookie`` headers, the request's cookies |
"""

import re
from collections.abc import Callable
from typing import Any

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration

from tendlc.log_context import current

FILTERED = "[Filtered]"
SECRET_NAME = re.compile(
    r"pass(word|wd)?|secret|token|api[-_]?key|^key$|authorization|cookie|session|csrf|signature|"
    r"^pin$|otp[-_]?pin|^otp$|^dsn$",
    re.IGNORECASE,
)
CREDENTIAL = re.compile(r"\b(Bearer|Token)\s+[^\s'\",]+", re.IGNORECASE)
# A name and its value inside text: a request body or form held in a local variable, a cookie header, a
# repr. The name is judged by SECRET_NAME like a dict key.
PAIR = re.compile(
    r"""(?P<name>["']?(?P<key>[\w.-]+)["']?\s*[:=]\s*)"""
    r"""(?P<value>\[Filtered\]|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|(?:(?:Bearer|Token|Basic)\s+)?[^\s&;,}\]]+)""",
    re.IGNORECASE,
)


def scrubber(secrets: list[str]) -> Callable[[Any], Any]:
    """A function returning a copy of any JSON-like value with the secrets in it replaced."""
    # A short key (the sandbox's "sandbox") would blank ordinary words; real keys are far longer.
    known = [secret for secret in secrets if len(secret) >= 16]

    def pair(match: re.Match[str]) -> str:
        if not SECRET_NAME.search(match["key"]):
            return match[0]
        quote = match["value"][0] if match["value"][0] in "\"'" else ""
        return f"{match['name']}{quote}{FILTERED}{quote}"

    def text(value: str) -> str:
        value = PAIR.sub(pair, value)
        value = CREDENTIAL.sub(lambda match: f"{match.group(1)} {FILTERED}", value)
        for secret in known:
            value = value.replace(secret, FILTERED)
        return value

    def scrub(value: Any) -> Any:
        if isinstance(value, str):
            return text(value)
        if isinstance(value, dict):
            return {
                key: FILTERED if isinstance(key, str) and SECRET_NAME.search(key) else scrub(item)
                for key, item in value.items()
            }
        if isinstance(value, list | tuple):
            # Headers may come as [name, value] pairs.
            if len(value) == 2 and isinstance(value[0], str) and SECRET_NAME.search(value[0]):
                return [value[0], FILTERED]
            return [scrub(item) for item in value]
        return value

    return scrub


def error_tracking_init(*, dsn: str, environment: str, secrets: list[str]) -> bool:
    """Start the Sentry SDK with its Django and Celery integrations; False (and nothing started) without a
    DSN."""
    if not dsn:
        return False
    scrub = scrubber(secrets)

    def before_send(event: Any, hint: Any) -> Any:
        # The log context says which request, webhook event and task the error belongs to.
        event.setdefault("tags", {}).update(current())
        return scrub(event)

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=before_send,
        before_breadcrumb=lambda crumb, hint: scrub(crumb),
    )
    return True
