"""The "Numbers assigned" headline counted by the worker, for accounts whose numbers are too many to count on
every load of the home page.

Counting is the exact count of ``tendlc.selectors.dashboard.numbers_assigned_headline``; beat has it done every
5 minutes (the schedule is in the migration that made ``NumbersAssignedCount``). Which count the home page
shows is ``tendlc.selectors.dashboard.numbers_assigned_shown``'s choice.
"""

from django.db import transaction
from django.utils import timezone

from tendlc.models import NumbersAssignedCount
from tendlc.selectors.dashboard import Headline, numbers_assigned_headline


def numbers_assigned_count_record() -> Headline:
    """Count the numbers assigned now, with the week's change, and keep the count for the home page."""
    counted_at = timezone.now()
    # Counted before the transaction: only the replacing of the kept row needs one.
    headline = numbers_assigned_headline(now=counted_at)
    with transaction.atomic():
        NumbersAssignedCount.objects.all().delete()
        NumbersAssignedCount.objects.create(
            counted_at=counted_at, count=headline.count, change=headline.change, since=headline.since
        )
    return headline
