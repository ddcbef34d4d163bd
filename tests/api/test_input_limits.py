"""Input that used to break the API answers in its error shape instead: times out of any database's range in a
date filter, bodies nested too deep, numbers beyond a float where an id is expected, text that is not Unicode,
and a body larger than Django reads. Each was a 500 (or Django's HTML page) before."""

import json

import pytest

from tendlc.api.parsers import MAX_DEPTH
from tests.api import read_factories

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Enter a time between the years 1 and 9999 in UTC, e.g. 2026-09-21T10:00:00+00:00."
# Every endpoint that reads a JSON body (starting a sync reads none).
JSON_ENDPOINTS = [
    "/api/v1/brands/",
    "/api/v1/campaigns/",
    "/api/v1/campaigns/qualify/",
    "/api/v1/number-assignments/",
    "/api/v1/number-assignments/bulk/",
    "/api/v1/assignment-tasks/",
]


def post_json(api, url: str, text: str):
    return api.post(url, data=text, content_type="application/json")


def errors_of(response) -> tuple[int, list[tuple[str | None, str, str]]]:
    body = response.json()
    assert body["status"] == response.status_code
    return response.status_code, [(e["field"], e["code"], e["message"]) for e in body["errors"]]


@pytest.mark.parametrize("name", ["at_after", "at_before"])
@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00"])
def test_a_time_outside_every_databases_range_is_refused_at_its_filter(admin_api, name, value):
    response = admin_api.get("/api/v1/audit-log/", {name: value})

    assert errors_of(response) == (400, [(name, "out_of_range", OUT_OF_RANGE)])


@pytest.mark.parametrize(
    ("at_after", "found"),
    [
        # 2026-12-31T16:00Z: the entry, made on 2026-12-31T12:00Z, is before it.
        ("2026-12-31T00:00:00-16:00", 0),
        ("2026-12-31T00:00:00-22:00", 0),
        ("2026-12-31T00:00:00-11:00", 1),
        ("2026-12-31T12:00:00+23:59", 1),
    ],
)
def test_an_offset_beyond_what_postgresql_takes_is_compared_in_utc(admin_api, at_after, found):
    entry = read_factories.AuditEntryFactory()
    type(entry).objects.filter(pk=entry.pk).update(at="2026-12-31T12:00:00Z")

    response = admin_api.get("/api/v1/audit-log/", {"at_after": at_after})

    assert (response.status_code, response.json()["count"]) == (200, found)


@pytest.mark.parametrize("url", JSON_ENDPOINTS)
@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 5000])
def test_a_body_nested_too_deep_is_refused_before_any_view_reads_it(admin_api, url, depth):
    response = post_json(admin_api, url, "[" * depth + "]" * depth)

    assert errors_of(response) == (
        400,
        [(None, "parse_error", f"The JSON body is nested more than {MAX_DEPTH} levels deep.")],
    )


def test_a_body_as_deep_as_allowed_is_read(admin_api):
    nested = "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1)

    response = post_json(
        admin_api,
        "/api/v1/brands/",
        json.dumps({"display_name": "x", "nested": "y"})[:-1] + f', "z": {nested}}}',
    )

    # Read, and refused by the form for what it lacks, not by the parser.
    assert response.status_code == 400
    assert "parse_error" not in {code for _, code, _ in errors_of(response)[1]}


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1E+999"])
def test_a_number_beyond_a_float_where_an_id_is_expected_is_refused(admin_api, portal_api, number):
    response = post_json(
        admin_api, "/api/v1/campaigns/qualify/", f'{{"brand": {number}, "usecase": "MIXED"}}'
    )

    assert errors_of(response) == (
        400,
        [(None, "parse_error", f"JSON parse error - {number} is out of range for a number")],
    )


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(admin_api, constant):
    response = post_json(admin_api, "/api/v1/campaigns/qualify/", f'{{"brand": {constant}}}')

    assert errors_of(response) == (
        400,
        [
            (
                None,
                "parse_error",
                f"JSON parse error - Out of range float values are not JSON compliant: '{constant}'",
            )
        ],
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            '{"display_name": "a\\ud800b"}',
            "The text at display_name is not Unicode text (it has a lone surrogate).",
        ),
        ('{"\\udfff": 1}', "A name in the JSON body is not Unicode text (it has a lone surrogate)."),
        (
            '{"rows": [{"campaign": "\\ud83d"}]}',
            "The text at rows.0.campaign is not Unicode text (it has a lone surrogate).",
        ),
    ],
)
def test_text_with_a_lone_surrogate_is_refused(admin_api, text, message):
    response = post_json(admin_api, "/api/v1/brands/", text)

    assert errors_of(response) == (400, [(None, "parse_error", message)])


def test_a_nul_in_json_text_is_refused_at_its_field(admin_api):
    response = post_json(
        admin_api,
        "/api/v1/number-assignments/",
        '{"phone_number": "+1312555\\u00000101", "campaign_id": "C1"}',
    )

    status, errors = errors_of(response)
    assert (status, [e for e in errors if e[0] == "phone_number"]) == (
        400,
        [("phone_number", "null_characters_not_allowed", "Null characters are not allowed.")],
    )


def test_a_body_larger_than_django_reads_is_a_413_in_the_api_shape(admin_api, settings):
    response = post_json(admin_api, "/api/v1/brands/", "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1))

    assert errors_of(response) == (
        413,
        [
            (
                None,
                "request_too_large",
                "The request body is larger than the API takes: send at most 2,621,440 bytes, or a CSV file for"
                " a bulk upload.",
            )
        ],
    )
    assert response["Content-Type"] == "application/json"
