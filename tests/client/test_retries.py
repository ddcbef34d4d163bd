"""Retries against the sandbox's injected faults: what is retried, how often, how long the client waits.

A fault rule's ``fired`` count is the number of tries that reached the sandbox; rules are given more shots
than the client may take, so they are still listed when counted.
"""

import logging
import re
import time
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path

import pytest
import requests
from urllib3.exceptions import MaxRetryError, NewConnectionError, ProtocolError

from tendlc.client import (
    APIConnectionError,
    APITimeoutError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    TenDLCClient,
)
from tendlc.client.errors import TRANSIENT_ERRORS, BadRequestError
from tendlc.client.retries import RateLimit, RetryPolicy, backoff, retry_after_seconds, retry_countdown
from tendlc.sandbox.faults import RATE_LIMIT
from tests.fixtures.brands import brand_fields
from tests.fixtures.scripted_server import Scripted
from tests.fixtures.tendlc_client import API_KEY, FAST_RETRIES

BRAND_ID = "4b20aaaa-0000-0000-0000-000000000000"
UPDATE = {
    "country": "US",
    "display_name": "X",
    "email": "x@x.example",
    "entity_type": "NON_PROFIT",
    "vertical": "NGO",
}


def request_logs(caplog) -> list[logging.LogRecord]:
    return [
        record
        for record in caplog.records
        if record.name == "tendlc.client" and record.levelno >= logging.INFO
    ]


# Each operation with the method it sends; the PUTs of revet and OTP verification are not idempotent.
OPERATIONS = {
    "GET": lambda dlc: dlc.brand.retrieve(BRAND_ID),
    "PUT": lambda dlc: dlc.brand.update(BRAND_ID, **UPDATE),
    "DELETE": lambda dlc: dlc.campaign.deactivate("4b30aaaa-0000-0000-0000-000000000000"),
    "PATCH": lambda dlc: dlc.partner_campaigns.update("CABCDEF", webhook_url="https://hooks.example/p"),
    "POST": lambda dlc: dlc.brand.create(**brand_fields()),
    "PUT revet": lambda dlc: dlc.brand.revet(BRAND_ID),
    "PUT verify OTP": lambda dlc: dlc.brand.verify_sms_otp(BRAND_ID, otp_pin="123456"),
}
IDEMPOTENT = ("GET", "PUT", "DELETE", "PATCH")
NOT_IDEMPOTENT = ("POST", "PUT revet", "PUT verify OTP")


@pytest.mark.parametrize(
    ("operation", "tries"), [*((op, 3) for op in IDEMPOTENT), *((op, 1) for op in NOT_IDEMPOTENT)]
)
def test_503_is_retried_only_for_idempotent_operations(make_tendlc_client, faults, operation, tries):
    dlc = make_tendlc_client(max_retries=2).messaging_10dlc
    faults.add(status=503, count=10)

    with pytest.raises(InternalServerError) as caught:
        OPERATIONS[operation](dlc)

    assert caught.value.status == 503
    assert caught.value.attempts == tries
    assert faults.fired() == [tries]


@pytest.mark.parametrize("status", [502, 503])
def test_a_burst_of_gateway_errors_is_ridden_out(make_tendlc_client, faults, caplog, status):
    caplog.set_level(logging.INFO, logger="tendlc.client")
    dlc = make_tendlc_client(max_retries=3).messaging_10dlc
    faults.add(status=status, count=2)

    page = dlc.brand.list()

    assert page.records == []
    assert faults.fired() == [2]  # both shots taken: the rule is spent
    (line,) = request_logs(caplog)
    assert (line.http_status, line.attempts) == (200, 3)


def test_504_is_retried(scripted_server):
    scripted_server.script(
        Scripted(504, b"<html>Gateway Timeout</html>"),
        Scripted.json(200, {"records": [], "page": 1, "totalRecords": 0}),
    )
    client = TenDLCClient(api_key=API_KEY, base_url=scripted_server.base_url, max_retries=2, **FAST_RETRIES)

    assert client.messaging_10dlc.brand.list().total_records == 0
    assert [request["method"] for request in scripted_server.requests] == ["GET", "GET"]


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_get_rides_out_any_server_error(make_tendlc_client, faults, status):
    """A read changes nothing: whatever the 5xx, another try is safe (issue 20: a 500 on a GET was final)."""
    faults.add(status=status, count=2)

    page = make_tendlc_client(max_retries=2).messaging_10dlc.brand.list()

    assert page.records == []
    assert faults.fired() == [2]


def test_a_get_that_keeps_failing_with_500_raises_after_its_tries(make_tendlc_client, faults):
    faults.add(status=500, count=10)

    with pytest.raises(InternalServerError) as caught:
        make_tendlc_client(max_retries=3).messaging_10dlc.brand.list()

    assert (caught.value.status, caught.value.attempts) == (500, 4)
    assert faults.fired() == [4]


@pytest.mark.parametrize("operation", ["PUT", "DELETE", "PATCH", *NOT_IDEMPOTENT])
def test_500_is_not_retried_for_a_write(make_tendlc_client, faults, operation):
    """A write answered 500 may have been done before the service failed."""
    faults.add(status=500, count=5)

    with pytest.raises(InternalServerError) as caught:
        OPERATIONS[operation](make_tendlc_client(max_retries=3).messaging_10dlc)

    assert caught.value.attempts == 1
    assert faults.fired() == [1]


def test_other_4xx_are_not_retried(make_tendlc_client):
    with pytest.raises(NotFoundError) as caught:
        make_tendlc_client(max_retries=3).messaging_10dlc.brand.retrieve(BRAND_ID)

    assert caught.value.attempts == 1


def test_429_waits_as_long_as_retry_after_says(make_tendlc_client, faults, caplog):
    caplog.set_level(logging.INFO, logger="tendlc.client")
    faults.add(status=429, retryAfter=1, count=1)
    dlc = make_tendlc_client(max_retries=2).messaging_10dlc

    started = time.monotonic()
    dlc.brand.list()

    assert time.monotonic() - started >= 1.0
    (line,) = request_logs(caplog)
    assert line.attempts == 2


def test_429_is_retried_even_for_post(make_tendlc_client, faults, dlc):
    """The rate limiter refuses before any work is done, so repeating a POST cannot do it twice."""
    faults.add(status=429, retryAfter=0, count=1)

    brand = make_tendlc_client(max_retries=1).messaging_10dlc.brand.create(**brand_fields("Rate Limited"))

    assert dlc.brand.list(display_name="Rate Limited").total_records == 1
    assert brand.display_name == "Rate Limited"


def test_429_past_the_time_budget_is_raised_at_once_with_retry_after(make_tendlc_client, faults):
    faults.add(status=429, retryAfter=30, count=5)

    started = time.monotonic()
    with pytest.raises(RateLimitError) as caught:
        make_tendlc_client(max_retries=5, max_retry_time=10).messaging_10dlc.brand.list()

    assert time.monotonic() - started < 1
    assert caught.value.retry_after == 30
    assert caught.value.attempts == 1
    assert faults.fired() == [1]


def test_max_retries_bounds_the_tries(make_tendlc_client, faults):
    faults.add(status=503, count=20)

    with pytest.raises(InternalServerError) as caught:
        make_tendlc_client(max_retries=4).messaging_10dlc.brand.list()

    assert caught.value.attempts == 5
    assert faults.fired() == [5]


def test_max_retry_time_bounds_the_tries(make_tendlc_client, faults):
    faults.add(status=503, probability=1)
    client = make_tendlc_client(max_retries=100, max_retry_time=0.5, backoff_factor=0.1, max_backoff=0.1)

    started = time.monotonic()
    with pytest.raises(InternalServerError) as caught:
        client.messaging_10dlc.brand.list()

    elapsed = time.monotonic() - started
    assert 0.3 < elapsed < 0.9
    assert 2 <= caught.value.attempts <= 5
    assert faults.fired() == [caught.value.attempts]


def test_a_get_slower_than_the_read_timeout_is_retried(make_tendlc_client, faults, caplog):
    caplog.set_level(logging.INFO, logger="tendlc.client")
    faults.add(latencyMs=400, count=1)

    page = make_tendlc_client(timeout=0.2, max_retries=2).messaging_10dlc.brand.list()

    assert page.total_records == 0
    (line,) = request_logs(caplog)
    assert line.attempts == 2
    time.sleep(0.25)  # let the sandbox finish the slow answer before it is shut down


def test_a_get_that_always_times_out_raises_a_timeout(make_tendlc_client, faults):
    faults.add(latencyMs=300, count=10)

    with pytest.raises(APITimeoutError) as caught:
        make_tendlc_client(timeout=0.1, max_retries=2).messaging_10dlc.brand.list()

    assert caught.value.reached_server is True
    assert caught.value.attempts == 3
    assert faults.fired() == [3]
    time.sleep(0.3)


def test_a_post_that_times_out_is_not_retried(make_tendlc_client, faults):
    faults.add(latencyMs=300, count=10)

    with pytest.raises(APITimeoutError) as caught:
        make_tendlc_client(timeout=0.1, max_retries=3).messaging_10dlc.brand.create(**brand_fields())

    assert caught.value.reached_server is True
    assert caught.value.attempts == 1
    assert faults.fired() == [1]
    time.sleep(0.3)


def test_a_dropped_connection_is_retried_for_get(make_tendlc_client, faults, caplog):
    caplog.set_level(logging.INFO, logger="tendlc.client")
    faults.add(dropConnection=True, count=1)

    assert make_tendlc_client(max_retries=2).messaging_10dlc.brand.list().records == []
    (line,) = request_logs(caplog)
    assert line.attempts == 2


def test_a_post_whose_connection_dropped_after_sending_is_not_retried(make_tendlc_client, faults):
    """The sandbox read the request before dropping: it may have acted on it, so a retry could do it twice."""
    faults.add(dropConnection=True, count=5)

    with pytest.raises(APIConnectionError) as caught:
        make_tendlc_client(max_retries=3).messaging_10dlc.brand.create(**brand_fields())

    assert not isinstance(caught.value, APITimeoutError)
    assert caught.value.reached_server is True
    assert caught.value.attempts == 1
    assert faults.fired() == [1]


@pytest.mark.parametrize("operation", ["GET", "POST"])
def test_refused_connections_are_retried_for_every_method(closed_port_url, operation):
    """Nothing was sent, so even a POST is safe to try again."""
    client = TenDLCClient(api_key=API_KEY, base_url=closed_port_url, max_retries=2, **FAST_RETRIES)

    with pytest.raises(APIConnectionError) as caught:
        OPERATIONS[operation](client.messaging_10dlc)

    assert caught.value.reached_server is False
    assert caught.value.attempts == 3


# --- the policy on its own: the decision table and the waits ----------------------------------------


def response_with(status: int, **headers: str) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.headers.update(headers)
    return response


REFUSED = requests.ConnectionError(MaxRetryError(None, "/", NewConnectionError(None, "refused")))
DROPPED = requests.ConnectionError(ProtocolError("Connection aborted.", ConnectionResetError()))


@pytest.mark.parametrize(
    ("outcome", "read", "idempotent", "retried"),
    [
        (response_with(429), False, False, True),
        (response_with(429), False, True, True),
        (response_with(429), True, True, True),
        (response_with(500), True, True, True),
        (response_with(501), True, True, True),
        (response_with(599), True, True, True),
        (response_with(500), False, True, False),
        (response_with(500), False, False, False),
        (response_with(502), False, True, True),
        (response_with(503), False, True, True),
        (response_with(504), False, True, True),
        (response_with(503), True, True, True),
        (response_with(503), False, False, False),
        (response_with(409), True, True, False),
        (response_with(400), True, True, False),
        (response_with(404), True, True, False),
        (REFUSED, False, False, True),
        (requests.ConnectTimeout(), False, False, True),
        (DROPPED, True, True, True),
        (DROPPED, False, True, True),
        (DROPPED, False, False, False),
        (requests.ReadTimeout(), True, True, True),
        (requests.ReadTimeout(), False, False, False),
        (requests.exceptions.SSLError(), True, True, False),
    ],
)
def test_decision_table(outcome, read, idempotent, retried):
    assert RetryPolicy().should_retry(outcome, idempotent=idempotent, read=read) is retried


@pytest.mark.parametrize(
    "setting", [{"max_retries": -1}, {"max_retry_time": -1}, {"backoff_factor": -1}, {"max_backoff": -1}]
)
def test_negative_settings_are_refused(setting):
    with pytest.raises(ValueError, match="retry settings must not be negative"):
        RetryPolicy(**setting)


def test_waits_grow_exponentially_with_jitter_up_to_the_cap():
    policy = RetryPolicy(backoff_factor=0.5, max_backoff=3.0)
    waits = [policy.wait_seconds(number, response_with(503)) for number in (1, 2, 3, 4, 5)]

    assert 0.5 <= waits[0] <= 1.0
    assert 1.0 <= waits[1] <= 1.5
    assert 2.0 <= waits[2] <= 2.5
    assert waits[3] == waits[4] == 3.0


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "soon"}, None),
        ({}, None),
        # Telnyx documents x-ratelimit-reset as the seconds until the window resets.
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "12"}, 12.0),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "12", "Retry-After": "3"}, 3.0),
        ({"x-ratelimit-remaining": "5", "x-ratelimit-reset": "12"}, None),
    ],
)
def test_retry_after_is_read_in_seconds(headers, seconds):
    assert retry_after_seconds(response_with(429, **headers)) == seconds


@pytest.mark.parametrize(
    ("status", "headers", "advice", "wait"),
    [
        (200, {}, RateLimit(), None),
        (
            200,
            {"x-ratelimit-limit": "100", "x-ratelimit-remaining": "40", "x-ratelimit-reset": "30"},
            RateLimit(limit=100, remaining=40, reset=30.0),
            None,
        ),
        (
            200,
            {"x-ratelimit-limit": "100;w=60", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "30"},
            RateLimit(limit=100, remaining=0, reset=30.0, retry_after=30.0),
            30.0,
        ),
        (
            429,
            {"Retry-After": "2", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "30"},
            RateLimit(remaining=0, reset=30.0, refused=True, retry_after=2.0),
            2.0,
        ),
        (429, {}, RateLimit(refused=True), None),
        (200, {"x-ratelimit-remaining": "many", "x-ratelimit-reset": "-4"}, RateLimit(reset=0.0), None),
    ],
)
def test_an_answer_tells_a_pacer_what_it_said_of_the_rate_limit(status, headers, advice, wait):
    assert RateLimit.of(response_with(status, **headers)) == advice
    assert advice.wait == wait


@dataclass
class RecordingPacer:
    turns: int = 0
    advice: list[RateLimit] = dataclass_field(default_factory=list)

    def acquire(self) -> None:
        self.turns += 1

    def advise(self, advice: RateLimit) -> None:
        self.advice.append(advice)


def test_a_paced_client_takes_a_turn_for_every_try_and_reports_each_answer(make_tendlc_client, faults):
    faults.add(status=429, retryAfter=0, count=2)
    client = make_tendlc_client(max_retries=3)
    pacer = RecordingPacer()
    client.pace(pacer)

    client.messaging_10dlc.brand.list()

    assert pacer.turns == 3
    assert [(a.refused, a.remaining, a.retry_after, a.limit) for a in pacer.advice[:2]] == [
        (True, 0, 0.0, RATE_LIMIT)
    ] * 2
    served = pacer.advice[2]
    # The sandbox's window counts every API request in it, other tests' included.
    assert (served.refused, served.limit, 0 < served.remaining < RATE_LIMIT) == (False, RATE_LIMIT, True)
    client.pace(None)
    client.messaging_10dlc.brand.list()
    assert pacer.turns == 3


def test_retry_after_may_be_an_http_date():
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 60))

    assert 55 < retry_after_seconds(response_with(429, **{"Retry-After": later})) <= 60


def rate_limited(retry_after: float | None) -> RateLimitError:
    return RateLimitError(
        "Too many requests",
        retry_after=retry_after,
        method="GET",
        path="/",
        status=429,
        request_id=None,
        body=None,
    )


@pytest.mark.parametrize(
    ("retries", "longest"), [(0, 30.0), (1, 60.0), (3, 240.0), (7, 3600.0), (20, 3600.0)]
)
def test_a_task_waits_the_second_half_of_the_doubled_backoff_up_to_the_cap(retries, longest):
    assert backoff(retries, base=30, cap=3600) == longest
    waits = {retry_countdown(rate_limited(None), retries, base=30, cap=3600) for _ in range(50)}

    assert all(longest / 2 <= wait <= longest for wait in waits)
    assert len(waits) > 1


def test_a_task_never_comes_back_sooner_than_a_retry_after():
    assert retry_countdown(rate_limited(120.0), 0, base=1, cap=60) == 120.0
    assert 0.5 <= retry_countdown(rate_limited(0.1), 0, base=1, cap=60) <= 1.0


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (rate_limited(None), True),
        (InternalServerError("x", method="GET", path="/", status=502, request_id=None, body=None), True),
        (APIConnectionError("x", method="GET", path="/", reached_server=False), True),
        (APITimeoutError("x", method="GET", path="/", reached_server=True), True),
        (BadRequestError("x", method="GET", path="/", status=400, request_id=None, body=None), False),
        (NotFoundError("x", method="GET", path="/", status=404, request_id=None, body=None), False),
    ],
)
def test_transient_errors_are_rate_limits_server_errors_and_no_answer(error, transient):
    assert isinstance(error, TRANSIENT_ERRORS) is transient


def test_no_module_keeps_its_own_tuple_of_transient_errors():
    tendlc = Path(__file__).resolve().parents[2] / "tendlc"
    own_tuple = re.compile(r"\(\s*RateLimitError,\s*InternalServerError\b")
    keepers = [
        str(path.relative_to(tendlc)) for path in tendlc.rglob("*.py") if own_tuple.search(path.read_text())
    ]

    assert keepers == ["client/errors.py"]
