"""How fast one Celery worker drains a burst of number webhooks, with coalescing off (each event read on its
own, as before issue 19) and on (``WEBHOOK_COALESCE_SECONDS``: events about one record share a read, a
campaign's number events read its list of numbers in pages).

The sandbox runs in a child process, seeded with ``--events`` numbers on campaigns of 500 (the portal mirrors
them first with a full sync); the portal's database is a throwaway one (``benchmarks/sync.py``'s: SQLite, or a
``test_...`` database on the PostgreSQL server ``DATABASE_URL`` names). The worker is the Procfile's (threads
pool, concurrency 4), a thread of this process, on the broker ``CELERY_BROKER_URL`` names (kombu's in-memory
one when unset), on a queue of its own. Each run stores one ASSIGNMENT event a number (the numbers' local
status set apart from the API's first, so each read finds a change to write and to put on the timeline, as a
reassignment does) and publishes every event's task as the webhook view does; then it starts the worker and
stops the clock when the last event is processed (the worker runs the tasks left, of events already covered,
before the next run). By then every task's coalescing window has passed: the burst is a backlog.

A third run publishes the burst as the webhook view's publisher hands events over (``enqueue_webhook_event``):
what piles up while it publishes goes as one message of up to 100 events, so the worker runs one task for
them instead of one each.

Printed for each run: wall time, events per second, the API requests the sandbox served (its request log:
single-number reads, list pages, others), SQL statements per event (every connection's) and task result rows
written. Target (issue 19): coalescing on drains at least 5x faster than off.

Run: ``.venv/bin/python benchmarks/webhook_drain.py`` (``--events N``; ``--window`` the coalescing seconds).
"""

import argparse
import json
import logging
import os
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sync import Meter, setup_django, start_sandbox  # noqa: E402 - after the path is set

WORKER_CONCURRENCY = 4  # as the Procfile's worker
NUMBERS_PER_CAMPAIGN = 500
NUMBERS_PATH = "/v2/10dlc/phone_number_campaigns"
TARGET_RATIO = 5.0


@dataclass
class Drain:
    label: str
    seconds: float
    published: float
    events: int
    requests: Counter[str]
    queries: int
    result_rows: int

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.label:24} {self.seconds:8.2f} {self.published:9.2f} {self.rate:9.0f} {self.requests['number']:8d}"
            f" {self.requests['list']:6d} {self.requests['other']:6d} {self.queries / self.events:9.1f}"
            f" {self.result_rows:8d}"
        )


def seed(api_url: str, events: int) -> list[tuple[str, str]]:
    """The sandbox seeded with ``events`` numbers (campaigns of ``NUMBERS_PER_CAMPAIGN``) and mirrored by a
    full sync: (campaign id, number) of each."""
    import requests

    from tendlc.conf import api_client
    from tendlc.models import PhoneNumberAssignment
    from tendlc.services.sync import sync_all

    campaigns = -(-events // NUMBERS_PER_CAMPAIGN)
    answer = requests.post(
        f"{api_url}/sandbox/seed",
        json={
            "brands": -(-campaigns // 5),
            "campaignsPerBrand": min(campaigns, 5),
            "numbersPerCampaign": min(events, NUMBERS_PER_CAMPAIGN),
        },
        timeout=300,
    )
    answer.raise_for_status()
    with api_client() as client:
        sync_all(client=client)
    rows = PhoneNumberAssignment.objects.order_by("phone_number").values_list(
        "telnyx_campaign_id", "phone_number"
    )
    return list(rows[:events])


def burst(numbers: list[tuple[str, str]]) -> list[int]:
    """One stored ASSIGNMENT event a number, the numbers' local status set apart from the API's first."""
    from django.utils import timezone

    from tendlc.models import PhoneNumberAssignment, StatusChange, WebhookEvent
    from tendlc.services.webhooks import webhook_event_store

    WebhookEvent.objects.all().delete()
    StatusChange.objects.all().delete()
    PhoneNumberAssignment.objects.update(assignment_status="PENDING")
    occurred = timezone.now().isoformat()
    ids = []
    for campaign_id, phone_number in numbers:
        payload = {"campaignId": campaign_id, "phoneNumber": phone_number, "type": "ASSIGNMENT"}
        data = {
            "event_type": "10dlc.phone_number.update",
            "id": str(uuid.uuid4()),
            "occurred_at": occurred,
            "payload": {**payload, "status": "success", "reasons": []},
            "record_type": "event",
        }
        document = {"data": data, "meta": {"attempt": 1}}
        event, _ = webhook_event_store(body=json.dumps(document, separators=(",", ":")), document=document)
        ids.append(event.pk)
    return ids


def served(api_url: str) -> Counter[str]:
    """The API requests the sandbox served since its log was emptied, by what they read."""
    import requests

    answer = requests.get(f"{api_url}/sandbox/requests", timeout=60)
    answer.raise_for_status()
    kinds: Counter[str] = Counter()
    for record in answer.json()["records"]:
        if record["path"] == NUMBERS_PATH:
            kinds["list"] += 1
        elif record["path"].startswith(NUMBERS_PATH + "/"):
            kinds["number"] += 1
        else:
            kinds["other"] += 1
    return kinds


class Tally:
    """Counts the signals it is connected to: the messages published, the tasks the worker (a thread of this
    process) finished, skipped ones included."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def __call__(self, **kwargs: Any) -> None:
        with self._lock:
            self.count += 1


def drain(
    label: str,
    api_url: str,
    numbers: list[tuple[str, str]],
    window: float,
    meter: Meter,
    worker: Callable[[], AbstractContextManager[Any]],
    *,
    together: bool = False,
) -> Drain:
    """Publish a new burst, a task for each event (or, ``together``, as the webhook view's publisher hands them
    over: what piled up while it published goes as one message), then start the worker and time it until every
    event is settled; the worker stops once it has run every task."""
    import requests
    from celery.signals import after_task_publish, task_postrun
    from django.conf import settings
    from django_celery_results.models import TaskResult

    from tendlc.models import WebhookEvent, WebhookEventState
    from tendlc.tasks.webhooks import enqueue_webhook_event, publish, publisher

    settings.WEBHOOK_COALESCE_SECONDS = window
    ids = burst(numbers)
    results_before = TaskResult.objects.count()
    requests.delete(f"{api_url}/sandbox/requests", timeout=30).raise_for_status()
    sent = Tally()
    after_task_publish.connect(sent, weak=False)
    began_publishing = time.perf_counter()
    for event_id in ids:
        if together:
            enqueue_webhook_event(event_id)
        else:
            publish(event_id)
    publisher.drain(timeout=600)
    published = time.perf_counter() - began_publishing
    after_task_publish.disconnect(sent)
    finished = Tally()
    task_postrun.connect(finished, weak=False)
    settled = (WebhookEventState.PROCESSED, WebhookEventState.FAILED, WebhookEventState.NEEDS_REVIEW)
    meter.reset()
    started = time.perf_counter()
    with worker():
        while WebhookEvent.objects.filter(state__in=settled).count() < len(ids):
            time.sleep(0.05)
        seconds = time.perf_counter() - started
        queries = meter.queries
        while finished.count < sent.count:
            time.sleep(0.05)
    task_postrun.disconnect(finished)
    failed = WebhookEvent.objects.exclude(state=WebhookEventState.PROCESSED).count()
    if failed:
        print(f"  {failed} events of {label} were not processed")
    return Drain(
        label,
        seconds,
        published,
        len(ids),
        served(api_url),
        queries,
        TaskResult.objects.count() - results_before,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5_000, help="number events of the burst")
    parser.add_argument(
        "--window", type=float, default=2.0, help="coalescing window (seconds) of the 'on' run"
    )
    options = parser.parse_args()
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    os.environ["CELERY_RESULT_BACKEND"] = "django-db"
    shm = Path("/dev/shm")  # noqa: S108 - a private TemporaryDirectory is made inside it
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temporary:
        directory = Path(temporary)
        sandbox, url = start_sandbox(directory)
        os.environ["TELNYX_API_BASE_URL"] = f"{url}/v2"
        os.environ["TELNYX_API_KEY"] = "benchmark"
        teardown = setup_django(directory)
        try:
            run(url, options)
        finally:
            release_connections()
            teardown()
            sandbox.terminate()
            sandbox.join()


def run(url: str, options: argparse.Namespace) -> None:
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings
    from django.db.backends.signals import connection_created

    from portal.celery import app

    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("kombu").setLevel(logging.ERROR)
    meter = Meter()

    def count_queries(sender: Any, connection: Any, **kwargs: Any) -> None:
        if meter not in connection.execute_wrappers:
            connection.execute_wrappers.append(meter)

    connection_created.connect(count_queries, weak=False)
    numbers = seed(url, options.events)
    queue = f"bench-webhook-drain-{uuid.uuid4().hex}"
    app.conf.task_default_queue = queue
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(
        f"{len(numbers)} number events on {database}; one worker (threads pool, concurrency"
        f" {WORKER_CONCURRENCY}) on {app.conf.broker_url.split('://')[0]}; the sandbox in a child process."
        " 'published': seconds to publish the burst's tasks before the worker starts (not in 'seconds')"
    )
    print(
        f"{'':24} {'seconds':>8} {'published':>9} {'events/s':>9} {'number':>8} {'list':>6} {'other':>6} {'SQL/event':>9}"
        f" {'results':>8}"
    )

    def worker() -> AbstractContextManager[Any]:
        return start_worker(
            app,
            pool="threads",
            concurrency=WORKER_CONCURRENCY,
            queues=[queue],
            perform_ping_check=False,
            loglevel="WARNING",
            shutdown_timeout=60,
        )

    off = drain("coalescing off (before)", url, numbers, 0.0, meter, worker)
    print(off.line())
    on = drain(f"coalescing on ({options.window:g} s)", url, numbers, options.window, meter, worker)
    print(on.line())
    together = drain("on, handed over together", url, numbers, options.window, meter, worker, together=True)
    print(together.line())
    for run in (on, together):
        ratio = run.rate / off.rate if off.rate else 0.0
        verdict = "met" if ratio >= TARGET_RATIO else "NOT met"
        print(f"{run.label} / off: {ratio:.1f}x events per second (target >= {TARGET_RATIO:g}x: {verdict})")


def release_connections() -> None:
    """End the worker threads' PostgreSQL sessions, which would keep the throwaway database from being dropped."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()


if __name__ == "__main__":
    main()
