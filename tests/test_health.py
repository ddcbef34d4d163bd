import os

import environ
import pytest
from celery import Celery
from django.db.utils import ConnectionHandler

from portal import health
from portal.celery import app as portal_app

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def broker_from_app_only(monkeypatch):
    # Celery lets the CELERY_BROKER_URL variable (set in CI) win over an app's own broker URL.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)


@pytest.fixture
def unreachable_broker(monkeypatch):
    """The portal's health checks pointed at a Celery app whose Redis broker does not listen."""
    monkeypatch.setattr(health, "celery_app", Celery("unreachable", broker="redis://127.0.0.1:1/0"))


def test_healthz_answers_200_when_database_and_broker_answer(client):
    expected_transport = portal_app.conf.broker_url.split("://")[0]

    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["broker"] == {"ok": True, "transport": expected_transport}


def test_healthz_answers_503_when_the_broker_is_unreachable(client, unreachable_broker):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["ok"] is True
    assert body["broker"]["ok"] is False
    assert body["broker"]["transport"] == "redis"
    assert "Connection refused" in body["broker"]["error"]


def test_filesystem_broker_is_down_when_its_folder_is_gone(tmp_path):
    missing = tmp_path / "gone"
    app = Celery("gone", broker="filesystem://localhost/")
    app.conf.broker_transport_options = {"data_folder_in": str(missing), "data_folder_out": str(missing)}

    result = health.check_broker(app)

    assert result == {
        "ok": False,
        "transport": "filesystem",
        "error": f"OSError: broker folder {missing} is missing or not writable",
    }


def test_filesystem_broker_is_up_when_its_folder_is_writable(tmp_path):
    app = Celery("present", broker="filesystem://localhost/")
    app.conf.broker_transport_options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}

    assert health.check_broker(app) == {"ok": True, "transport": "filesystem"}


def test_redis_broker_is_up_when_redis_answers(redis_url):
    assert health.check_broker(Celery("redis", broker=redis_url)) == {"ok": True, "transport": "redis"}


def test_database_check_reports_an_unreachable_database():
    handler = ConnectionHandler({"default": environ.Env.db_url_config("postgres://nobody@127.0.0.1:1/none")})
    try:
        result = health.check_database(handler["default"])
    finally:
        handler.close_all()

    assert result["ok"] is False
    assert result["error"].startswith("OperationalError")


def test_healthz_only_reads(client):
    assert client.post("/healthz").status_code == 405
    assert client.head("/healthz").status_code == 200


def test_database_is_the_one_the_environment_names():
    # CI's second pass sets DATABASE_URL to PostgreSQL; this fails if the suite silently ran on SQLite.
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"

    assert health.check_database() == {"ok": True, "vendor": expected}
