"""Every REST API list makes as many queries with 10,000 rows as with 100, on its first page and on a page
reached by cursor (tests/query_counts.py)."""

from collections.abc import Callable

import pytest

from tendlc.api import pagination
from tests import factories, query_counts

pytestmark = pytest.mark.django_db

LISTS: dict[str, Callable[..., Callable[[int], None]]] = {
    "brands": lambda user: query_counts.brands,
    "campaigns": lambda user: query_counts.campaigns(factories.BrandFactory()),
    "number-assignments": lambda user: query_counts.numbers(factories.CampaignFactory()),
    "status-changes": lambda user: query_counts.status_changes,
    "audit-log": lambda user: query_counts.audit_entries,
    "webhook-events": lambda user: query_counts.webhook_events,
    "notifications": lambda user: query_counts.notifications(user),
    "charges": lambda user: query_counts.charges(factories.CampaignFactory()),
    "number-uploads": lambda user: query_counts.number_uploads,
    "sync-runs": lambda user: query_counts.sync_runs,
}


@pytest.mark.parametrize("name", LISTS)
def test_a_list_makes_the_same_queries_at_10_000_rows(admin_api, api_compliance_admin, name):
    add = LISTS[name](api_compliance_admin)

    counts = query_counts.queries_as_rows_grow(admin_api, f"/api/v1/{name}/", add)

    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("name", ["number-assignments", "status-changes"])
def test_a_page_by_cursor_makes_the_queries_of_the_first(admin_api, api_compliance_admin, monkeypatch, name):
    monkeypatch.setattr(pagination, "PAGE_DEPTH", 100)
    LISTS[name](api_compliance_admin)(10_000)
    url = f"/api/v1/{name}/?page_size=100"
    cursor = admin_api.get(url).json()["next"]

    assert "cursor=" in cursor
    assert query_counts.queries_on(admin_api, cursor) == query_counts.queries_on(admin_api, url)
