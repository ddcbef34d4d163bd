"""Number search: every form a person types a number in finds it by the start of its E.164 form, ids are
matched whole in the case they are written, and on PostgreSQL the prefix is answered by an index."""

import re

import pytest
from django.db import connection, transaction

from tendlc.models import PhoneNumberAssignment
from tendlc.selectors.number_search import number_search_filter, number_search_prefix
from tests.factories import CampaignFactory, PartnerCampaignFactory, PhoneNumberAssignmentFactory


@pytest.mark.parametrize(
    ("typed", "prefix"),
    [
        ("+1 503 555 0101", "+15035550101"),
        ("(503) 555-0101", "+15035550101"),
        ("503.555.0101", "+15035550101"),
        ("5035550101", "+15035550101"),
        ("15035550101", "+15035550101"),
        ("1-503-555-0101", "+15035550101"),
        ("  503555 ", "+1503555"),
        ("+1503", "+1503"),
        ("+44 20 7946 0000", "+442079460000"),
        ("CT00001", None),
        ("4b300000-aaaa", None),
        ("503 555 01O1", None),
        ("() -", None),
        ("", None),
        ("+", None),
        ("50+3", None),
        ("12345678-1234-1234-1234-123456789012", None),
    ],
)
def test_what_is_typed_becomes_the_start_of_an_e164_number(typed, prefix):
    assert number_search_prefix(typed) == prefix


def found(term: str) -> list[str]:
    return sorted(
        PhoneNumberAssignment.objects.filter(number_search_filter(term)).values_list(
            "phone_number", flat=True
        )
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed", ["+1 503 555 0101", "(503) 555-0101", "5035550101", "15035550101", "+15035550101"]
)
def test_a_whole_number_in_any_form_finds_that_number_alone(typed):
    PhoneNumberAssignmentFactory(phone_number="+15035550101")
    PhoneNumberAssignmentFactory(phone_number="+15035550102")
    PhoneNumberAssignmentFactory(phone_number="+12025035550")

    assert found(typed) == ["+15035550101"]


@pytest.mark.django_db
def test_a_prefix_finds_the_numbers_it_starts_and_not_those_it_is_inside():
    PhoneNumberAssignmentFactory(phone_number="+15035550101")
    PhoneNumberAssignmentFactory(phone_number="+15035550102")
    PhoneNumberAssignmentFactory(phone_number="+12025035550")

    assert found("503555") == ["+15035550101", "+15035550102"]
    assert found("+1503") == ["+15035550101", "+15035550102"]
    assert found("555") == []


@pytest.mark.django_db
def test_ids_are_matched_whole_in_either_case():
    campaign = CampaignFactory(tcr_campaign_id="CABC123", campaign_id="4b30aaaa-0000-4000-8000-000000000001")
    ours = PhoneNumberAssignmentFactory(phone_number="+15035550101", campaign=campaign)
    partner = PartnerCampaignFactory(tcr_campaign_id="CPART99", tcr_brand_id="BPART99")
    theirs = PhoneNumberAssignmentFactory(
        phone_number="+15035550102",
        campaign=None,
        partner_campaign=partner,
        telnyx_campaign_id="",
        brand_id="",
        tcr_campaign_id="CPART99",
        tcr_brand_id="BPART99",
    )
    PhoneNumberAssignmentFactory(phone_number="+12025550100")

    assert found("cabc123") == [ours.phone_number]
    assert found("CABC123") == [ours.phone_number]
    assert found("4B30AAAA-0000-4000-8000-000000000001") == [ours.phone_number]
    assert found(campaign.brand.brand_id) == [ours.phone_number]
    assert found("bpart99") == [theirs.phone_number]
    assert found("CABC12") == []


@pytest.mark.django_db
def test_on_postgresql_the_prefix_search_reads_the_prefix_index():
    if connection.vendor != "postgresql":
        pytest.skip(
            "the index plan is PostgreSQL's; this run uses SQLite (set DATABASE_URL to a PostgreSQL one)"
        )
    PhoneNumberAssignmentFactory(phone_number="+15035550101")
    # Numbers enough, and counted, for the planner to know a prefix picks few of them: with one row, or with
    # statistics other tests' rows left, it may as well walk any other index whole and filter.
    PhoneNumberAssignment.objects.bulk_create(
        PhoneNumberAssignment(phone_number=f"+1202555{serial:04d}") for serial in range(2000)
    )
    query = PhoneNumberAssignment.objects.filter(number_search_filter("(503) 555-01")).values("pk")
    sql, params = query.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {PhoneNumberAssignment._meta.db_table}")
        # A small table is read whole whatever its indexes: forbid that to see what the indexes answer.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # An index of the numbers answers the prefix as a range of them (>= or its pattern operator ~>=~, by the
    # index's collation), and nothing is read whole.
    assert re.search(r"Index Cond: .*phone_number\)::text (~>=~|>=) '\+150355501'", plan), plan
    assert "Seq Scan" not in plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("+1209", ["+12090000000", "+12099999999"]),  # the next prefix up is +1210
        ("+1299", ["+12990000000", "+12999999999"]),  # ... and +13 here
        (
            "+1",
            ["+12090000000", "+12099999999", "+12100000000", "+12990000000", "+12999999999", "+19999999999"],
        ),
        ("19999", ["+19999999999"]),  # no prefix above: no upper bound
    ],
)
def test_a_prefix_bounded_as_a_range_finds_exactly_the_numbers_it_starts(typed, expected):
    for number in (
        "+12090000000",
        "+12099999999",
        "+12100000000",
        "+12990000000",
        "+12999999999",
        "+19999999999",
    ):
        PhoneNumberAssignmentFactory(phone_number=number)

    assert found(typed) == expected


@pytest.mark.django_db
def test_on_postgresql_a_page_of_a_prefix_in_number_order_starts_at_the_prefix():
    """Given only the prefix, PostgreSQL read the numbers in order from the smallest, filtering: half a million
    of a million for a prefix in the middle. Bounded, it starts at the first match."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the index plan is PostgreSQL's; this run uses SQLite (set DATABASE_URL to a PostgreSQL one)"
        )
    PhoneNumberAssignment.objects.bulk_create(
        PhoneNumberAssignment(phone_number=f"+1{area}555{serial:04d}")
        for area in (202, 303)
        for serial in range(10_000)
    )
    page = PhoneNumberAssignment.objects.filter(number_search_filter("303555 1")).order_by("phone_number")
    sql, params = page.values("pk")[:100].query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {PhoneNumberAssignment._meta.db_table}")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        [[plan]] = cursor.fetchall()

    def nodes(node):
        yield node
        for child in node.get("Plans", []):
            yield from nodes(child)

    read = sum(
        node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
        for node in nodes(plan[0]["Plan"])
        if "Scan" in node["Node Type"]
    )
    assert [number for (number,) in page.values_list("phone_number")[:100]] == [
        f"+13035551{n:03d}" for n in range(100)
    ]
    assert read <= 200, plan  # the 100 matches, not the 11,000 numbers before them
