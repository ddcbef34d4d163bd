"""Fixtures for webhook tests: bodies signed by the sandbox's signer, the portal pointed at the sandbox, and a
Celery worker on a queue of the test's own."""

import base64
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.test import Client, override_settings
from nacl.signing import SigningKey
from pytest_django.live_server_helper import LiveServer

from portal.celery import app as portal_app
from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.sandbox.webhooks import Dispatcher
from tendlc.tasks import webhooks as webhook_tasks
from tests.fixtures.sandbox import SIGNING_SEED

URL = "/webhooks/telnyx/"
PUBLIC_KEY = base64.b64encode(bytes(SigningKey(SIGNING_SEED).verify_key)).decode()
OTHER_PUBLIC_KEY = base64.b64encode(bytes(SigningKey(bytes(range(1, 33))).verify_key)).decode()


def encode(document: Any) -> bytes:
    """Serialized as the sandbox (and Telnyx) send it: compact JSON."""
    return json.dumps(document, separators=(",", ":")).encode()


def envelope(
    payload: dict[str, Any],
    *,
    event_type: str = "10dlc.campaign.update",
    event_id: str | None = None,
    attempt: int = 1,
    occurred_at: str = "2026-09-21T10:00:00.000+00:00",
) -> dict[str, Any]:
    return {
        "data": {
            "event_type": event_type,
            "id": event_id or str(uuid.uuid4()),
            "occurred_at": occurred_at,
            "payload": payload,
            "record_type": "event",
        },
        "meta": {"attempt": attempt, "delivered_to": "http://testserver" + URL},
    }


@pytest.fixture
def signer(sandbox) -> Dispatcher:
    """The sandbox's own webhook signer (seed ``SIGNING_SEED``, public key ``PUBLIC_KEY``)."""
    return sandbox.webhooks


def signed_headers(signer: Dispatcher, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {"telnyx-signature-ed25519": signer.sign(stamp, body), "telnyx-timestamp": stamp}


@pytest.fixture
def portal_settings(settings, live_sandbox):
    """The portal verifying the sandbox's signatures and calling its API over HTTP."""
    settings.TELNYX_PUBLIC_KEY = PUBLIC_KEY
    settings.TELNYX_API_KEY = "test"
    settings.TELNYX_API_BASE_URL = live_sandbox.base_url
    # Tests post over plain HTTP; production answers behind TLS.
    settings.SECURE_SSL_REDIRECT = False
    return settings


@pytest.fixture
def webhook_settings(settings):
    settings.TELNYX_PUBLIC_KEY = PUBLIC_KEY
    settings.SECURE_SSL_REDIRECT = False
    return settings


PostWebhook = Callable[..., Any]


@pytest.fixture
def post_webhook(client: Client, signer: Dispatcher, webhook_settings) -> PostWebhook:
    """POST ``body`` to the webhook URL, signed now by the sandbox unless ``headers`` are given."""

    def post(body: bytes, headers: dict[str, str] | None = None, **extra: Any) -> Any:
        headers = signed_headers(signer, body) if headers is None else headers
        return client.post(URL, data=body, content_type="application/json", headers=headers, **extra)

    return post


# --- a live portal and a real worker --------------------------------------------------------------------
#
# The worker's tasks, the live server's requests and the tests' polling share the test database as the
# portal's processes share theirs (tests/fixtures/database.py).


@pytest.fixture(scope="module")
def module_worker(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A real worker (a thread of this process) consuming a queue of its own through the configured broker:
    the filesystem broker locally, Redis in CI. One per module: starting and stopping one takes seconds."""
    queue = f"test-webhooks-{uuid.uuid4().hex}"
    worker = start_worker(portal_app, perform_ping_check=False, queues=[queue], shutdown_timeout=30)
    with django_db_blocker.unblock():
        worker.__enter__()
    try:
        yield queue
    finally:
        with django_db_blocker.unblock():
            worker.__exit__(None, None, None)
        if portal_app.conf.broker_url.startswith("redis://"):
            redis.Redis.from_url(portal_app.conf.broker_url).delete(f"_kombu.binding.{queue}")


@pytest.fixture
def webhook_worker(module_worker: str, monkeypatch) -> Iterator[str]:
    """The portal's tasks published to the module's worker, through the default queue Celery reads at each
    publish, so no other worker sharing the broker (a ``make run`` one) takes the test's messages."""
    monkeypatch.setitem(portal_app.conf, "task_default_queue", module_worker)
    yield module_worker
    # Nothing handed to the publisher may reach the broker after the test.
    assert webhook_tasks.publisher.drain(timeout=30)


@pytest.fixture(scope="module")
def module_server(django_db_setup, django_db_blocker) -> Iterator[LiveServer]:
    """A live Django server (the helper behind pytest-django's ``live_server``) answering plain HTTP.

    Middleware reads the HTTPS redirect once, when the server builds its handler: pytest-django's
    session-wide server keeps the redirect of the test settings, which the sandbox's plain-HTTP webhooks
    cannot follow. Settings read per request (the public key, the API's URL) come from each test."""
    with django_db_blocker.unblock(), override_settings(SECURE_SSL_REDIRECT=False):
        server = LiveServer("localhost")
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def portal_server(module_server: LiveServer, portal_settings, sandbox) -> Iterator[LiveServer]:
    yield module_server
    # The sandbox keeps its webhook connections alive, each holding a server thread, and the database
    # connection that thread borrowed, until it hangs up: hang up, and let those threads finish now.
    sandbox.webhooks.close()
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


def all_processed(count: int) -> Callable[[], bool]:
    return lambda: WebhookEvent.objects.filter(state=WebhookEventState.PROCESSED).count() == count
