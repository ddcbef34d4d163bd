"""Sandbox time: real time scaled by a speed factor, plus whatever the control plane advanced.

Every timestamp the sandbox writes and every delay in its lifecycles is read from this clock, so tests move
time forward with ``POST /sandbox/clock/advance`` instead of sleeping.
"""

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime


class Clock:
    def __init__(self, speed: float = 1.0, start: float | None = None, real: Callable[[], float] = time.time):
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self._real = real
        self._lock = threading.Lock()
        self._anchor_real = real()
        self._anchor_virtual = max(start or 0.0, self._anchor_real)

    def now(self) -> float:
        """Sandbox time in Unix seconds."""
        with self._lock:
            return self._anchor_virtual + (self._real() - self._anchor_real) * self.speed

    def advance(self, seconds: float) -> float:
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        with self._lock:
            self._anchor_virtual += seconds
        return self.now()

    def iso(self, at: float | None = None) -> str:
        """ISO-8601 with offset, as the service writes OTP and appeal times."""
        return datetime.fromtimestamp(self.now() if at is None else at, UTC).isoformat()

    def naive_iso(self, at: float | None = None) -> str:
        """ISO-8601 without zone, as the service writes ``createdAt`` and ``updatedAt``."""
        return datetime.fromtimestamp(self.now() if at is None else at, UTC).replace(tzinfo=None).isoformat()
