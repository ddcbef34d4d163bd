"""The OpenAPI schema and its interactive docs are served, from our own static files, to signed-in callers
(a token or an admin session) unless API_SCHEMA_PUBLIC publishes them."""

import pytest

pytestmark = pytest.mark.django_db

SCHEMA = "/api/schema/"
OPENAPI = "application/vnd.oai.openapi+json"


@pytest.fixture
def published(settings):
    settings.API_SCHEMA_PUBLIC = True


def test_the_schema_is_openapi_3(staff_api):
    response = staff_api.get(SCHEMA, HTTP_ACCEPT=OPENAPI)

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_schema_is_refused_to_an_anonymous_caller_in_the_one_error_format(api_as):
    response = api_as(None).get(SCHEMA, HTTP_ACCEPT=OPENAPI)

    assert response.status_code == 401
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "not_authenticated",
                "message": "Authentication credentials were not provided.",
            }
        ],
        "status": 401,
    }


def test_the_schema_is_served_to_a_signed_in_admin_session(staff_client):
    assert staff_client.get(SCHEMA, HTTP_ACCEPT=OPENAPI).status_code == 200


def test_published_the_schema_is_served_to_anyone(published, api_as):
    response = api_as(None).get(SCHEMA, HTTP_ACCEPT=OPENAPI)

    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")


def test_the_docs_load_swagger_ui_and_its_script_from_our_static_files(staff_client):
    page = staff_client.get("/api/docs/").content.decode()

    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
    assert '<script src="/api/docs/?script="></script>' in page
    assert "<style" not in page
    assert "cdn" not in page.lower()


def test_the_docs_send_a_visitor_who_is_not_signed_in_to_the_login_page(client):
    response = client.get("/api/docs/")

    assert response.status_code == 302
    assert response["Location"] == "/admin/login/?next=/api/docs/"


def test_published_the_docs_are_served_to_anyone(published, client):
    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert page.status_code == 200
    assert (script.status_code, script["Content-Type"]) == (200, "application/javascript")
