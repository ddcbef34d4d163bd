"""The SyncRun of a full sync: its start under the lease, live progress and heartbeat, units and end.

A run is planned, then read as a set of independent units (a batch of brands, a range of number pages) that
threads or Celery workers execute in any order, then finished. A unit's counts and errors are merged into the
run in one transaction when it ends, keyed by the unit, so a redelivered unit is counted once; the unit that
brings the pending count to zero says so, and its caller finishes the run.

Progress (pages done of pages known) and the heartbeat are buffered per process and written at most once a
``flush_every`` seconds with atomic increments, so a run costs a write per second, not one per record, and
once more when a piece of work (the planning, a unit) ends, so nothing counted is lost with its process; each
write also renews the lease. While any work of the run is under way in a process, a thread of its own also
writes the heartbeat every ``TENDLC_SYNC_HEARTBEAT`` seconds, so a unit that waits long on one page (a rate
limit, a slow API) still shows it is alive.

This module owns the decision that a run is dead: running, and no heartbeat for ``TENDLC_SYNC_STALE_AFTER``
seconds. Whatever starts a sync (``run_start``: the scheduled task, the command, "Sync now" in the admin and the
API) closes such a run as abandoned and breaks its lease before refusing, so a killed worker blocks the next
sync for that long, not for the lease's TTL or until the next scheduled sync. A flush that finds its run no
longer running (closed as abandoned, or another sync took the lease) stops the unit: a sync that lost its
lease must not keep writing.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from tendlc.models import SyncRun, SyncRunState
from tendlc.selectors.sync_runs import sync_run_running
from tendlc.services.notification_events import sync_failed_notice
from tendlc.services.sync._lock import Lease
from tendlc.services.sync._pages import Tally

logger = logging.getLogger(__name__)

PLANNING = "planning"
READING = "reading"
FINISHED = "finished"
# A run keeps its first errors: enough to diagnose, and a broken API cannot grow the row without bound.
MAX_ERRORS = 50
# Tries, 50 ms apart, to name the running run to a refused caller: its holder records it just after the lease.
HOLDER_WAITS = 20


class SyncAlreadyRunning(Exception):
    """Another sync holds the lease; ``run`` is the one running (None in the instant before it is recorded)."""

    def __init__(self, run: SyncRun | None) -> None:
        self.run = run
        what = f"sync #{run.pk}, started {run.started_at:%Y-%m-%d %H:%M:%S}," if run else "another sync"
        super().__init__(f"{what} is already running")


class SyncLeaseLost(Exception):
    """The run is no longer running or no longer holds the lease: stop writing."""


@dataclass
class UnitResult:
    """What one unit did: counts per resource, errors, and what finishing the run needs to know of it."""

    counts: dict[str, Tally] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    info: dict[str, Any] = field(default_factory=dict)

    def tally(self, resource: str) -> Tally:
        return self.counts.setdefault(resource, Tally())


def _holder() -> SyncRun | None:
    """The running run, allowing its holder the instant between taking the lease and recording the run."""
    for _ in range(HOLDER_WAITS):
        run = sync_run_running()
        if run is not None:
            return run
        time.sleep(0.05)
    return None


def stale_after() -> timedelta:
    return timedelta(seconds=float(settings.TENDLC_SYNC_STALE_AFTER))


def _last_sign_of_life(run: SyncRun) -> datetime:
    return run.heartbeat_at or run.started_at


def _close_abandoned(run: SyncRun, now: datetime) -> None:
    beat = _last_sign_of_life(run).isoformat()
    run.errors = [*run.errors, f"abandoned: no heartbeat since {beat}"][:MAX_ERRORS]
    run.state, run.phase, run.finished_at = SyncRunState.FAILED, FINISHED, now
    with transaction.atomic():
        run.save(update_fields=["errors", "state", "phase", "finished_at"])
        sync_failed_notice(run)


def run_abandon_if_stale(run: SyncRun, lease: Lease) -> bool:
    """Close ``run`` as abandoned and break its lease when it has been silent for ``stale_after()``. True when
    it is no longer running (closed here or ended meanwhile), False when it is alive."""
    now = timezone.now()
    with transaction.atomic():
        # Locked and read again: a heartbeat that lands meanwhile keeps the run alive.
        current = SyncRun.objects.select_for_update().filter(pk=run.pk, state=SyncRunState.RUNNING).first()
        if current is None:
            return True
        if _last_sign_of_life(current) > now - stale_after():
            return False
        _close_abandoned(current, now)
    logger.warning("sync #%s closed as abandoned: %s", current.pk, current.errors[-1])
    # Only this run's token is released: a lease another sync took since stays with it.
    lease.release(current.lock_token)
    return True


def run_start(*, lease: Lease, trigger: str) -> SyncRun:
    """Take the lease and open a run; raises SyncAlreadyRunning when a live sync holds the lease.

    A holder silent for ``stale_after()`` is dead: its run is closed as abandoned and its lease broken, then the
    lease taken. Runs still marked running when the lease was free are dead too (their holder stopped renewing
    for the lease's TTL): they are closed the same way."""
    token = uuid.uuid4().hex
    if not lease.acquire(token):
        holder = _holder()
        if holder is None or not run_abandon_if_stale(holder, lease):
            raise SyncAlreadyRunning(holder)
        if not lease.acquire(token):
            # Another sync took the broken lease first.
            raise SyncAlreadyRunning(_holder())
    try:
        now = timezone.now()
        for dead in SyncRun.objects.filter(state=SyncRunState.RUNNING):
            _close_abandoned(dead, now)
        return SyncRun.objects.create(trigger=trigger, lock_token=token, phase=PLANNING, heartbeat_at=now)
    except BaseException:
        lease.release(token)
        raise


def run_discard(run: SyncRun, lease: Lease) -> None:
    """Remove a run that never began (its first task could not be sent) and give its lease up."""
    SyncRun.objects.filter(pk=run.pk, state=SyncRunState.RUNNING, phase=PLANNING, pages_done=0).delete()
    lease.release(run.lock_token)


def phase_begin(run_id: int, phase: str, unit_keys: list[str]) -> None:
    SyncRun.objects.filter(pk=run_id, state=SyncRunState.RUNNING).update(
        phase=phase, units_pending=len(unit_keys), units_done={}, heartbeat_at=timezone.now()
    )


def _merge(run: SyncRun, result: UnitResult, prefix: str) -> None:
    counts = dict(run.counts)
    for resource, tally in result.counts.items():
        merged = Tally(**counts.get(resource, {}))
        merged.add(tally)
        counts[resource] = merged.as_dict()
    run.counts = counts
    run.errors = [*run.errors, *(f"{prefix}{error}" for error in result.errors)][:MAX_ERRORS]
    run.heartbeat_at = timezone.now()


def unit_complete(run_id: int, key: str, result: UnitResult) -> bool:
    """Merge a finished (or failed) unit into its run, once per key. True for the run's last unit."""
    with transaction.atomic():
        run = SyncRun.objects.select_for_update().get(pk=run_id)
        if run.state != SyncRunState.RUNNING or key in run.units_done:
            return False
        _merge(run, result, f"{key}: ")
        run.units_done = {**run.units_done, key: result.info}
        run.units_pending = max(run.units_pending - 1, 0)
        run.save(update_fields=["counts", "errors", "units_done", "units_pending", "heartbeat_at"])
        return run.units_pending == 0


def run_merge(run_id: int, result: UnitResult) -> None:
    """Merge what a step of the run itself (not a unit) counted."""
    with transaction.atomic():
        run = SyncRun.objects.select_for_update().get(pk=run_id)
        _merge(run, result, "")
        run.save(update_fields=["counts", "errors", "heartbeat_at"])


def run_error(run_id: int, error: str) -> None:
    """Record an error of the run itself: the run will end failed."""
    run_merge(run_id, UnitResult(errors=[error]))


def run_finish(run_id: int, lease: Lease) -> SyncRun:
    """Close the run (failed if anything went wrong) and release the lease."""
    run = SyncRun.objects.get(pk=run_id)
    if run.state == SyncRunState.RUNNING:
        run.state = SyncRunState.FAILED if run.errors else SyncRunState.SUCCEEDED
        run.phase, run.finished_at = FINISHED, timezone.now()
        run.units_pending = 0
        with transaction.atomic():
            run.save(update_fields=["state", "phase", "finished_at", "units_pending"])
            if run.state == SyncRunState.FAILED:
                sync_failed_notice(run)
    lease.release(run.lock_token)
    return run


ProgressCallback = Callable[[int, int], None]


class Recorder:
    """This process's progress on one run: pages done and found, written with the heartbeat now and then, and
    a heartbeat of its own every ``heartbeat_every`` seconds while work runs ``beating()``."""

    def __init__(
        self,
        run: SyncRun,
        lease: Lease,
        *,
        flush_every: float = 1.0,
        heartbeat_every: float | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> None:
        self.run_id = run.pk
        self.token = run.lock_token
        self.lease = lease
        self.flush_every = flush_every
        self.heartbeat_every = (
            float(settings.TENDLC_SYNC_HEARTBEAT) if heartbeat_every is None else heartbeat_every
        )
        self.on_progress = on_progress
        self.done_total, self.known_total = run.pages_done, run.pages_known
        self._done = self._known = 0
        self._flushed_at = time.monotonic()
        self._lock = threading.Lock()
        self._beating = 0
        self._beat_stop: threading.Event | None = None
        self._beat_thread: threading.Thread | None = None
        self._lost = threading.Event()

    def pages_found(self, count: int) -> None:
        if count > 0:
            self._add(0, count)

    def page_done(self) -> None:
        self._add(1, 0)

    def _add(self, done: int, known: int) -> None:
        if self._lost.is_set():
            raise self._lost_error()
        with self._lock:
            self._done += done
            self._known += known
            self.done_total += done
            self.known_total += known
            progress = (self.done_total, self.known_total)
            due = time.monotonic() - self._flushed_at >= self.flush_every
        if self.on_progress is not None:
            self.on_progress(*progress)
        if due:
            self.flush()

    def _lost_error(self) -> SyncLeaseLost:
        return SyncLeaseLost(f"sync #{self.run_id} is no longer running under its lease")

    def flush(self) -> None:
        """Write the buffered progress and the heartbeat, and renew the lease."""
        with self._lock:
            done, known, self._done, self._known = self._done, self._known, 0, 0
            self._flushed_at = time.monotonic()
        alive = SyncRun.objects.filter(pk=self.run_id, state=SyncRunState.RUNNING).update(
            pages_done=F("pages_done") + done,
            pages_known=F("pages_known") + known,
            heartbeat_at=timezone.now(),
        )
        if not alive or not self.lease.renew(self.token):
            self._lost.set()
            raise self._lost_error()

    @contextmanager
    def beating(self) -> Iterator[None]:
        """Keep the heartbeat going while the block runs, even when no page ends for minutes, and write the
        progress when the last block ends. Nested and concurrent blocks (a pool's threads) share one heartbeat
        thread. Raises SyncLeaseLost after the block if the run was lost meanwhile; the block itself stops at
        its next page."""
        with self._lock:
            self._beating += 1
            if self._beating == 1:
                self._beat_stop = threading.Event()
                self._beat_thread = threading.Thread(
                    target=self._beat,
                    args=(self._beat_stop,),
                    name=f"sync-{self.run_id}-heartbeat",
                    daemon=True,
                )
                self._beat_thread.start()
        try:
            yield
        finally:
            with self._lock:
                self._beating -= 1
                ending = (self._beat_stop, self._beat_thread) if self._beating == 0 else (None, None)
            stop, thread = ending
            if stop is not None and thread is not None:
                stop.set()
                thread.join()
                # What the work counted is written as it ends, not left in this process: a Celery task's
                # recorder dies with its task, and the plan's pages are the run's total from then on.
                if not self._lost.is_set():
                    self.flush()
        if self._lost.is_set():
            raise self._lost_error()

    def _beat(self, stop: threading.Event) -> None:
        try:
            while not stop.wait(self.heartbeat_every):
                try:
                    self.flush()
                except SyncLeaseLost:
                    return
                except Exception:
                    # A database or lease store that fails once is not death: the threshold allows several beats.
                    logger.warning("sync #%s: heartbeat not written", self.run_id, exc_info=True)
        finally:
            # The thread's own connection, not left to the garbage collector.
            connection.close()


def counts_table(counts: Mapping[str, Mapping[str, int]]) -> list[tuple[str, dict[str, int]]]:
    """Counts in the order a sync reads the resources, for printing."""
    order = ["brands", "campaigns", "partner_campaigns", "shared_campaigns", "phone_numbers"]
    return sorted(
        ((name, dict(values)) for name, values in counts.items()),
        key=lambda item: order.index(item[0]) if item[0] in order else len(order),
    )
