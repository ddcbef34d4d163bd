"""The API's per-user limit: a sliding window counted with atomic increments, honest about how long to wait."""

import math
import uuid
from types import SimpleNamespace

import pytest

from tendlc.api.throttling import SharedUserRateThrottle

WINDOW_START = 1_800_000_000.0  # a multiple of 60: a minute window starts here


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now


@pytest.fixture
def ten_per_minute(monkeypatch):
    clock = Clock(WINDOW_START)
    monkeypatch.setattr(SharedUserRateThrottle, "rate", "10/min", raising=False)
    monkeypatch.setattr(SharedUserRateThrottle, "timer", lambda self: clock.now)
    return clock


def _caller():
    user = SimpleNamespace(is_authenticated=True, pk=uuid.uuid4().hex)
    request = SimpleNamespace(user=user)

    def ask() -> tuple[bool, float | None]:
        throttle = SharedUserRateThrottle()
        allowed = throttle.allow_request(request, None)
        return allowed, None if allowed else throttle.wait()

    return ask


def test_the_limit_lets_through_exactly_the_allowance_and_refusals_do_not_count(ten_per_minute):
    ask = _caller()
    ten_per_minute.now = WINDOW_START + 5
    assert [ask()[0] for _ in range(15)] == [True] * 10 + [False] * 5
    # Refused requests were not counted: the wait is the same after five refusals as after one.
    _, wait_after_many = ask()
    assert wait_after_many == pytest.approx(60 - 5 + 60 * (1 - 9 / 10))


def test_retry_after_is_honest_one_more_request_fits_then_and_not_a_second_earlier(ten_per_minute):
    ask = _caller()
    ten_per_minute.now = WINDOW_START + 20
    for _ in range(10):
        assert ask()[0]
    allowed, wait = ask()
    assert not allowed
    retry_after = math.ceil(wait)

    ten_per_minute.now = WINDOW_START + 20 + retry_after - 1
    assert ask()[0] is False
    ten_per_minute.now = WINDOW_START + 20 + retry_after
    assert ask()[0] is True


def test_a_burst_at_a_window_edge_cannot_pass_twice_the_limit(ten_per_minute):
    ask = _caller()
    ten_per_minute.now = WINDOW_START + 59
    assert sum(ask()[0] for _ in range(10)) == 10
    ten_per_minute.now = WINDOW_START + 61
    # Two seconds after the burst, the last window's ten still weigh 59/60 of ten: nothing fits, not ten more.
    assert sum(ask()[0] for _ in range(10)) == 0
    ten_per_minute.now = WINDOW_START + 90
    # Half a minute into the new window the burst weighs half: half the allowance is back.
    assert sum(ask()[0] for _ in range(10)) == 5


def test_each_user_has_an_allowance_of_their_own(ten_per_minute):
    first, second = _caller(), _caller()
    assert sum(first()[0] for _ in range(12)) == 10
    assert sum(second()[0] for _ in range(12)) == 10
