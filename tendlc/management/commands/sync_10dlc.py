"""``manage.py sync_10dlc``: a full sync in this process, with a progress bar on a terminal."""

import threading
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser, OutputWrapper

from tendlc.conf import api_client
from tendlc.models import SyncRunState
from tendlc.services.sync import SyncAlreadyRunning, counts_table, sync_all

COLUMNS = ("created", "updated", "unchanged", "deleted", "skipped")


class ProgressBar:
    """One line redrawn in place, at most ten times a second; called from the sync's threads."""

    WIDTH = 30

    def __init__(self, out: OutputWrapper) -> None:
        self.out = out
        self._drawn_at = 0.0
        self._lock = threading.Lock()

    def __call__(self, done: int, known: int) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._drawn_at < 0.1:
                return
            self._drawn_at = now
            share = min(done / known, 1.0) if known else 0.0
            filled = int(share * self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.out.write(f"\r[{bar}] {share:4.0%} {done}/{known} requests", ending="")
            self.out.flush()

    def close(self) -> None:
        self.out.write("\r" + " " * (self.WIDTH + 40) + "\r", ending="")


class Command(BaseCommand):
    help = (
        "Read every brand, campaign, partner campaign, shared campaign and number assignment from the 10DLC "
        "API into the portal's tables (new and changed records written, vanished ones marked gone), and "
        "print the counts. Refuses to start while another sync runs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--workers",
            type=int,
            default=4,
            help="Threads making API requests at once (default 4), within TENDLC_API_RATE_LIMIT.",
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar, even on a terminal.")

    def handle(self, *args: Any, workers: int, no_progress: bool, **options: Any) -> None:
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        bar = ProgressBar(self.stdout) if self.stdout.isatty() and not no_progress else None
        started = time.monotonic()
        try:
            with api_client() as client:
                run = sync_all(client=client, workers=workers, trigger="command", on_progress=bar)
        except SyncAlreadyRunning as running:
            raise CommandError(f"Not started: {running}.") from None
        finally:
            if bar is not None:
                bar.close()
        seconds = time.monotonic() - started
        self.stdout.write(f"{'resource':20}" + "".join(f"{name:>11}" for name in COLUMNS))
        for resource, counts in counts_table(run.counts):
            self.stdout.write(f"{resource:20}" + "".join(f"{counts.get(name, 0):>11}" for name in COLUMNS))
        for error in run.errors:
            self.stderr.write(f"error: {error}")
        summary = f"Sync #{run.pk} {run.state} in {seconds:.1f} s ({run.pages_done} API requests)."
        if run.state != SyncRunState.SUCCEEDED:
            raise CommandError(summary)
        self.stdout.write(self.style.SUCCESS(summary))
