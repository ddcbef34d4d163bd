"""One sync at a time: the lease in the database and in Redis, two syncs started together, a crashed holder."""

import threading
import time
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tendlc.models import SyncRun, SyncRunState
from tendlc.services.sync import SyncAlreadyRunning, sync_all
from tendlc.services.sync._lock import DatabaseLease, RedisLease
from tendlc.services.sync._runs import Recorder, SyncLeaseLost, run_start
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


def test_a_crashed_sync_blocks_the_next_only_until_its_lease_lapses(sync_world, make_lease):
    sync_world.control.seed(brands=1, campaignsPerBrand=1, numbersPerCampaign=1)
    # What a killed process leaves: its lease taken and never renewed, its run "running" with an old heartbeat.
    make_lease(0.3).acquire("killed")
    stale = timezone.now() - timedelta(minutes=10)
    dead = SyncRun.objects.create(trigger="test", phase="campaigns", lock_token="killed", heartbeat_at=stale)

    with pytest.raises(SyncAlreadyRunning) as refusal:
        sync_all(client=sync_world.client, lease=make_lease(60))
    assert refusal.value.run == dead

    time.sleep(0.4)
    run = sync_all(client=sync_world.client, lease=make_lease(60))

    assert run.state == SyncRunState.SUCCEEDED
    dead.refresh_from_db()
    assert dead.state == SyncRunState.FAILED
    assert dead.errors == [f"abandoned: no heartbeat since {stale.isoformat()}"]
    assert dead.finished_at is not None
    assert_mirrors(sync_world.client)


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
