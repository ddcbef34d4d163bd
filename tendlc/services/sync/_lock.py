"""One sync at a time across every worker and machine: a lease with an expiry, renewed by the holder's heartbeat.

Two implementations of one small interface, chosen by the broker (``sync_lease``):

* Redis (when the broker is Redis): redis-py's ``Lock``, a key whose value is the holder's token and whose TTL
  is the lease. The token is kept on the SyncRun, so any worker working on that run can renew or release it.
* The database otherwise (SQLite or PostgreSQL): a ``SyncLease`` row taken over by one conditional UPDATE
  ("where it has expired or is already mine"), which the database applies atomically.

Either way a holder that dies stops renewing, and the lease lapses after its TTL: a crashed sync never blocks
the next one for longer than that.
"""

from contextlib import suppress
from datetime import timedelta
from typing import Protocol

import redis
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from redis.lock import Lock

from tendlc.models import SyncLease

LEASE_NAME = "tendlc-sync"


class Lease(Protocol):
    ttl: float

    def acquire(self, token: str) -> bool:
        """Take the lease for ``token``; False when another holder has it."""

    def renew(self, token: str) -> bool:
        """Push the expiry ``ttl`` seconds ahead; False when ``token`` no longer holds the lease."""

    def release(self, token: str) -> None:
        """Give the lease up, if ``token`` still holds it."""


class DatabaseLease:
    def __init__(self, *, ttl: float, name: str = LEASE_NAME) -> None:
        self.ttl = ttl
        self.name = name

    def acquire(self, token: str) -> bool:
        now = timezone.now()
        # The row exists once; after that only the conditional UPDATE below decides who holds it.
        SyncLease.objects.bulk_create(
            [SyncLease(name=self.name, owner="", expires_at=now - timedelta(seconds=1))],
            ignore_conflicts=True,
        )
        taken = SyncLease.objects.filter(Q(expires_at__lte=now) | Q(owner=token), name=self.name).update(
            owner=token, expires_at=now + timedelta(seconds=self.ttl)
        )
        return taken == 1

    def renew(self, token: str) -> bool:
        expires_at = timezone.now() + timedelta(seconds=self.ttl)
        return SyncLease.objects.filter(name=self.name, owner=token).update(expires_at=expires_at) == 1

    def release(self, token: str) -> None:
        SyncLease.objects.filter(name=self.name, owner=token).update(expires_at=timezone.now())


class RedisLease:
    def __init__(self, *, url: str, ttl: float, name: str = LEASE_NAME) -> None:
        self.ttl = ttl
        self.name = name
        self.redis = redis.Redis.from_url(url)

    def _lock(self, token: str) -> Lock:
        lock = Lock(self.redis, self.name, timeout=self.ttl, thread_local=False)
        lock.local.token = token.encode()
        return lock

    def acquire(self, token: str) -> bool:
        lock = Lock(self.redis, self.name, timeout=self.ttl, thread_local=False)
        return bool(lock.acquire(blocking=False, token=token))

    def renew(self, token: str) -> bool:
        try:
            return bool(self._lock(token).reacquire())
        except redis.exceptions.LockNotOwnedError:
            return False

    def release(self, token: str) -> None:
        # Expired or taken over since: then nothing of ours is left to release.
        with suppress(redis.exceptions.LockError):
            self._lock(token).release()


def broker_redis_url() -> str | None:
    url: str = settings.CELERY_BROKER_URL
    return url if url.startswith(("redis://", "rediss://")) else None


def sync_lease() -> Lease:
    """The lease every sync takes: in Redis when the broker is Redis, in the database otherwise."""
    ttl = float(settings.TENDLC_SYNC_LOCK_TTL)
    url = broker_redis_url()
    return RedisLease(url=url, ttl=ttl) if url else DatabaseLease(ttl=ttl)
