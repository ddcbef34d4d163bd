"""The portal's access to its settings for the 10DLC API, in one place.

It owns one decision: what a request does when the API is not configured. Every request-bound caller (the
admin's pages and the REST API) opens its client through ``api_session``, which turns a missing API key into
``APINotConfigured``, a refusal shown at the form (the admin) or as a 503 (the REST API), never a server
error. Tasks and commands are not request-bound: they build their client with ``api_client`` and fail loudly;
a task run many times a second (a webhook's) takes its worker thread's kept client, ``worker_api_client``.
"""

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.urls import reverse

from tendlc.client import TenDLCClient
from tendlc.services.errors import WorkflowError


class APINotConfigured(WorkflowError):
    """The portal has no API settings to act with: an administrator has to set them."""


def api_client() -> TenDLCClient:
    """A client for the configured API. Build one per unit of work (a task, a request) and close it after:
    it holds a pooled session."""
    return TenDLCClient(api_key=settings.TELNYX_API_KEY, base_url=settings.TELNYX_API_BASE_URL)


_worker = threading.local()


def worker_api_client() -> TenDLCClient:
    """The client of this worker thread, built at its first task and kept: its session's pooled connections
    serve every task after, instead of a connection opened (and a client built) per task. Built again when
    the settings name another API (a test's sandbox) or the process was forked (a connection must not be
    shared with the parent)."""
    key = (os.getpid(), settings.TELNYX_API_KEY, settings.TELNYX_API_BASE_URL)
    kept: tuple[tuple[int, str, str], TenDLCClient] | None = getattr(_worker, "client", None)
    if kept is None or kept[0] != key:
        if kept is not None and kept[0][0] == key[0]:
            kept[1].close()
        kept = (key, api_client())
        _worker.client = kept
    return kept[1]


@contextmanager
def api_session() -> Iterator[TenDLCClient]:
    """The client of one request, closed after it; ``APINotConfigured`` when the API key is missing."""
    try:
        client = api_client()
    except ValueError as error:
        raise APINotConfigured(f"The 10DLC API is not configured ({error}): ask an administrator.") from error
    with client:
        yield client


def webhook_public_key() -> str:
    """Base64 ed25519 key that signs incoming webhooks."""
    # django-environ's readers are untyped, so the setting arrives as Any though it was read with env.str.
    return str(settings.TELNYX_PUBLIC_KEY)


def webhook_url_default() -> str:
    """The portal's own webhook endpoint as Telnyx must call it, offered as the webhook URL of new brands and
    campaigns; empty when PORTAL_PUBLIC_URL does not say where the portal is reachable."""
    base = settings.PORTAL_PUBLIC_URL.rstrip("/")
    return f"{base}{reverse('telnyx-webhook')}" if base else ""
