"""The OpenAPI schema describes every /api/v1/ route, with the one error format for their 4xx answers and
correct types where drf-spectacular needed telling."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

pytestmark = pytest.mark.django_db

PARAMETER = re.compile(r"<[^>]+>|\(\?P<\w+>[^)]*\)")


def routes(patterns: list, prefix: str = "") -> list[str]:
    """Every route under ``patterns`` as ``/api/v1/brands/{}/``: parameters blanked, regex anchors dropped."""
    found = []
    for pattern in patterns:
        if "format>" in str(pattern.pattern):
            continue  # the router's ".json" suffix variants: the same operations
        text = PARAMETER.sub("{}", str(pattern.pattern)).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            found += routes(pattern.url_patterns, prefix + text)
        elif isinstance(pattern, URLPattern):
            found.append(prefix + text)
    return found


def api_routes() -> set[str]:
    return {
        f"/{route}"
        for route in routes(get_resolver().url_patterns)
        # The router's index lists the resources; it is not one.
        if route.startswith("api/v1/") and route != "api/v1/"
    }


@pytest.fixture(scope="module")
def served_schema(django_db_blocker) -> dict:
    from django.test import override_settings
    from rest_framework.test import APIClient

    # Published for the module: who may read the schema is tests/api/test_schema.py's subject.
    with django_db_blocker.unblock(), override_settings(API_SCHEMA_PUBLIC=True):
        response = APIClient().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_every_api_route_is_in_the_schema(served_schema):
    documented = {PARAMETER.sub("{}", re.sub(r"\{\w+\}", "{}", path)) for path in served_schema["paths"]}

    assert api_routes() <= documented
    assert "/api/v1/brands/{}/" in api_routes()
    assert len(api_routes()) >= 16


def test_every_operation_answers_its_4xx_in_the_one_error_format(served_schema):
    """Every 4xx body is the Error component, or an extension of it (a refused brand create also names its
    draft; a refused campaign submission also carries its compliance findings)."""
    components = served_schema["components"]["schemas"]
    error_fields = set(components["Error"]["properties"])
    for path, operations in served_schema["paths"].items():
        for method, operation in operations.items():
            codes = {code for code in operation["responses"] if code.startswith("4")}
            assert {"401", "403", "429"} <= codes, (method, path)
            for code in codes:
                content = operation["responses"][code]["content"]
                assert list(content) == ["application/json"], (method, path, code)
                name = content["application/json"]["schema"]["$ref"].removeprefix("#/components/schemas/")
                assert error_fields <= set(components[name]["properties"]), (method, path, code, name)
            if "{" in path:
                assert "404" in codes, (method, path)


def test_lists_answer_a_bad_filter_with_a_400(served_schema):
    assert "400" in served_schema["paths"]["/api/v1/brands/"]["get"]["responses"]
    assert "400" not in served_schema["paths"]["/api/v1/brands/{id}/"]["get"]["responses"]


def test_the_error_component_is_the_one_error_format(served_schema):
    components = served_schema["components"]["schemas"]

    assert components["Error"]["required"] == ["errors", "status"]
    assert set(components["Error"]["properties"]) == {"errors", "status", "upstream_request_id"}
    assert components["ErrorItem"]["properties"]["field"] == {
        "type": "string",
        "nullable": True,
        "description": "Our field name (dotted when nested); null for the request as a whole.",
    }


def test_each_status_field_has_its_own_values(served_schema):
    """drf-spectacular names enums by field; without overrides Campaign.status took the campaign status enum."""
    components = served_schema["components"]["schemas"]
    campaign = components["Campaign"]["properties"]

    assert campaign["status"]["allOf"] == [{"$ref": "#/components/schemas/CampaignActivityEnum"}]
    assert components["CampaignActivityEnum"]["enum"] == ["ACTIVE", "EXPIRED"]
    assert campaign["campaign_status"]["allOf"] == [{"$ref": "#/components/schemas/CampaignStatusEnum"}]
    assert "MNO_REJECTED" in components["CampaignStatusEnum"]["enum"]


def test_links_and_labels_have_their_types(served_schema):
    components = served_schema["components"]["schemas"]

    assert components["Campaign"]["properties"]["brand"]["type"] == "integer"
    assert components["PhoneNumberAssignment"]["properties"]["brand"] == {
        "type": "integer",
        "nullable": True,
        "description": "Our brand's id, when the campaign is ours.",
        "readOnly": True,
    }
    assert components["AuditEntry"]["properties"]["target_type"]["type"] == "string"
    assert components["AssignmentTask"]["properties"]["numbers"]["items"] == {
        "$ref": "#/components/schemas/AssignmentTaskNumber"
    }
    assert components["Brand"]["properties"]["status_label"] == {"type": "string", "readOnly": True}
