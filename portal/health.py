"""Health of the portal: a cheap liveness probe for load balancers and a detailed report for operators.

``GET /healthz`` asks the database one ``SELECT 1`` and nothing else, so a load balancer probing it every few
seconds costs nothing and a slow broker does not take web servers out of rotation. ``GET /healthz/detail``
(Compliance admins and superusers) also asks the broker, pings the Celery workers, and reads whether beat, the last sync,
the webhook queue and the nightly prune of old records are keeping up. Each failing check says what is wrong and what to do, in plain words.

Our own small checks rather than django-health-check: its database check writes and deletes a row of its own
table on every probe (not cheap enough for liveness), and five of our seven checks read the portal's own tables
(beat's schedules, sync runs, webhook events, prunes), which we would write as custom backends anyway.

Beat is judged by django-celery-beat's ``PeriodicTask.last_run_at`` rather than a heartbeat key beat writes:
the database scheduler already records each run, several schedules run every minute, and a key in the cache
would be invisible to the web processes whenever ``CACHE_URL`` is local memory.
"""

import os
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from pathlib import Path

import redis
from celery import Celery
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Max
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_celery_beat.models import PeriodicTask

from portal.celery import app as celery_app
from tendlc.models import SyncRunState
from tendlc.selectors.prune_runs import prune_run_latest
from tendlc.selectors.roles import sees_technical_details
from tendlc.selectors.sync_runs import sync_run_last_finished
from tendlc.selectors.webhook_events import webhook_events_waiting
from tendlc.webhooks.buffer import webhook_buffer

BROKER_TIMEOUT_SECONDS = 2.0
# Longer than the prune task's hard time limit: a prune still unfinished after this was stopped.
PRUNE_LATE_AFTER = timedelta(hours=1)

Check = dict[str, object]


def _failed(problem: str, action: str, **details: object) -> Check:
    return {"ok": False, "problem": problem, "action": action, **details}


def _minutes(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    return "less than a minute" if minutes < 1 else f"{minutes} minute{'s' if minutes != 1 else ''}"


def check_database(database: BaseDatabaseWrapper = connection) -> Check:
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; the reason is reported
        return _failed(
            "The database does not answer: nothing can be read or saved.",
            "Check that the database server is running and that DATABASE_URL points at it.",
            error=f"{type(exc).__name__}: {exc}",
        )
    return {"ok": True, "vendor": database.vendor}


def check_broker(app: Celery | None = None) -> Check:
    app = app or celery_app
    transport = app.conf.broker_url.split("://", 1)[0]
    try:
        if transport == "filesystem":
            _check_filesystem_broker(app)
        else:
            with app.connection_for_write(connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
                conn.ensure_connection(
                    max_retries=1, interval_start=0, interval_step=0, timeout=BROKER_TIMEOUT_SECONDS
                )
    except Exception as exc:  # noqa: BLE001
        return _failed(
            "The message broker does not answer: syncs, webhooks and assignments cannot be handed to workers.",
            "Check that Redis (or the broker folder) is up and that CELERY_BROKER_URL points at it.",
            transport=transport,
            error=f"{type(exc).__name__}: {exc}",
        )
    return {"ok": True, "transport": transport}


def _check_filesystem_broker(app: Celery) -> None:
    # The filesystem transport "connects" without touching the disk; what matters is that the shared queue
    # folder exists and can be written, or no task would ever reach a worker.
    options = app.conf.broker_transport_options
    folder = Path(options.get("data_folder_out", ""))
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OSError(f"broker folder {folder} is missing or not writable")


def check_worker(app: Celery | None = None, timeout: float | None = None) -> Check:
    app = app or celery_app
    timeout = settings.HEALTH_WORKER_PING_TIMEOUT if timeout is None else timeout
    try:
        replies = app.control.ping(timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        replies, error = [], f"{type(exc).__name__}: {exc}"
    else:
        error = ""
    if not replies:
        return _failed(
            f"No Celery worker answered within {timeout:g} s: syncs, webhook events and number assignments "
            "wait unprocessed.",
            "Start a worker (celery -A portal worker), or read its log for why it stopped.",
            **({"error": error} if error else {}),
        )
    return {"ok": True, "workers": sorted(name for reply in replies for name in reply)}


def check_beat(now: datetime | None = None) -> Check:
    now = now or timezone.now()
    late_after = timedelta(seconds=settings.HEALTH_BEAT_LATE_AFTER)
    last_run = PeriodicTask.objects.filter(enabled=True).aggregate(last=Max("last_run_at"))["last"]
    if last_run is None:
        return _failed(
            "Beat has never started a scheduled task: no sync, OTP poll or webhook sweep runs on its own.",
            "Start beat (celery -A portal beat) next to the workers.",
        )
    if now - last_run > late_after:
        return _failed(
            f"Beat last started a scheduled task {_minutes(now - last_run)} ago; some run every minute.",
            "Check that beat is running (celery -A portal beat) and read its log.",
            last_run_at=last_run.isoformat(),
        )
    return {"ok": True, "last_run_at": last_run.isoformat()}


def check_last_sync() -> Check:
    run = sync_run_last_finished()
    if run is None:
        return {"ok": True, "last_sync": None}
    if run.state == SyncRunState.FAILED:
        return _failed(
            f"The last sync, started {run.started_at:%Y-%m-%d %H:%M} UTC, failed: the portal may show "
            "out-of-date brands, campaigns and numbers.",
            "Open Sync runs in the admin to read why, fix the cause, then start a sync.",
            last_sync=run.pk,
        )
    return {"ok": True, "last_sync": run.pk}


def check_webhook_events(now: datetime | None = None) -> Check:
    now = now or timezone.now()
    late_after = timedelta(seconds=settings.HEALTH_WEBHOOK_LATE_AFTER)
    waiting, oldest = webhook_events_waiting()
    buffer = webhook_buffer()
    if buffer is not None:
        try:
            buffered, buffered_oldest = buffer.backlog()
        except redis.RedisError as error:
            return _failed(
                f"The Redis that keeps incoming webhook events until a worker stores them does not answer "
                f"({type(error).__name__}): events arriving now are stored one by one, and any kept there wait.",
                "Check that Redis (WEBHOOK_BUFFER_URL) is running and reachable.",
                waiting=waiting,
            )
        waiting += buffered
        oldest = min(filter(None, (oldest, buffered_oldest)), default=None)
    details: dict[str, object] = {"waiting": waiting, "oldest": oldest.isoformat() if oldest else None}
    if oldest is not None and now - oldest > late_after:
        return _failed(
            f"{waiting} webhook event{'s are' if waiting != 1 else ' is'} waiting to be processed, the oldest "
            f"for {_minutes(now - oldest)}: status changes from carriers are not reaching the portal.",
            "Check that a worker and beat are running; the sweep processes waiting events every minute.",
            **details,
        )
    return {"ok": True, **details}


def check_prune(now: datetime | None = None) -> Check:
    now = now or timezone.now()
    run = prune_run_latest()
    if run is None:
        return {"ok": True, "last_prune": None}
    details: dict[str, object] = {"last_prune": run.started_at.isoformat()}
    if run.error:
        return _failed(
            f"The last prune of old records, started {run.started_at:%Y-%m-%d %H:%M} UTC, failed: old records "
            f"are piling up ({run.error}).",
            "Fix the cause, then run `manage.py prune` or wait for the next night's prune.",
            **details,
        )
    if run.finished_at is None and now - run.started_at > PRUNE_LATE_AFTER:
        return _failed(
            f"The last prune of old records, started {run.started_at:%Y-%m-%d %H:%M} UTC, never finished: its"
            " worker was stopped or killed.",
            "Read the worker's log; the next night's prune goes on where it stopped.",
            **details,
        )
    return {"ok": True, **details}


DETAILED_CHECKS = ("database", "broker", "worker", "beat", "last_sync", "webhook_events", "prune")


def detailed_checks(names: Iterable[str] = DETAILED_CHECKS) -> dict[str, Check]:
    """The named checks' answers (all of them by default), in the order asked. Each ``check_<name>`` is looked
    up when called, so replacing one on the module (as the tests do) is heard."""
    return {name: _checked(globals()[f"check_{name}"]) for name in names}


def _checked(check: Callable[[], Check]) -> Check:
    try:
        return check()
    except DatabaseError as exc:
        # Most checks read the portal's tables: one missing (not migrated yet) is a finding, not a crash.
        return _failed(
            f"The database could not answer this check ({type(exc).__name__}: {exc}).",
            "Run the migrations (make run does, or manage.py migrate) and check DATABASE_URL.",
        )


def _answer(checks: dict[str, Check]) -> JsonResponse:
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "unavailable", **checks}
    return JsonResponse(body, status=200 if healthy else 503)


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"database": check_database()})


@require_safe
def healthz_detail(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), login_url=reverse("admin:login"))
    # The report names hosts and quotes errors: the people who see the API's raw data see it too.
    if not sees_technical_details(user=request.user):
        raise PermissionDenied(
            "Only a Compliance admin or a superuser can read the portal's detailed health."
        )
    return _answer(detailed_checks())
