"""The actions in the OpenAPI schema: generated without a warning, each request body described from the
admin's form that validates it, and the answers each action gives."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from tendlc.forms.brands import CREATE_FIELDS, UPDATE_FIELDS
from tendlc.models.campaign_content import CONTENT_FIELDS


@pytest.fixture(scope="module")
def actions_schema() -> dict:
    GENERATOR_STATS.reset()
    generated = SchemaGenerator(urlconf="tests.api.urls_actions").get_schema(request=None, public=True)
    assert not GENERATOR_STATS, (dict(GENERATOR_STATS._warn_cache), dict(GENERATOR_STATS._error_cache))
    return generated


def request_schema(schema: dict, path: str, method: str, media: str = "application/json") -> dict:
    reference = schema["paths"][path][method]["requestBody"]["content"][media]["schema"]["$ref"]
    return schema["components"]["schemas"][reference.rsplit("/", 1)[-1]]


def test_every_action_is_described(actions_schema):
    operations = {
        (path, method)
        for path, operations in actions_schema["paths"].items()
        for method in operations
        if method != "parameters"
    }

    assert operations == {
        ("/api/v1/brands/", "post"),
        ("/api/v1/brands/{id}/", "patch"),
        ("/api/v1/brands/{id}/otp/", "post"),
        ("/api/v1/brands/{id}/otp/verify/", "post"),
        ("/api/v1/campaigns/", "post"),
        ("/api/v1/campaigns/qualify/", "post"),
        ("/api/v1/campaigns/{id}/appeal/", "post"),
        ("/api/v1/campaigns/{id}/deactivate/", "post"),
        ("/api/v1/number-assignments/", "post"),
        ("/api/v1/number-assignments/bulk/", "post"),
        ("/api/v1/assignment-tasks/", "post"),
        ("/api/v1/sync-runs/", "post"),
        # Read-only, mounted for the bulk upload's answer to point to.
        ("/api/v1/number-uploads/", "get"),
        ("/api/v1/number-uploads/{id}/", "get"),
        ("/api/v1/number-uploads/{id}/rows/", "get"),
    }


def test_brand_bodies_are_the_admin_forms_fields(actions_schema):
    create = request_schema(actions_schema, "/api/v1/brands/", "post")
    update = request_schema(actions_schema, "/api/v1/brands/{id}/", "patch")

    assert set(create["properties"]) == set(CREATE_FIELDS)
    assert set(create["required"]) == {"entity_type", "display_name", "country", "email", "vertical"}
    assert set(update["properties"]) == set(UPDATE_FIELDS)
    assert "required" not in update  # a PATCH: what is not sent keeps its value


def test_a_submission_takes_the_builders_fields(actions_schema):
    body = request_schema(actions_schema, "/api/v1/campaigns/", "post")

    assert set(body["properties"]) == {"brand", "usecase", *CONTENT_FIELDS, "override_reason", "reference_id"}
    assert set(body["required"]) == {"brand", "usecase", "description", "sample1", "optout_message"}
    responses = actions_schema["paths"]["/api/v1/campaigns/"]["post"]["responses"]
    assert responses["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/SubmissionError")


def test_bulk_takes_a_csv_file_or_json_rows(actions_schema):
    assert set(
        request_schema(actions_schema, "/api/v1/number-assignments/bulk/", "post", "multipart/form-data")[
            "properties"
        ]
    ) == {"file", "dry_run"}
    assert set(request_schema(actions_schema, "/api/v1/number-assignments/bulk/", "post")["properties"]) == {
        "rows",
        "dry_run",
    }
    answers = actions_schema["paths"]["/api/v1/number-assignments/bulk/"]["post"]["responses"]
    assert answers["202"]["content"]["application/json"]["schema"]["$ref"].endswith("/NumberUpload")


def test_a_brand_create_documents_its_draft_and_a_sync_its_conflict(actions_schema):
    brand = actions_schema["paths"]["/api/v1/brands/"]["post"]["responses"]
    sync = actions_schema["paths"]["/api/v1/sync-runs/"]["post"]["responses"]

    assert brand["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/DraftError")
    assert {"201", "400", "401", "403", "413", "422", "429", "502", "503"} <= set(brand)
    assert {"202", "409", "503"} <= set(sync)
