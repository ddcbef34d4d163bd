"""Starting a full sync over the API: its run opened and queued on a real Celery app (kombu's in-memory
transport), 202 with the task id and the run; 409 with the running run while a live sync runs, whatever the
queue's state; a crashed run (silent past the threshold) closed and a new sync started; 503 only when the
queue is down; audited each time."""

import pytest

from tendlc.models import AuditEntry, SyncRun
from tendlc.models.sync import SyncRunState
from tests.celery_apps import portal_broker_on

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

SYNC_RUNS = "/api/v1/sync-runs/"


def queued_messages(broker) -> list:
    with broker.connection_for_read() as connection:
        queue = connection.SimpleQueue("celery")
        return [queue.get(timeout=1) for _ in range(queue.qsize())]


def test_a_sync_is_queued_with_its_run_and_task_id_answered(staff_api, broker, sync_holder):
    response = staff_api.post(SYNC_RUNS)

    [queued] = queued_messages(broker)
    run = SyncRun.objects.get()
    assert response.status_code == 202
    assert response.json() == {
        "task_id": queued.headers["id"],
        "run": {"id": run.pk, "url": f"http://testserver/api/v1/sync-runs/{run.pk}/"},
    }
    assert queued.headers["task"] == "tendlc.sync_all"
    assert queued.headers["kwargsrepr"] == f"{{'trigger': 'api', 'run_id': {run.pk}}}"
    assert (run.state, run.phase, run.trigger) == (SyncRunState.RUNNING, "planning", "api")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.username, entry.request_summary["task_id"]) == (
        "sync.request",
        "succeeded",
        "staff",
        queued.headers["id"],
    )
    assert entry.target_id == str(run.pk)


def test_a_sync_is_refused_with_409_and_the_running_run_while_one_runs(staff_api, broker, sync_holder):
    running = sync_holder(silent_for=30)

    response = staff_api.post(SYNC_RUNS)

    assert response.status_code == 409
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "sync_running",
                "message": f"Sync #{running.pk} is already running (started "
                f"{running.started_at:%Y-%m-%d %H:%M:%S} UTC): wait for it to finish.",
            }
        ],
        "status": 409,
        "run": {"id": running.pk, "url": f"http://testserver/api/v1/sync-runs/{running.pk}/"},
    }
    assert queued_messages(broker) == []
    assert list(SyncRun.objects.values_list("pk", "state")) == [(running.pk, SyncRunState.RUNNING)]
    assert AuditEntry.objects.get().outcome == "failed"


def test_a_running_sync_is_409_even_when_the_queue_is_down(staff_api, monkeypatch, sync_holder):
    running = sync_holder()
    portal_broker_on("redis://127.0.0.1:1/0", monkeypatch)

    response = staff_api.post(SYNC_RUNS)

    assert response.status_code == 409
    assert response.json()["errors"][0]["code"] == "sync_running"
    assert response.json()["run"]["id"] == running.pk


def test_a_crashed_sync_is_closed_and_a_new_one_started(staff_api, broker, sync_holder, settings):
    settings.TENDLC_SYNC_STALE_AFTER = 60
    crashed = sync_holder(silent_for=61)

    response = staff_api.post(SYNC_RUNS)

    assert response.status_code == 202
    crashed.refresh_from_db()
    assert crashed.state == SyncRunState.FAILED
    assert crashed.errors == [f"abandoned: no heartbeat since {crashed.heartbeat_at.isoformat()}"]
    started = SyncRun.objects.get(state=SyncRunState.RUNNING)
    assert response.json()["run"]["id"] == started.pk != crashed.pk
    [queued] = queued_messages(broker)
    assert queued.headers["kwargsrepr"] == f"{{'trigger': 'api', 'run_id': {started.pk}}}"


def test_a_queue_that_is_down_is_503_and_nothing_is_left_running(staff_api, monkeypatch, sync_holder):
    portal_broker_on("redis://127.0.0.1:1/0", monkeypatch)

    response = staff_api.post(SYNC_RUNS)

    assert response.status_code == 503
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == (None, "queue_unavailable")
    assert error["message"].startswith("The task queue cannot be reached (")
    assert error["message"].endswith(
        "); the sync was not started. The scheduled sync runs once the queue is back."
    )
    assert not SyncRun.objects.exists()
    assert AuditEntry.objects.get().outcome == "failed"
    # The lease went with the run: the next request is not refused.
    broker = portal_broker_on("memory://", monkeypatch)
    assert staff_api.post(SYNC_RUNS).status_code == 202
    assert len(queued_messages(broker)) == 1
