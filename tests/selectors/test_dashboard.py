"""The dashboard's headline counts and their change over the week, from when rows appeared and went (brands,
numbers) or from the campaign status history (campaigns by stage)."""

from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from tendlc.models import Brand, NumbersAssignedCount, PhoneNumberAssignment
from tendlc.selectors import dashboard
from tendlc.selectors.dashboard import (
    COUNT_FRESH_FOR,
    Headline,
    brands_headline,
    campaign_stage_headlines,
    numbers_assigned_headline,
    numbers_assigned_shown,
)
from tendlc.services.dashboard_counts import numbers_assigned_count_record
from tendlc.tasks.dashboard import count_numbers_assigned
from tests.factories import BrandFactory, PhoneNumberAssignmentFactory

NOW = datetime.fromisoformat("2026-12-06T12:00:00+00:00")
TODAY = NOW.date()


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def recorded(row: Brand | PhoneNumberAssignment, days: float) -> None:
    """The portal first stored ``row`` ``days`` ago (recorded_at is set on insert, so it is written after)."""
    type(row).objects.filter(pk=row.pk).update(recorded_at=days_ago(days))


@pytest.mark.django_db
def test_brands_are_counted_now_and_a_week_ago_from_when_they_appeared_and_went():
    BrandFactory(created_at=days_ago(30))  # here all along
    BrandFactory(created_at=days_ago(2))  # new this week
    BrandFactory(created_at=days_ago(1))  # new this week
    BrandFactory(created_at=days_ago(20), remote_deleted_at=days_ago(3))  # gone this week
    BrandFactory(created_at=days_ago(2), remote_deleted_at=days_ago(1))  # came and went: neither
    BrandFactory(created_at=days_ago(40), remote_deleted_at=days_ago(10))  # gone before: neither
    recorded(BrandFactory(created_at=None), 10)  # no remote creation time: the portal's own counts
    BrandFactory(brand_id=None, created_at=None)  # a draft: not a registered brand

    headline, every = brands_headline(now=NOW)

    # Now: the three here all along or new, and the one known from the portal's record; a week ago: the one
    # here all along, the one gone since, and the portal's.
    assert headline == Headline(count=4, change=+1, since=TODAY - timedelta(days=7))
    assert every == 8


@pytest.mark.django_db
def test_a_new_account_has_no_brand_at_all():
    assert brands_headline(now=NOW) == (Headline(count=0, change=0, since=TODAY - timedelta(days=7)), 0)


@pytest.mark.django_db
def test_numbers_assigned_are_counted_now_and_a_week_ago():
    PhoneNumberAssignmentFactory(created_at=days_ago(30))  # assigned all along
    PhoneNumberAssignmentFactory(created_at=days_ago(2))  # assigned this week
    PhoneNumberAssignmentFactory(created_at=days_ago(30), assignment_status="PENDING_UNASSIGNMENT")  # leaving
    PhoneNumberAssignmentFactory(created_at=days_ago(30), assignment_status="FAILED_UNASSIGNMENT")  # leaving
    PhoneNumberAssignmentFactory(created_at=days_ago(20), remote_deleted_at=days_ago(3))  # removed this week
    PhoneNumberAssignmentFactory(created_at=days_ago(30), assignment_status="FAILED_ASSIGNMENT")  # never on
    PhoneNumberAssignmentFactory(created_at=days_ago(2), assignment_status="PENDING_ASSIGNMENT")  # not yet on
    recorded(PhoneNumberAssignmentFactory(created_at=None), 1)  # no remote time: when the portal saw it

    # Now: the one all along, the new one and the one the portal saw yesterday; a week ago: the one all along,
    # the two leaving and the one removed since.
    assert numbers_assigned_headline(now=NOW) == Headline(count=3, change=-1, since=TODAY - timedelta(days=7))


@pytest.mark.django_db
def test_the_worker_keeps_the_exact_count_with_its_change_and_when_it_counted():
    PhoneNumberAssignmentFactory(created_at=days_ago(30))
    PhoneNumberAssignmentFactory(created_at=days_ago(2))
    NumbersAssignedCount.objects.create(counted_at=days_ago(1), count=7)  # the count before: replaced

    before = timezone.now()
    assert count_numbers_assigned.apply().get() == 2

    kept = NumbersAssignedCount.objects.get()
    assert before <= kept.counted_at <= timezone.now()
    assert (kept.count, kept.change, kept.since) == (2, +1, (kept.counted_at - timedelta(days=7)).date())


@pytest.fixture
def large_account(monkeypatch):
    """An account past the live-count limit, made small: three numbers are "many" here."""
    monkeypatch.setattr(dashboard, "LIVE_COUNT_LIMIT", 3)
    for _ in range(3):
        PhoneNumberAssignmentFactory(created_at=days_ago(30))


@pytest.mark.django_db
@pytest.mark.usefixtures("large_account")
def test_an_account_with_many_numbers_is_shown_the_workers_recent_count_and_when_it_was_made():
    numbers_assigned_count_record()  # 3 numbers, counted a moment ago
    PhoneNumberAssignmentFactory(created_at=days_ago(1))  # assigned since: in the next count

    shown = numbers_assigned_shown()

    assert (shown.count, shown.change) == (3, 0)
    assert shown.counted_at == NumbersAssignedCount.objects.get().counted_at


@pytest.mark.django_db
@pytest.mark.usefixtures("large_account")
def test_a_count_no_worker_renewed_is_not_shown_the_numbers_are_counted_instead():
    numbers_assigned_count_record()
    NumbersAssignedCount.objects.update(counted_at=NOW - COUNT_FRESH_FOR - timedelta(seconds=1))
    PhoneNumberAssignmentFactory(created_at=days_ago(1))

    assert numbers_assigned_shown(now=NOW) == numbers_assigned_headline(now=NOW)
    assert numbers_assigned_shown(now=NOW).count == 4


@pytest.mark.django_db
def test_an_account_with_few_numbers_is_counted_on_every_load_whatever_the_worker_counted():
    PhoneNumberAssignmentFactory(created_at=days_ago(30))
    numbers_assigned_count_record()
    PhoneNumberAssignmentFactory(created_at=days_ago(1))  # assigned a moment ago: counted at once

    shown = numbers_assigned_shown()

    assert (shown.count, shown.counted_at) == (2, None)


def day(days: int) -> date:
    return TODAY - timedelta(days=days)


@pytest.mark.parametrize(
    ("history", "expected"),
    [
        pytest.param(
            [
                (day(10), {"MNO_PROVISIONED": 1}),
                (day(7), {"MNO_PROVISIONED": 2, "TCR_PENDING": 3, "TELNYX_FAILED": 1}),
                (day(3), {"MNO_PROVISIONED": 9}),
                (day(0), {"MNO_PROVISIONED": 5, "MNO_PENDING": 1, "TCR_ACCEPTED": 1, "MNO_REJECTED": 2}),
            ],
            {
                "active": Headline(5, +3, day(7)),
                "in_review": Headline(2, -1, day(7)),
                "rejected": Headline(2, +1, day(7)),
            },
            id="measured from a week ago",
        ),
        pytest.param(
            [(day(12), {"MNO_PROVISIONED": 4}), (day(5), {}), (day(0), {"MNO_PROVISIONED": 1})],
            {
                "active": Headline(1, -3, day(12)),
                "in_review": Headline(0, 0, day(12)),
                "rejected": Headline(0, 0, day(12)),
            },
            id="no day recorded a week ago: the nearest older one",
        ),
        pytest.param(
            [
                (day(3), {"TCR_PENDING": 2}),
                (day(0), {"TCR_PENDING": 1, "MNO_PROVISIONED": 1, "TCR_EXPIRED": 4}),
            ],
            {
                "active": Headline(1, +1, day(3)),
                "in_review": Headline(1, -1, day(3)),
                "rejected": Headline(0, 0, day(3)),
            },
            id="history younger than a week: from its first day",
        ),
        pytest.param(
            [(day(0), {"MNO_PROVISIONED": 2})],
            {"active": Headline(2), "in_review": Headline(0), "rejected": Headline(0)},
            id="today only: no change known",
        ),
        pytest.param(
            [], {"active": Headline(0), "in_review": Headline(0), "rejected": Headline(0)}, id="none"
        ),
    ],
)
def test_campaign_stages_change_from_the_recorded_day_nearest_a_week_ago(history, expected):
    assert campaign_stage_headlines(history) == expected
