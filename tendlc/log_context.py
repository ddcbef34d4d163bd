"""What each log line says about where it came from, without anyone passing it around.

| field | set while |
|---|---|
| ``request_id`` | a web request is answered (``RequestIdMiddleware``), and in the tasks it enqueued |
| ``webhook_event_id`` | a webhook event is taken in, and processed by its task |
| ``task_id`` | a Celery task runs |
| ``api_request_id`` | on the 10DLC client's line for each API call (passed by the client itself) |

The values live in one context variable, so a thread or a task sees only its own. ``ContextFilter`` sits on
the log handlers, where every logger's records pass, and copies the values onto each record; a value that does
not apply is left off, so a JSON line holds only what is known. Tasks inherit the request id and webhook event
id of whoever enqueued them through message headers (``portal.celery``).
"""

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from types import MappingProxyType

FIELDS = ("request_id", "webhook_event_id", "task_id")
# The fields a task inherits from what enqueued it; its own task id is not one of them.
INHERITED = ("request_id", "webhook_event_id")
HEADER_PREFIX = "portal_"

_context: ContextVar[Mapping[str, str]] = ContextVar("log_context", default=MappingProxyType({}))


def current() -> dict[str, str]:
    """The fields set here and now."""
    return dict(_context.get())


@contextmanager
def bound(**values: str | None) -> Iterator[None]:
    """Log lines inside the block carry ``values`` (those that are not None), besides what was set before."""
    token = _context.set({**_context.get(), **{k: v for k, v in values.items() if v is not None}})
    try:
        yield
    finally:
        _context.reset(token)


def task_headers() -> dict[str, str]:
    """The message headers that carry this context to a task being enqueued."""
    here = _context.get()
    return {HEADER_PREFIX + name: here[name] for name in INHERITED if name in here}


def from_task_headers(request: object) -> dict[str, str | None]:
    """The inherited fields read back from a task's request, where Celery puts a message's own headers."""
    return {name: getattr(request, HEADER_PREFIX + name, None) for name in INHERITED}


class ContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        for name, value in _context.get().items():
            if not hasattr(record, name):
                setattr(record, name, value)
        return True
