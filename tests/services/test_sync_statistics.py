"""A sync that grew or shrank mirror tables refreshes their planner statistics, so the next run's
statements are planned on what the tables hold; one that changed nothing leaves them alone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.services.sync import sync_all
from tendlc.services.sync._statistics import mirror_statistics_refresh

pytestmark = pytest.mark.django_db(transaction=True)


def analysed(queries: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in queries.captured_queries if query["sql"].startswith("ANALYZE")]


def quoted(table: str) -> str:
    return f"ANALYZE {connection.ops.quote_name(table)}"


def test_a_first_sync_analyses_the_tables_it_filled_and_a_second_none(sync_world):
    sync_world.control.seed(brands=2, campaignsPerBrand=2, numbersPerCampaign=2)

    with CaptureQueriesContext(connection) as first:
        sync_all(client=sync_world.client, per_page=2)
    with CaptureQueriesContext(connection) as second:
        sync_all(client=sync_world.client, per_page=2)

    assert analysed(first) == [
        quoted("tendlc_brand"),
        quoted("tendlc_campaign"),
        quoted("tendlc_phonenumberassignment"),
    ]
    assert analysed(second) == []


@pytest.mark.parametrize(
    ("counts", "tables"),
    [
        ({"phone_numbers": {"created": 0, "updated": 5, "deleted": 0}}, []),
        ({"phone_numbers": {"created": 0, "updated": 0, "deleted": 1}}, ["tendlc_phonenumberassignment"]),
        ({"partner_campaigns": {"created": 2}, "brands": {"unchanged": 4}}, ["tendlc_partnercampaign"]),
    ],
)
def test_only_tables_whose_rows_came_or_went_are_analysed(counts, tables):
    assert mirror_statistics_refresh(counts) == tables
