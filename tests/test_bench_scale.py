"""The pieces of ``make bench-scale`` that decide what is measured: which page of a list counts as deep (a
cursor's ``next`` links where the API offers them, else the last page number), a number typed as a person
types it, and the refusal to measure on SQLite. The run itself needs PostgreSQL and minutes: not a test."""

import importlib.util
from pathlib import Path
from typing import Any

import pytest

SCALE_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "scale.py"
_spec = importlib.util.spec_from_file_location("bench_scale", SCALE_PATH)
assert _spec is not None
assert _spec.loader is not None
scale = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(scale)


def pages_from(bodies: dict[str, Any]) -> Any:
    return lambda path: bodies[path]


def test_a_cursor_list_is_followed_by_its_next_links():
    bodies = {
        "/api/v1/things/": {"next": "https://testserver/api/v1/things/?cursor=a", "results": []},
        "/api/v1/things/?cursor=a": {"next": "https://testserver/api/v1/things/?cursor=b", "results": []},
        "/api/v1/things/?cursor=b": {"next": "https://testserver/api/v1/things/?cursor=c", "results": []},
    }

    assert scale.deep_page("/api/v1/things/", pages_from(bodies)) == "/api/v1/things/?cursor=c"


def test_a_numbered_list_is_asked_for_its_last_page():
    bodies = {"/api/v1/things/": {"count": 1_000_001, "next": "https://testserver/api/v1/things/?page=2"}}

    assert scale.deep_page("/api/v1/things/", pages_from(bodies)) == "/api/v1/things/?page=20001"


def test_a_list_longer_than_it_counts_is_followed_from_its_deepest_numbered_page():
    bodies = {
        "/api/v1/things/": {"count": None, "next": "https://testserver/api/v1/things/?page=2"},
        "/api/v1/things/?page=200": {"count": None, "next": "https://testserver/api/v1/things/?cursor=a"},
        "/api/v1/things/?cursor=a": {"next": "https://testserver/api/v1/things/?cursor=b", "results": []},
        "/api/v1/things/?cursor=b": {"next": "https://testserver/api/v1/things/?cursor=c", "results": []},
    }

    assert scale.deep_page("/api/v1/things/", pages_from(bodies)) == "/api/v1/things/?cursor=c"


def test_a_list_of_one_page_has_no_deep_page():
    bodies = {"/api/v1/things/": {"count": 50, "next": None, "results": []}}

    assert scale.deep_page("/api/v1/things/", pages_from(bodies)) is None


def test_a_number_is_searched_as_a_person_types_it():
    assert scale.spaced("+15035550101") == "+1 503 555 0101"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--database-url", "sqlite:///portal.sqlite3"], "needs PostgreSQL"),
        (["--database-url", "postgres://postgres@db/x", "--numbers", "1001"], "must be a multiple"),
    ],
)
def test_the_benchmark_refuses_what_would_not_measure_production(monkeypatch, capsys, argv, message):
    monkeypatch.setattr("sys.argv", ["scale.py", *argv])

    with pytest.raises(SystemExit) as refused:
        scale.arguments()

    assert refused.value.code == 2
    assert message in capsys.readouterr().err
