"""A task goes through a real broker to a real worker and its result comes back.

The worker runs in a thread of this process and consumes a queue of its own, so a `make run` worker on the
same broker cannot take the test's message.
"""

import uuid

import pytest
import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker

from portal.celery import app as portal_app


def multiply(a: int, b: int) -> int:
    return a * b


portal_multiply = portal_app.task(name="tests.roundtrip.multiply")(multiply)


@pytest.mark.django_db(transaction=True)
def test_round_trip_through_the_configured_broker_and_result_backend():
    queue = f"test-roundtrip-{uuid.uuid4().hex}"

    with start_worker(portal_app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
        result = portal_multiply.apply_async((6, 7), queue=queue)
        assert result.get(timeout=30) == 42

    assert result.status == "SUCCESS"


@pytest.mark.redis
def test_round_trip_through_redis(redis_url):
    app = Celery("roundtrip", broker=redis_url, backend=redis_url)
    app.conf.update(task_serializer="json", accept_content=["json"], result_serializer="json")
    task = app.task(name="tests.roundtrip.redis_multiply")(multiply)
    queue = f"test-roundtrip-{uuid.uuid4().hex}"

    with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
        result = task.apply_async((3, 5), queue=queue)
        assert result.get(timeout=30) == 15

    result.forget()
    redis.Redis.from_url(redis_url).delete(f"_kombu.binding.{queue}")
