"""Admin pages over the test client: plain HTTP, static files as they are (no collectstatic)."""

import pytest


@pytest.fixture(autouse=True)
def admin_pages(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings
