"""One cap on the API requests per second that syncs make, shared by every thread and worker.

Each request reserves the next free slot on a schedule spaced ``1 / rate`` seconds apart and sleeps until it
(a leaky bucket kept as its "theoretical arrival time", as GCRA does). Slots are handed out atomically: in Redis
by one Lua script reading Redis's own clock, so workers on several machines share one schedule; in process by a
mutex, for the embedded broker, where every worker lives on one machine. A rate of 0 or less turns the cap off.
"""

import threading
import time
from typing import Protocol

import redis
from django.conf import settings

from tendlc.services.sync._lock import broker_redis_url

LIMITER_KEY = "tendlc-sync-rate"

# KEYS[1]: the schedule's key; ARGV[1]: microseconds between requests. Answers microseconds to wait.
RESERVE_SLOT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local interval = tonumber(ARGV[1])
local slot = math.max(tonumber(redis.call('GET', KEYS[1]) or 0), now)
redis.call('SET', KEYS[1], slot + interval, 'PX', math.ceil((slot + interval - now) / 1000) + 1000)
return slot - now
"""


class RateLimiter(Protocol):
    def acquire(self) -> None:
        """Block until this request's slot has come."""


class Unlimited:
    def acquire(self) -> None:
        return None


class LocalRateLimiter:
    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next_slot = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(self._next_slot, now)
            self._next_slot = slot + self.interval
        if slot > now:
            time.sleep(slot - now)


class RedisRateLimiter:
    def __init__(self, *, url: str, rate: float, key: str = LIMITER_KEY) -> None:
        self.interval_us = max(int(1_000_000 / rate), 1)
        self.key = key
        self._reserve = redis.Redis.from_url(url).register_script(RESERVE_SLOT)

    def acquire(self) -> None:
        wait_us = int(self._reserve(keys=[self.key], args=[self.interval_us]))
        if wait_us > 0:
            time.sleep(wait_us / 1_000_000)


_limiters: dict[tuple[str, float], RateLimiter] = {}
_limiters_lock = threading.Lock()


def rate_limiter(rate: float | None = None) -> RateLimiter:
    """The limiter for ``rate`` requests per second (default ``TENDLC_API_RATE_LIMIT``): in Redis when the
    broker is Redis, else one per process; either way one object per process, shared by all its threads."""
    rate = float(settings.TENDLC_API_RATE_LIMIT if rate is None else rate)
    if rate <= 0:
        return Unlimited()
    url = broker_redis_url()
    with _limiters_lock:
        limiter = _limiters.get((url or "", rate))
        if limiter is None:
            limiter = RedisRateLimiter(url=url, rate=rate) if url else LocalRateLimiter(rate)
            _limiters[(url or "", rate)] = limiter
        return limiter
