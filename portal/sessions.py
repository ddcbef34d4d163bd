"""Signing out after a while without activity (``SESSION_IDLE_MINUTES``).

What counts as activity is the decision here: a page the person opened or a form they sent, including the
live checks a form makes while they type. A progress panel reading JSON on its own timer does not count, so a
task page left open in a tab still signs its reader out; the panel then shows that its reads fail, and the
next page opened is the login page with a message saying why.

The time seen last is set at sign-in and written at most once a minute after, so an active person's session row is not rewritten on
every request.
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse

LAST_SEEN = "portal_last_seen"
WRITE_EVERY = 60


def session_started(sender: object, request: HttpRequest, **kwargs: object) -> None:
    """Signing in is activity: counted from then, so the first pages after it need not write the session."""
    request.session[LAST_SEEN] = time.time()


def background_read(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.method == "GET" and "application/json" in accept and "text/html" not in accept


class IdleSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = time.time()
            idle_limit = settings.SESSION_IDLE_MINUTES * 60
            last_seen = session.get(LAST_SEEN, now)
            if now - last_seen > idle_limit:
                logout(request)
                messages.info(
                    request,
                    f"You were signed out after {settings.SESSION_IDLE_MINUTES} minutes without activity. "
                    "Sign in again to go on.",
                )
            elif not background_read(request) and (
                LAST_SEEN not in session or now - last_seen >= WRITE_EVERY
            ):
                session[LAST_SEEN] = now
        return self.get_response(request)
