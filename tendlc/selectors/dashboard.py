"""The dashboard's reads: the headline counts with their change over the last week, and the campaign status
history the chart draws.

A change is the count now less the count a week ago. Brands and numbers keep when each row appeared
(``created_at`` at Telnyx, else when the portal first stored it) and when it went (``remote_deleted_at``), so
their count at any moment is known. A campaign's status is not kept per moment; the campaign status history
(one row per day and status, written by each full sync) is, so a stage's change is measured from the recorded
day nearest a week ago, or the oldest recorded day when the history is younger than a week.

Numbers are the one count that grows into the millions. Counting them took hundreds of milliseconds at a
million numbers, so for an account past ``LIVE_COUNT_LIMIT`` the home page shows the count a worker made
within ``COUNT_FRESH_FOR`` (``tendlc.services.dashboard_counts``, every 5 minutes), saying when it was made;
below that, or with no recent count (no worker running), it counts them itself on every load.

Every function costs a fixed number of queries, whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from tendlc.choices import AssignmentStatus
from tendlc.models import Brand, CampaignStatusCount, NumbersAssignedCount, PhoneNumberAssignment
from tendlc.selectors.campaigns import ACTIVE, IN_REVIEW, REJECTED, CampaignStage, campaign_status_counts_now

WEEK = timedelta(days=7)
# Below this many numbers the home page counts them on every load (tens of milliseconds at most).
LIVE_COUNT_LIMIT = 100_000
# A worker's count older than this (three counts missed: no worker or beat running) is not shown.
COUNT_FRESH_FOR = timedelta(minutes=15)
History = list[tuple[date, dict[str, int]]]


@dataclass(frozen=True)
class Headline:
    """A count now and its change since ``since`` (None when nothing earlier is known)."""

    count: int
    change: int | None = None
    since: date | None = None
    # When a worker counted it; None when counted for this page.
    counted_at: datetime | None = None


def present_at(moment: datetime) -> Q:
    """Rows that existed at ``moment``: appeared by then and not yet gone."""
    return Q(appeared__lte=moment) & (Q(remote_deleted_at=None) | Q(remote_deleted_at__gt=moment))


def brands_headline(*, now: datetime | None = None) -> tuple[Headline, int]:
    """Submitted brands not gone, with their change over the week; and how many brands there are at all,
    drafts and gone ones included (none: the account is new). One query."""
    now = now or timezone.now()
    week_ago = now - WEEK
    counts = Brand.objects.annotate(appeared=Coalesce("created_at", "recorded_at")).aggregate(
        every=Count("pk"),
        now=Count("pk", filter=Q(brand_id__isnull=False, remote_deleted_at=None)),
        then=Count("pk", filter=Q(brand_id__isnull=False) & present_at(week_ago)),
    )
    headline = Headline(counts["now"], counts["now"] - counts["then"], week_ago.date())
    return headline, counts["every"]


# Numbers that never were on their campaign: the assignment is under way, or it failed.
NEVER_ASSIGNED = (AssignmentStatus.PENDING_ASSIGNMENT, AssignmentStatus.FAILED_ASSIGNMENT)
# Numbers that were on their campaign and are not now assigned: on their way off it, or status not known.
LEAVING = (AssignmentStatus.PENDING_UNASSIGNMENT, AssignmentStatus.FAILED_UNASSIGNMENT, "")


def appeared_after(moment: datetime) -> Q:
    """Rows that appeared after ``moment``, written so that the indexes on both dates serve it."""
    return Q(created_at__gt=moment) | Q(created_at=None, recorded_at__gt=moment)


def numbers_assigned_headline(*, now: datetime | None = None) -> Headline:
    """Numbers assigned to a campaign now, with their change over the week. A number counts as assigned a week
    ago when its assignment existed then and it has been on its campaign since (its status then is not kept:
    one now pending or failed removal was still assigned).

    Two queries, neither reading every number: the count now comes from the index of live numbers by status
    (``assignment_live_status``); the count a week ago is that count less what changed since, and what changed
    is few rows, found by their dates and statuses:

        then = assigned now + leaving now - appeared this week (and ever assigned) + gone this week
    """
    now = now or timezone.now()
    week_ago = now - WEEK
    live = PhoneNumberAssignment.objects.filter(remote_deleted_at=None)
    assigned = live.filter(assignment_status=AssignmentStatus.ASSIGNED).count()
    ever_assigned = ~Q(assignment_status__in=NEVER_ASSIGNED)
    leaving = Q(remote_deleted_at=None, assignment_status__in=LEAVING)
    appeared = Q(remote_deleted_at=None) & appeared_after(week_ago) & ever_assigned
    gone = Q(remote_deleted_at__gt=week_ago) & ~appeared_after(week_ago) & ever_assigned
    changed = PhoneNumberAssignment.objects.filter(leaving | appeared | gone).aggregate(
        leaving=Count("pk", filter=leaving),
        appeared=Count("pk", filter=appeared),
        gone=Count("pk", filter=gone),
    )
    then = assigned + changed["leaving"] - changed["appeared"] + changed["gone"]
    return Headline(assigned, assigned - then, week_ago.date())


def numbers_assigned_shown(*, now: datetime | None = None) -> Headline:
    """The "Numbers assigned" headline the home page shows: the worker's recent count of an account past
    ``LIVE_COUNT_LIMIT``, else counted now. One query, or three."""
    now = now or timezone.now()
    recorded = NumbersAssignedCount.objects.order_by("-counted_at").first()
    if recorded and recorded.count >= LIVE_COUNT_LIMIT and recorded.counted_at >= now - COUNT_FRESH_FOR:
        return Headline(recorded.count, recorded.change, recorded.since, recorded.counted_at)
    return numbers_assigned_headline(now=now)


def campaign_stage_headlines(history: History) -> dict[str, Headline]:
    """Campaigns per stage now (the history's last day, today) with the change since the recorded day nearest
    a week before it: no query. With no earlier day recorded, no change is known."""
    if not history:
        return {stage.key: Headline(0) for stage in (ACTIVE, IN_REVIEW, REJECTED)}
    today, now = history[-1]
    earlier = history[:-1]
    week_or_older = [(day, counts) for day, counts in earlier if day <= today - WEEK]
    baseline = week_or_older[-1] if week_or_older else (earlier[0] if earlier else None)

    def headline(stage: CampaignStage) -> Headline:
        count = stage_count(stage, now)
        if baseline is None:
            return Headline(count)
        day, counts = baseline
        return Headline(count, count - stage_count(stage, counts), day)

    return {stage.key: headline(stage) for stage in (ACTIVE, IN_REVIEW, REJECTED)}


def stage_count(stage: CampaignStage, counts: dict[str, int]) -> int:
    return sum(counts.get(status, 0) for status in stage.statuses)


def campaign_status_history(*, days: int = 30, today: date | None = None) -> History:
    """Campaigns per status for each of the last ``days`` days: recorded days as stored, today as it is now.
    Days without a record (no sync ran) are left out rather than shown as zero. Two queries."""
    today = today or timezone.now().date()
    first = today - timedelta(days=days - 1)
    by_day: dict[date, dict[str, int]] = {}
    for row in CampaignStatusCount.objects.filter(day__gte=first, day__lt=today):
        by_day.setdefault(row.day, {})[row.campaign_status] = row.count
    by_day[today] = campaign_status_counts_now()
    return sorted(by_day.items())
