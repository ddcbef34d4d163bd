"""One id per web request, in its log lines and in the ``X-Request-ID`` answer header.

A caller's (or proxy's) ``X-Request-ID`` is kept when it is sane: short, and only characters that cannot
forge a log line or a header. Anything else is replaced by a fresh id, never echoed.

A fresh id needs to be unique, not unguessable: it is drawn from the process's own generator rather than the
operating system's (``uuid4`` asks the kernel for each one, 0.7 ms a request on this machine's kernel, about a
quarter of a webhook's time in the web process). The generator is seeded again in each forked process, so
workers do not repeat each other's ids.
"""

import os
import random
import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from tendlc.log_context import bound

HEADER = "X-Request-ID"
SANE = re.compile(r"[A-Za-z0-9._:-]{8,128}")


_ids = random.Random()  # noqa: S311 - an id that must be unique, not secret
os.register_at_fork(after_in_child=_ids.seed)


def request_id_of(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if SANE.fullmatch(given) else f"{_ids.getrandbits(128):032x}"


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_of(request)
        with bound(request_id=request_id):
            response = self.get_response(request)
        response[HEADER] = request_id
        return response
