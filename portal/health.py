"""``GET /healthz``: whether the database and the Celery broker answer.

Each check is bounded by a short timeout so a dead dependency makes the probe fail fast (503) rather than
hang the load balancer's request.
"""

import os
from pathlib import Path

from celery import Celery
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.http import JsonResponse
from django.views.decorators.http import require_safe

from portal.celery import app as celery_app

BROKER_TIMEOUT_SECONDS = 2.0


def check_database(database: BaseDatabaseWrapper = connection) -> dict[str, object]:
    try:
        with database.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; the reason is reported
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "vendor": database.vendor}


def check_broker(app: Celery | None = None) -> dict[str, object]:
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
        return {"ok": False, "transport": transport, "error": f"{type(exc).__name__}: {exc}"}
    return {"ok": True, "transport": transport}


def _check_filesystem_broker(app: Celery) -> None:
    # The filesystem transport "connects" without touching the disk; what matters is that the shared queue
    # folder exists and can be written, or no task would ever reach a worker.
    options = app.conf.broker_transport_options
    folder = Path(options.get("data_folder_out", ""))
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise OSError(f"broker folder {folder} is missing or not writable")


@require_safe
def healthz(request):
    checks = {"database": check_database(), "broker": check_broker()}
    healthy = all(check["ok"] for check in checks.values())
    body = {"status": "ok" if healthy else "unavailable", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
