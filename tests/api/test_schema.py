"""The OpenAPI schema and its interactive docs are served, from our own static files."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_is_openapi_3(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_docs_load_swagger_ui_from_our_static_files(client):
    page = client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert "cdn" not in page.lower()
