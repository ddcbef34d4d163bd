import os

import environ
import pytest
from celery import Celery
from django.db import connection
from django.db.utils import ConnectionHandler, OperationalError

from portal import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def broker_from_app_only(monkeypatch):
    # Celery lets the CELERY_BROKER_URL variable (set in CI) win over an app's own broker URL.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)


@pytest.fixture
def unreachable_broker(monkeypatch):
    """The portal's health checks pointed at a Celery app whose Redis broker does not listen."""
    monkeypatch.setattr(
        health, "celery_app", Celery("unreachable", broker="redis://127.0.0.1:1/0", set_as_current=False)
    )


def test_healthz_answers_200_with_one_query_and_no_login(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": {"ok": True, "vendor": connection.vendor}}


def test_healthz_does_not_wait_for_the_broker(client, unreachable_broker):
    # Load balancers keep a web server that can serve pages; the detailed view reports the broker.
    assert client.get("/healthz").status_code == 200


def test_healthz_answers_503_when_the_database_does_not(client, monkeypatch):
    def refused(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", refused)

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["database"]["error"] == "OperationalError: connection refused"
    assert body["database"]["problem"] == "The database does not answer: nothing can be read or saved."


def test_broker_check_reports_an_unreachable_broker(unreachable_broker):
    result = health.check_broker()

    assert result["ok"] is False
    assert result["transport"] == "redis"
    assert "Connection refused" in result["error"]
    assert result["action"].startswith("Check that Redis")


def test_filesystem_broker_is_down_when_its_folder_is_gone(tmp_path):
    missing = tmp_path / "gone"
    app = Celery("gone", broker="filesystem://localhost/", set_as_current=False)
    app.conf.broker_transport_options = {"data_folder_in": str(missing), "data_folder_out": str(missing)}

    result = health.check_broker(app)

    assert result["ok"] is False
    assert result["transport"] == "filesystem"
    assert result["error"] == f"OSError: broker folder {missing} is missing or not writable"


def test_filesystem_broker_is_up_when_its_folder_is_writable(tmp_path):
    app = Celery("present", broker="filesystem://localhost/", set_as_current=False)
    app.conf.broker_transport_options = {"data_folder_in": str(tmp_path), "data_folder_out": str(tmp_path)}

    assert health.check_broker(app) == {"ok": True, "transport": "filesystem"}


def test_redis_broker_is_up_when_redis_answers(redis_url):
    assert health.check_broker(Celery("redis", broker=redis_url, set_as_current=False)) == {
        "ok": True,
        "transport": "redis",
    }


def test_database_check_reports_an_unreachable_database():
    handler = ConnectionHandler({"default": environ.Env.db_url_config("postgres://nobody@127.0.0.1:1/none")})
    try:
        result = health.check_database(handler["default"])
    finally:
        handler.close_all()

    assert result["ok"] is False
    assert result["error"].startswith("OperationalError")


@pytest.mark.parametrize("url", ["/healthz", "/healthz/detail"])
def test_health_only_reads(client, url):
    assert client.post(url).status_code == 405


def test_healthz_answers_head(client):
    assert client.head("/healthz").status_code == 200


def test_database_is_the_one_the_environment_names():
    # CI's second pass sets DATABASE_URL to PostgreSQL; this fails if the suite silently ran on SQLite.
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"

    assert health.check_database() == {"ok": True, "vendor": expected}
