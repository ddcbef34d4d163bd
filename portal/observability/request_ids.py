"""One id per web request, in its log lines and in the ``X-Request-ID`` answer header.

A caller's (or proxy's) ``X-Request-ID`` is kept when it is sane: short, and only characters that cannot
forge a log line or a header. Anything else is replaced by a fresh id, never echoed.
"""

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from tendlc.log_context import bound

HEADER = "X-Request-ID"
SANE = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def request_id_of(request: HttpRequest) -> str:
    given = request.headers.get(HEADER, "")
    return given if SANE.fullmatch(given) else uuid.uuid4().hex


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_of(request)
        with bound(request_id=request_id):
            response = self.get_response(request)
        response[HEADER] = request_id
        return response
