"""Injected faults: error statuses, Retry-After, latency, dropped connections; by count, probability, path."""

import random
import time

import pytest
import requests

from tendlc.sandbox.faults import RATE_LIMIT, RateWindow

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


def test_429_carries_retry_after_and_telnyx_rate_limit_headers(sandbox_api, sandbox_control):
    sandbox_control.post("/faults", {"status": 429, "count": 1, "retryAfter": 7})

    response = sandbox_api.get(PATH)

    assert response.status_code == 429
    assert response.headers["Retry-After"] == "7"
    assert (
        response.headers["x-ratelimit-limit"],
        response.headers["x-ratelimit-remaining"],
        response.headers["x-ratelimit-reset"],
    ) == (str(RATE_LIMIT), "0", "7")


def test_a_server_error_carries_retry_after_only_when_the_rule_gives_one(sandbox_api, sandbox_control):
    sandbox_control.post("/faults", {"status": 503, "count": 1, "retryAfter": 0})
    sandbox_control.post("/faults", {"status": 500, "count": 1})
    sandbox_control.post("/faults", {"status": 429, "count": 1})

    advised, plain, refused = sandbox_api.get(PATH), sandbox_api.get(PATH), sandbox_api.get(PATH)

    assert (advised.status_code, advised.headers["Retry-After"]) == (503, "0")
    assert (plain.status_code, plain.headers.get("Retry-After")) == (500, None)
    assert (refused.status_code, refused.headers["Retry-After"]) == (429, "1")


def test_every_answer_describes_the_rate_limit_window(sandbox_api):
    first, second = sandbox_api.get(PATH), sandbox_api.get(PATH)

    assert first.headers["x-ratelimit-limit"] == str(RATE_LIMIT)
    assert 0 <= int(first.headers["x-ratelimit-reset"]) <= 1
    remaining = int(first.headers["x-ratelimit-remaining"]), int(second.headers["x-ratelimit-remaining"])
    # The second request is one more in the same window, unless a new window began between them.
    assert remaining[1] == remaining[0] - 1 or remaining[1] == RATE_LIMIT - 1


def test_the_window_counts_requests_and_starts_over():
    window = RateWindow(limit=3, seconds=0.2)

    counted = [window.count()["x-ratelimit-remaining"] for _ in range(4)]
    time.sleep(0.25)

    assert counted == ["2", "1", "0", "0"]
    assert window.count()["x-ratelimit-remaining"] == "2"


def test_a_burst_fires_for_the_requests_after_the_one_that_fired(sandbox, sandbox_api, sandbox_control):
    sandbox.faults.rng = random.Random(7)
    sandbox_control.post("/faults", {"status": 429, "probability": 0.05, "burst": 4, "retryAfter": 0})

    statuses = [sandbox_api.get(PATH).status_code for _ in range(400)]

    runs = [len(run) for run in "".join("x" if s == 429 else "." for s in statuses).split(".") if run]
    assert runs  # the seeded draw fires
    # Each firing is four refusals in a row (two firings may touch, and one may be cut by the end).
    assert all(length % 4 == 0 for length in runs[:-1])
    assert sum(runs) == sandbox_control.get("/faults").json["faults"][0]["fired"]


def test_a_seed_makes_the_draws_repeat(sandbox_api, sandbox_control):
    def draws() -> list[int]:
        assert sandbox_control.post("/faults", {"seed": 5}).status_code == 201
        return [sandbox_api.get(PATH).status_code for _ in range(40)]

    sandbox_control.post("/faults", {"status": 503, "probability": 0.3})

    first = draws()
    assert set(first) == {503, 404}
    assert draws() == first
    assert sandbox_control.post("/faults", {"seed": "x"}).status_code == 422


def test_a_burst_keeps_to_the_count(sandbox_api, sandbox_control):
    sandbox_control.post("/faults", {"status": 503, "count": 3, "burst": 10})

    assert [sandbox_api.get(PATH).status_code for _ in range(5)] == [503, 503, 503, 404, 404]


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
            "retryAfter": None,
            "latencyMs": 0,
            "dropConnection": False,
            "count": 3,
            "probability": None,
            "burst": 1,
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
        ({"status": 429, "probability": 0.1, "burst": 0}, ["/burst"]),
        ({"status": 429, "probability": 0.1, "burst": "3"}, ["/burst"]),
    ],
)
def test_fault_rules_are_validated(sandbox_control, body, pointers):
    response = sandbox_control.post("/faults", body)

    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json["errors"]] == pointers
