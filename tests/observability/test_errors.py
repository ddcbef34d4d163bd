"""Error tracking: off without a DSN; with one, nothing secret in what would be sent."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import sentry_sdk
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport

from portal.observability.errors import FILTERED, error_tracking_init, scrubber
from tendlc.log_context import bound
from tendlc.webhooks import views as webhook_views

ROOT = Path(__file__).resolve().parents[2]
TELNYX_KEY = "KEY0199aa-telnyx-secret-value"
API_TOKEN = "tdlc_9f8e7d6c5b4a39281706"
PIN = "482913"
PASSWORD = "correct horse battery staple"
SIGNATURE = "c2lnbmF0dXJlLW9mLXRoZS13ZWJob29r"
SESSION = "sessionvalue0123456789abcdef"
SECRETS = [TELNYX_KEY, API_TOKEN, PIN, PASSWORD, SIGNATURE, SESSION]


class Kept(Transport):
    """Keeps each event the SDK would send, instead of sending it."""

    def __init__(self, options: dict[str, Any]) -> None:
        super().__init__(options)
        self.events: list[dict[str, Any]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(event)


@pytest.fixture
def sent_events() -> Any:
    assert error_tracking_init(
        dsn="https://public@sentry.invalid/1", environment="test", secrets=[TELNYX_KEY]
    )
    client = sentry_sdk.get_client()
    kept = Kept(client.options)
    client.transport = kept
    yield kept.events
    sentry_sdk.init()


def fail_with_secrets() -> None:
    # Local variables are sent with the stack frames: each is a secret a careless report would carry.
    brand_id = "4b20brand-visible"
    api_key = TELNYX_KEY
    form = {"password": PASSWORD, "otp_pin": PIN, "brand": brand_id}
    headers = [["Authorization", f"Token {API_TOKEN}"], ["telnyx-signature-ed25519", SIGNATURE]]
    cookies = {"sessionid": SESSION}
    body = {"otpPin": PIN}
    del api_key, form, headers, cookies, body
    raise RuntimeError(f"POST /10dlc/brand failed with Authorization: Bearer {TELNYX_KEY} for {brand_id}")


def test_a_captured_error_carries_no_secret_but_keeps_the_rest(sent_events):
    logging.getLogger("tendlc.test").warning("verifying PIN with Authorization: Bearer %s", TELNYX_KEY)
    with bound(request_id="req-0001abcd", webhook_event_id="evt-1"):
        try:
            fail_with_secrets()
        except RuntimeError:
            sentry_sdk.capture_exception()
    sentry_sdk.flush()

    [event] = sent_events
    sent = json.dumps(event)
    assert [secret for secret in SECRETS if secret in sent] == []
    assert "4b20brand-visible" in sent
    assert event["exception"]["values"][0]["value"] == (
        f"POST /10dlc/brand failed with Authorization: {FILTERED} for 4b20brand-visible"
    )
    assert event["tags"]["request_id"] == "req-0001abcd"
    assert event["tags"]["webhook_event_id"] == "evt-1"
    [crumb] = [c for c in event["breadcrumbs"]["values"] if c.get("category") == "tendlc.test"]
    assert crumb["message"] == f"verifying PIN with Authorization: {FILTERED}"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"HTTP_AUTHORIZATION": "Token abc"}, {"HTTP_AUTHORIZATION": FILTERED}),
        ({"Cookie": "sessionid=abc"}, {"Cookie": FILTERED}),
        ({"csrfmiddlewaretoken": "abc"}, {"csrfmiddlewaretoken": FILTERED}),
        # A PIN message template is no secret: the API fills the PIN in.
        ({"pin": "123456", "pin_sms": "Code: @OTP_PIN@"}, {"pin": FILTERED, "pin_sms": "Code: @OTP_PIN@"}),
        ({"X-Request-ID": "abc", "brand_id": "B1"}, {"X-Request-ID": "abc", "brand_id": "B1"}),
        (["telnyx-signature-ed25519", "sig"], ["telnyx-signature-ed25519", FILTERED]),
        ("key sk-live-0123456789 in text", f"key {FILTERED} in text"),
        ("Bearer abc.def", f"Bearer {FILTERED}"),
        ('b\'{"otpPin": "123456", "brand": "B1"}\'', f'b\'{{"otpPin": "{FILTERED}", "brand": "B1"}}\''),
        ("sessionid=abc; theme=dark", f"sessionid={FILTERED}; theme=dark"),
        ("pin_sms='Code: @OTP_PIN@' status=ok", "pin_sms='Code: @OTP_PIN@' status=ok"),
    ],
)
def test_the_scrubber_replaces_secret_names_and_known_values(value, expected):
    assert scrubber(["sk-live-0123456789"])(value) == expected


def test_without_a_dsn_no_sdk_is_started():
    assert error_tracking_init(dsn="", environment="", secrets=[]) is False


def test_the_settings_start_the_sdk_only_with_a_dsn(tmp_path):
    script = (
        "import json, sentry_sdk\nfrom portal import settings\nclient = sentry_sdk.get_client()\n"
        "print(json.dumps([client.is_active(), client.should_send_default_pii(),"
        " sorted(client.integrations)]))"
    )

    def run(**environ: str) -> list[Any]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "DJANGO_", "LOG_"))}
        env.update(DJANGO_DEBUG="1", PORTAL_VAR_DIR=str(tmp_path), **environ)
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    assert run() == [False, False, []]
    active, pii, integrations = run(SENTRY_DSN="https://public@sentry.invalid/1")
    assert (active, pii) == (True, False)
    assert {"django", "celery"} <= set(integrations)


@pytest.mark.django_db
def test_an_error_in_a_web_request_is_sent_without_its_credentials_cookies_or_secret_fields(
    sent_events, client, settings, monkeypatch
):
    settings.SECURE_SSL_REDIRECT = False

    def broken_verify(*args: Any) -> None:
        raise RuntimeError("verification crashed")

    monkeypatch.setattr(webhook_views, "webhook_public_key", lambda: b"k" * 32)
    monkeypatch.setattr(webhook_views, "verify", broken_verify)
    body = json.dumps({"otpPin": PIN, "password": PASSWORD, "brand": "4b20brand-visible"})

    with pytest.raises(RuntimeError):
        client.post(
            "/webhooks/telnyx/",
            data=body,
            content_type="application/json",
            headers={
                "Authorization": f"Token {API_TOKEN}",
                "Cookie": f"sessionid={SESSION}; csrftoken={SESSION}",
                "telnyx-signature-ed25519": SIGNATURE,
                "X-Request-ID": "req-0002abcd",
            },
        )
    sentry_sdk.flush()

    [event] = sent_events
    sent = json.dumps(event)
    assert [secret for secret in SECRETS if secret in sent] == []
    assert event["transaction"] == "/webhooks/telnyx/"
    assert event["tags"]["request_id"] == "req-0002abcd"
    assert event["exception"]["values"][0]["value"] == "verification crashed"
