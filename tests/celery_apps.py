"""The portal's Celery app pointed at a broker of the test's choosing, through the settings Celery reads."""

from typing import Any

from celery import Celery

from portal.celery import app as portal_app


def portal_broker_on(broker_url: str, monkeypatch, transport_options: dict[str, Any] | None = None) -> Celery:
    """The portal's app publishing to ``broker_url`` until the test ends. Celery reads the CELERY_BROKER_URL
    variable before the app's configured broker; the app's producers are pooled per broker, so the pools are
    dropped and the next publish connects to ``broker_url``."""
    monkeypatch.setenv("CELERY_BROKER_URL", broker_url)
    monkeypatch.setitem(portal_app.conf, "broker_transport_options", transport_options or {})
    monkeypatch.setattr(portal_app, "_pool", None)
    monkeypatch.setattr(portal_app.amqp, "_producer_pool", None)
    return portal_app
