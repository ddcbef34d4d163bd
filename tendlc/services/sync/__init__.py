"""Full sync of the 10DLC account into the mirror tables, in process or fanned out through Celery.

This ``__init__`` is the package's front door: it exports what the tasks, the admin, the REST API, the
management command and the benchmark call; the modules behind it (run steps, units, pages, rate, lease, run
records) are private.

A run is planned, read, then finished:

1. Planning reads the brand list (marking brands gone) and the count of number assignments, and cuts the work
   into independent units (``_resources``): a few brands each (their reads and campaign lists), the partner
   campaigns, the shared campaigns, and ranges of number pages.
2. The units run in any order and at once: round trips for campaign lists overlap the CPU-bound writing of
   number pages. A number page links its numbers to the campaigns already stored (one lookup per page).
3. Finishing links the numbers whose campaign arrived later in the same run (one UPDATE), marks the numbers
   between the ranges' ends gone, closes the run and releases the lease.

Two drivers run the same steps:

* ``sync_all(client=..., workers=N)``, for ``manage.py sync_10dlc``: units on a pool of N threads.
* ``tendlc.tasks.sync``: ``sync_all`` plans and sends each unit as a ``sync_unit`` task; the unit that ends
  the reading sends ``sync_finish``.

Every request waits its turn at one rate limiter shared by all workers, the run holds the sync lease from
start to finish, and a unit (or the planning) that fails with a rate limit, a server error or a connection
error is tried again with backoff (``UNIT_ATTEMPTS`` in all); a unit still failing is recorded as an error of
the run, which then ends failed. A run writes a heartbeat while any of its work is under way; one silent for
``TENDLC_SYNC_STALE_AFTER`` seconds (its worker was killed) is closed as abandoned by whatever starts the next
sync, which then starts at once. A retried unit starts over and is counted as its last attempt saw the data:
the first attempt's pages are written, so the retry counts them unchanged.
"""

from tendlc.services.sync._driver import (
    UNIT_ATTEMPTS,
    SyncSession,
    UnitOutcome,
    sync_all,
    sync_begin,
    sync_finish,
    sync_resume,
    sync_start,
    sync_unit,
)
from tendlc.services.sync._lock import sync_lease
from tendlc.services.sync._rate import rate_limiter
from tendlc.services.sync._request import SyncQueued, SyncQueueUnavailable, SyncRunning, sync_request
from tendlc.services.sync._resources import Unit, mirror_rows_load
from tendlc.services.sync._runs import PLANNING, SyncAlreadyRunning, SyncLeaseLost, counts_table

__all__ = [
    "PLANNING",
    "UNIT_ATTEMPTS",
    "SyncAlreadyRunning",
    "SyncLeaseLost",
    "SyncQueueUnavailable",
    "SyncQueued",
    "SyncRunning",
    "SyncSession",
    "Unit",
    "UnitOutcome",
    "counts_table",
    "mirror_rows_load",
    "rate_limiter",
    "sync_all",
    "sync_begin",
    "sync_finish",
    "sync_lease",
    "sync_request",
    "sync_resume",
    "sync_start",
    "sync_unit",
]
