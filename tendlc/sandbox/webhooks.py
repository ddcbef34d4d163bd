"""Signed webhook delivery, with retries, failover, a delivery log and injectable chaos.

Events are queued in the store (``emit``) inside the transaction that changed the resource, then POSTed by
``deliver_due``, outside any lock: in the ticker thread when serving, or on ``POST /sandbox/clock/advance``.
Each delivery is the event envelope of reference §4.3, signed as §4.5 says: ed25519 over
``"{telnyx-timestamp}|{raw body}"``, base64 in ``telnyx-signature-ed25519``. The timestamp is real Unix time,
not sandbox time, so receivers' five-minute tolerance holds after the clock was advanced.

As Telnyx's 10DLC event page says (reference §4.6): an attempt with no 2xx answer within
``DELIVERY_TIMEOUT_SECONDS`` fails; ``MAX_ATTEMPTS`` attempts in all, ``RETRY_SECONDS`` of sandbox time apart;
attempts alternate between ``webhookURL`` and ``webhookFailoverURL`` when both are set. Every payload is one
the event catalogue documents (``event_catalogue``): an undocumented one is a sandbox bug and raises.
"""

import base64
import json
import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from nacl.signing import SigningKey
from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import event_catalogue
from tendlc.sandbox.clock import Clock
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, invalid, json_response
from tendlc.sandbox.store import Store, dumps
from tendlc.sandbox.validation import query_int

logger = logging.getLogger(__name__)

SIGNING_KEY_ENV = "TENDLC_SANDBOX_SIGNING_KEY"
MAX_ATTEMPTS = 5
# The 10DLC page's fixed interval, not the general webhook page's exponential backoff: the 10DLC page is the
# one about these events, and a fixed interval is what a demo user can predict.
RETRY_SECONDS = 30.0
DELIVERY_TIMEOUT_SECONDS = 2.0


@dataclass
class Chaos:
    """Webhook misbehaviour, set with ``POST /sandbox/faults {"webhooks": {...}}``."""

    duplicate: float = 0.0
    drop: float = 0.0
    delay_seconds: float = 0.0
    reorder: bool = False

    def as_wire(self) -> dict[str, Any]:
        return {
            "duplicate": self.duplicate,
            "drop": self.drop,
            "delaySeconds": self.delay_seconds,
            "reorder": self.reorder,
        }


def parse_chaos(body: Any) -> Chaos:
    if not isinstance(body, dict):
        raise ApiError(422, [invalid("webhooks", "webhooks must be an object.")])
    errors = []
    for name in ("duplicate", "drop"):
        value = body.get(name, 0.0)
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            errors.append(invalid(f"webhooks/{name}", f"{name} must be a probability from 0 to 1."))
    delay = body.get("delaySeconds", 0.0)
    if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
        errors.append(invalid("webhooks/delaySeconds", "delaySeconds must be a non-negative number."))
    if not isinstance(body.get("reorder", False), bool):
        errors.append(invalid("webhooks/reorder", "reorder must be true or false."))
    if errors:
        raise ApiError(422, errors)
    return Chaos(
        duplicate=float(body.get("duplicate", 0.0)),
        drop=float(body.get("drop", 0.0)),
        delay_seconds=float(delay),
        reorder=bool(body.get("reorder", False)),
    )


def new_event_id() -> str:
    """A random (version 4) UUID as text, without building a ``uuid.UUID``: a long clock advance emits
    thousands of events, and the object costs three times the text."""
    raw = bytearray(os.urandom(16))
    raw[6] = raw[6] & 0x0F | 0x40  # version 4
    raw[8] = raw[8] & 0x3F | 0x80  # RFC 4122 variant
    text = raw.hex()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def load_signing_key(store: Store, seed: bytes | None) -> SigningKey:
    """The key from config, else ``TENDLC_SANDBOX_SIGNING_KEY``, else the one generated once and persisted."""
    if seed is None and os.environ.get(SIGNING_KEY_ENV):
        seed = base64.b64decode(os.environ[SIGNING_KEY_ENV])
    if seed is None:
        stored = store.meta_get("signing_seed")
        if stored:
            seed = base64.b64decode(stored)
        else:
            seed = bytes(SigningKey.generate())
            store.meta_set("signing_seed", base64.b64encode(seed).decode())
    if len(seed) != 32:
        raise ValueError(f"{SIGNING_KEY_ENV} must be the base64 of a 32-byte ed25519 seed")
    return SigningKey(seed)


class Dispatcher:
    def __init__(
        self,
        store: Store,
        clock: Clock,
        seed: bytes | None = None,
        rng: random.Random | None = None,
        occurred_at: Callable[[], float] | None = None,
    ):
        self.store = store
        self.clock = clock
        # When an event happened: the scheduler's now, so an event a long clock advance plays carries the time
        # its step was due (a renewal's date), not the moment the advance ran it.
        self._occurred_at = occurred_at or clock.now
        self.signing_key = load_signing_key(store, seed)
        self.chaos = Chaos()
        self._rng = rng or random.Random()
        self._deliver_lock = threading.Lock()
        self._http = requests.Session()

    def close(self) -> None:
        """Drop kept-alive connections to receivers, so none outlives a receiver that stops."""
        self._http.close()

    @property
    def public_key(self) -> str:
        """Base64 of the ed25519 public key, as the portal's ``TELNYX_PUBLIC_KEY`` wants it."""
        return base64.b64encode(bytes(self.signing_key.verify_key)).decode()

    def sign(self, timestamp: str, body: bytes) -> str:
        signed = self.signing_key.sign(timestamp.encode() + b"|" + body)
        return base64.b64encode(signed.signature).decode()

    def emit(
        self, event_type: str, payload: dict[str, Any], url: str | None, failover_url: str | None
    ) -> None:
        """Queue an event for the resource's webhook URLs; logged even when no URL is set. Raises
        ``UndocumentedEvent`` for a payload the Telnyx event catalogue does not describe."""
        event_catalogue.kind_of(event_type, payload)
        now = self._occurred_at()
        data = {
            "event_type": event_type,
            "id": new_event_id(),
            "occurred_at": self.clock.iso(now),
            "payload": payload,
            "record_type": "event",
        }
        dropped = self.chaos.drop and self._rng.random() < self.chaos.drop
        state = "undeliverable" if not (url or failover_url) else ("dropped" if dropped else "pending")
        copies = (
            2
            if state == "pending" and self.chaos.duplicate and self._rng.random() < self.chaos.duplicate
            else 1
        )
        for _ in range(copies):
            self.store.execute(
                "INSERT INTO webhook_deliveries (event_id, event_type, created_at, url, failover_url, payload,"
                " next_attempt_at, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    data["id"],
                    event_type,
                    now,
                    url or None,
                    failover_url or None,
                    dumps(data),
                    now + self.chaos.delay_seconds,
                    state,
                ),
            )

    def deliver_due(self, limit: int | None = None) -> int:
        """POST every delivery due now, or the ``limit`` oldest of them; returns how many attempts were made."""
        with self._deliver_lock:
            rows = self.store.all(
                "SELECT * FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?"
                " ORDER BY next_attempt_at, id LIMIT ?",
                (self.clock.now(), -1 if limit is None else limit),
            )
            if self.chaos.reorder:
                rows = list(reversed(rows))
            for row in rows:
                self._attempt(row)
            return len(rows)

    def due_count(self) -> int:
        """How many deliveries wait for an attempt that is due now."""
        return int(
            self.store.scalar(
                "SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= ?",
                (self.clock.now(),),
            )
        )

    def _attempt(self, row: Any) -> None:
        attempt = row["attempt"] + 1
        use_failover = attempt % 2 == 0 and row["failover_url"]
        url = (row["failover_url"] if use_failover else row["url"]) or row["failover_url"]
        envelope = {"data": json.loads(row["payload"]), "meta": {"attempt": attempt, "delivered_to": url}}
        body = json.dumps(envelope, separators=(",", ":")).encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "telnyx-signature-ed25519": self.sign(timestamp, body),
            "telnyx-timestamp": timestamp,
            "User-Agent": "tendlc-sandbox-webhooks",
        }
        started = time.monotonic()
        status, error = None, None
        try:
            response = self._http.post(url, data=body, headers=headers, timeout=DELIVERY_TIMEOUT_SECONDS)
            status = response.status_code
        except requests.RequestException as exc:
            error = f"{type(exc).__name__}: {exc}"
        delivered = status is not None and 200 <= status < 300
        record = {
            "attempt": attempt,
            "url": url,
            "at": self.clock.iso(),
            "statusCode": status,
            "error": error,
            "durationMs": round((time.monotonic() - started) * 1000, 1),
        }
        if delivered:
            state, next_at = "delivered", None
        elif attempt >= MAX_ATTEMPTS:
            state, next_at = "failed", None
        else:
            state, next_at = "pending", self.clock.now() + RETRY_SECONDS
        attempts = [*json.loads(row["attempts"]), record]
        self.store.execute(
            "UPDATE webhook_deliveries SET attempt = ?, state = ?, next_attempt_at = ?, attempts = ? WHERE id = ?",
            (attempt, state, next_at, json.dumps(attempts), row["id"]),
        )
        logger.info("webhook %s attempt %d to %s: %s", row["event_type"], attempt, url, status or error)


def delivery_log(context: Context, request: Request) -> Response:
    limit = query_int(request.args, "limit", default=100, maximum=10_000)
    rows = context.store.all("SELECT * FROM webhook_deliveries ORDER BY id DESC LIMIT ?", (limit,))
    records = [
        {
            "id": row["id"],
            "eventId": row["event_id"],
            "eventType": row["event_type"],
            "state": row["state"],
            "url": row["url"],
            "failoverUrl": row["failover_url"],
            "attempt": row["attempt"],
            "nextAttemptAt": context.clock.iso(row["next_attempt_at"]) if row["next_attempt_at"] else None,
            "event": json.loads(row["payload"]),
            "attempts": json.loads(row["attempts"]),
        }
        for row in rows
    ]
    return json_response({"records": records, "publicKey": context.webhooks.public_key})


CONTROL_ROUTES = [Rule("/webhooks", endpoint=delivery_log, methods=["GET"])]
