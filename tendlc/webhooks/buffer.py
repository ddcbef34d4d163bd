"""A Redis stream where Telnyx's verified deliveries wait to be stored, when ``WEBHOOK_BUFFER_URL`` names one.

Taking a delivery in then costs the web process one Redis append, not a PostgreSQL insert, and a worker stores
what waits in batches (``tendlc.services.webhook_buffering``). The stream is a consumer group's: an entry a
worker took stays pending until it is acknowledged after its batch was committed, and one left pending past
``CLAIM_IDLE_MS`` (its worker died) is taken by the next worker that drains. So a delivery is answered 2xx only
once Redis holds it, and leaves Redis only once PostgreSQL does. A worker that dies between the two stores its
batch twice: the second time finds the events stored and counts each as delivered once more, the only trace.

Redis keeps it as durably as Redis is configured to: with the append-only file (``docker/compose.yaml``'s
``--appendonly yes``, written to the operating system at once and to disk every second) a crashed or restarted
Redis loses nothing, a crashed machine up to the last second.
"""

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import redis
from django.conf import settings
from redis.backoff import NoBackoff
from redis.retry import Retry

STREAM = "tendlc:webhook-deliveries"
GROUP = "portal"
# Set while a drain is due, so a burst publishes one drain task, not one a delivery (a publish cost 1.6 ms).
DRAIN_DUE = "tendlc:webhook-drain-due"
# A drain task deletes the mark when it starts; one never run (the broker lost it) lets it lapse after this.
DRAIN_DUE_SECONDS = 60
# A worker killed mid-batch leaves its entries pending; after this long another worker takes them.
CLAIM_IDLE_MS = 5 * 60 * 1000
# Redis answers in well under a millisecond: one that does not answer within these is treated as down.
CONNECT_TIMEOUT_SECONDS = 1.0
TIMEOUT_SECONDS = 2.0


# Stream entries as redis-py answers them: (entry id, fields), as bytes.
Entries = list[tuple[bytes, dict[bytes, bytes]]]


@dataclass(frozen=True)
class Delivery:
    """One verified delivery as it waits: the body as received, when, and the request that took it in."""

    entry_id: str
    body: str
    received_at: datetime
    request_id: str | None


class WebhookBuffer:
    def __init__(self, url: str) -> None:
        # No retries: a delivery Redis does not take at once is stored directly, not held up for seconds.
        self.redis = redis.Redis.from_url(
            url,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=TIMEOUT_SECONDS,
            retry=Retry(NoBackoff(), 0),
        )

    def add(self, *, body: str, request_id: str | None) -> bool:
        """Keep ``body`` until it is stored; answer whether a drain is now due (none was already)."""
        fields = {"body": body, "received": repr(time.time()), "request": request_id or ""}
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.xadd(STREAM, fields)  # type: ignore[arg-type]
            pipe.set(DRAIN_DUE, 1, nx=True, ex=DRAIN_DUE_SECONDS)
            _, due = pipe.execute()
        return bool(due)

    def drain_started(self) -> None:
        """A drain is under way: a delivery added from now on is due another."""
        self.redis.delete(DRAIN_DUE)

    def take(self, *, consumer: str, count: int) -> list[Delivery]:
        """Up to ``count`` deliveries for ``consumer``: first those another consumer left pending too long,
        then new ones."""
        try:
            taken = self._claim_abandoned(consumer, count)
        except redis.ResponseError as error:
            if not str(error).startswith("NOGROUP"):
                raise
            self.redis.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
            taken = []
        if len(taken) < count:
            answer: list[tuple[bytes, Entries]] = self.redis.xreadgroup(  # type: ignore[assignment]
                GROUP, consumer, {STREAM: ">"}, count=count - len(taken)
            )
            for _stream, entries in answer or []:
                taken.extend(entries)
        return [_delivery(entry_id, fields) for entry_id, fields in taken if fields]

    def done(self, deliveries: Sequence[Delivery]) -> None:
        """Forget ``deliveries``: they are stored."""
        if not deliveries:
            return
        ids = [delivery.entry_id for delivery in deliveries]
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.xack(STREAM, GROUP, *ids)
            pipe.xdel(STREAM, *ids)
            pipe.execute()

    def backlog(self) -> tuple[int, datetime | None]:
        """How many deliveries are not stored yet, and when the oldest of them was received."""
        with self.redis.pipeline(transaction=False) as pipe:
            pipe.xlen(STREAM)
            pipe.xrange(STREAM, count=1)
            count, first = pipe.execute()
        return int(count), _delivery(*first[0]).received_at if first else None

    def _claim_abandoned(self, consumer: str, count: int) -> Entries:
        _next, claimed, *_deleted = self.redis.xautoclaim(
            STREAM, GROUP, consumer, min_idle_time=CLAIM_IDLE_MS, start_id="0-0", count=count
        )
        return list(claimed)


def _delivery(entry_id: bytes, fields: dict[bytes, bytes]) -> Delivery:
    return Delivery(
        entry_id=entry_id.decode(),
        body=fields[b"body"].decode(),
        received_at=datetime.fromtimestamp(float(fields[b"received"]), tz=UTC),
        request_id=fields[b"request"].decode() or None,
    )


_buffers: dict[str, WebhookBuffer] = {}
_buffers_lock = threading.Lock()


def webhook_buffer() -> WebhookBuffer | None:
    """The configured buffer, or None: deliveries are then stored as they arrive. One client per process and
    URL, whose pooled connections serve every request after (redis-py opens new ones in a forked process)."""
    url = str(settings.WEBHOOK_BUFFER_URL)
    if not url:
        return None
    with _buffers_lock:
        if url not in _buffers:
            _buffers[url] = WebhookBuffer(url)
        return _buffers[url]
