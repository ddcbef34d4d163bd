"""One pace for the API requests that syncs make, shared by every thread and worker, slowed when the API asks.

Each request reserves the next free slot on a schedule spaced ``1 / rate`` seconds apart and sleeps until it
(a leaky bucket kept as its "theoretical arrival time", as GCRA does). Slots are handed out atomically: in Redis
by one Lua script reading Redis's own clock, so workers on several machines share one schedule; in process by a
mutex, for the embedded broker, where every worker lives on one machine. A rate of 0 or less turns the cap off
(one schedule per process then, kept only for holds).

The API sets the pace too: the limiter is the client's pacer (``TenDLCClient.pace``), shown every answer's
rate-limit advice. A 429 holds the schedule for its Retry-After (or, without one, until the ``x-ratelimit-reset``
it gave, else ``HOLD_WITHOUT_ADVICE``), and an answer whose ``x-ratelimit-remaining`` is 0 holds it until its
window resets: no slot is handed out before then, so every worker waits, not just the one refused.
"""

import threading
import time
from typing import Protocol

import redis
from django.conf import settings

from tendlc.client.retries import RateLimit
from tendlc.services.sync._lock import broker_redis_url

LIMITER_KEY = "tendlc-sync-rate"
# Seconds the schedule is held after a 429 that gave no advice on when to come back.
HOLD_WITHOUT_ADVICE = 1.0
# A reset further off than this is not believed (a clock or a header gone wrong): the hold is capped.
LONGEST_HOLD = 300.0

# KEYS[1]: the schedule's key; ARGV[1]: microseconds between requests. Answers microseconds to wait.
RESERVE_SLOT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local interval = tonumber(ARGV[1])
local slot = math.max(tonumber(redis.call('GET', KEYS[1]) or 0), now)
redis.call('SET', KEYS[1], slot + interval, 'PX', math.ceil((slot + interval - now) / 1000) + 1000)
return slot - now
"""

# KEYS[1]: the schedule's key; ARGV[1]: microseconds from now before which no slot is handed out.
HOLD_SCHEDULE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local free = now + tonumber(ARGV[1])
if free > tonumber(redis.call('GET', KEYS[1]) or 0) then
  redis.call('SET', KEYS[1], free, 'PX', math.ceil((free - now) / 1000) + 1000)
end
return 0
"""


class RateLimiter(Protocol):
    def acquire(self) -> None:
        """Block until this request's slot has come."""

    def hold(self, seconds: float) -> None:
        """Hand out no slot for ``seconds`` from now, to anyone sharing the schedule."""

    def advise(self, advice: RateLimit) -> None:
        """Slow the schedule as an answer's rate-limit advice asks."""


def hold_for(advice: RateLimit) -> float | None:
    """How long an answer's advice holds the schedule, if at all."""
    wait = advice.wait
    if wait is None and advice.refused:
        wait = HOLD_WITHOUT_ADVICE
    return None if wait is None else min(wait, LONGEST_HOLD)


class LocalRateLimiter:
    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._next_slot = 0.0
        self._lock = threading.Lock()

    def acquire(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(self._next_slot, now)
            self._next_slot = slot + self.interval
        if slot > now:
            time.sleep(slot - now)

    def hold(self, seconds: float) -> None:
        with self._lock:
            self._next_slot = max(self._next_slot, time.monotonic() + seconds)

    def advise(self, advice: RateLimit) -> None:
        seconds = hold_for(advice)
        if seconds is not None:
            self.hold(seconds)


class Unlimited(LocalRateLimiter):
    """No cap of our own; the API's holds still apply, in this process."""

    def __init__(self) -> None:
        super().__init__(0)


class RedisRateLimiter:
    def __init__(self, *, url: str, rate: float, key: str = LIMITER_KEY) -> None:
        self.interval_us = max(int(1_000_000 / rate), 1)
        self.key = key
        client = redis.Redis.from_url(url)
        self._reserve = client.register_script(RESERVE_SLOT)
        self._hold = client.register_script(HOLD_SCHEDULE)

    def acquire(self) -> None:
        wait_us = int(self._reserve(keys=[self.key], args=[self.interval_us]))
        if wait_us > 0:
            time.sleep(wait_us / 1_000_000)

    def hold(self, seconds: float) -> None:
        self._hold(keys=[self.key], args=[int(seconds * 1_000_000)])

    def advise(self, advice: RateLimit) -> None:
        seconds = hold_for(advice)
        if seconds is not None:
            self.hold(seconds)


_limiters: dict[tuple[str, float], RateLimiter] = {}
_limiters_lock = threading.Lock()


def rate_limiter(rate: float | None = None) -> RateLimiter:
    """The limiter for ``rate`` requests per second (default ``TENDLC_API_RATE_LIMIT``): in Redis when the
    broker is Redis, else one per process; either way one object per process, shared by all its threads."""
    rate = max(float(settings.TENDLC_API_RATE_LIMIT if rate is None else rate), 0.0)
    url = broker_redis_url() if rate > 0 else None
    with _limiters_lock:
        limiter = _limiters.get((url or "", rate))
        if limiter is None:
            if rate <= 0:
                limiter = Unlimited()
            elif url:
                limiter = RedisRateLimiter(url=url, rate=rate)
            else:
                limiter = LocalRateLimiter(rate)
            _limiters[(url or "", rate)] = limiter
        return limiter
