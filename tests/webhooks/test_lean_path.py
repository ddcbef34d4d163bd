"""The webhook's lean path (portal/webhook_wsgi.py) answers every case as the full middleware stack does, stores
an event in one statement, and keeps every event of a burst."""

import json
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.core.wsgi import get_wsgi_application
from django.test import Client, RequestFactory
from django.test.client import ClientHandler

from portal.webhook_wsgi import WebhookDispatch, WebhookHandler
from tendlc.models import WebhookEvent
from tendlc.webhooks import views as webhook_views
from tests.webhooks.conftest import URL, encode, envelope, signed_headers

pytestmark = pytest.mark.django_db

REVIEW = {"campaignId": "4b300178-131c-d902-d54e-72d90ba1620a", "status": "ACCEPTED", "type": "TELNYX_REVIEW"}


class LeanClientHandler(ClientHandler):
    """The test client's handler (the test's transaction kept across requests) with the lean path's chain."""

    load_middleware = WebhookHandler.load_middleware


@pytest.fixture
def lean_client() -> Client:
    client = Client()
    client.handler = LeanClientHandler(enforce_csrf_checks=False)
    return client


Request = Callable[[Client], Any]


def signed_post(signer, document: Any = None, **extra: Any) -> Request:
    body = encode(envelope(REVIEW) if document is None else document)
    headers = signed_headers(signer, body)
    return lambda client: client.post(
        URL, data=body, content_type="application/json", headers=headers, **extra
    )


def cases(signer) -> dict[str, tuple[int, Request]]:
    """Each documented answer of the view, as (status, a request that gets it)."""
    body = encode(envelope(REVIEW))
    stale = signed_headers(signer, body, timestamp=int(time.time()) - 301)
    return {
        "new": (202, signed_post(signer)),
        "not json": (400, signed_post(signer, "text")),
        "nul": (400, signed_post(signer, {"data": {"id": "e1", "payload": {"type": "\x00"}}})),
        "missing header": (
            400,
            lambda client: client.post(URL, data=body, content_type="application/json"),
        ),
        "outside tolerance": (
            401,
            lambda client: client.post(URL, data=body, content_type="application/json", headers=stale),
        ),
        "tampered": (
            401,
            lambda client: client.post(
                URL, data=body + b" ", content_type="application/json", headers=signed_headers(signer, body)
            ),
        ),
        "not post": (405, lambda client: client.get(URL)),
        "unbounded": (
            411,
            signed_post(signer, CONTENT_LENGTH="", HTTP_TRANSFER_ENCODING="chunked"),
        ),
        "declared too large": (
            413,
            signed_post(signer, CONTENT_LENGTH=str(webhook_views.MAX_BODY_BYTES + 1)),
        ),
        "host not allowed": (400, signed_post(signer, HTTP_HOST="attacker.example")),
    }


CASES = [
    "new",
    "not json",
    "nul",
    "missing header",
    "outside tolerance",
    "tampered",
    "not post",
    "unbounded",
    "declared too large",
    "host not allowed",
]


# Each request's own id; and the full stack's "Vary: Cookie", there because its sign-in middleware looked for a
# session: the webhook path reads none, so no cookie changes its answer.
UNCOMPARED = {"X-Request-ID", "Vary"}


def answer(response) -> tuple[int, bytes, dict[str, str]]:
    headers = {name: value for name, value in response.headers.items() if name not in UNCOMPARED}
    return response.status_code, response.content, headers


@pytest.mark.parametrize("case", CASES)
def test_the_lean_path_answers_each_case_as_the_full_stack(
    client, lean_client, signer, webhook_settings, case
):
    status, full_request = cases(signer)[case]
    _, lean_request = cases(signer)[case]  # a new event of its own: the same one again would be a duplicate

    full, lean = full_request(client), lean_request(lean_client)

    assert full.status_code == status
    assert answer(lean) == answer(full)
    assert lean["X-Request-ID"]


def test_without_a_key_the_lean_path_refuses_as_the_full_stack(client, lean_client, signer, webhook_settings):
    webhook_settings.TELNYX_PUBLIC_KEY = ""

    full, lean = signed_post(signer)(client), signed_post(signer)(lean_client)

    assert (full.status_code, json.loads(full.content)["error"]) == (403, "bad_key")
    assert answer(lean) == answer(full)


def test_a_redelivery_on_the_lean_path_is_a_duplicate_as_on_the_full_stack(
    client, lean_client, signer, webhook_settings
):
    deliver = signed_post(signer)
    assert deliver(lean_client).status_code == 202

    full, lean = deliver(client), deliver(lean_client)

    assert (full.status_code, full.json()) == (200, {"status": "duplicate"})
    assert answer(lean) == answer(full)
    assert WebhookEvent.objects.get().deliveries == 3


def test_plain_http_is_sent_to_https_on_the_lean_path_too(client, lean_client, signer, webhook_settings):
    webhook_settings.SECURE_SSL_REDIRECT = True

    full, lean = signed_post(signer)(client), signed_post(signer)(lean_client)

    assert (full.status_code, full["Location"]) == (301, "https://testserver/webhooks/telnyx/")
    assert answer(lean) == answer(full)


def test_a_new_event_is_stored_in_one_statement(
    lean_client, signer, webhook_settings, django_assert_num_queries
):
    with django_assert_num_queries(1):
        assert signed_post(signer)(lean_client).status_code == 202


def test_only_the_webhook_path_takes_the_lean_path():
    seen: list[str] = []

    def full(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append("full")
        return []

    def lean(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append("lean")
        return []

    dispatch = WebhookDispatch(full, lean)
    for path in (URL, "/healthz", "/webhooks/telnyx", URL + "x"):
        dispatch({"PATH_INFO": path}, None)

    assert seen == ["lean", "full", "full", "full"]


@pytest.mark.django_db(transaction=True)
def test_every_event_of_a_burst_answered_2xx_is_stored_and_handed_to_a_worker(
    signer, webhook_settings, monkeypatch
):
    """Eight senders at once through the WSGI application as gunicorn calls it, each request on its own
    connection, committed; transaction=True as the senders' threads cannot see the test's transaction."""
    enqueued: list[int] = []
    monkeypatch.setattr(webhook_views, "enqueue_webhook_event", enqueued.append)
    application = WebhookDispatch(get_wsgi_application(), WebhookHandler())
    factory = RequestFactory()
    statuses: list[str] = []

    def send(count: int) -> None:
        for _ in range(count):
            body = encode(envelope(REVIEW))
            environ = factory.post(
                URL, data=body, content_type="application/json", headers=signed_headers(signer, body)
            ).environ
            answered = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
            answered.close()

    senders = [threading.Thread(target=send, args=(5,)) for _ in range(8)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()

    assert statuses == ["202 Accepted"] * 40
    assert sorted(enqueued) == sorted(WebhookEvent.objects.values_list("pk", flat=True))
    assert len(enqueued) == 40
