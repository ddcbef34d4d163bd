"""Injected faults: what the control plane tells the API to do wrong, for retry and resilience tests.

``POST /sandbox/faults`` adds a rule; ``DELETE /sandbox/faults`` clears them all. A rule fires either for the
next ``count`` matching requests or with a ``probability``, on paths matching ``pathPattern`` (a regular
expression, default every ``/v2`` path), and does one of: answer ``status`` (429, 500, 502, 503; with
``Retry-After: retryAfter`` where the rule gives one, and a 429 always, 1 s by default), add
``latencyMs`` before the real answer, or ``dropConnection``. A rule with a ``burst`` of N, once it fires, fires
for the N - 1 matching requests after too (whoever sends them), as a rate limiter refusing a stampede would.
Rules live in memory only: a restart clears them; the first rule that fires for a request wins. ``seed``
restarts the draws of every rule's probability, so a mix fires alike for the same requests in the same order.

A 429 carries ``Retry-After`` and Telnyx's rate-limit headers (``x-ratelimit-limit``, ``x-ratelimit-remaining``
0, ``x-ratelimit-reset`` in seconds, as developers.telnyx.com documents them); every other answer under ``/v2``
carries the rate-limit headers of the sandbox's nominal window (``RateWindow``), which counts requests but
refuses none: refusals are for fault rules to make.
"""

import math
import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, error_item, invalid, json_body, json_response
from tendlc.sandbox.webhooks import Chaos, parse_chaos

FAULT_STATUSES = {
    429: (
        "10011",
        "Too many requests",
        "Rate limit exceeded. Retry after the time in the Retry-After header.",
    ),
    500: ("10007", "Unexpected error", "An unexpected error occurred."),
    502: ("10007", "Bad gateway", "The upstream service did not answer properly."),
    503: ("10007", "Service unavailable", "The service is temporarily unavailable."),
}


# Seconds a 429 asks the client to wait when its rule does not say.
DEFAULT_RETRY_AFTER = 1
# The nominal window the rate-limit headers describe: requests a window, and its length in seconds.
RATE_LIMIT = 2000
RATE_WINDOW_SECONDS = 1.0


class RateWindow:
    """Counts the API's requests in fixed windows, for the ``x-ratelimit-*`` headers of each answer."""

    def __init__(self, limit: int = RATE_LIMIT, seconds: float = RATE_WINDOW_SECONDS) -> None:
        self.limit = limit
        self.seconds = seconds
        self._started = time.monotonic()
        self._used = 0
        self._lock = threading.Lock()

    def count(self) -> dict[str, str]:
        """Count one request; answer the headers describing the window after it."""
        with self._lock:
            now = time.monotonic()
            if now - self._started >= self.seconds:
                self._started, self._used = now, 0
            self._used += 1
            remaining = max(self.limit - self._used, 0)
            reset = self.seconds - (now - self._started)
        return rate_limit_headers(self.limit, remaining, reset)


def rate_limit_headers(limit: int, remaining: int, reset: float) -> dict[str, str]:
    return {
        "x-ratelimit-limit": str(limit),
        "x-ratelimit-remaining": str(remaining),
        "x-ratelimit-reset": str(max(math.ceil(reset), 0)),
    }


@dataclass
class Fault:
    status: int | None = None
    retry_after: int | None = None
    latency_ms: int = 0
    drop_connection: bool = False
    count: int | None = None
    probability: float | None = None
    burst: int = 1
    path_pattern: str = ""
    fired: int = 0
    burst_left: int = 0
    _pattern: re.Pattern[str] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._pattern = re.compile(self.path_pattern)

    def matches(self, path: str) -> bool:
        return bool(self._pattern.search(path))

    @property
    def exhausted(self) -> bool:
        return self.count is not None and self.fired >= self.count

    def as_wire(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "retryAfter": self.retry_after,
            "latencyMs": self.latency_ms,
            "dropConnection": self.drop_connection,
            "count": self.count,
            "probability": self.probability,
            "burst": self.burst,
            "pathPattern": self.path_pattern,
            "fired": self.fired,
            "exhausted": self.exhausted,
        }


@dataclass
class Outcome:
    response: Response | None = None
    drop_connection: bool = False


class Faults:
    def __init__(self, rng: random.Random | None = None):
        self.rules: list[Fault] = []
        self._lock = threading.Lock()
        self.rng = rng or random.Random()  # public so a test can seed it

    def add(self, fault: Fault) -> None:
        with self._lock:
            self.rules.append(fault)

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()

    def take(self, path: str) -> Outcome | None:
        """The fault for this request, if a rule fires; sleeps first when the rule adds latency."""
        with self._lock:
            fault = next((rule for rule in self.rules if self._fires(rule, path)), None)
            if fault is not None:
                fault.fired += 1
        if fault is None:
            return None
        if fault.latency_ms:
            time.sleep(fault.latency_ms / 1000)
        if fault.drop_connection:
            return Outcome(drop_connection=True)
        if fault.status is None:
            return None
        code, title, detail = FAULT_STATUSES[fault.status]
        headers = {}
        if fault.status == 429:
            wait = DEFAULT_RETRY_AFTER if fault.retry_after is None else fault.retry_after
            headers = {"Retry-After": str(wait), **rate_limit_headers(RATE_LIMIT, 0, wait)}
        elif fault.retry_after is not None:
            headers = {"Retry-After": str(fault.retry_after)}
        return Outcome(
            response=json_response({"errors": [error_item(code, title, detail)]}, fault.status, headers)
        )

    def _fires(self, rule: Fault, path: str) -> bool:
        if rule.exhausted or not rule.matches(path):
            return False
        if rule.burst_left:
            rule.burst_left -= 1
            return True
        if rule.probability is None or self.rng.random() < rule.probability:
            rule.burst_left = rule.burst - 1
            return True
        return False


def parse_fault(body: dict[str, Any]) -> Fault:
    errors = []
    status = body.get("status")
    if status is not None and status not in FAULT_STATUSES:
        errors.append(invalid("status", f"status must be one of {sorted(FAULT_STATUSES)}."))
    count, probability = body.get("count"), body.get("probability")
    if (count is None) == (probability is None):
        errors.append(
            invalid("count", "Give exactly one of count (next N requests) or probability (0 to 1).")
        )
    if count is not None and (not isinstance(count, int) or count < 1):
        errors.append(invalid("count", "count must be a positive integer."))
    if probability is not None and (not isinstance(probability, int | float) or not 0 < probability <= 1):
        errors.append(invalid("probability", "probability must be a number in (0, 1]."))
    burst = body.get("burst", 1)
    if not isinstance(burst, int) or isinstance(burst, bool) or not 1 <= burst <= 10_000:
        errors.append(invalid("burst", "burst must be an integer from 1 to 10000 (requests in a row)."))
    latency = body.get("latencyMs", 0)
    if not isinstance(latency, int) or not 0 <= latency <= 60_000:
        errors.append(invalid("latencyMs", "latencyMs must be an integer from 0 to 60000."))
    drop = body.get("dropConnection", False)
    if not isinstance(drop, bool):
        errors.append(invalid("dropConnection", "dropConnection must be true or false."))
    if status is None and not latency and not drop:
        errors.append(invalid("status", "Say what goes wrong: status, latencyMs or dropConnection."))
    retry_after = body.get("retryAfter")
    if retry_after is not None and (not isinstance(retry_after, int) or retry_after < 0):
        errors.append(invalid("retryAfter", "retryAfter must be a non-negative integer (seconds)."))
    pattern = body.get("pathPattern", "")
    try:
        re.compile(pattern)
    except (re.error, TypeError):
        errors.append(invalid("pathPattern", "pathPattern must be a regular expression."))
    if errors:
        raise ApiError(422, errors)
    return Fault(
        status=status,
        retry_after=retry_after,
        latency_ms=latency,
        drop_connection=drop,
        count=count,
        probability=probability,
        burst=burst,
        path_pattern=pattern,
    )


def add_fault(context: Context, request: Request) -> Response:
    """Add an API fault rule, set webhook chaos (``{"webhooks": {...}}``), or both in one body; ``"seed"``
    (an integer) restarts the rules' random draws from it, so a mix fires the same way for the same requests."""
    body = json_body(request)
    seed = body.pop("seed", None)
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool)):
        raise ApiError(422, [invalid("seed", "seed must be an integer.")])
    chaos = parse_chaos(body.pop("webhooks")) if "webhooks" in body else None
    fault = parse_fault(body) if body or (chaos is None and seed is None) else None
    if seed is not None:
        context.faults.rng = random.Random(seed)
    if chaos is not None:
        context.webhooks.chaos = chaos
    if fault is not None:
        context.faults.add(fault)
    return json_response(_state(context), 201)


def list_faults(context: Context, request: Request) -> Response:
    return json_response(_state(context))


def clear_faults(context: Context, request: Request) -> Response:
    context.faults.clear()
    context.webhooks.chaos = Chaos()
    return Response(status=204)


def _state(context: Context) -> dict[str, Any]:
    return {
        "faults": [rule.as_wire() for rule in context.faults.rules],
        "webhooks": context.webhooks.chaos.as_wire(),
    }


CONTROL_ROUTES = [
    Rule("/faults", endpoint=add_fault, methods=["POST"]),
    Rule("/faults", endpoint=list_faults, methods=["GET"]),
    Rule("/faults", endpoint=clear_faults, methods=["DELETE"]),
]
