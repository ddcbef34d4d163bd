"""The ``Idempotency-Key`` request header of the API's workflow actions (IETF draft "The Idempotency-Key HTTP
Header Field"; Stripe's behaviour): a POST or PATCH sent again with the key of an earlier one, by the same user
to the same path, gets the earlier answer (status and body, with ``Idempotent-Replayed: true``) and does
nothing again; with other values it is refused (422 ``idempotency_key_reused``); while the first is still
running, 409 ``idempotency_key_in_flight`` (retry shortly). Keys are kept 24 hours
(``tendlc.services.idempotency`` owns those rules). Without the header a request runs as it always did.

Which answers are kept is decided here, by status:

    2xx          kept: the work is done (a brand registered, a PIN texted)
    422          kept: the 10DLC API refused it (a brand's draft is kept): sending it again gets the refusal
    other 4xx    released: refused before anything was sent (invalid input, permissions, a running sync):
                 the same key may be sent again once corrected
    5xx          released: the 10DLC API could not be reached or failed, so the outcome is not known and the
                 retry the key exists for must be able to run

The body's fingerprint is taken over its parsed values, not its bytes: the same JSON in another key order, or
the same file in a multipart body with another boundary, is the same request.
"""

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.services.idempotency import MAX_KEY_LENGTH, Answered

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
# The methods of a workflow action that may be sent with a key: a GET is safe to repeat by itself.
METHODS = frozenset({"POST", "PATCH"})

PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description="Optional, recommended: a unique value of yours (e.g. a UUID, at most 255 characters) that "
    "makes a retry safe. Sent again with the same body within 24 hours, the request is not run again: the "
    "first answer is given (with Idempotent-Replayed: true). The same key with another body is refused (422); "
    "while the first request runs, 409 (retry shortly). Answers 400, 401, 403, 404, 409, 429 and 5xx are not "
    "kept: the same key may be sent again.",
)


class KeyInvalid(exceptions.ValidationError):
    default_code = "invalid"


class KeyReusedError(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


class KeyInFlightError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "idempotency_key_in_flight"


class Replay(Exception):
    """Raised before the action runs, to answer the kept answer instead (``replay_response``)."""

    def __init__(self, answered: Answered) -> None:
        super().__init__(answered.status)
        self.answered = answered


def request_key(request: Request) -> str | None:
    """The request's key, or None without the header. The draft sends it as a structured-field string
    (``"abc"``); Stripe's clients send it bare: both are read."""
    value = request.headers.get(HEADER)
    if value is None:
        return None
    key = value.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not 0 < len(key) <= MAX_KEY_LENGTH or not all(" " <= char <= "~" for char in key):
        raise KeyInvalid(
            {
                "non_field_errors": [
                    f"The {HEADER} header must be 1 to {MAX_KEY_LENGTH} visible ASCII characters, e.g. a UUID."
                ]
            }
        )
    return key


def key_reference(request: Request) -> str | None:
    """A submission's reference id for the 10DLC API made from the request's key, or None without one. A 5xx
    frees the key, so the retry runs again; with the same reference the API refuses a second campaign where a
    lost answer had hidden the first. Per user, as keys are."""
    key = request_key(request)
    if key is None:
        return None
    return "key-" + hashlib.sha256(f"{request.user.pk}:{key}".encode()).hexdigest()[:32]


def request_endpoint(request: Request) -> str:
    return f"{request.method} {request.path}"


def request_fingerprint(request: Request) -> str:
    """SHA-256 of the request's parsed values (fields and files)."""
    return hashlib.sha256(canonical_json(request.data).encode()).hexdigest()


class _Text(str):
    """JSON text already written, as opposed to a value still to write."""


def canonical_json(value: Any) -> str:
    """``value`` as JSON with sorted keys, a multipart body's files as their names and digests. Written with a
    stack of its own rather than by recursion: a body nested as deep as the parser takes must not exhaust
    Python's stack here."""
    parts: list[str] = []
    pending: list[Any] = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, _Text):
            parts.append(item)
            continue
        if isinstance(item, QueryDict):
            item = dict(item.lists())
        if isinstance(item, UploadedFile):
            item = {"file": item.name, "sha256": _file_digest(item)}
        if isinstance(item, Mapping):
            entries = sorted((str(name), entry) for name, entry in item.items())
            todo: list[Any] = [_Text("{")]
            for index, (name, entry) in enumerate(entries):
                todo += [_Text(("," if index else "") + json.dumps(name) + ":"), entry]
            pending += reversed([*todo, _Text("}")])
        elif isinstance(item, list | tuple):
            todo = [_Text("[")]
            for index, entry in enumerate(item):
                todo += [_Text(","), entry] if index else [entry]
            pending += reversed([*todo, _Text("]")])
        else:
            parts.append(json.dumps(item, default=str))
    return "".join(parts)


def _file_digest(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def answer_kept(status_code: int) -> bool:
    """Whether an answer is kept under its key (the module's table)."""
    return status.is_success(status_code) or status_code == status.HTTP_422_UNPROCESSABLE_ENTITY


def answer_body(response: Response) -> Any:
    """The body as sent, as JSON values (dates as their strings)."""
    return json.loads(JSONRenderer().render(response.data)) if response.data is not None else None


def replay_response(answered: Answered) -> Response:
    return Response(answered.body, status=answered.status, headers={REPLAYED_HEADER: "true"})
