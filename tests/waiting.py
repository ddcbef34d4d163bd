"""Waiting for work another thread does (a Celery worker, the live server) to show in the database."""

import time
from collections.abc import Callable


def wait_for(condition: Callable[[], bool], what: str = "the condition", timeout: float = 30.0) -> None:
    """Poll ``condition`` until it holds, at most ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        if condition():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not true after {timeout} s")
        time.sleep(0.05)
