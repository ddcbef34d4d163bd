"""Pages of API lists: by number while shallow, by cursor beyond, every row once in order, and a count that
stops counting (tendlc.api.pagination)."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone

from tendlc.api import pagination
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def shallow_depth(monkeypatch):
    """Page numbers up to the 4th row and exact counts up to 5 rows, so a few rows reach the cursor pages."""
    monkeypatch.setattr(pagination, "PAGE_DEPTH", 4)
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 5)


@pytest.fixture
def brands_with_ties(db) -> list[int]:
    """Seven brands in the list's order (newest first, empty dates first as the largest, then by id down):
    three never created remotely, two created at the same moment, two earlier."""
    moment = timezone.now()
    drafts = factories.BrandFactory.create_batch(3, created_at=None)
    same = factories.BrandFactory.create_batch(2, created_at=moment)
    older = [factories.BrandFactory(created_at=moment - datetime.timedelta(days=days)) for days in (1, 2)]
    return [brand.pk for brand in (*reversed(drafts), *reversed(same), *older)]


def listed(admin_api, url: str) -> dict:
    response = admin_api.get(url)
    assert response.status_code == 200, response.json()
    return response.json()


def test_next_links_walk_every_row_once_from_page_numbers_into_cursors(
    admin_api, shallow_depth, brands_with_ties
):
    pages = [listed(admin_api, "/api/v1/brands/?page_size=2")]
    while pages[-1]["next"]:
        pages.append(listed(admin_api, pages[-1]["next"]))

    assert [row["id"] for page in pages for row in page["results"]] == brands_with_ties
    assert set(parse_qs(urlsplit(pages[1]["next"]).query)) == {"page_size", "cursor"}
    assert parse_qs(urlsplit(pages[0]["next"]).query) == {"page_size": ["2"], "page": ["2"]}
    assert [page["count"] for page in pages] == [None, None, None, None]


def test_previous_links_walk_back_the_same_pages(admin_api, shallow_depth, brands_with_ties):
    forward = [listed(admin_api, "/api/v1/brands/?page_size=2")]
    while forward[-1]["next"]:
        forward.append(listed(admin_api, forward[-1]["next"]))

    backward = [forward[-1]]
    while backward[-1]["previous"]:
        backward.append(listed(admin_api, backward[-1]["previous"]))

    assert [[row["id"] for row in page["results"]] for page in reversed(backward)] == [
        [row["id"] for row in page["results"]] for page in forward
    ]


def test_a_cursor_follows_the_callers_order(admin_api, shallow_depth):
    names = ["Delta", "Alpha", "Echo", "Bravo", "Charlie", "Foxtrot"]
    for name in names:
        factories.BrandFactory(display_name=name)

    pages = [listed(admin_api, "/api/v1/brands/?ordering=display_name&page_size=2")]
    while pages[-1]["next"]:
        pages.append(listed(admin_api, pages[-1]["next"]))

    assert [row["display_name"] for page in pages for row in page["results"]] == sorted(names)


def test_a_page_number_past_the_depth_is_refused_at_page(admin_api, shallow_depth, brands_with_ties):
    response = admin_api.get("/api/v1/brands/?page_size=2&page=3")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "page",
            "code": "invalid",
            "message": "Pages beyond the first 4 rows are reached by following the next link.",
        }
    ]


@pytest.mark.parametrize("cursor", ["nonsense", "eyJvIjpbXX0:1abc:sig"])
def test_a_cursor_not_made_here_is_a_404(admin_api, cursor):
    response = admin_api.get(f"/api/v1/brands/?cursor={cursor}")

    assert response.status_code == 404
    assert response.json()["errors"][0]["message"] == "Invalid cursor."


def test_a_cursor_made_for_another_order_is_a_404(admin_api, shallow_depth, brands_with_ties):
    cursor_link = listed(admin_api, listed(admin_api, "/api/v1/brands/?page_size=2")["next"])["next"]

    response = admin_api.get(cursor_link + "&ordering=display_name")

    assert response.status_code == 404


def test_the_count_is_exact_up_to_the_limit(admin_api, shallow_depth):
    factories.BrandFactory.create_batch(5)

    assert listed(admin_api, "/api/v1/brands/")["count"] == 5
