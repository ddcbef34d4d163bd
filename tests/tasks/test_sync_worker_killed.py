"""A Celery worker killed (SIGKILL) in the middle of a sync: "Sync now" starts a new sync as soon as the dead
run has been silent past the threshold, well within the lease's TTL, and a new worker completes it.

Real processes on Redis: the worker runs as ``celery worker`` in a process group of its own, on this test's
database and a queue of its own, against the live sandbox slowed by latency so the kill lands mid-way; the
whole group is killed as a container's processes are. The dead worker's units stay unacknowledged in Redis;
the test hands them back at once (what the broker does after its visibility timeout), and the new worker
finds their run closed and does nothing with them.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from django.db import connection

from portal.celery import app as portal_app
from tendlc.models import SyncRun, SyncRunState
from tendlc.services.sync import SyncRunning, sync_request
from tests.celery_apps import portal_broker_on
from tests.fixtures.sync import assert_mirrors, row_counts
from tests.waiting import wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parent.parent.parent
LOCK_TTL = 30
STALE_AFTER = 1.5
HEARTBEAT = 0.2
FULL = {"brands": 4, "campaigns": 4, "partner_campaigns": 1, "shared_campaigns": 0, "phone_numbers": 1200}


def database_url() -> str:
    """This test's database (pytest-django's, not the portal's) as the worker reads it."""
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    return f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}/{database['NAME']}"


class Workers:
    """Starts ``celery worker`` processes on the test's queue; each in its own process group, killed after."""

    def __init__(self, env: dict[str, str], queue: str, logs: Path) -> None:
        self.env, self.queue, self.logs = env, queue, logs
        self.started: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        log = (self.logs / f"worker-{len(self.started)}.log").open("wb")
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", self.queue, "-c", "2"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        self.started.append(process)
        return process

    def kill(self, process: subprocess.Popen[bytes]) -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace")[-3000:] for path in sorted(self.logs.glob("*.log")))


@pytest.fixture
def sync_workers(redis_url, sync_world, settings, monkeypatch, tmp_path) -> Iterator[Workers]:
    """Workers on Redis and this test's database; this process publishes to the same queue and takes the
    same lease (the broker's Redis), as the web process does."""
    queue = f"test-sync-killed-{uuid.uuid4().hex}"
    settings.CELERY_BROKER_URL = redis_url
    settings.TENDLC_SYNC_LOCK_TTL = LOCK_TTL
    settings.TENDLC_SYNC_STALE_AFTER = STALE_AFTER
    settings.TENDLC_SYNC_HEARTBEAT = HEARTBEAT
    portal_broker_on(redis_url, monkeypatch)
    monkeypatch.setitem(portal_app.conf, "task_default_queue", queue)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": redis_url,
        "CELERY_RESULT_BACKEND": "django-db",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "TELNYX_API_BASE_URL": sync_world.live.base_url,
        "TELNYX_API_KEY": "test",
        "TENDLC_API_RATE_LIMIT": "0",
        "TENDLC_SYNC_LOCK_TTL": str(LOCK_TTL),
        "TENDLC_SYNC_STALE_AFTER": str(STALE_AFTER),
        "TENDLC_SYNC_HEARTBEAT": str(HEARTBEAT),
    }
    workers = Workers(env, queue, tmp_path)
    try:
        yield workers
    finally:
        for process in workers.started:
            workers.kill(process)
        store = redis.Redis.from_url(redis_url)
        store.delete(
            queue,
            f"_kombu.binding.{queue}",
            f"_kombu.binding_permanent.{queue}",
            "tendlc-sync",
            "unacked",
            "unacked_index",
        )


def unacked(redis_url: str) -> int:
    return int(redis.Redis.from_url(redis_url).hlen("unacked"))


def test_a_killed_worker_blocks_sync_now_only_until_its_run_is_found_silent(
    sync_world, sync_workers, redis_url
):
    sync_world.control.seed(brands=4, campaignsPerBrand=1, numbersPerCampaign=300, partnerCampaigns=1)
    sync_world.control.fault(latencyMs=400, probability=1)
    first = sync_workers.start()
    killed = sync_request(user=None).run

    wait_for(
        lambda: SyncRun.objects.filter(pk=killed.pk, phase="reading", pages_done__gte=3).exists(),
        f"sync #{killed.pk} reading mid-way\n{sync_workers.log()}",
        timeout=60,
    )
    sync_workers.kill(first)
    killed_at = time.monotonic()

    assert unacked(redis_url) > 0
    with pytest.raises(SyncRunning) as refused:
        sync_request(user=None)
    assert refused.value.run == killed
    started = None
    while started is None and time.monotonic() - killed_at < LOCK_TTL:
        try:
            started = sync_request(user=None).run
        except SyncRunning:
            time.sleep(0.1)
    waited = time.monotonic() - killed_at

    assert started is not None, f"no new sync within the lease's {LOCK_TTL} s TTL"
    print(f"a new sync started {waited:.1f} s after the kill (threshold {STALE_AFTER} s, TTL {LOCK_TTL} s)")
    assert waited < STALE_AFTER + 5
    killed.refresh_from_db()
    assert killed.state == SyncRunState.FAILED
    assert killed.errors == [f"abandoned: no heartbeat since {killed.heartbeat_at.isoformat()}"]
    assert killed.units_pending > 0

    # What Redis does once the visibility timeout has passed: the dead worker's units are queued again.
    with portal_app.connection_for_write() as broker:
        qos = broker.default_channel.qos
        for tag in redis.Redis.from_url(redis_url).hkeys("unacked"):
            qos.restore_by_tag(tag)
    sync_world.control.clear_faults()
    sync_workers.start()
    wait_for(
        lambda: SyncRun.objects.filter(pk=started.pk).exclude(state=SyncRunState.RUNNING).exists(),
        f"sync #{started.pk} finished\n{sync_workers.log()}",
        timeout=60,
    )
    wait_for(lambda: unacked(redis_url) == 0, f"the dead run's units consumed\n{sync_workers.log()}")

    started.refresh_from_db()
    assert started.state == SyncRunState.SUCCEEDED, started.errors
    assert sum(started.counts["phone_numbers"][kind] for kind in ("created", "updated", "unchanged")) == 1200
    killed.refresh_from_db()
    assert killed.state == SyncRunState.FAILED
    assert SyncRun.objects.count() == 2
    assert_mirrors(sync_world.client)
    assert row_counts() == FULL
