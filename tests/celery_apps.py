"""Celery apps on a broker of the test's choosing, standing in for the portal's."""

from celery import Celery


def celery_app_on(broker_url: str, monkeypatch) -> Celery:
    """A real Celery app on ``broker_url``. Celery lets CELERY_BROKER_URL (set in CI) override an app's
    broker, so the variable is removed for the test."""
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    return Celery("stand-in", broker=broker_url, set_as_current=False)
