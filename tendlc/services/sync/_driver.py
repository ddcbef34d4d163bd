"""The steps of a run (start, plan, units, finish) and the two drivers that take them: in this process on a
pool of threads (``sync_all``), or as Celery tasks (``tendlc.tasks.sync``)."""

import logging
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from django.db import connection

from tendlc.client import TRANSIENT_ERRORS, TenDLCClient
from tendlc.client.retries import (
    SYNC_BACKOFF_CAP,
    SYNC_RATE_LIMIT_PATIENCE,
    SYNC_UNIT_TRIES,
    retry_countdown,
)
from tendlc.models import ChangeCause, SyncRun, SyncRunState
from tendlc.services.history import campaign_status_counts_record
from tendlc.services.sync._lock import Lease, sync_lease
from tendlc.services.sync._rate import RateLimiter, rate_limiter
from tendlc.services.sync._resources import (
    PER_PAGE,
    SyncContext,
    Unit,
    brands_unit,
    numbers_gaps_mark,
    numbers_link,
    numbers_unit,
    partner_campaigns_unit,
    plan,
    shared_campaigns_unit,
)
from tendlc.services.sync._runs import (
    READING,
    ProgressCallback,
    Recorder,
    SyncLeaseLost,
    UnitResult,
    phase_begin,
    run_error,
    run_finish,
    run_merge,
    run_start,
    unit_complete,
)
from tendlc.services.sync._statistics import mirror_statistics_refresh
from tendlc.services.timeline import status_change_cause

logger = logging.getLogger(__name__)

# A unit's (and the planning's) tries against server errors and unanswered requests; 429s cost none
# (``tendlc.client.retries`` holds the table).
UNIT_ATTEMPTS = SYNC_UNIT_TRIES

EXECUTE = {
    "brands": brands_unit,
    "partner_campaigns": partner_campaigns_unit,
    "shared_campaigns": shared_campaigns_unit,
    "numbers": numbers_unit,
}


@dataclass
class SyncSession:
    """What one process needs to work on a run: client (paced by the rate limiter), lease, rate limiter,
    progress recorder, retry policy."""

    run: SyncRun
    client: TenDLCClient
    lease: Lease
    limiter: RateLimiter
    recorder: Recorder
    backoff: float = 1.0
    attempts: int = UNIT_ATTEMPTS
    per_page: int = PER_PAGE
    rate_limit_patience: float = SYNC_RATE_LIMIT_PATIENCE

    @classmethod
    def open(
        cls,
        run: SyncRun,
        *,
        client: TenDLCClient,
        lease: Lease | None = None,
        limiter: RateLimiter | None = None,
        on_progress: ProgressCallback | None = None,
        backoff: float = 1.0,
        per_page: int = PER_PAGE,
        rate_limit_patience: float = SYNC_RATE_LIMIT_PATIENCE,
    ) -> "SyncSession":
        """A session whose client sends every request at the limiter's pace, so a 429 one worker meets holds
        them all; ``backoff``: the first wait before a unit is tried again."""
        lease = lease or sync_lease()
        limiter = limiter or rate_limiter()
        client.pace(limiter)
        return cls(
            run=run,
            client=client,
            lease=lease,
            limiter=limiter,
            recorder=Recorder(run, lease, on_progress=on_progress),
            backoff=backoff,
            per_page=per_page,
            rate_limit_patience=rate_limit_patience,
        )

    def context(self) -> SyncContext:
        return SyncContext(
            client=self.client,
            limiter=self.limiter,
            recorder=self.recorder,
            per_page=self.per_page,
            backoff=self.backoff,
            rate_limit_patience=self.rate_limit_patience,
        )

    def retry_in(self, attempt: int, error: Exception) -> float:
        return retry_countdown(error, attempt - 1, base=self.backoff, cap=SYNC_BACKOFF_CAP)


@dataclass(frozen=True)
class UnitOutcome:
    """``retry_in``: seconds after which the unit is to be tried again; ``last``: it was the run's last unit."""

    last: bool = False
    retry_in: float | None = None


def describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def _planned(session: SyncSession, *, interleave: bool) -> list[Unit] | None:
    """Plan the run with the unit retry policy; None (and the run has ended) when planning failed."""
    context = session.context()
    for attempt in range(1, session.attempts + 1):
        result = UnitResult()
        try:
            with session.recorder.beating():
                units = plan(context, result, interleave=interleave)
        except TRANSIENT_ERRORS as error:
            if attempt < session.attempts:
                time.sleep(session.retry_in(attempt, error))
                continue
            failure: BaseException = error
        except Exception as error:  # noqa: BLE001 - any failure ends the run with its reason recorded
            failure = error
        else:
            run_merge(session.run.pk, result)
            return units
        run_error(session.run.pk, f"planning: {describe(failure)}")
        session.recorder.flush()
        run_finish(session.run.pk, session.lease)
        return None
    return None


def sync_start(
    *, client: TenDLCClient, trigger: str, lease: Lease | None = None, **options: Any
) -> SyncSession:
    """Take the sync lease and open a run; raises SyncAlreadyRunning (with the running run) when another sync
    holds it. ``options`` go to ``SyncSession.open``."""
    lease = lease or sync_lease()
    run = run_start(lease=lease, trigger=trigger)
    return SyncSession.open(run, client=client, lease=lease, **options)


def sync_resume(run_id: int, *, client: TenDLCClient) -> SyncSession:
    """A session on a run begun elsewhere (another task, another machine)."""
    run = SyncRun.objects.get(pk=run_id)
    return SyncSession.open(run, client=client)


def sync_begin(session: SyncSession, *, workers: int) -> list[Unit]:
    """Plan the run for ``workers`` working at once: its units, or none when planning failed and the run has
    ended."""
    units = _planned(session, interleave=workers > 1)
    if units is None:
        return []
    phase_begin(session.run.pk, READING, [unit["key"] for unit in units])
    return units


def sync_unit(session: SyncSession, unit: Unit, *, attempt: int = 1) -> UnitOutcome:
    """Execute one unit and record it in its run. Raises SyncLeaseLost when the run was taken over."""
    run = SyncRun.objects.get(pk=session.run.pk)
    if run.state != SyncRunState.RUNNING:
        return UnitOutcome()
    if unit["key"] in run.units_done:
        # Redelivered after it was recorded: if the run then lost its finish, it is to be sent again.
        return UnitOutcome(last=run.units_pending == 0)
    result = UnitResult()
    try:
        # Set here, in the thread or task that runs the unit: a context variable does not reach other threads.
        with session.recorder.beating(), status_change_cause(cause=ChangeCause.SYNC_RUN, sync_run=run):
            EXECUTE[unit["kind"]](session.context(), unit, result)
    except TRANSIENT_ERRORS as error:
        if attempt < session.attempts:
            retry_in = session.retry_in(attempt, error)
            logger.info(
                "sync #%s %s, try %d of %d: %s; trying again in %.1f s",
                run.pk,
                unit["key"],
                attempt,
                session.attempts,
                describe(error),
                retry_in,
            )
            return UnitOutcome(retry_in=retry_in)
        result = UnitResult(errors=[describe(error)], info={"failed": True})
    except SyncLeaseLost:
        raise
    except Exception as error:
        logger.exception("sync #%s %s failed", run.pk, unit["key"])
        result = UnitResult(errors=[describe(error)], info={"failed": True})
    return UnitOutcome(last=unit_complete(run.pk, unit["key"], result))


def sync_finish(session: SyncSession) -> SyncRun:
    """After the last unit: link late numbers, mark the numbers between ranges gone (only when every number
    unit succeeded), close the run, release the lease, record the day's campaign status counts, and refresh
    the planner's statistics of the tables the run grew or shrank."""
    run = SyncRun.objects.get(pk=session.run.pk)
    if run.state != SyncRunState.RUNNING or run.units_pending:
        # Ended, or a redelivered finish of a run whose units are still under way.
        return run
    numbers = {key: info for key, info in run.units_done.items() if key.startswith("numbers:")}
    if not any(info.get("failed") for info in numbers.values()):
        result = UnitResult()
        result.tally("phone_numbers").deleted += numbers_gaps_mark(numbers)
        run_merge(run.pk, result)
    numbers_link()
    session.recorder.flush()
    finished = run_finish(run.pk, session.lease)
    campaign_status_counts_record()
    mirror_statistics_refresh(finished.counts)
    return finished


def _unit_until_done(session: SyncSession, unit: Unit) -> None:
    attempt = 1
    # The heartbeat goes on through the waits between tries.
    with session.recorder.beating():
        while (outcome := sync_unit(session, unit, attempt=attempt)).retry_in is not None:
            time.sleep(outcome.retry_in)
            attempt += 1


def _in_thread(session: SyncSession, unit: Unit) -> None:
    try:
        _unit_until_done(session, unit)
    finally:
        # Each pool thread has its own connection: close it rather than leave it to the garbage collector.
        connection.close()


def _run_units(session: SyncSession, units: Iterable[Unit], workers: int) -> None:
    if workers <= 1:
        for unit in units:
            _unit_until_done(session, unit)
        return
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sync")
    try:
        futures = [pool.submit(_in_thread, session, unit) for unit in units]
        wait(futures)
        for future in futures:
            future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def sync_all(
    *,
    client: TenDLCClient,
    workers: int = 1,
    trigger: str = "command",
    on_progress: ProgressCallback | None = None,
    lease: Lease | None = None,
    limiter: RateLimiter | None = None,
    backoff: float = 1.0,
    per_page: int = PER_PAGE,
    rate_limit_patience: float = SYNC_RATE_LIMIT_PATIENCE,
) -> SyncRun:
    """A whole run in this process, its units on ``workers`` threads, each failed unit tried again with
    backoff (``backoff`` seconds first, doubling) until it succeeds or its tries are spent. Raises
    SyncAlreadyRunning when another sync holds the lease; answers the finished run. The client is paced by
    the run's limiter while the run lasts."""
    session = sync_start(
        client=client,
        trigger=trigger,
        lease=lease,
        limiter=limiter,
        on_progress=on_progress,
        backoff=backoff,
        per_page=per_page,
        rate_limit_patience=rate_limit_patience,
    )
    run = session.run
    try:
        units = sync_begin(session, workers=workers)
        if units:
            _run_units(session, units, workers)
            sync_finish(session)
    except SyncLeaseLost:
        logger.warning("sync #%s lost its lease and stopped", run.pk)
    except BaseException as error:
        # Interrupted (Ctrl-C, a stopped thread, a bug): end the run now rather than leave it to go stale.
        run_error(run.pk, f"interrupted: {describe(error)}")
        run_finish(run.pk, session.lease)
        raise
    finally:
        client.pace(None)
    run.refresh_from_db()
    return run
