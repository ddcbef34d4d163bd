"""Responses and errors in the service's wire format.

Every error under ``/v2`` is the Telnyx envelope ``{"errors": [{"code", "title", "detail", "source"}]}``
(reference §1.5 shape (a)), never an HTML page: schema validation answers 422 with one item per offending
field, its ``source.pointer`` naming the wire field; refusals in the current state answer 400 as the
reference documents them.
"""

import json
import math
from typing import Any

from werkzeug.wrappers import Request, Response

CODE_BAD_REQUEST = "10015"
CODE_NOT_FOUND = "10005"
CODE_UNAUTHORIZED = "10009"
CODE_DUPLICATE_VETTING = "10012"
CODE_INVALID = "10016"

ERROR_DOCS_URL = "https://developers.telnyx.com/docs/overview/errors/{code}"


def error_item(
    code: str, title: str, detail: str | None = None, pointer: str | None = None, parameter: str | None = None
) -> dict[str, Any]:
    item: dict[str, Any] = {"code": code, "title": title}
    if detail is not None:
        item["detail"] = detail
    if pointer is not None or parameter is not None:
        item["source"] = {
            key: value for key, value in (("pointer", pointer), ("parameter", parameter)) if value is not None
        }
    item["meta"] = {"url": ERROR_DOCS_URL.format(code=code)}
    return item


class ApiError(Exception):
    """Raised anywhere in a handler; the app turns it into the error envelope."""

    def __init__(self, status: int, errors: list[dict[str, Any]], headers: dict[str, str] | None = None):
        super().__init__(errors[0].get("detail") or errors[0]["title"])
        self.status = status
        self.errors = errors
        self.headers = headers or {}

    def response(self) -> Response:
        return json_response({"errors": self.errors}, self.status, self.headers)


def not_found(detail: str = "The requested resource or URL could not be found.") -> ApiError:
    return ApiError(404, [error_item(CODE_NOT_FOUND, "Resource not found", detail)])


def bad_request(detail: str, pointer: str | None = None, code: str = CODE_BAD_REQUEST) -> ApiError:
    return ApiError(400, [error_item(code, "Bad Request", detail, pointer=pointer)])


def invalid(field: str, detail: str, title: str = "Invalid value") -> dict[str, Any]:
    """One validation error item about body field ``field`` (a wire name)."""
    return error_item(CODE_INVALID, title, detail, pointer=f"/{field}")


def invalid_parameter(parameter: str, detail: str) -> dict[str, Any]:
    """One validation error item about query parameter ``parameter``."""
    return error_item(CODE_INVALID, "Invalid parameter", detail, parameter=parameter)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")),
        status=status,
        headers=headers,
        content_type="application/json",
    )


def empty_response(status: int) -> Response:
    return Response(b"", status=status)


def json_body(request: Request) -> dict[str, Any]:
    """The request's JSON object body; an absent body counts as ``{}``. A body that is not JSON, or that no
    handler could store (nested deeper than ``MAX_BODY_DEPTH``, NaN or a number beyond a float, text that is
    not Unicode), is a 400 with the error envelope, as the real API answers malformed JSON."""
    raw = request.get_data(cache=True)
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw, parse_constant=_not_json, parse_float=_finite)
    except RecursionError:
        raise _malformed(f"nested more than {MAX_BODY_DEPTH} levels deep") from None
    except ValueError as exc:
        raise _malformed(str(exc)) from exc
    problem = _unstorable(body)
    if problem:
        raise _malformed(problem)
    if not isinstance(body, dict):
        raise ApiError(
            400, [error_item(CODE_BAD_REQUEST, "Bad Request", "The body must be a JSON object.", "/")]
        )
    return body


# No request body of the API is nested more than a few levels.
MAX_BODY_DEPTH = 32


def _malformed(reason: str) -> ApiError:
    return ApiError(
        400, [error_item(CODE_BAD_REQUEST, "Bad Request", f"Malformed JSON body: {reason}", pointer="/")]
    )


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _finite(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range for a number")
    return number


def _unstorable(body: Any) -> str | None:
    """Why the parsed body cannot be handled, or None; walked without recursion."""
    pending: list[tuple[Any, int]] = [(body, 0)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_BODY_DEPTH:
                return f"nested more than {MAX_BODY_DEPTH} levels deep"
            items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
            pending.extend((item, depth + 1) for item in items)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "text that is not Unicode (a lone surrogate)"
    return None
