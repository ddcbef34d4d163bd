"""``POST /webhooks/telnyx/``: Telnyx's signed 10DLC events, stored once and handed to a worker; or, with a
webhook buffer (``tendlc.webhooks.buffer``), kept there for a worker to store and process.

Telnyx retries every answer but a 2xx, so the status says whose fault a refusal is:

| status | when |
|---|---|
| 202 | a new event: stored, processing enqueued; or, with a webhook buffer, any event: kept to be stored |
| 200 | without a buffer, a repeat of a stored event (same ``data.id``, or same body without one): counted, not processed again (with one, the repeat is counted when it is stored) |
| 400 | a ``telnyx-*`` header missing or malformed (timestamp not Unix seconds, signature not base64 of 64 bytes), or a body that is not a UTF-8 JSON object, or whose text holds a NUL or a lone surrogate |
| 401 | well-formed but not authentic: the signature does not verify, or the timestamp is over 5 minutes off |
| 403 | the portal cannot verify anything: ``TELNYX_PUBLIC_KEY`` unset or not a base64 32-byte key (logged as an error) |
| 405 | not POST |
| 411 | no ``Content-Length`` on a server that cannot tell where a streamed body ends, so it cannot be bounded |
| 413 | a body over ``MAX_BODY_BYTES``: refused on its ``Content-Length`` before reading, or cut off at the limit |

The body is verified before anything is stored: an unauthenticated request must neither take an event id
(which would make the genuine event a "duplicate") nor grow the table. Refusals are logged instead.
"""

import json
import logging
import math
import re
from functools import partial
from typing import Any, NoReturn

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tendlc.conf import webhook_public_key
from tendlc.log_context import bound, current
from tendlc.mapping.webhooks import MalformedEvent
from tendlc.services.webhook_intake import Outcome, webhook_delivery_take_in
from tendlc.tasks.webhooks import enqueue_buffer_drain, enqueue_webhook_event
from tendlc.webhooks.signatures import Reason, SignatureError, verify

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 256 * 1024
UNICODE_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
READ_CHUNK_BYTES = 64 * 1024

STATUS_BY_REASON = {
    Reason.MISSING_HEADER: 400,
    Reason.BAD_TIMESTAMP: 400,
    Reason.MALFORMED_SIGNATURE: 400,
    Reason.OUTSIDE_TOLERANCE: 401,
    Reason.BAD_SIGNATURE: 401,
    Reason.BAD_KEY: 403,
}


class Refused(Exception):
    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


@csrf_exempt
@require_POST
def telnyx_webhook(request: HttpRequest) -> JsonResponse:
    try:
        body = read_body(request, MAX_BODY_BYTES)
        public_key = webhook_public_key()
        if not public_key:
            raise Refused(403, Reason.BAD_KEY, "TELNYX_PUBLIC_KEY is not set: no webhook can be verified.")
        try:
            verify(body, request.headers, public_key)
        except SignatureError as exc:
            raise Refused(STATUS_BY_REASON[exc.reason], exc.reason, exc.message) from exc
        text, document = parse_json(body)
        try:
            taken = webhook_delivery_take_in(
                body=text, document=document, request_id=current().get("request_id")
            )
        except MalformedEvent as exc:
            raise Refused(400, "malformed_event", str(exc)) from exc
    except Refused as refused:
        log = logger.error if refused.status == 403 else logger.warning
        log("Webhook refused with %s (%s): %s", refused.status, refused.error, refused.detail)
        return JsonResponse({"error": refused.error, "detail": refused.detail}, status=refused.status)
    event = taken.event
    if event is None:
        # Kept in the buffer: the worker that stores it enqueues its processing.
        if taken.drain_due:
            enqueue_buffer_drain()
        return JsonResponse({"status": "received"}, status=202)
    # The task enqueued here inherits the event's id in its log lines.
    with bound(webhook_event_id=event.reference):
        if taken.outcome is Outcome.STORED:
            logger.info("Webhook event %s stored; processing enqueued", event.reference)
            transaction.on_commit(partial(enqueue_webhook_event, event.pk))
            return JsonResponse({"status": "received"}, status=202)
        logger.info("Webhook event %s delivered again; already stored", event.reference)
        return JsonResponse({"status": "duplicate"}, status=200)


def read_body(request: HttpRequest, limit: int) -> bytes:
    """At most ``limit`` bytes of the body, reading no more than ``limit + 1``; ``Refused`` (411, 413) else."""
    declared = request.META.get("CONTENT_LENGTH")
    stream: Any = request
    if declared:
        try:
            length = int(declared)
        except ValueError:
            raise Refused(400, "bad_content_length", "Content-Length is not a number.") from None
        if length > limit:
            raise Refused(413, "too_large", f"The body is {length} bytes; at most {limit} are accepted.")
    elif request.META.get("wsgi.input_terminated"):
        # A WSGI server that ends the stream itself (gunicorn, for chunked bodies): Django's own stream, bounded
        # by the missing Content-Length, would read nothing.
        stream = request.META["wsgi.input"]
    elif request.META.get("HTTP_TRANSFER_ENCODING"):
        # A chunked body on a server whose stream may never end (wsgiref, runserver): it cannot be bounded.
        raise Refused(411, "length_required", "A body without Content-Length cannot be bounded here.")
    chunks, size = [], 0
    while chunk := stream.read(min(READ_CHUNK_BYTES, limit + 1 - size)):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            raise Refused(413, "too_large", f"The body is over {limit} bytes.")
    return b"".join(chunks)


def parse_json(body: bytes) -> tuple[str, Any]:
    try:
        text = body.decode("utf-8")
        document = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Refused(400, "not_json", f"The body is not UTF-8 JSON: {exc}") from exc
    problem = _text_problem(document) if _may_hold_unstorable_text(text) else None
    if problem:
        raise Refused(400, "not_json", problem)
    return text, document


def _may_hold_unstorable_text(text: str) -> bool:
    """Whether the body's text has an escape that may parse to a NUL or a lone surrogate: JSON can carry either
    only as a ``\\u`` escape (a raw control character is no JSON, and the text decoded as UTF-8 holds no
    surrogate). Most bodies have none, and are not walked."""
    return "\\u0000" in text or UNICODE_SURROGATE_ESCAPE.search(text) is not None


def _text_problem(document: Any) -> str | None:
    """Why the document's text cannot be stored: a NUL (PostgreSQL keeps it in neither text nor jsonb) or a
    lone surrogate (not Unicode; no database encodes it). Only parsed text counts: ``"\\u0000"`` in the body is
    a backslash and five characters. Iterative, so any depth that parsed is walked."""
    pending = [document]
    while pending:
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str):
            if "\x00" in value:
                return "The body contains a NUL character."
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                return "The body contains text that is not Unicode (a lone surrogate)."
    return None


def _finite_float(text: str) -> float:
    # Read as infinity, 1e400 would be stored as Infinity, which is no JSON: PostgreSQL's jsonb refuses it.
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range for a number")
    return number


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not JSON")
