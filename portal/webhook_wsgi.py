"""Telnyx's webhook path served by Django with only the middleware that path needs.

Telnyx posts in bursts of thousands, and every request through the full stack paid for what a signed machine
delivery never uses: sessions, CSRF, sign-in, two-factor, time zones, messages, lockout. Each is cheap, and
together they were most of the answer's time. ``WebhookDispatch`` hands requests for that one path to
``WebhookHandler``: Django's own WSGI handler (URL resolution, the same view, its exceptions turned into
answers, the database connections closed as after any request) whose chain holds only these:

| middleware | why the webhook path keeps it |
|---|---|
| ``RequestIdMiddleware`` | its log lines and task carry the request id; the answer says it in ``X-Request-ID`` |
| ``SecurityMiddleware`` | plain HTTP is redirected to HTTPS as everywhere; HSTS, nosniff, referrer policy |
| ``CSPMiddleware``, ``XFrameOptionsMiddleware`` | every answer carries the portal's security headers (the policies built once: ``WebhookCSPMiddleware``) |
| ``CommonMiddleware`` | a ``Host`` not in ``ALLOWED_HOSTS`` is refused with 400 as everywhere |

It also skips the database's health check (``CONN_HEALTH_CHECKS``), a round trip before each request's first
query: a connection the server dropped fails that request's insert with a 500, which Telnyx delivers again,
and Django replaces the connection after the error. People's pages keep the check, where a 500 would be seen.

Every other path is the full stack's, unchanged.
"""

from collections.abc import Callable, Iterable
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.db import connections
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils.module_loading import import_string

WEBHOOK_MIDDLEWARE = frozenset(
    {
        "portal.observability.request_ids.RequestIdMiddleware",
        "django.middleware.security.SecurityMiddleware",
        "csp.middleware.CSPMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    }
)

CSP_MIDDLEWARE = "csp.middleware.CSPMiddleware"

StartResponse = Callable[..., Any]
WSGIApplication = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class WebhookCSPMiddleware:
    """The headers ``CSPMiddleware`` sets, built once: its policy is rebuilt for every answer because a page may
    carry a nonce or a view its own policy, and the webhook's view does neither. That rebuilding was an eighth
    of the CPU an event cost."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response
        self.headers = {HEADER: build_policy(), HEADER_REPORT_ONLY: build_policy(report_only=True)}

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        for header, policy in self.headers.items():
            if policy and header not in response:
                response[header] = policy
        return response


class WebhookHandler(WSGIHandler):
    """Django's WSGI handler with the middleware of ``WEBHOOK_MIDDLEWARE``, in the order ``MIDDLEWARE`` gives."""

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        for connection in connections.all(initialized_only=True):
            connection.health_check_done = True
        return super().get_response(request)

    def load_middleware(self, is_async: bool = False) -> None:
        # None of the kept middleware has view, template-response or exception hooks, so the chain is all.
        self._view_middleware: list[Any] = []
        self._template_response_middleware: list[Any] = []
        self._exception_middleware: list[Any] = []
        # The stubs leave out the private method every handler ends its chain with (as BaseHandler does).
        handler = convert_exception_to_response(self._get_response)  # type: ignore[attr-defined]
        for path in reversed(settings.MIDDLEWARE):
            if path in WEBHOOK_MIDDLEWARE:
                middleware = WebhookCSPMiddleware if path == CSP_MIDDLEWARE else import_string(path)
                handler = convert_exception_to_response(middleware(handler))
        self._middleware_chain = handler


class WebhookDispatch:
    """Requests for the webhook's path to ``webhook``, every other one to ``application``."""

    def __init__(self, application: WSGIApplication, webhook: WSGIApplication) -> None:
        self.application, self.webhook = application, webhook
        self.path = reverse("telnyx-webhook")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        chosen = self.webhook if environ.get("PATH_INFO") == self.path else self.application
        return chosen(environ, start_response)
