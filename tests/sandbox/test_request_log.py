"""The sandbox's request log: every API request, kept in memory with a bound, filtered, and emptied."""

from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request

from tendlc.sandbox.request_log import RequestLog


def logged(control, **query: str) -> list[tuple[str, str, str, int]]:
    records = control.get("/requests", query_string=query).json["records"]
    return [(r["method"], r["path"], r["query"], r["status"]) for r in records]


def test_each_api_request_is_logged_oldest_first_with_its_status(sandbox_api, sandbox_control):
    sandbox_api.get("/10dlc/brand?page=2&recordsPerPage=5")
    sandbox_api.get("/10dlc/brand/4b20ffff-0000-0000-0000-000000000000")
    sandbox_api.post("/10dlc/phone_number_campaigns", {})

    assert logged(sandbox_control) == [
        ("GET", "/v2/10dlc/brand", "page=2&recordsPerPage=5", 200),
        ("GET", "/v2/10dlc/brand/4b20ffff-0000-0000-0000-000000000000", "", 404),
        ("POST", "/v2/10dlc/phone_number_campaigns", "", 422),
    ]
    # The control plane's own requests are not the API's.
    assert sandbox_control.get("/requests").json["total"] == 3


def test_the_log_is_filtered_by_method_and_path_prefix_and_emptied(sandbox_api, sandbox_control):
    sandbox_api.get("/10dlc/brand")
    sandbox_api.get("/10dlc/phone_number_campaigns/+12002000000")
    sandbox_api.post("/10dlc/phone_number_campaigns", {})

    assert logged(sandbox_control, method="get", path="/v2/10dlc/phone_number_campaigns") == [
        ("GET", "/v2/10dlc/phone_number_campaigns/+12002000000", "", 404)
    ]
    assert sandbox_control.delete("/requests").status_code == 204
    assert sandbox_control.get("/requests").json == {"records": [], "total": 0}


def test_the_log_forgets_its_oldest_entries_beyond_its_bound_but_counts_them():
    log = RequestLog(capacity=2)
    for path in ("/v2/a", "/v2/b", "/v2/c"):
        log.record(Request(EnvironBuilder(path=path).get_environ()), 200)

    entries, total = log.entries()

    assert ([entry.path for entry in entries], total) == (["/v2/b", "/v2/c"], 3)
