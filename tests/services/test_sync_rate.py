"""The API rate limit is one schedule for every thread and worker: in process, and in Redis across limiters
(as workers on several machines hold one each). A 429 or a spent x-ratelimit window holds that schedule for
all of them."""

import threading
import time
import uuid

import pytest

from tendlc.client.retries import RateLimit
from tendlc.services.sync._rate import (
    HOLD_WITHOUT_ADVICE,
    LONGEST_HOLD,
    LocalRateLimiter,
    RedisRateLimiter,
    Unlimited,
    hold_for,
    rate_limiter,
)

RATE = 50  # requests a second: 20 ms apart


def elapsed_for(acquire_calls: list, threads: int) -> float:
    """Seconds for ``threads`` threads to make all the calls, the calls split between them."""
    start = threading.Barrier(threads)

    def worker(calls):
        start.wait()
        for call in calls:
            call()

    chunks = [acquire_calls[index::threads] for index in range(threads)]
    pool = [threading.Thread(target=worker, args=(chunk,)) for chunk in chunks]
    began = time.monotonic()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return time.monotonic() - began


def test_threads_sharing_a_local_limiter_keep_to_its_rate():
    limiter = LocalRateLimiter(RATE)

    seconds = elapsed_for([limiter.acquire] * 21, threads=4)

    # 21 requests are 20 intervals of 20 ms after the first.
    assert 0.39 <= seconds < 1.0


def test_limiters_on_one_redis_key_share_one_schedule(redis_url):
    key = f"test-rate-{uuid.uuid4().hex}"
    workers = [RedisRateLimiter(url=redis_url, rate=RATE, key=key) for _ in range(3)]

    seconds = elapsed_for([worker.acquire for worker in workers] * 7, threads=3)

    assert 0.39 <= seconds < 1.0


def test_the_setting_chooses_the_limiter(settings):
    settings.CELERY_BROKER_URL = "filesystem://localhost/"
    settings.TENDLC_API_RATE_LIMIT = 7

    limiter = rate_limiter()

    assert isinstance(limiter, LocalRateLimiter)
    assert limiter.interval == pytest.approx(1 / 7)
    assert rate_limiter() is limiter
    assert isinstance(rate_limiter(0), Unlimited)


def test_a_redis_broker_means_a_redis_limiter(settings, redis_url):
    settings.CELERY_BROKER_URL = redis_url

    assert isinstance(rate_limiter(5), RedisRateLimiter)


@pytest.mark.parametrize(
    ("advice", "seconds"),
    [
        (RateLimit(), None),
        (RateLimit(limit=100, remaining=3, reset=20.0), None),
        (RateLimit(limit=100, remaining=0, reset=20.0, retry_after=20.0), 20.0),
        (RateLimit(refused=True, retry_after=2.5), 2.5),
        (RateLimit(refused=True, retry_after=0.0), 0.0),
        (RateLimit(refused=True), HOLD_WITHOUT_ADVICE),
        (RateLimit(refused=True, retry_after=86_400.0), LONGEST_HOLD),
    ],
)
def test_what_an_answer_says_decides_how_long_the_schedule_is_held(advice, seconds):
    assert hold_for(advice) == seconds


def test_a_429_met_by_one_thread_holds_every_thread_sharing_the_limiter():
    limiter = LocalRateLimiter(1000)
    limiter.advise(RateLimit(refused=True, retry_after=0.3))

    seconds = elapsed_for([limiter.acquire] * 4, threads=2)

    assert seconds >= 0.29


def test_a_hold_in_redis_holds_every_limiter_on_the_key(redis_url):
    key = f"test-rate-{uuid.uuid4().hex}"
    refused, other = (RedisRateLimiter(url=redis_url, rate=1000, key=key) for _ in range(2))
    refused.advise(RateLimit(limit=10, remaining=0, reset=0.3, retry_after=0.3))

    seconds = elapsed_for([other.acquire], threads=1)

    assert seconds >= 0.29


def test_without_a_cap_of_its_own_a_process_still_honours_holds(settings):
    settings.TENDLC_API_RATE_LIMIT = 0
    limiter = rate_limiter()
    limiter.hold(0.2)

    assert elapsed_for([rate_limiter().acquire], threads=1) >= 0.19
