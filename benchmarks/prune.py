"""The nightly prune's first run on a table grown for long: how fast it deletes, and how long it holds a lock.

A throwaway database (SQLite in a temporary directory, or, when ``DATABASE_URL`` names a PostgreSQL server, a
``test_...`` database created there and dropped after) is seeded with ``--events`` processed webhook events
past their retention, a tenth of them named by a status change the timeline still keeps (they must stay), and
as many old status changes past the timeline's retention. The prune then runs as the schedule runs it.

Printed: rows deleted per kind, the prune's wall time and rows per second, and its longest batch (one
transaction: the read of a thousand keys and their deletes, the longest any lock is held), against the same
events pruned unbatched, one UPDATE and one DELETE in one transaction (as django-celery-results' own cleanup
deletes), rolled back after.

Run: ``.venv/bin/python benchmarks/prune.py`` (``--events`` for more or fewer rows).
"""

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.sync import setup_django  # noqa: E402 - after the path is set

NOW = datetime(2026, 6, 1, 3, 30, tzinfo=UTC)
CHUNK = 5_000


def seed(events: int) -> None:
    from django.db import transaction

    from tendlc.models import ChangeCause, StatusChange, StatusSubject, WebhookEvent, WebhookEventState

    old = NOW - timedelta(days=800)
    for start in range(0, events, CHUNK):
        with transaction.atomic():
            made = WebhookEvent.objects.bulk_create(
                WebhookEvent(
                    body_hash=f"{n:064x}",
                    event_id=f"evt-{n}",
                    body="{}",
                    state=WebhookEventState.PROCESSED,
                    event_type="10dlc.phone_number.update",
                )
                for n in range(start, min(start + CHUNK, events))
            )
            changes = [
                StatusChange(
                    changed_at=old if n % 10 else NOW - timedelta(days=1),
                    subject=StatusSubject.NUMBER_ASSIGNMENT,
                    record_id=f"+1503555{n % 10_000:04d}",
                    field="assignment_status",
                    new_value="ASSIGNED",
                    cause=ChangeCause.WEBHOOK_EVENT,
                    webhook_event=event,
                )
                for n, event in zip(range(start, start + len(made)), made, strict=True)
            ]
            StatusChange.objects.bulk_create(changes)
    # auto_now_add wrote today: age the events past the webhook events' retention.
    WebhookEvent.objects.update(received_at=old)


class BatchClock:
    """Times each batch (``connection.execute_wrapper``): from one batch's read of its keys to the next's, so
    its deletes and its commit included; the longest is the longest any lock is held."""

    def __init__(self, batch_size: int) -> None:
        self.marker = f"LIMIT {batch_size}"
        self.reads: list[float] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if sql.endswith(self.marker):
            self.reads.append(time.perf_counter())
        return execute(sql, params, many, context)

    def longest(self, ended: float) -> float:
        marks = [*self.reads, ended]
        return max(later - earlier for earlier, later in pairwise(marks))


def unbatched_delete_seconds() -> float:
    """The same prune of events as one UPDATE and one DELETE, as a cleanup without batches runs it (rolled
    back after): how long its lock would be held."""
    from django.db import connection, transaction

    timeline_cutoff = NOW - timedelta(days=730)
    with transaction.atomic():
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE tendlc_statuschange SET webhook_event_id = NULL WHERE changed_at < %s",
                [timeline_cutoff],
            )
            cursor.execute(
                "DELETE FROM tendlc_webhookevent WHERE received_at < %s AND NOT EXISTS (SELECT 1 FROM"
                " tendlc_statuschange WHERE webhook_event_id = tendlc_webhookevent.id)",
                [NOW - timedelta(days=90)],
            )
        took = time.perf_counter() - started
        transaction.set_rollback(True)
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    options = parser.parse_args()

    shm = Path("/dev/shm")  # noqa: S108 - a private TemporaryDirectory is made inside it
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temporary:
        teardown = setup_django(Path(temporary))
        try:
            from django.db import connection

            from tendlc.models import StatusChange, WebhookEvent
            from tendlc.services.retention import BATCH_SIZE, retention_prune

            started = time.perf_counter()
            seed(options.events)
            print(
                f"{connection.vendor}: seeded {options.events:,} events and status changes in "
                f"{time.perf_counter() - started:.1f} s"
            )
            unbatched = unbatched_delete_seconds()

            clock = BatchClock(BATCH_SIZE)
            with connection.execute_wrapper(clock):
                started = time.perf_counter()
                run = retention_prune(trigger="benchmark", now=NOW)
                ended = time.perf_counter()
            took = ended - started
            longest = clock.longest(ended)
            deleted = sum(run.counts.values())
            for label, count in run.counts.items():
                if count:
                    print(f"  {label}: {count:,} deleted")
            print(
                f"prune: {took:.1f} s, {deleted / took:,.0f} rows/s; kept: {WebhookEvent.objects.count():,} "
                f"events, {StatusChange.objects.count():,} status changes"
            )
            print(f"longest batch of {BATCH_SIZE:,} rows (lock held): {longest * 1000:.0f} ms")
            print(
                f"the same events pruned unbatched (one UPDATE and one DELETE): {unbatched * 1000:,.0f} ms in one"
                f" transaction, {unbatched / longest:.0f}x the longest batch"
            )
        finally:
            teardown()


if __name__ == "__main__":
    main()
