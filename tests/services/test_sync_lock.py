"""One sync at a time: the lease in the database and in Redis, two syncs (or two "Sync now") started together,
a crashed holder found by its silence and closed, a slow but living one kept."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tendlc.models import SyncRun, SyncRunState
from tendlc.services.sync import SyncAlreadyRunning, SyncQueued, SyncRunning, sync_all, sync_request
from tendlc.services.sync._lock import DatabaseLease, RedisLease
from tendlc.services.sync._runs import Recorder, SyncLeaseLost, run_start
from tendlc.tasks.sync import sync_all as sync_all_task
from tests.fixtures.sync import assert_mirrors, row_counts

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["database", "redis"])
def make_lease(request):
    """Leases of either kind on one name of this test's own."""
    name = f"test-sync-{uuid.uuid4().hex}"
    if request.param == "database":
        yield lambda ttl: DatabaseLease(ttl=ttl, name=name)
        return
    url = request.getfixturevalue("redis_url")
    yield lambda ttl: RedisLease(url=url, ttl=ttl, name=name)
    RedisLease(url=url, ttl=1, name=name).redis.delete(name)


def test_a_lease_has_one_holder_until_released(make_lease):
    first, second = make_lease(60), make_lease(60)

    assert first.acquire("a") is True
    assert second.acquire("b") is False
    assert second.renew("b") is False
    assert first.renew("a") is True
    second.release("b")
    assert second.acquire("b") is False
    first.release("a")
    assert second.acquire("b") is True
    assert first.renew("a") is False


def test_a_lease_nobody_renews_lapses(make_lease):
    holder, other = make_lease(0.2), make_lease(0.2)
    assert holder.acquire("dead") is True
    assert other.acquire("next") is False

    time.sleep(0.3)

    assert other.acquire("next") is True
    assert holder.renew("dead") is False


def test_two_syncs_started_together_run_once(sync_world, make_lease):
    sync_world.control.seed(brands=3, campaignsPerBrand=1, numbersPerCampaign=2)
    # Slow answers keep the first sync running while the second asks.
    sync_world.control.fault(latencyMs=50, probability=1)
    start = threading.Barrier(2)
    outcomes = []

    def attempt():
        start.wait()
        try:
            outcomes.append(sync_all(client=sync_world.client, lease=make_lease(60), trigger="test"))
        except SyncAlreadyRunning as refusal:
            outcomes.append(refusal)

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    runs = [outcome for outcome in outcomes if isinstance(outcome, SyncRun)]
    refusals = [outcome for outcome in outcomes if isinstance(outcome, SyncAlreadyRunning)]
    assert len(runs) == 1
    assert len(refusals) == 1
    assert refusals[0].run.pk == runs[0].pk
    assert str(refusals[0]).startswith(f"sync #{runs[0].pk}, started ")
    assert runs[0].state == SyncRunState.SUCCEEDED
    assert SyncRun.objects.count() == 1
    sync_world.control.clear_faults()
    assert_mirrors(sync_world.client)
    assert row_counts()["phone_numbers"] == 6


def test_a_crashed_sync_is_closed_and_the_next_starts_at_once(sync_world, make_lease, settings):
    settings.TENDLC_SYNC_STALE_AFTER = 60
    sync_world.control.seed(brands=1, campaignsPerBrand=1, numbersPerCampaign=1)
    # What a killed worker leaves: its lease taken and not yet lapsed, its run "running" and silent.
    make_lease(300).acquire("killed")
    silent = timezone.now() - timedelta(seconds=61)
    dead = SyncRun.objects.create(trigger="test", phase="reading", lock_token="killed", heartbeat_at=silent)

    run = sync_all(client=sync_world.client, lease=make_lease(300))

    assert run.state == SyncRunState.SUCCEEDED
    dead.refresh_from_db()
    assert dead.state == SyncRunState.FAILED
    assert dead.errors == [f"abandoned: no heartbeat since {silent.isoformat()}"]
    assert dead.finished_at is not None
    assert make_lease(300).renew("killed") is False
    assert_mirrors(sync_world.client)


def test_a_sync_silent_for_less_than_the_threshold_is_not_closed(make_lease, settings):
    settings.TENDLC_SYNC_STALE_AFTER = 60
    make_lease(300).acquire("quiet")
    quiet = SyncRun.objects.create(
        trigger="test", lock_token="quiet", heartbeat_at=timezone.now() - timedelta(seconds=50)
    )

    with pytest.raises(SyncAlreadyRunning) as refusal:
        run_start(lease=make_lease(300), trigger="test")

    assert refusal.value.run == quiet
    quiet.refresh_from_db()
    assert (quiet.state, quiet.errors) == (SyncRunState.RUNNING, [])
    assert make_lease(300).renew("quiet") is True


def test_a_crashed_holder_without_a_run_blocks_until_its_lease_lapses(make_lease):
    # Killed between taking the lease and recording its run: nothing to judge by but the lease.
    make_lease(0.3).acquire("killed")

    with pytest.raises(SyncAlreadyRunning) as refusal:
        run_start(lease=make_lease(0.3), trigger="test")
    assert refusal.value.run is None

    time.sleep(0.4)
    assert run_start(lease=make_lease(60), trigger="test").state == SyncRunState.RUNNING


def test_a_slow_unit_keeps_its_run_alive(sync_world, make_lease, settings):
    """A page slower than the threshold: without a heartbeat during the unit the run would be closed."""
    settings.TENDLC_SYNC_STALE_AFTER = 1.0
    settings.TENDLC_SYNC_HEARTBEAT = 0.1
    sync_world.control.seed(brands=1, campaignsPerBrand=1, numbersPerCampaign=3)
    sync_world.control.fault(latencyMs=2500, count=1, pathPattern="phone_number_campaigns")
    planned = threading.Event()
    outcome = []

    def sync() -> None:
        try:
            outcome.append(sync_all(client=sync_world.client, lease=make_lease(60), on_progress=on_progress))
        finally:
            connection.close()

    def on_progress(done: int, known: int) -> None:
        planned.set()

    worker = threading.Thread(target=sync)
    worker.start()
    assert planned.wait(10)
    refusals, started = [], []
    while worker.is_alive() and not started:
        try:
            started.append(run_start(lease=make_lease(60), trigger="test"))
        except SyncAlreadyRunning as refusal:
            refusals.append(refusal.run)
        time.sleep(0.1)
    worker.join()

    [run] = outcome
    assert run.state == SyncRunState.SUCCEEDED, run.errors
    assert len(refusals) >= 10
    assert {refused.pk for refused in refusals} == {run.pk}
    # Only once the run had ended (its thread still closing) may another start.
    assert [second for second in started if second.started_at < run.finished_at] == []
    assert_mirrors(sync_world.client)


def test_a_heartbeat_goes_on_while_work_waits_and_stops_after(make_lease):
    lease = make_lease(60)
    run = run_start(lease=lease, trigger="test")
    recorder = Recorder(run, lease, heartbeat_every=0.05)

    with recorder.beating():
        time.sleep(0.3)
        beat = SyncRun.objects.get(pk=run.pk).heartbeat_at
        assert beat > run.heartbeat_at
    time.sleep(0.2)

    assert SyncRun.objects.get(pk=run.pk).heartbeat_at - beat < timedelta(seconds=0.1)
    assert not [thread for thread in threading.enumerate() if thread.name == f"sync-{run.pk}-heartbeat"]


def test_a_heartbeat_that_finds_the_run_closed_stops_the_work(make_lease):
    lease = make_lease(60)
    run = run_start(lease=lease, trigger="test")
    recorder = Recorder(run, lease, heartbeat_every=0.05)

    pages = []

    def work() -> None:
        with recorder.beating():
            SyncRun.objects.filter(pk=run.pk).update(state=SyncRunState.FAILED)
            time.sleep(0.2)
            # The work stops at its next page.
            recorder.page_done()
            pages.append("written")

    with pytest.raises(SyncLeaseLost, match=rf"^sync #{run.pk} is no longer running under its lease$"):
        work()
    assert pages == []


def test_two_sync_requests_at_once_give_one_run_and_one_refusal(broker, sync_holder):
    start = threading.Barrier(2)
    outcomes = []

    def request() -> None:
        start.wait()
        try:
            outcomes.append(sync_request(user=None))
        except SyncRunning as refusal:
            outcomes.append(refusal)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    [queued] = [outcome for outcome in outcomes if isinstance(outcome, SyncQueued)]
    [refusal] = [outcome for outcome in outcomes if isinstance(outcome, SyncRunning)]
    assert refusal.run == queued.run
    assert list(SyncRun.objects.values_list("pk", "state")) == [(queued.run.pk, SyncRunState.RUNNING)]
    # The in-memory transport is the process's: a task another test's background publisher sent late may sit
    # beside ours, so the sync's own messages are picked out by their task's name.
    with broker.connection_for_read() as reading:
        queue = reading.SimpleQueue("celery")
        published = [queue.get(timeout=1).headers for _ in range(queue.qsize())]
    assert [headers["id"] for headers in published if headers["task"] == sync_all_task.name] == [
        queued.task_id
    ]


def test_a_run_that_lost_its_lease_stops_writing(sync_world, make_lease):
    sync_world.control.seed(brands=2, campaignsPerBrand=1, numbersPerCampaign=2)
    lease = make_lease(60)
    taken = threading.Event()

    def take_over(done, known):
        # After the brand list: another sync found this one dead (its lease lapsed) and took over.
        if done == 2 and not taken.is_set():
            taken.set()
            run = SyncRun.objects.get(state=SyncRunState.RUNNING)
            lease.release(run.lock_token)
            assert lease.acquire("usurper") is True
            SyncRun.objects.filter(pk=run.pk).update(state=SyncRunState.FAILED)

    run = sync_all(client=sync_world.client, lease=lease, on_progress=take_over)

    assert taken.is_set()
    assert run.state == SyncRunState.FAILED
    assert row_counts()["phone_numbers"] == 0
    assert lease.renew("usurper") is True


def test_a_heartbeat_without_the_lease_stops_the_unit(make_lease):
    lease = make_lease(60)
    run = run_start(lease=lease, trigger="test")
    recorder = Recorder(run, lease)
    recorder.page_done()
    recorder.flush()
    assert SyncRun.objects.get(pk=run.pk).pages_done == 1

    lease.release(run.lock_token)
    assert lease.acquire("usurper") is True
    recorder.page_done()

    with pytest.raises(SyncLeaseLost, match=rf"^sync #{run.pk} is no longer running under its lease$"):
        recorder.flush()


def test_the_pages_a_piece_of_work_counted_are_written_when_it_ends(make_lease):
    """A Celery task's recorder ends with its task: what it counted since its last write must not go with it."""
    lease = make_lease(60)
    run = run_start(lease=lease, trigger="test")
    recorder = Recorder(run, lease, flush_every=3600, heartbeat_every=3600)

    with recorder.beating():
        recorder.pages_found(5)
        recorder.page_done()
        assert SyncRun.objects.filter(pk=run.pk).values_list("pages_done", "pages_known").get() == (0, 0)

    assert SyncRun.objects.filter(pk=run.pk).values_list("pages_done", "pages_known").get() == (1, 5)
