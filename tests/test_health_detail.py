"""``/healthz/detail``: what the portal depends on, each failure in plain words with what to do."""

import uuid
from datetime import timedelta

import pytest
from celery import Celery, _state
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from portal import health
from tendlc.models import PruneRun, SyncRun, SyncRunState, WebhookEvent, WebhookEventState
from tendlc.webhooks.buffer import STREAM, WebhookBuffer
from tests.waiting import wait_for

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@pytest.fixture(autouse=True)
def now_is_this_tests_start():
    """Each test's NOW is taken when it starts: the views read the real clock, and a time taken when the module
    was collected is many minutes old by the time the whole suite reaches these tests (beat then looked late)."""
    global NOW
    NOW = timezone.now()


def _ticked(ago: timedelta) -> None:
    """Beat's most recent run of any enabled schedule was ``ago``."""
    enabled = PeriodicTask.objects.filter(enabled=True)
    enabled.update(last_run_at=None)
    enabled.filter(pk=enabled.first().pk).update(last_run_at=NOW - ago)


def _event(received_ago: timedelta, state: str = WebhookEventState.RECEIVED) -> WebhookEvent:
    event = WebhookEvent.objects.create(body_hash=uuid.uuid4().hex * 2, body="{}", state=state)
    WebhookEvent.objects.filter(pk=event.pk).update(received_at=NOW - received_ago)
    return event


# --- who may read it ----------------------------------------------------------------------------------------


def test_detail_sends_an_anonymous_visitor_to_sign_in(client):
    response = client.get("/healthz/detail")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/healthz/detail"


def test_detail_refuses_compliance_staff(staff_client):
    response = staff_client.get("/healthz/detail")

    assert response.status_code == 403
    assert "Only a Compliance admin or a superuser" in response.content.decode()


@pytest.mark.parametrize("reader", ["admin_client", "compliance_admin_client"])
def test_detail_reports_every_check_to_admins(request, reader, monkeypatch):
    monkeypatch.setattr(health, "check_worker", lambda: {"ok": True, "workers": ["w1@host"]})
    _ticked(timedelta(minutes=1))

    response = request.getfixturevalue(reader).get("/healthz/detail")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert list(body) == [
        "status",
        "database",
        "broker",
        "worker",
        "beat",
        "last_sync",
        "webhook_events",
        "prune",
    ]
    assert all(body[name]["ok"] for name in list(body)[1:])


def test_detail_answers_503_naming_the_failing_check(admin_client, monkeypatch):
    monkeypatch.setattr(health, "check_worker", lambda: {"ok": True, "workers": ["w1@host"]})
    _ticked(timedelta(minutes=1))
    SyncRun.objects.create(state=SyncRunState.FAILED, finished_at=NOW)

    response = admin_client.get("/healthz/detail")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert [name for name in list(body)[1:] if not body[name]["ok"]] == ["last_sync"]


# --- the worker ----------------------------------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_check_follows_a_worker_starting_and_stopping(redis_url):
    # Redis database of its own (TENDLC_TEST_REDIS_URL): no `make run` worker answers the ping there.
    app = Celery("health-worker", broker=redis_url, set_as_current=False)

    assert health.check_worker(app, timeout=0.5)["ok"] is False
    queue = f"health-{uuid.uuid4().hex}"
    current, default = _state.get_current_app(), _state.default_app
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], shutdown_timeout=30):
            wait_for(
                lambda: health.check_worker(app, timeout=0.5)["ok"], "a running worker answering the ping"
            )
    finally:
        # start_worker makes its app the current and default one: later tests get the apps they had before.
        current.set_current()
        _state.set_default_app(default)
    stopped = health.check_worker(app, timeout=0.5)

    assert stopped == {
        "ok": False,
        "problem": "No Celery worker answered within 0.5 s: syncs, webhook events and number assignments "
        "wait unprocessed.",
        "action": "Start a worker (celery -A portal worker), or read its log for why it stopped.",
    }


def test_worker_check_reports_a_broker_it_cannot_reach(monkeypatch):
    # Celery takes CELERY_BROKER_URL over the app's own broker: CI's PostgreSQL pass sets it to a Redis that answers.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    result = health.check_worker(
        Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False), timeout=0.2
    )

    assert result["ok"] is False
    assert result["error"].startswith("OperationalError")


# --- beat ----------------------------------------------------------------------------------------------------


def test_beat_is_on_time_when_a_schedule_ran_recently(settings):
    settings.HEALTH_BEAT_LATE_AFTER = 600
    _ticked(timedelta(minutes=9))

    assert health.check_beat(now=NOW) == {"ok": True, "last_run_at": (NOW - timedelta(minutes=9)).isoformat()}


def test_beat_is_late_when_no_schedule_ran_for_longer_than_the_setting(settings):
    settings.HEALTH_BEAT_LATE_AFTER = 600
    _ticked(timedelta(minutes=11))

    result = health.check_beat(now=NOW)

    assert result["ok"] is False
    assert result["problem"] == "Beat last started a scheduled task 11 minutes ago; some run every minute."
    assert result["action"] == "Check that beat is running (celery -A portal beat) and read its log."


def test_beat_that_never_ran_is_reported():
    PeriodicTask.objects.update(last_run_at=None)

    result = health.check_beat(now=NOW)

    assert result["ok"] is False
    assert result["problem"].startswith("Beat has never started a scheduled task")


def test_a_disabled_schedule_does_not_count_as_beat_ticking():
    PeriodicTask.objects.update(last_run_at=None, enabled=False)
    PeriodicTask.objects.filter(pk=PeriodicTask.objects.first().pk).update(last_run_at=NOW)

    assert health.check_beat(now=NOW)["ok"] is False


# --- the last sync -------------------------------------------------------------------------------------------


def test_last_sync_failed_is_reported():
    SyncRun.objects.create(state=SyncRunState.SUCCEEDED, finished_at=NOW)
    failed = SyncRun.objects.create(state=SyncRunState.FAILED, finished_at=NOW)
    SyncRun.objects.create(state=SyncRunState.RUNNING)  # under way: not finished, not judged

    result = health.check_last_sync()

    assert result["ok"] is False
    assert result["last_sync"] == failed.pk
    assert result["action"] == "Open Sync runs in the admin to read why, fix the cause, then start a sync."


def test_a_sync_succeeding_after_a_failure_clears_it():
    SyncRun.objects.create(state=SyncRunState.FAILED, finished_at=NOW)
    succeeded = SyncRun.objects.create(state=SyncRunState.SUCCEEDED, finished_at=NOW)

    assert health.check_last_sync() == {"ok": True, "last_sync": succeeded.pk}


def test_no_sync_yet_is_not_a_failure():
    assert health.check_last_sync() == {"ok": True, "last_sync": None}


# --- webhook events ------------------------------------------------------------------------------------------


def test_webhook_events_piling_up_are_reported(settings):
    settings.HEALTH_WEBHOOK_LATE_AFTER = 900
    oldest = _event(timedelta(minutes=20))
    _event(timedelta(minutes=1))
    _event(timedelta(hours=5), state=WebhookEventState.PROCESSED)

    result = health.check_webhook_events(now=NOW)

    assert result["ok"] is False
    assert result["waiting"] == 2
    assert result["oldest"] == WebhookEvent.objects.get(pk=oldest.pk).received_at.isoformat()
    assert result["problem"] == (
        "2 webhook events are waiting to be processed, the oldest for 20 minutes: status changes from carriers "
        "are not reaching the portal."
    )


def test_webhook_events_waiting_briefly_are_fine(settings):
    settings.HEALTH_WEBHOOK_LATE_AFTER = 900
    _event(timedelta(minutes=14))

    result = health.check_webhook_events(now=NOW)

    assert result["ok"] is True
    assert result["waiting"] == 1


def _buffered(buffer: WebhookBuffer, received_ago: timedelta) -> None:
    received = (NOW - received_ago).timestamp()
    buffer.redis.xadd(STREAM, {"body": "{}", "received": repr(received), "request": ""})


@pytest.mark.redis
def test_webhook_events_waiting_in_the_buffer_count_as_waiting(settings, buffer_on):
    settings.HEALTH_WEBHOOK_LATE_AFTER = 900
    _event(timedelta(minutes=1))
    _buffered(buffer_on, timedelta(minutes=30))
    _buffered(buffer_on, timedelta(minutes=2))

    result = health.check_webhook_events(now=NOW)

    assert result["ok"] is False
    assert result["waiting"] == 3
    assert result["problem"].startswith(
        "3 webhook events are waiting to be processed, the oldest for 30 minutes"
    )


@pytest.mark.redis
def test_webhook_events_briefly_in_the_buffer_are_fine(settings, buffer_on):
    settings.HEALTH_WEBHOOK_LATE_AFTER = 900
    _event(timedelta(minutes=20), state=WebhookEventState.PROCESSED)
    _buffered(buffer_on, timedelta(minutes=1))

    result = health.check_webhook_events(now=NOW)

    assert result["ok"] is True
    assert result["waiting"] == 1


def test_a_webhook_buffer_that_does_not_answer_is_reported(settings):
    settings.WEBHOOK_BUFFER_URL = "redis://127.0.0.1:1/0"

    result = health.check_webhook_events(now=NOW)

    assert result["ok"] is False
    assert result["problem"] == (
        "The Redis that keeps incoming webhook events until a worker stores them does not answer "
        "(ConnectionError): events arriving now are stored one by one, and any kept there wait."
    )
    assert result["action"] == "Check that Redis (WEBHOOK_BUFFER_URL) is running and reachable."


# --- the prune of old records -------------------------------------------------------------------------------


def test_prune_is_fine_before_any_ran():
    assert health.check_prune(now=NOW) == {"ok": True, "last_prune": None}


def test_prune_reports_when_the_last_one_succeeded():
    run = PruneRun.objects.create(trigger="schedule", finished_at=NOW)

    assert health.check_prune(now=NOW) == {"ok": True, "last_prune": run.started_at.isoformat()}


def test_a_failed_prune_fails_with_why():
    run = PruneRun.objects.create(trigger="schedule", finished_at=NOW, error="OperationalError: disk full")

    answer = health.check_prune(now=NOW)

    assert answer["ok"] is False
    assert answer["problem"] == (
        f"The last prune of old records, started {run.started_at:%Y-%m-%d %H:%M} UTC, failed: old records are"
        " piling up (OperationalError: disk full)."
    )
    assert answer["action"].startswith("Fix the cause, then run `manage.py prune`")


def test_a_prune_unfinished_after_an_hour_fails_but_one_under_way_does_not():
    run = PruneRun.objects.create(trigger="schedule")

    assert health.check_prune(now=run.started_at + timedelta(minutes=59))["ok"] is True
    stopped = health.check_prune(now=run.started_at + timedelta(minutes=61))
    assert stopped["ok"] is False
    assert "never finished" in stopped["problem"]
