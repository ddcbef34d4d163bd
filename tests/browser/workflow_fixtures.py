"""Fixtures for the browser workflows: a second browser for another user, and the webhook path of a live
portal (the sandbox's signed webhooks to the live server, processed by a real Celery worker).

Test modules take the fixtures with ``from tests.browser.workflow_fixtures import *`` (``__all__`` lists them)
and import the helpers by name.

The SQLite test database lives in memory with a shared cache, where a write locks whole tables and a second
writer fails at once instead of waiting. While the worker runs, its tasks, the live server's requests and the
test's own reads therefore take turns on one lock (``database_turn``), as tests/webhooks/conftest.py explains;
on PostgreSQL they run concurrently.
"""

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun, task_prerun
from django.db import connection

from portal.celery import app as portal_app
from tendlc.tasks import webhooks as webhook_tasks

__all__ = ["module_worker", "open_page", "webhook_worker"]

WEBHOOK_PATH = "/webhooks/telnyx/"
VIEWPORT = {"width": 1280, "height": 900}
# The filesystem broker is polled every tenth of a second rather than every second (as in
# tests/tasks/test_sync_tasks.py): the flow waits on each event.
POLLING_INTERVAL = 0.1

_database_turns = threading.RLock()


@contextmanager
def database_turn() -> Iterator[None]:
    if connection.vendor == "sqlite":
        with _database_turns:
            yield
    else:
        yield


def _take_turn(**kwargs: Any) -> None:
    _database_turns.acquire()


def _end_turn(**kwargs: Any) -> None:
    _database_turns.release()


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 20.0) -> None:
    """Poll the database until ``condition`` holds, at most ``timeout`` seconds: the worker is another thread,
    and no page shows when it is done."""
    deadline = time.monotonic() + timeout
    while True:
        with database_turn():
            if condition():
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not true after {timeout} s")
        time.sleep(0.05)


@pytest.fixture
def open_page(chromium, portal) -> Iterator[Callable[[], Any]]:
    """Pages in browser contexts of their own (their own cookies): another user beside ``page``'s."""
    contexts = []

    def open_one() -> Any:
        context = chromium.new_context(base_url=portal.url, viewport=VIEWPORT)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_one
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def module_worker(django_db_setup, django_db_blocker) -> Iterator[str]:
    """A real worker (a thread of this process, on the portal's Celery app) consuming a queue of its own through
    the configured broker; answers the queue. One per module: stopping one takes seconds."""
    queue = f"test-browser-{uuid.uuid4().hex}"
    options = dict(portal_app.conf.broker_transport_options or {})
    portal_app.conf.broker_transport_options = {**options, "polling_interval": POLLING_INTERVAL}
    on_sqlite = connection.vendor == "sqlite"
    if on_sqlite:
        task_prerun.connect(_take_turn, weak=False)
        task_postrun.connect(_end_turn, weak=False)
    worker = start_worker(portal_app, perform_ping_check=False, queues=[queue], shutdown_timeout=30)
    try:
        with django_db_blocker.unblock():
            worker.__enter__()
        try:
            yield queue
        finally:
            with django_db_blocker.unblock():
                worker.__exit__(None, None, None)
    finally:
        if on_sqlite:
            task_prerun.disconnect(_take_turn)
            task_postrun.disconnect(_end_turn)
        portal_app.conf.broker_transport_options = options
        if portal_app.conf.broker_url.startswith("redis://"):
            redis.Redis.from_url(portal_app.conf.broker_url).delete(
                f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )


@pytest.fixture
def webhook_worker(module_worker, portal, settings, sandbox, monkeypatch) -> Iterator[str]:
    """The portal receiving the sandbox's webhooks at ``portal.url + WEBHOOK_PATH``, verified with the
    sandbox's key, and the module's worker processing them; answers the webhook URL.

    The view's publisher is routed to the worker's own queue, so no other worker on the same broker (a
    ``make run`` one) takes the test's messages, nor this one theirs. A test names this fixture before ``page``,
    so the browser has hung up by the time this one waits for the server's threads."""
    settings.TELNYX_PUBLIC_KEY = sandbox.webhooks.public_key
    monkeypatch.setitem(portal_app.conf, "task_default_queue", module_worker)
    httpd = portal.thread.httpd
    application = httpd.get_app()

    def taking_turns(environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        with database_turn():
            return application(environ, start_response)

    httpd.set_app(taking_turns)
    try:
        yield portal.url + WEBHOOK_PATH
        # Nothing handed to the publisher may reach the broker after the test.
        assert webhook_tasks.publisher.drain(timeout=30)
    finally:
        # The sandbox keeps its webhook connections alive, each holding a server thread (and the database
        # connection it borrowed) until it hangs up: hang up, and let those threads finish before the flush.
        sandbox.webhooks.close()
        deadline = time.monotonic() + 5
        for thread in threading.enumerate():
            if thread.name.endswith("(process_request_thread)"):
                thread.join(timeout=max(deadline - time.monotonic(), 0))
        httpd.set_app(application)
