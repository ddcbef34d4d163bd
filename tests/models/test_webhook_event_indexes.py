"""The webhook events table keeps only the indexes its queries read, since every webhook Telnyx posts writes
each of them; and on PostgreSQL the searches and filters still read an index rather than the whole table."""

import re
from datetime import UTC, datetime

import pytest
from django.db import connection, transaction
from django.db.models import Q

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.selectors.webhook_event_search import webhook_event_search_filter

pytestmark = pytest.mark.django_db

TABLE = WebhookEvent._meta.db_table
# Name and definition of every index of the table, as pg_indexes words it after "USING".
INDEXES = {
    "tendlc_webhookevent_pkey": "UNIQUE btree (id)",
    "webhook_event_once_per_id": "UNIQUE btree (event_id)",
    "webhook_event_once_per_body": "UNIQUE btree (body_hash)",
    "webhook_event_campaign": "btree (campaign_id)",
    "webhook_event_brand": "btree (brand_id)",
    "webhook_event_type": "btree (event_type)",
    "webhook_event_payload_type": "btree (payload_type)",
    "webhook_event_number_prefix": "btree (phone_number varchar_pattern_ops)",
    "tendlc_webhookevent_occurred_at_1dec2b8c": "btree (occurred_at)",
    "webhook_event_due": "btree (state, next_attempt_at)",
    "webhook_event_newest_first": "btree (received_at DESC, id DESC)",
}
EVENT_ID = "a1b2c3d4-0000-4000-8000-000000000001"


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "the indexes and plans are PostgreSQL's; this run uses SQLite (set DATABASE_URL to a PostgreSQL one)"
        )


def test_the_table_has_exactly_the_indexes_its_queries_read():
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [TABLE])
        found = {
            name: re.sub(r"^CREATE (UNIQUE )?INDEX .* USING ", r"\1", definition)
            for name, definition in cursor.fetchall()
        }

    # A varchar_pattern_ops index besides any of these (what db_index or unique=True on a text column brings
    # back) is one more write for every webhook stored.
    assert found == INDEXES


@pytest.fixture
def events():
    """Events enough, and counted, for the planner to know a number prefix or an id picks few of them."""
    WebhookEvent.objects.create(
        event_id=EVENT_ID, body_hash="1" * 64, body="{}", phone_number="+15035550101", campaign_id="CPART01"
    )
    WebhookEvent.objects.bulk_create(
        WebhookEvent(
            event_id=f"evt-{serial:05d}",
            body_hash=f"{serial:064d}",
            body="{}",
            event_type="10dlc.phone_number.update",
            campaign_id=f"4b30aaaa-0000-4000-8000-{serial % 50:012d}",
            brand_id=f"B{serial % 20:06d}",
            phone_number=f"+1202555{serial:04d}",
            state=WebhookEventState.PROCESSED,
        )
        for serial in range(2000)
    )


def plan_of(where: Q) -> str:
    sql, params = WebhookEvent.objects.filter(where).values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
        # A small table is read whole whatever its indexes: forbid that to see what the indexes answer.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("where", "indexes"),
    [
        pytest.param(
            webhook_event_search_filter("(503) 555-01"), ["webhook_event_number_prefix"], id="number prefix"
        ),
        pytest.param(
            webhook_event_search_filter(EVENT_ID.upper()),
            [
                "webhook_event_once_per_id",
                "webhook_event_campaign",
                "webhook_event_brand",
                "webhook_event_once_per_body",
            ],
            id="whole id",
        ),
        pytest.param(
            Q(phone_number="+15035550101"), ["webhook_event_number_prefix"], id="number, as coalesced"
        ),
        pytest.param(Q(state=WebhookEventState.NEEDS_REVIEW), ["webhook_event_due"], id="state"),
        pytest.param(
            Q(received_at__lt=datetime(2000, 1, 1, tzinfo=UTC)), ["webhook_event_newest_first"], id="received"
        ),
    ],
)
def test_searches_and_filters_read_an_index(events, where, indexes):
    plan = plan_of(where)

    assert [name for name in indexes if not re.search(rf"\b{name}\b", plan)] == [], plan
    assert "Seq Scan" not in plan, plan


def test_the_number_prefix_is_a_range_of_the_pattern_index(events):
    plan = plan_of(webhook_event_search_filter("(503) 555-01"))

    assert re.search(r"Index Cond: .*phone_number\)::text ~>=~ '\+150355501'", plan), plan
