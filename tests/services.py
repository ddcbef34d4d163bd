"""Reachability of the real services some tests need.

On a developer's machine without Redis those tests skip with the reason; with ``CI=true``
they fail instead, because CI provides it and a skip there would hide a broken setup.
"""

import os
import socket
from urllib.parse import urlsplit

import pytest

DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/11"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def answers(url: str, timeout: float = 1.0) -> bool:
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 0), timeout=timeout):
            return True
    except OSError:
        return False


def require(name: str, url: str) -> str:
    if answers(url):
        return url
    message = f"{name} does not answer at {url}"
    if in_ci():
        pytest.fail(f"{message}, and CI=true requires it", pytrace=False)
    pytest.skip(f"{message} (start it, or run in CI where .ci/run provides it)")
    raise AssertionError("unreachable")


def redis_url() -> str:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return os.environ.get("TENDLC_TEST_REDIS_URL") or (
        broker if broker.startswith("redis://") else DEFAULT_REDIS_URL
    )
