"""HTTP for the client: one pooled session, timeouts on every request, the retry policy, one log line.

Each client owns one ``requests.Session`` with an adapter whose pool is shared by every thread using the
client. urllib3 itself never retries (``Retry(0, read=False)``): tenacity runs ``retries.RetryPolicy`` above
the session, so every try is a whole request that the policy can judge by its outcome.

A transport may be given a pacer (``Transport.pacer``, set through ``TenDLCClient.pace``): every try, retries
included, waits for its turn at the pacer, and every answer's rate-limit advice (``retries.RateLimit``) is shown
to it. The sync shares one pacer between all its workers, so a 429 met by one slows them all.

Logging: one INFO line per request once its tries are over (a WARNING when it failed), giving method, path,
status, duration, request id and the number of tries; a DEBUG line before each retry. The API key and the
bodies (EINs, e-mails, phone numbers) are never logged; the query string is left out as well.
"""

import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from tendlc.client.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    RateLimitError,
    UnexpectedResponseError,
    describe_errors,
    describe_unparsed_body,
    error_class_for,
    parse_error_body,
)
from tendlc.client.retries import (
    IDEMPOTENT_METHODS,
    READ_METHODS,
    Outcome,
    RateLimit,
    RetryPolicy,
    never_reached_server,
    retry_after_seconds,
)

logger = logging.getLogger("tendlc.client")

REQUEST_ID_HEADER = "X-Request-Id"
# RFC 3986 sub-delims and ":" "@" stay literal in a path segment, as the SDK sends them (reference §1.1):
# a phone number goes out as /10dlc/phone_number_campaigns/+18005550199.
PATH_SAFE = "!$&'()*+,;=:@"


class Pacer(Protocol):
    """Spaces the requests of everyone sharing it, and slows them when the API says so."""

    def acquire(self) -> None:
        """Block until this request's turn has come."""

    def advise(self, advice: RateLimit) -> None:
        """Take in what an answer said about the rate limit (a 429, the ``x-ratelimit-*`` headers)."""


@dataclass(frozen=True)
class Reply:
    """A successful answer: its status, request id, decoded JSON (None when empty) and tries made."""

    status: int
    request_id: str | None
    data: Any
    attempts: int


@dataclass(frozen=True)
class Timeouts:
    """Seconds to open a connection, and to wait for each read of the answer."""

    connect: float = 5.0
    read: float = 30.0

    def __post_init__(self) -> None:
        if self.connect <= 0 or self.read <= 0:
            raise ValueError("timeouts must be positive")


def path_segment(value: str, name: str) -> str:
    """A path parameter, percent-encoded; an empty one would silently address another route."""
    if not value:
        raise ValueError(f"Expected a non-empty value for `{name}`")
    return quote(value, safe=PATH_SAFE)


class Transport:
    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        timeouts: Timeouts,
        retry_policy: RetryPolicy,
        pool_size: int,
        user_agent: str,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeouts = timeouts
        self.retry_policy = retry_policy
        self.pacer: Pacer | None = None
        self.session = requests.Session()
        # The environment's proxy and CA settings are read once, here: with trust_env requests re-reads them
        # (and ~/.netrc, whose entry would replace our Bearer header) on every call, ~0.6 ms each, which a
        # sync of thousands of requests pays for nothing. All requests go to base_url, so one lookup holds.
        self.session.trust_env = False
        self.session.proxies = requests.utils.get_environ_proxies(self.base_url)
        self.session.verify = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or True
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=pool_size, max_retries=Retry(0, read=False))
        self.session.mount("https://", adapter)
        self.session.mount("http://", adapter)
        self.session.headers.update(
            {
                "Authorization": f"Bearer {api_key}",
                "Accept": "application/json",
                "User-Agent": user_agent,
            }
        )

    def close(self) -> None:
        self.session.close()

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Mapping[str, Any] | None = None,
        idempotent: bool | None = None,
        expect_body: bool = True,
    ) -> Reply:
        """Send one operation with its retries; raises for anything but a success with JSON or no body."""
        headers = {} if expect_body else {"Accept": "*/*"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        data = None if body is None else json.dumps(body).encode()
        retrying = self.retry_policy.retrying(
            idempotent=method in IDEMPOTENT_METHODS if idempotent is None else idempotent,
            read=method in READ_METHODS,
            before_sleep=lambda attempt, outcome, wait: _log_retry(method, path, attempt, outcome, wait),
        )
        started = time.monotonic()
        try:
            response: requests.Response = retrying(
                self._send,
                method,
                self.base_url + path,
                params=params,
                data=data,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                allow_redirects=False,
            )
        except requests.RequestException as error:
            attempts = retrying.statistics.get("attempt_number", 1)
            failure = _connection_error(error, method, path, attempts)
            _log_request(method, path, None, started, None, attempts, type(failure).__name__)
            raise failure from error
        attempts = retrying.statistics.get("attempt_number", 1)
        request_id = response.headers.get(REQUEST_ID_HEADER)
        _log_request(method, path, response.status_code, started, request_id, attempts, None)
        if response.status_code >= 400:
            raise _status_error(response, method, path, request_id, attempts)
        data = _decode_success(response, method, path, request_id, attempts) if expect_body else None
        return Reply(response.status_code, request_id, data, attempts)

    def _send(self, method: str, url: str, **options: Any) -> requests.Response:
        """One try: its turn at the pacer, the request, and the answer's rate-limit advice to the pacer."""
        pacer = self.pacer
        if pacer is None:
            return self.session.request(method, url, **options)
        pacer.acquire()
        response = self.session.request(method, url, **options)
        pacer.advise(RateLimit.of(response))
        return response


def _decode_success(
    response: requests.Response, method: str, path: str, request_id: str | None, attempts: int
) -> Any:
    if not response.content.strip():
        return None
    try:
        return response.json()
    except ValueError:
        raise UnexpectedResponseError(
            f"HTTP {response.status_code} from {method} {path}: "
            + describe_unparsed_body(response.text, response.headers.get("Content-Type")),
            method=method,
            path=path,
            status=response.status_code,
            request_id=request_id,
            body=response.text,
            attempts=attempts,
        ) from None


def _status_error(
    response: requests.Response, method: str, path: str, request_id: str | None, attempts: int
) -> APIStatusError:
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    errors = parse_error_body(body)
    if errors:
        summary = describe_errors(errors)
    elif isinstance(body, str):
        summary = describe_unparsed_body(body, response.headers.get("Content-Type"))
    else:
        summary = f"the response is JSON but not an error envelope: {json.dumps(body)[:200]}"
    reference = f" [request id {request_id}]" if request_id else ""
    message = f"HTTP {response.status_code} from {method} {path}: {summary}{reference}"
    error_class = error_class_for(response.status_code)
    common: dict[str, Any] = {
        "method": method,
        "path": path,
        "status": response.status_code,
        "request_id": request_id,
        "body": body,
        "errors": errors,
        "attempts": attempts,
    }
    if error_class is RateLimitError:
        return RateLimitError(message, retry_after=retry_after_seconds(response), **common)
    return error_class(message, **common)


def _connection_error(
    error: requests.RequestException, method: str, path: str, attempts: int
) -> APIConnectionError:
    reached = not never_reached_server(error)
    tries = f" after {attempts} tries" if attempts > 1 else ""
    error_class: type[APIConnectionError]
    if isinstance(error, requests.Timeout):
        error_class = APITimeoutError
        phase = "reading the response" if reached else "connecting"
        message = f"{method} {path} timed out {phase}{tries}: {error}"
    else:
        error_class = APIConnectionError
        doubt = " (the request may have been acted on)" if reached else ""
        message = f"{method} {path} failed{tries}{doubt}: {error}"
    return error_class(message, method=method, path=path, reached_server=reached, attempts=attempts)


def _log_request(
    method: str,
    path: str,
    status: int | None,
    started: float,
    request_id: str | None,
    attempts: int,
    failure: str | None,
) -> None:
    # Rounded once, so the message and the structured field never disagree.
    duration_ms = round((time.monotonic() - started) * 1000, 1)
    level = logging.INFO if failure is None and status is not None and status < 400 else logging.WARNING
    logger.log(
        level,
        "%s %s -> %s in %.0f ms (request id %s, %d %s)",
        method,
        path,
        status if status is not None else failure,
        duration_ms,
        request_id or "-",
        attempts,
        "try" if attempts == 1 else "tries",
        extra={
            "http_method": method,
            "http_path": path,
            "http_status": status,
            "duration_ms": duration_ms,
            # Not ``request_id``: that names the portal's own web request in every log line.
            "api_request_id": request_id,
            "attempts": attempts,
        },
    )


def _log_retry(method: str, path: str, attempt: int, outcome: Outcome, wait: float) -> None:
    what = outcome.status_code if isinstance(outcome, requests.Response) else type(outcome).__name__
    logger.debug("%s %s: try %d got %s; retrying in %.2f s", method, path, attempt, what, wait)
