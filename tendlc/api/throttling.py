"""The REST API's per-user rate limit, counted with the cache's atomic increments.

DRF's own throttle reads a user's request history, appends to it and writes it back: two web processes that
read at once both write, and one request's count is lost (measured: 16 of 20 simultaneous requests let through
on a 10/min limit shared in Redis). Counting with ``incr`` instead gives every request its own place in the
count, whatever the number of processes.

The count is a sliding window estimated from two fixed windows (the current one and the one before, weighted
by how much of it still falls within the last ``duration`` seconds), so a burst at a window's edge cannot pass
twice the limit.
"""

import math
from typing import TYPE_CHECKING

from rest_framework.throttling import UserRateThrottle

if TYPE_CHECKING:  # DRF's views import the throttle classes this setting names: no import at run time
    from rest_framework.request import Request
    from rest_framework.views import APIView


class SharedUserRateThrottle(UserRateThrottle):
    def __init__(self) -> None:
        super().__init__()
        allowance, window = self.parse_rate(self.rate)
        self.allowance = allowance or 0
        self.window = window or 0

    def allow_request(self, request: "Request", view: "APIView") -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window_start = math.floor(self.now / self.window) * self.window
        self.elapsed = self.now - window_start
        current_key = f"{self.key}:{window_start}"
        self.previous: int = self.cache.get(f"{self.key}:{window_start - self.window}", 0)
        self.current = self._count_in(current_key)
        if self._estimate(self.current, self.elapsed) <= self.allowance:
            return True
        # A refused request is not counted, as with DRF's throttle: it must not lengthen the caller's wait.
        self.cache.decr(current_key)
        self.current -= 1
        return False

    def wait(self) -> float | None:
        """Seconds until one more request fits, if the caller makes none meanwhile."""
        if self.allowance == 0:
            return None
        if self.current + 1 <= self.allowance:
            # The previous window's weight must fall until its share leaves room for one more request.
            needed_elapsed = self.window * (1 - (self.allowance - self.current - 1) / self.previous)
            return max(needed_elapsed - self.elapsed, 0.0)
        # This window alone is full: wait into the next, where this window's count weighs less as time passes.
        next_elapsed = self.window * (1 - (self.allowance - 1) / self.current)
        return self.window - self.elapsed + next_elapsed

    def _count_in(self, key: str) -> int:
        # Kept for two windows: the next window reads this one as its previous.
        self.cache.add(key, 0, timeout=2 * self.window)
        try:
            return int(self.cache.incr(key))
        except ValueError:  # expired between add and incr
            self.cache.set(key, 1, timeout=2 * self.window)
            return 1

    def _estimate(self, current: int, elapsed: float) -> float:
        return float(self.previous * (1 - elapsed / self.window) + current)
