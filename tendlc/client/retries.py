"""The retry policy: which failures are tried again, and how long to wait before the next try.

Who retries what, and how long it waits (the transient failures are ``errors.TRANSIENT_ERRORS``: a rate
limit, a server error, no answer):

| who                                      | retries                       | wait before the next try (seconds)        |
|------------------------------------------|-------------------------------|-------------------------------------------|
| the client, within one request           | the table below               | ``RetryPolicy.wait_seconds``              |
| a polling task (``tasks.polling``)       | transient failures, 5 retries | ``retry_countdown``, base 1, cap 60       |
| a webhook event task (``tasks.webhooks``)| transient failures, 7 retries | ``retry_countdown``, base 30, cap 3600    |
| the webhook sweep, for a failed event    | any failure, 8 tries in all   | ``backoff``, base 30, cap 3600, + 2 min   |
| a sync read, after the client's tries    | server errors and no answer,  | ``retry_countdown``, base 1, cap 60       |
|                                          | ``SYNC_READ_TRIES`` tries     |                                           |
| a sync unit or the sync's planning       | server errors and no answer,  | ``retry_countdown``, base 1, cap 60       |
|                                          | ``SYNC_UNIT_TRIES`` tries     |                                           |
| a sync read refused for rate (429)       | not a try: waits at the       | the shared pace, held by the limiter      |
|                                          | sync's shared limiter         | (Retry-After, ``x-ratelimit-*``)          |
| any of them, for any other error         | never: a retry would meet it  |                                           |

A task or sync unit retries only after the client's own short budget is spent, so its waits are longer.
``retry_countdown`` draws from the second half of the doubled backoff (the jitter keeps workers failed by one
outage from returning in step) and never comes back sooner than a 429's Retry-After. The sweep waits the
whole backoff plus a grace, so it takes up only what no task retry will.

A sync is a few thousand reads that must all succeed, so it is patient where a task is not, and patient where
the failure is: a read that failed the client's tries is tried again on its own (a unit tried again redoes
every read it made), and only then does its unit fail a try; the unit is tried again, from the start, until
its tries are spent. Tries are spent only by faults of the service (5xx, no answer). A 429 is the API asking
for a slower pace, which the sync's shared rate limiter gives it for every worker at once; the read waits its
turn there and is sent again, costing no try (up to ``SYNC_RATE_LIMIT_PATIENCE`` seconds of refusals, after
which the 429 counts as a try of its unit).

Within one request the two questions are kept apart (``should_retry`` and ``wait_seconds``) and tenacity runs
the loop.

| outcome                                     | read (GET, HEAD)     | other idempotent     | POST (and PUTs that   |
|                                             |                      | (PUT, DELETE, PATCH) | are not idempotent)   |
|---------------------------------------------|----------------------|----------------------|-----------------------|
| 429                                         | retry                | retry                | retry                 |
| 500, 501, 505... (any other 5xx)            | retry                | no                   | no                    |
| 502, 503, 504                               | retry                | retry                | no                    |
| connection refused, DNS failure, connect    | retry                | retry                | retry                 |
| timeout (the request was never sent)        |                      |                      |                       |
| connection dropped, read timeout (the       | retry                | retry                | no                    |
| request was sent and may have been acted on)|                      |                      |                       |
| any other status, TLS errors                | no                   | no                   | no                    |

* A 429 is the rate limiter refusing the request before any work is done, so even a POST is safe to repeat;
  its ``Retry-After`` (seconds or an HTTP date; ``retry-after-ms`` too, which Telnyx also sends) is the wait,
  else, when ``x-ratelimit-remaining`` says the window is used up, ``x-ratelimit-reset`` (Telnyx documents it
  as the seconds until the window resets). When that wait would end past the time budget, the client gives
  up at once and the ``RateLimitError`` carries ``retry_after`` for a caller (a Celery task) to schedule the
  retry itself. Every answer's ``x-ratelimit-*`` headers are also shown to the transport's pacer, if it has
  one (the sync's shared rate limiter), so that one worker's 429 slows them all.
* A read changes nothing, so any 5xx is worth another try: a 500 met by a GET (the reference documents one
  as an answer, §2.7 A1 "Error searching for phone numbers") is as often a passing fault of the service as a
  lasting one, and a lasting one meets every try and is raised. A write answered 500 may have been done
  before the service failed, so it is not repeated, idempotent or not: the caller decides.
* GET, PUT, DELETE and PATCH are idempotent. The API's only PATCH (S3) sets a shared campaign's two webhook
  URLs to given values, so sending it twice leaves what sending it once does. Two PUTs are not: revet (B10)
  may be done once per three months and verifying an SMS OTP (B12) consumes the PIN, so a retry after a
  success that was lost in transit would answer 400; their resources mark them ``idempotent=False``.
* Waits grow exponentially from ``backoff_factor`` up to ``max_backoff``, plus random jitter of up to one
  ``backoff_factor`` so that clients failed by the same outage do not return in step. Tries stop after
  ``max_retries`` retries or when the next try would start more than ``max_retry_time`` seconds after the
  first began.
"""

import email.utils
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from tenacity import RetryCallState, Retrying, stop_after_attempt, stop_before_delay
from urllib3.exceptions import ConnectTimeoutError, MaxRetryError

from tendlc.client.errors import RateLimitError

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
RETRY_ANY_METHOD_STATUSES = frozenset({429})
RETRY_IDEMPOTENT_STATUSES = frozenset({502, 503, 504})
SERVER_ERRORS = range(500, 600)

# A sync's patience (the table above): tries of one read and of one unit against server errors and no
# answer, the cap on the wait between them, and how long one read waits out 429s: well inside a task's soft
# time limit (540 s) and the sync lease's TTL (300 s), since a worker waiting there makes no progress to show.
SYNC_READ_TRIES = 3
SYNC_UNIT_TRIES = 8
SYNC_BACKOFF_CAP = 60.0
SYNC_RATE_LIMIT_PATIENCE = 120.0

Outcome = requests.Response | BaseException


def never_reached_server(error: BaseException) -> bool:
    """True when the request cannot have been sent: no connection was ever made."""
    if isinstance(error, requests.exceptions.SSLError):
        return False
    if isinstance(error, requests.ConnectTimeout):
        return True
    if isinstance(error, requests.ConnectionError):
        inner = error.args[0] if error.args else None
        reason = inner.reason if isinstance(inner, MaxRetryError) else inner
        # urllib3 files refused connections and DNS failures (NewConnectionError) under ConnectTimeoutError.
        return isinstance(reason, ConnectTimeoutError)
    return False


def _may_retry_after_sending(error: BaseException) -> bool:
    """Transport failures after the request went out, worth another try for an idempotent operation."""
    if isinstance(error, requests.exceptions.SSLError):
        return False
    return isinstance(
        error, requests.ConnectionError | requests.Timeout | requests.exceptions.ChunkedEncodingError
    )


@dataclass(frozen=True)
class RateLimit:
    """What an answer said about the account's rate limit (Telnyx's ``x-ratelimit-*`` headers, and whether it
    was a 429 with the wait it advised): what a pacer shared by many workers needs to slow them all."""

    limit: int | None = None
    remaining: int | None = None
    reset: float | None = None  # seconds until the window resets
    refused: bool = False
    retry_after: float | None = None

    @classmethod
    def of(cls, response: requests.Response) -> "RateLimit":
        headers = response.headers
        return cls(
            limit=_leading_number(headers.get("x-ratelimit-limit"), int),
            remaining=_leading_number(headers.get("x-ratelimit-remaining"), int),
            reset=_leading_number(headers.get("x-ratelimit-reset"), float),
            refused=response.status_code == 429,
            retry_after=retry_after_seconds(response),
        )

    @property
    def wait(self) -> float | None:
        """Seconds before the next request may go, where the answer said: a 429's advice, or the reset of a
        window with nothing left in it."""
        if self.refused:
            return self.retry_after
        return self.reset if self.remaining == 0 else None


def _leading_number(value: str | None, kind: type[float] | type[int]) -> Any:
    """The header's number, None when absent or unreadable; a value such as ``"100;w=60"`` gives 100."""
    if value is None:
        return None
    try:
        number = kind(value.split(";", 1)[0].strip())
    except ValueError:
        return None
    return max(number, 0)


def retry_after_seconds(response: requests.Response) -> float | None:
    """The server's advice on when to come back, in seconds, if it gave a readable one: ``retry-after-ms``,
    ``Retry-After``, else the reset of an ``x-ratelimit-*`` window with nothing remaining."""
    advised = _retry_after_header(response)
    if advised is not None:
        return advised
    if _leading_number(response.headers.get("x-ratelimit-remaining"), int) == 0:
        reset: float | None = _leading_number(response.headers.get("x-ratelimit-reset"), float)
        return reset
    return None


def _retry_after_header(response: requests.Response) -> float | None:
    milliseconds = response.headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return max(float(milliseconds) / 1000, 0.0)
        except ValueError:
            pass
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - time.time(), 0.0)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    max_retry_time: float = 60.0
    backoff_factor: float = 0.5
    max_backoff: float = 8.0

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.max_retry_time < 0 or self.backoff_factor < 0 or self.max_backoff < 0:
            raise ValueError("retry settings must not be negative")

    def should_retry(self, outcome: Outcome, *, idempotent: bool, read: bool = False) -> bool:
        """``read``: the operation only reads (GET), so any server error may be tried again."""
        if isinstance(outcome, requests.Response):
            if outcome.status_code in RETRY_ANY_METHOD_STATUSES:
                return True
            if read and outcome.status_code in SERVER_ERRORS:
                return True
            return idempotent and outcome.status_code in RETRY_IDEMPOTENT_STATUSES
        if never_reached_server(outcome):
            return True
        return (idempotent or read) and _may_retry_after_sending(outcome)

    def wait_seconds(self, retry_number: int, outcome: Outcome) -> float:
        """How long to wait before retry ``retry_number`` (1 for the first retry)."""
        if isinstance(outcome, requests.Response):
            advised = retry_after_seconds(outcome)
            if advised is not None:
                return advised
        exponential: float = self.backoff_factor * 2 ** (retry_number - 1)
        jitter = random.uniform(0, self.backoff_factor)  # noqa: S311 - spreads retries, protects nothing
        return min(exponential + jitter, self.max_backoff)

    def retrying(
        self,
        *,
        idempotent: bool,
        read: bool = False,
        before_sleep: Callable[[int, Outcome, float], None] | None = None,
    ) -> Retrying:
        """A tenacity controller applying this policy to one request. When tries run out it answers the
        last response (the caller turns an error status into an exception) or raises the last error."""

        def retry(state: RetryCallState) -> bool:
            return self.should_retry(_outcome_of(state), idempotent=idempotent, read=read)

        def wait(state: RetryCallState) -> float:
            return self.wait_seconds(state.attempt_number, _outcome_of(state))

        def announce(state: RetryCallState) -> None:
            if before_sleep is not None:
                before_sleep(state.attempt_number, _outcome_of(state), state.upcoming_sleep)

        return Retrying(
            stop=stop_after_attempt(self.max_retries + 1) | stop_before_delay(self.max_retry_time),
            wait=wait,
            retry=retry,
            before_sleep=announce,
            retry_error_callback=_last_outcome,
        )


def _outcome_of(state: RetryCallState) -> Outcome:
    future = state.outcome
    if future is None:
        raise RuntimeError("tenacity asked about an attempt that has not run")
    error = future.exception()
    if error is not None:
        return error
    response: requests.Response = future.result()
    return response


def _last_outcome(state: RetryCallState) -> Any:
    """When tries run out: the last response, or the last error raised again."""
    if state.outcome is None:
        raise RuntimeError("tenacity gave up before any attempt")
    return state.outcome.result()


def backoff(retries: int, *, base: float, cap: float) -> float:
    """The longest wait before retry number ``retries + 1``: ``base`` doubled for each retry before, capped."""
    return float(min(base * 2**retries, cap))


def retry_countdown(error: BaseException, retries: int, *, base: float, cap: float) -> float:
    """Seconds a task (or a sync unit) waits before retry number ``retries + 1``: half to all of the backoff,
    and never less than a 429's Retry-After."""
    longest = backoff(retries, base=base, cap=cap)
    wait = random.uniform(longest / 2, longest)  # noqa: S311 - jitter spreads load, it protects nothing
    if isinstance(error, RateLimitError) and error.retry_after:
        wait = max(wait, error.retry_after)
    return wait
