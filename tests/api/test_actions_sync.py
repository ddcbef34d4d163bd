"""Starting a full sync over the API: queued on a real Celery app (kombu's in-memory transport), 202 with the
task id; 409 while a sync runs; 503 when the queue is down; audited each time."""

import pytest

from tendlc.models import AuditEntry, SyncRun
from tendlc.models.sync import SyncRunState
from tests.celery_apps import portal_broker_on

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

SYNC_RUNS = "/api/v1/sync-runs/"


def test_a_sync_is_queued_and_its_task_id_answered(staff_api, broker):
    response = staff_api.post(SYNC_RUNS)

    with broker.connection_for_read() as connection:
        queued = connection.SimpleQueue("celery").get(timeout=1)
    assert response.status_code == 202
    assert response.json() == {"task_id": queued.headers["id"]}
    assert queued.headers["task"] == "tendlc.sync_all"
    assert queued.headers["kwargsrepr"] == "{'trigger': 'admin'}"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.username, entry.request_summary["task_id"]) == (
        "sync.request",
        "succeeded",
        "staff",
        queued.headers["id"],
    )


def test_a_sync_is_refused_with_409_while_one_runs(staff_api, broker):
    running = SyncRun.objects.create(trigger="schedule", state=SyncRunState.RUNNING)

    response = staff_api.post(SYNC_RUNS)

    assert response.status_code == 409
    [error] = response.json()["errors"]
    assert (error["field"], error["code"]) == (None, "sync_running")
    assert error["message"] == (
        f"Sync #{running.pk} is already running (started {running.started_at:%Y-%m-%d %H:%M:%S} UTC): "
        "wait for it to finish."
    )
    assert response.json()["status"] == 409
    with broker.connection_for_read() as connection:
        assert connection.SimpleQueue("celery").qsize() == 0
    assert AuditEntry.objects.get().outcome == "failed"


def test_a_queue_that_is_down_is_503(staff_api, monkeypatch):
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
