"""Time in each status, computed from a record's entries and its creation time."""

from datetime import UTC, datetime, timedelta

import pytest

from tendlc.models import StatusChange
from tendlc.selectors.timeline import period_start, status_spells, time_in_status

CREATED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def change(
    hours: float, old: str, new: str, *, field: str = "campaign_status", carrier: str = ""
) -> StatusChange:
    return StatusChange(
        changed_at=CREATED + timedelta(hours=hours),
        field=field,
        carrier=carrier,
        old_value=old,
        new_value=new,
    )


def test_a_record_without_changes_has_been_in_its_status_since_it_was_created():
    spells = status_spells(
        [],
        field="campaign_status",
        current="TCR_PENDING",
        created_at=CREATED,
        now=CREATED + timedelta(hours=5),
    )

    assert [(s.value, s.since, s.until, s.duration) for s in spells] == [
        ("TCR_PENDING", CREATED, None, timedelta(hours=5))
    ]


def test_each_status_lasts_from_its_change_to_the_next_and_the_current_one_until_now():
    entries = [
        change(30, "MNO_PENDING", "MNO_PROVISIONED"),
        change(2, "TCR_PENDING", "MNO_PENDING"),
        change(40, "APPROVED", "SUSPENDED", field="operation_status", carrier="T-Mobile"),
        change(50, "MNO_PROVISIONED", "MNO_PENDING"),
        change(51, "MNO_PENDING", "MNO_PROVISIONED"),
    ]

    spells = status_spells(
        entries,
        field="campaign_status",
        current="MNO_PROVISIONED",
        created_at=CREATED,
        now=CREATED + timedelta(hours=60),
    )

    assert [(s.value, s.duration / timedelta(hours=1), s.until is None) for s in spells] == [
        ("TCR_PENDING", 2, False),
        ("MNO_PENDING", 28, False),
        ("MNO_PROVISIONED", 20, False),
        ("MNO_PENDING", 1, False),
        ("MNO_PROVISIONED", 9, True),
    ]
    assert time_in_status(spells) == {
        "TCR_PENDING": timedelta(hours=2),
        "MNO_PENDING": timedelta(hours=29),
        "MNO_PROVISIONED": timedelta(hours=29),
    }


def test_a_carriers_spells_are_its_own():
    entries = [
        change(40, "APPROVED", "SUSPENDED", field="operation_status", carrier="T-Mobile"),
        change(41, "REVIEW", "APPROVED", field="operation_status", carrier="AT&T"),
    ]

    spells = status_spells(
        entries,
        field="operation_status",
        carrier="T-Mobile",
        current="SUSPENDED",
        created_at=CREATED,
        now=CREATED + timedelta(hours=48),
    )

    assert time_in_status(spells) == {"APPROVED": timedelta(hours=40), "SUSPENDED": timedelta(hours=8)}


def test_a_change_stamped_before_the_records_creation_counts_from_the_creation():
    """A remote creation time later than the portal's clock at the change must not make a negative stretch."""
    spells = status_spells(
        [change(-1, "TCR_PENDING", "MNO_PENDING")],
        field="campaign_status",
        current="MNO_PENDING",
        created_at=CREATED,
        now=CREATED + timedelta(hours=3),
    )

    assert [(s.value, s.duration) for s in spells] == [
        ("TCR_PENDING", timedelta(0)),
        ("MNO_PENDING", timedelta(hours=3)),
    ]


@pytest.mark.parametrize(
    ("period", "start"),
    [
        ("today", datetime(2026, 3, 18, 0, 0, tzinfo=UTC)),
        ("week", datetime(2026, 3, 12, 0, 0, tzinfo=UTC)),
        ("month", datetime(2026, 3, 1, 0, 0, tzinfo=UTC)),
    ],
)
def test_periods_start_at_local_midnight(settings, period, start):
    settings.TIME_ZONE = "UTC"

    assert period_start(period, now=datetime(2026, 3, 18, 15, 30, tzinfo=UTC)) == start
