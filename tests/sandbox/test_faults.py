"""Injected faults: error statuses, Retry-After, latency, dropped connections; by count, probability, path."""

import random
import time

import pytest
import requests

# Any /v2 path answers normally (here a 404 in the error envelope) unless a fault fires first.
PATH = "/10dlc/no-such-resource"


@pytest.mark.parametrize(
    ("status", "code", "title"),
    [
        (429, "10011", "Too many requests"),
        (500, "10007", "Unexpected error"),
        (502, "10007", "Bad gateway"),
        (503, "10007", "Service unavailable"),
    ],
)
def test_the_next_n_requests_get_the_status_then_normal_service_resumes(
    sandbox_api, sandbox_control, status, code, title
):
    assert sandbox_control.post("/faults", {"status": status, "count": 2}).status_code == 201

    first, second, third = sandbox_api.get(PATH), sandbox_api.get(PATH), sandbox_api.get(PATH)

    assert [first.status_code, second.status_code, third.status_code] == [status, status, 404]
    assert first.json["errors"][0]["code"] == code
    assert first.json["errors"][0]["title"] == title


def test_429_carries_retry_after(sandbox_api, sandbox_control):
    sandbox_control.post("/faults", {"status": 429, "count": 1, "retryAfter": 7})

    response = sandbox_api.get(PATH)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"


def test_probability_fires_on_that_share_of_requests(sandbox, sandbox_api, sandbox_control):
    sandbox.faults.rng = random.Random(42)
    sandbox_control.post("/faults", {"status": 503, "probability": 0.3})

    statuses = [sandbox_api.get(PATH).status_code for _ in range(400)]

    share = statuses.count(503) / len(statuses)
    assert 0.22 < share < 0.38
    assert set(statuses) == {503, 404}


def test_path_pattern_limits_the_fault(sandbox_api, sandbox_control):
    sandbox_control.post("/faults", {"status": 500, "count": 5, "pathPattern": "/campaign"})

    assert sandbox_api.get(PATH).status_code == 404
    assert sandbox_api.get("/10dlc/campaign/xyz").status_code == 500


def test_latency_delays_the_real_answer(sandbox_api, sandbox_control):
    sandbox_control.post("/faults", {"latencyMs": 150, "count": 1})

    started = time.monotonic()
    response = sandbox_api.get(PATH)

    assert time.monotonic() - started >= 0.15
    assert response.status_code == 404


def test_dropped_connection_reaches_a_real_client_as_a_connection_error(live_sandbox):
    requests.post(f"{live_sandbox.control_url}/faults", json={"dropConnection": True, "count": 1}, timeout=5)
    headers = {"Authorization": "Bearer k"}

    with pytest.raises(requests.ConnectionError):
        requests.get(f"{live_sandbox.base_url}{PATH}", headers=headers, timeout=5)
    assert requests.get(f"{live_sandbox.base_url}{PATH}", headers=headers, timeout=5).status_code == 404


def test_spent_rules_stay_listed_with_how_often_they_fired(sandbox_api, sandbox_control):
    # A test counting a client's attempts reads `fired` after the rule is spent.
    sandbox_control.post("/faults", {"status": 503, "count": 2})
    for _ in range(4):
        sandbox_api.get(PATH)

    [rule] = sandbox_control.get("/faults").json["faults"]
    assert (rule["fired"], rule["exhausted"]) == (2, True)


def test_faults_spare_the_control_plane(sandbox_control):
    sandbox_control.post("/faults", {"status": 500, "probability": 1})

    assert sandbox_control.get("/faults").status_code == 200


def test_faults_can_be_listed_and_cleared(sandbox_api, sandbox_control):
    sandbox_control.post("/faults", {"status": 502, "count": 3})
    sandbox_api.get(PATH)

    listed = sandbox_control.get("/faults").json
    assert listed["faults"] == [
        {
            "status": 502,
            "retryAfter": 1,
            "latencyMs": 0,
            "dropConnection": False,
            "count": 3,
            "probability": None,
            "pathPattern": "",
            "fired": 1,
            "exhausted": False,
        }
    ]
    assert sandbox_control.delete("/faults").status_code == 204
    assert sandbox_control.get("/faults").json["faults"] == []
    assert sandbox_api.get(PATH).status_code == 404


@pytest.mark.parametrize(
    ("body", "pointers"),
    [
        ({"status": 404, "count": 1}, ["/status"]),
        ({"status": 500}, ["/count"]),
        ({"status": 500, "count": 1, "probability": 0.5}, ["/count"]),
        ({"status": 500, "count": 0}, ["/count"]),
        ({"status": 500, "probability": 1.5}, ["/probability"]),
        ({"count": 1}, ["/status"]),
        ({"latencyMs": -5, "count": 1}, ["/latencyMs"]),
        ({"status": 429, "count": 1, "retryAfter": "soon"}, ["/retryAfter"]),
        ({"status": 500, "count": 1, "pathPattern": "("}, ["/pathPattern"]),
    ],
)
def test_fault_rules_are_validated(sandbox_control, body, pointers):
    response = sandbox_control.post("/faults", body)

    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json["errors"]] == pointers
