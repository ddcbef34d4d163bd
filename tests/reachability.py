"""Reachability of the real services and programs some tests need (Redis, Chromium).

On a developer's machine without them those tests skip with the reason; with ``CI=true`` they fail
instead, because CI provides them and a skip there would hide a broken setup.
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
    missing(f"{name} does not answer at {url}")
    raise AssertionError("unreachable")


def require_program(name: str, path: str) -> str:
    if os.access(path, os.X_OK):
        return path
    missing(f"{name} is not installed at {path}")
    raise AssertionError("unreachable")


def missing(message: str) -> None:
    if in_ci():
        pytest.fail(f"{message}, and CI=true requires it", pytrace=False)
    pytest.skip(f"{message} (install or start it, or run in CI where .ci/run provides it)")


def redis_url() -> str:
    broker = os.environ.get("CELERY_BROKER_URL", "")
    return os.environ.get("TENDLC_TEST_REDIS_URL") or (
        broker if broker.startswith("redis://") else DEFAULT_REDIS_URL
    )
