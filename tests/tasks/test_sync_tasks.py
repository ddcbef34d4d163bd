"""The full sync fanned out through Celery: a worker on the configured broker (Redis in CI) runs the run's
tasks, and the mirror ends equal to the API."""

import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker

from portal.celery import app
from tendlc.models import SyncRun, SyncRunState
from tendlc.services import sync
from tendlc.services.sync import sync_lease
from tendlc.tasks.sync import sync_all
from tests.fixtures.sync import (
    assert_mirrors,
    fault_mix_apply,
    mirror_snapshot,
    mirror_tables_empty,
    row_counts,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def sync_worker_queue():
    """A worker in this process consuming a queue of this module's own. The filesystem broker is polled every
    tenth of a second rather than every second: a run is a chain of tasks."""
    options = dict(app.conf.broker_transport_options or {})
    app.conf.broker_transport_options = {**options, "polling_interval": 0.1}
    queue = f"test-sync-{uuid.uuid4().hex}"
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            yield queue
    finally:
        app.conf.broker_transport_options = options
        if app.conf.broker_url.startswith("redis://"):
            redis.Redis.from_url(app.conf.broker_url).delete(
                f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )


def finished(run_id: int, timeout: float = 60) -> SyncRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = SyncRun.objects.get(pk=run_id)
        if run.state != SyncRunState.RUNNING:
            return run
        time.sleep(0.1)
    raise AssertionError(
        f"sync #{run_id} still running after {timeout} s: {run.phase}, {run.units_pending} pending"
    )


def test_a_scheduled_sync_fans_out_through_the_broker_and_mirrors_the_account(sync_world, sync_worker_queue):
    sync_world.control.seed(brands=12, campaignsPerBrand=1, numbersPerCampaign=250, partnerCampaigns=1)

    run = finished(sync_all.apply_async(("test",), queue=sync_worker_queue).get(timeout=60))

    assert run.state == SyncRunState.SUCCEEDED, run.errors
    assert run.trigger == "test"
    # Each unit was a task: twelve brands in batches of ten; 3,000 numbers are six pages of 500, in ranges of
    # two pages (the last open-ended).
    assert sorted(run.units_done) == [
        "brands:0",
        "brands:10",
        "numbers:1",
        "numbers:3",
        "numbers:5",
        "partner_campaigns",
        "shared_campaigns",
    ]
    assert run.counts["phone_numbers"]["created"] == 3000
    assert run.counts["brands"]["created"] == 12
    # Every task wrote what it counted: the plan's total and each unit's pages reach the run's progress.
    assert run.pages_done == run.pages_known > 0
    assert_mirrors(sync_world.client)
    assert row_counts() == {
        "brands": 12,
        "campaigns": 12,
        "partner_campaigns": 1,
        "shared_campaigns": 0,
        "phone_numbers": 3000,
    }


def test_a_sync_requested_while_one_runs_is_not_started(sync_world, sync_worker_queue):
    lease = sync_lease()
    assert lease.acquire("another-worker") is True
    try:
        assert sync_all.apply_async(("test",), queue=sync_worker_queue).get(timeout=60) is None
    finally:
        lease.release("another-worker")
    assert SyncRun.objects.count() == 0


def test_a_requested_run_closed_before_a_worker_took_it_up_is_not_planned(sync_world, sync_holder, settings):
    settings.TENDLC_SYNC_STALE_AFTER = 60
    sync_world.control.seed(brands=1, campaignsPerBrand=1, numbersPerCampaign=1)
    waited = sync_holder(trigger="admin", silent_for=61)
    # Another start found it silent while it waited in the queue, closed it and began its own run.
    newer = sync.sync_start(client=sync_world.client, trigger="schedule").run

    assert sync_all.apply(kwargs={"trigger": "admin", "run_id": waited.pk}).get() is None

    waited.refresh_from_db()
    assert (waited.state, waited.phase, waited.pages_done) == (SyncRunState.FAILED, "finished", 0)
    newer.refresh_from_db()
    assert (newer.state, newer.phase, newer.pages_done) == (SyncRunState.RUNNING, "planning", 0)
    assert row_counts()["brands"] == 0


def test_a_sync_under_the_fault_mix_through_the_broker_ends_as_a_clean_sync(sync_world, sync_worker_queue):
    """Issue 20's mix on a small account: the tasks' own retries (``self.retry``) and the client's ride it out.
    The tasks use the production client and backoff, so the account is kept to a dozen requests."""
    sync_world.control.seed(brands=3, campaignsPerBrand=2, numbersPerCampaign=4, partnerCampaigns=1)
    assert sync.sync_all(client=sync_world.client).state == SyncRunState.SUCCEEDED
    clean = mirror_snapshot()
    mirror_tables_empty()
    fault_mix_apply(sync_world.control, seed=11)

    run = finished(sync_all.apply_async(("test",), queue=sync_worker_queue).get(timeout=60), timeout=120)

    fired = [rule["fired"] for rule in sync_world.control.get("/faults")["faults"]]
    assert (run.state, run.errors) == (SyncRunState.SUCCEEDED, []), fired
    assert sum(fired) > 0
    assert mirror_snapshot() == clean
