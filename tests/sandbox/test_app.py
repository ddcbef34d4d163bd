"""Serving rules every route shares: auth, error envelope for unknown routes and methods, no redirects."""

import concurrent.futures
import time

import pytest
import requests

from tendlc.sandbox.app import Sandbox, SandboxConfig
from tests.fixtures.sandbox import ApiClient


def test_missing_key_is_401_in_the_error_envelope(sandbox):
    response = ApiClient(sandbox, key=None).get("/10dlc/brand")

    assert response.status_code == 401
    assert response.json["errors"][0]["code"] == "10009"
    assert response.json["errors"][0]["title"] == "Authentication failed"


@pytest.mark.parametrize("header", ["Bearer ", "Bearer", "Basic abc", "abc"])
def test_empty_or_non_bearer_key_is_401(sandbox, header):
    response = ApiClient(sandbox, key=None).get("/10dlc/brand", headers={"Authorization": header})

    assert response.status_code == 401


def test_a_configured_key_must_match(tmp_path):
    configured = Sandbox(SandboxConfig(database=tmp_path / "k.sqlite3", api_key="right"))
    try:
        assert ApiClient(configured, key="wrong").get("/10dlc/enum/entityType").status_code == 401
        assert ApiClient(configured, key="right").get("/10dlc/enum/entityType").status_code != 401
    finally:
        configured.store.close()


def test_unknown_route_is_404_json(sandbox_api):
    response = sandbox_api.get("/10dlc/no/such/thing")

    assert response.status_code == 404
    assert response.content_type == "application/json"
    assert response.json["errors"][0] == {
        "code": "10005",
        "title": "Resource not found",
        "detail": "The requested resource or URL could not be found.",
        "meta": {"url": "https://developers.telnyx.com/docs/overview/errors/10005"},
    }


def test_outside_v2_is_404_json(sandbox):
    response = ApiClient(sandbox, prefix="").get("/admin/")

    assert response.status_code == 404
    assert response.json["errors"][0]["code"] == "10005"


def test_every_api_response_carries_a_request_id(sandbox_api):
    first, second = sandbox_api.get("/10dlc/no/such/thing"), sandbox_api.get("/10dlc/no/such/thing")

    assert len(first.headers["X-Request-Id"]) == 36
    assert first.headers["X-Request-Id"] != second.headers["X-Request-Id"]


def test_list_totals_are_remembered_until_the_next_write(sandbox, sandbox_api, sandbox_control):
    sandbox_control.post("/seed", {"brands": 3})
    assert sandbox_api.get("/10dlc/brand").json["totalRecords"] == 3

    sandbox_control.post("/seed", {"brands": 2})

    assert sandbox_api.get("/10dlc/brand").json["totalRecords"] == 5
    assert sandbox_api.get("/10dlc/brand?page=2&recordsPerPage=4").json["totalRecords"] == 5


def test_the_clock_survives_a_restart_after_an_advance(tmp_path):
    database = tmp_path / "clock.sqlite3"
    first = Sandbox(SandboxConfig(database=database))
    advanced = first.advance(86_400)
    first.store.close()

    second = Sandbox(SandboxConfig(database=database))
    try:
        assert second.clock.now() >= advanced
    finally:
        second.store.close()


def test_a_wrong_method_is_405_in_the_envelope_with_allow(sandbox_api):
    response = sandbox_api.patch("/10dlc/brand")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD, POST"
    assert response.json["errors"][0]["title"] == "Method not allowed"


@pytest.mark.parametrize("path", ["/10dlc/brand/", "/10dlc//brand", "/10dlc/brand/feedback"])
def test_no_path_is_answered_with_a_redirect(sandbox_api, path):
    response = sandbox_api.get(path)

    assert response.status_code in {200, 404}
    assert "Location" not in response.headers


def test_feedback_and_sms_otp_paths_are_not_taken_for_brand_ids(sandbox_api, sandbox_control):
    sandbox_control.post("/seed", {"brands": 1})
    brand_id = sandbox_api.get("/10dlc/brand").json["records"][0]["brandId"]

    assert sandbox_api.get(f"/10dlc/brand/feedback/{brand_id}").json == {"brandId": brand_id, "category": []}
    assert sandbox_api.get(f"/10dlc/brand_feedback/{brand_id}").json == {"brandId": brand_id, "category": []}
    assert (
        sandbox_api.get("/10dlc/brand/smsOtp/OTP000000").json["errors"][0]["detail"]
        == "OTP reference not found"
    )


def test_serves_concurrent_requests(live_sandbox):
    requests.post(f"{live_sandbox.control_url}/faults", json={"latencyMs": 300, "probability": 1}, timeout=5)
    session_headers = {"Authorization": "Bearer k"}

    def fetch(_: int) -> int:
        return requests.get(
            f"{live_sandbox.base_url}/10dlc/enum/entityType", headers=session_headers, timeout=10
        ).status_code

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(fetch, range(8)))

    assert statuses == [200] * 8
    # Eight requests held 300 ms each finish together, not one after another (2.4 s).
    assert time.monotonic() - started < 1.5
