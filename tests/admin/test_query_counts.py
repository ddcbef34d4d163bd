"""Every admin list, the record pages with many related rows, and the dashboard make as many queries with
10,000 rows as with 100 (tests/query_counts.py)."""

from collections.abc import Callable

import pytest

from tests import factories, query_counts

pytestmark = pytest.mark.django_db

CHANGELISTS: dict[str, Callable[..., Callable[[int], None]]] = {
    "brand": lambda user: query_counts.brands,
    "campaign": lambda user: query_counts.campaigns(factories.BrandFactory()),
    "partnercampaign": lambda user: query_counts.partner_campaigns,
    "statuschange": lambda user: query_counts.status_changes,
    "auditentry": lambda user: query_counts.audit_entries,
    "webhookevent": lambda user: query_counts.webhook_events,
    "notification": lambda user: query_counts.notifications(user),
    "charge": lambda user: query_counts.charges(factories.CampaignFactory()),
    "numberupload": lambda user: query_counts.number_uploads,
    "syncrun": lambda user: query_counts.sync_runs,
}


@pytest.mark.parametrize("model", CHANGELISTS)
def test_a_list_makes_the_same_queries_at_10_000_rows(admin_client, admin_user, model):
    add = CHANGELISTS[model](admin_user)

    counts = query_counts.queries_as_rows_grow(admin_client, f"/admin/tendlc/{model}/", add)

    assert counts[0] == counts[1], counts


def test_the_dashboard_makes_the_same_queries_at_10_000_numbers(admin_client):
    add = query_counts.numbers(factories.CampaignFactory())

    counts = query_counts.queries_as_rows_grow(admin_client, "/admin/", add)

    assert counts[0] == counts[1], counts


def test_a_brands_page_makes_the_same_queries_at_10_000_campaigns(admin_client):
    brand = factories.BrandFactory()

    counts = query_counts.queries_as_rows_grow(
        admin_client, f"/admin/tendlc/brand/{brand.pk}/change/", query_counts.campaigns(brand)
    )

    assert counts[0] == counts[1], counts


@pytest.mark.parametrize("model", ["campaign", "partnercampaign"])
def test_a_campaigns_page_makes_the_same_queries_at_10_000_numbers(admin_client, model):
    if model == "campaign":
        record = factories.CampaignFactory()
        add = query_counts.numbers(campaign=record)
    else:
        record = factories.PartnerCampaignFactory()
        add = query_counts.numbers(partner=record)

    counts = query_counts.queries_as_rows_grow(
        admin_client, f"/admin/tendlc/{model}/{record.pk}/change/", add
    )

    assert counts[0] == counts[1], counts
