"""What the client raises: one class per cause, each with what a caller needs to act on it.

Every error that came with a response carries the HTTP status, the ``X-Request-Id`` the service named it by,
the parsed body and the error list, each item's ``source.pointer`` / ``source.parameter`` translated to our
snake_case field name (``field``), so a form can show a message beside the field it concerns. Bodies in the
reference's other shapes (§1.5: a single error object, FastAPI's ``{"detail": [...]}``, ``{"message": ...}``)
are read into the same list; a body that is not JSON (a proxy's HTML page) or is empty still gives a message
that says so.

Errors without a response (connection refused, dropped, timed out) say whether the request may have reached
the server (``reached_server``): a caller must not assume an unanswered POST did nothing.

This module also owns the one answer to "is this failure transient?" (``TRANSIENT_ERRORS``): a rate limit, a
server error or no answer at all may not meet a later try; any other error would meet it again. Every caller
that tries again later (tasks, the sync, the webhook sweep) or leaves a failed read to the next poll asks it.
"""

import dataclasses
from collections.abc import Mapping
from typing import Any

from tendlc.client.fields import field_for_parameter, field_for_pointer

# A non-JSON body is quoted in the message only this far: enough to recognise a proxy's page.
SNIPPET_LENGTH = 200


@dataclasses.dataclass(frozen=True)
class ErrorDetail:
    """One item of an error response, in the envelope's terms."""

    code: str | None
    title: str | None
    detail: str | None = None
    pointer: str | None = None
    parameter: str | None = None
    field: str | None = None  # our snake_case name of the field the pointer or parameter names
    meta: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        return self.detail or self.title or self.code or "unknown error"


class TenDLCError(Exception):
    """Anything the client raises about a request. ``attempts`` counts the tries that were made."""

    def __init__(self, message: str, *, method: str, path: str, attempts: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.path = path
        self.attempts = attempts

    def __reduce__(self) -> tuple[Any, ...]:
        # Keyword-only constructors defeat Exception's default pickling, which Celery needs to hand an error
        # from a worker to whoever reads the task's result.
        return (_rebuild_error, (type(self), self.args, self.__dict__))


def _rebuild_error(cls: type[TenDLCError], args: tuple[Any, ...], state: dict[str, Any]) -> TenDLCError:
    error = cls.__new__(cls)
    error.args = args
    error.__dict__.update(state)
    return error


class APIConnectionError(TenDLCError):
    """No response: the connection was refused, dropped or broken."""

    def __init__(
        self, message: str, *, method: str, path: str, reached_server: bool, attempts: int = 1
    ) -> None:
        super().__init__(message, method=method, path=path, attempts=attempts)
        self.reached_server = reached_server


class APITimeoutError(APIConnectionError):
    """No response in time: connecting (``reached_server`` False) or waiting for the answer (True)."""


class APIError(TenDLCError):
    """A response came, and it is not what the operation promises."""

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status: int,
        request_id: str | None,
        body: Any,
        attempts: int = 1,
    ) -> None:
        super().__init__(message, method=method, path=path, attempts=attempts)
        self.status = status
        self.request_id = request_id
        self.body = body


class UnexpectedResponseError(APIError):
    """A success status whose body is not the JSON the operation answers with."""


class APIStatusError(APIError):
    """An error status. Subclasses name the cause; this class itself covers the rest (e.g. 402)."""

    def __init__(
        self,
        message: str,
        *,
        method: str,
        path: str,
        status: int,
        request_id: str | None,
        body: Any,
        errors: tuple[ErrorDetail, ...] = (),
        attempts: int = 1,
    ) -> None:
        super().__init__(
            message,
            method=method,
            path=path,
            status=status,
            request_id=request_id,
            body=body,
            attempts=attempts,
        )
        self.errors = errors

    @property
    def field_errors(self) -> dict[str, list[str]]:
        """Messages by our field name, for errors that point at a field."""
        by_field: dict[str, list[str]] = {}
        for error in self.errors:
            if error.field is not None:
                by_field.setdefault(error.field, []).append(error.message)
        return by_field

    @property
    def non_field_errors(self) -> list[str]:
        return [error.message for error in self.errors if error.field is None]


class BadRequestError(APIStatusError):
    """400: the operation was refused in the current state, or the request is malformed."""


class AuthenticationError(APIStatusError):
    """401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this."""


class NotFoundError(APIStatusError):
    """404: no such resource or route."""


class ConflictError(APIStatusError):
    """409: the resource's state conflicts with the request."""


class UnprocessableEntityError(APIStatusError):
    """422: a value failed validation; ``field_errors`` says which."""


class RateLimitError(APIStatusError):
    """429: too many requests. ``retry_after`` is the server's advice in seconds, when it gave one."""

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the service, or a proxy in front of it, failed."""


# The failures a later try of the same request may not meet. APITimeoutError is an APIConnectionError.
TRANSIENT_ERRORS: tuple[type[TenDLCError], ...] = (RateLimitError, InternalServerError, APIConnectionError)


STATUS_ERRORS: Mapping[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for(status: int) -> type[APIStatusError]:
    if status >= 500:
        return InternalServerError
    return STATUS_ERRORS.get(status, APIStatusError)


def parse_error_body(body: Any) -> tuple[ErrorDetail, ...]:
    """The error list of a parsed JSON body, in whichever shape of reference §1.5 it came."""
    if not isinstance(body, dict):
        return ()
    if isinstance(body.get("errors"), list):
        return tuple(_envelope_item(item) for item in body["errors"] if isinstance(item, dict))
    if "code" in body or "title" in body:
        return (_envelope_item(body),)
    if isinstance(body.get("detail"), list):
        return tuple(_validation_item(item) for item in body["detail"] if isinstance(item, dict))
    if isinstance(body.get("detail"), str):
        return (ErrorDetail(code=None, title=None, detail=body["detail"]),)
    if isinstance(body.get("message"), str):
        return (ErrorDetail(code=None, title=body["message"]),)
    return ()


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


def _object_at(item: Mapping[str, Any], key: str) -> dict[str, Any]:
    value = item.get(key)
    return value if isinstance(value, dict) else {}


def _envelope_item(item: Mapping[str, Any]) -> ErrorDetail:
    """Shape (a), or its single-object variant: ``{code, title, detail, source{pointer, parameter}, meta}``."""
    source = _object_at(item, "source")
    pointer, parameter = _text(source.get("pointer")), _text(source.get("parameter"))
    return ErrorDetail(
        code=_text(item.get("code")),  # the spec types it string, one schema integer: accept both
        title=_text(item.get("title")),
        detail=_text(item.get("detail")),
        pointer=pointer,
        parameter=parameter,
        field=_field_of(pointer, parameter),
        meta=_object_at(item, "meta"),
    )


def _validation_item(item: Mapping[str, Any]) -> ErrorDetail:
    """Shape (b), FastAPI's ``{loc, msg, type}``: ``loc`` starts with where the value was sent."""
    loc = [str(part) for part in item.get("loc", []) if part is not None]
    pointer = parameter = None
    if len(loc) > 1 and loc[0] == "body":
        pointer = "/" + "/".join(loc[1:])
    elif len(loc) > 1:  # "query", "path" or "header"
        parameter = loc[1]
    return ErrorDetail(
        code=_text(item.get("type")),
        title=_text(item.get("msg")),
        detail=_text(item.get("msg")),
        pointer=pointer,
        parameter=parameter,
        field=_field_of(pointer, parameter),
    )


def _field_of(pointer: str | None, parameter: str | None) -> str | None:
    if pointer:
        return field_for_pointer(pointer)
    if parameter:
        return field_for_parameter(parameter)
    return None


def describe_errors(errors: tuple[ErrorDetail, ...]) -> str:
    parts = []
    for error in errors:
        where = error.field or error.pointer or error.parameter
        code = f" (code {error.code})" if error.code else ""
        parts.append(f"{where}: {error.message}{code}" if where else f"{error.message}{code}")
    return "; ".join(parts)


def describe_unparsed_body(text: str, content_type: str | None) -> str:
    """What to say of a body that is not the API's JSON: empty, or the start of whatever it is."""
    if not text.strip():
        return "the response has an empty body"
    snippet = " ".join(text.split())[:SNIPPET_LENGTH]
    kind = content_type or "no content type"
    return f"the response is not the API's JSON ({kind}): {snippet!r}"
