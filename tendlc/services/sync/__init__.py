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
3. Finishing links any number still waiting for its campaign (one UPDATE), marks the numbers
   between the ranges' ends gone, closes the run and releases the lease, then refreshes the database's
   planner statistics of the mirror tables the run grew or shrank (``_statistics``).

One campaign's numbers are also read on their own, outside a run, and written as a run writes them
(``campaign_numbers_read``): after a deactivation, whose effect on the numbers only the API can tell.

Two drivers run the same steps:

* ``sync_all(client=..., workers=N)``, for ``manage.py sync_10dlc``: units on a pool of N threads.
* ``tendlc.tasks.sync``: ``sync_all`` plans and sends each unit as a ``sync_unit`` task; the unit that ends
  the reading sends ``sync_finish``.

Every request (every try of the client's, too) waits its turn at one rate limiter shared by all workers, and
the run holds the sync lease from start to finish. The sync rides out a flaky API at three levels (the table
is ``tendlc.client.retries``'s):

* the client tries a read again on any 5xx and on no answer (a write keeps its stricter rules);
* a read that still failed with a server error or no answer is tried again on its own, with backoff
  (``SYNC_READ_TRIES``), then its unit (or the planning) fails a try and is tried again from the start, with
  backoff, ``UNIT_ATTEMPTS`` tries in all; a unit still failing is recorded as an error of the run, which then
  ends failed, and the next run reads it again;
* a 429 (and an answer saying the rate window is spent) holds the shared limiter for every worker, for its
  Retry-After or until ``x-ratelimit-reset``; the refused read waits its turn and is sent again, costing no
  try of its unit.

A retried unit starts over and is counted as its last attempt saw the data: the first attempt's pages are
written, so the retry counts them unchanged. A number whose campaign is not stored yet is linked as soon as a
unit (of this run, a retried one, or a later run) writes it.

A run writes a heartbeat while any of its work is under way; one silent for ``TENDLC_SYNC_STALE_AFTER``
seconds (its worker was killed) is closed as abandoned by whatever starts the next sync, which then starts at
once.
"""

from tendlc.services.sync._campaign_numbers import CampaignNumbers, campaign_numbers_read
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
from tendlc.services.sync._request import API, SyncQueued, SyncQueueUnavailable, SyncRunning, sync_request
from tendlc.services.sync._resources import Unit, mirror_rows_load
from tendlc.services.sync._runs import PLANNING, SyncAlreadyRunning, SyncLeaseLost, counts_table

__all__ = [
    "API",
    "PLANNING",
    "UNIT_ATTEMPTS",
    "CampaignNumbers",
    "SyncAlreadyRunning",
    "SyncLeaseLost",
    "SyncQueueUnavailable",
    "SyncQueued",
    "SyncRunning",
    "SyncSession",
    "Unit",
    "UnitOutcome",
    "campaign_numbers_read",
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
