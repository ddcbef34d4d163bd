"""The API's request log: what a client asked of the sandbox, so a test or a benchmark can count its calls.

Every request under ``/v2`` is kept (method, path, query string, status, sandbox time and wall time), newest
last, in memory and bounded by ``CAPACITY``: the oldest are forgotten first, and a restart forgets them all.
``GET /sandbox/requests`` answers them oldest first with their ``total`` (the requests logged since the last
reset, forgotten ones included), filtered by ``method`` and by ``path`` (a prefix); ``DELETE`` empties it.
"""

import threading
import time
from collections import deque
from dataclasses import asdict, dataclass

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.context import Context
from tendlc.sandbox.http import json_response

CAPACITY = 100_000


@dataclass(frozen=True)
class LoggedRequest:
    method: str
    path: str
    query: str
    status: int
    at: float


class RequestLog:
    def __init__(self, capacity: int = CAPACITY) -> None:
        self._entries: deque[LoggedRequest] = deque(maxlen=capacity)
        self._total = 0
        self._lock = threading.Lock()

    def record(self, request: Request, status: int) -> None:
        query = request.query_string.decode("latin-1")
        entry = LoggedRequest(request.method, request.path, query, status, time.time())
        with self._lock:
            self._entries.append(entry)
            self._total += 1

    def entries(self, *, method: str = "", path: str = "") -> tuple[list[LoggedRequest], int]:
        """The kept entries matching ``method`` (any when empty) and starting with ``path``, and the total."""
        with self._lock:
            entries, total = list(self._entries), self._total
        kept = [e for e in entries if (not method or e.method == method.upper()) and e.path.startswith(path)]
        return kept, total

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._total = 0


def list_requests(context: Context, request: Request) -> Response:
    entries, total = context.requests.entries(
        method=request.args.get("method", ""), path=request.args.get("path", "")
    )
    return json_response({"records": [asdict(entry) for entry in entries], "total": total})


def clear_requests(context: Context, request: Request) -> Response:
    context.requests.clear()
    return Response(status=204)


CONTROL_ROUTES = [
    Rule("/requests", endpoint=list_requests, methods=["GET"]),
    Rule("/requests", endpoint=clear_requests, methods=["DELETE"]),
]
