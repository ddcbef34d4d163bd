"""Reads of the cost ledger: the charges, filtered as the admin and the API ask, and their totals per month."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth

from tendlc.models import Charge


@dataclass(frozen=True)
class MonthTotal:
    month: date
    total: Decimal
    count: int


def charge_list() -> QuerySet[Charge]:
    return Charge.objects.select_related("brand", "campaign", "webhook_event", "user")


def charge_list_in_month(charges: QuerySet[Charge], month: date) -> QuerySet[Charge]:
    """``charges`` made in the calendar month of ``month``, in the current time zone (the reader's in the
    admin, UTC elsewhere), as ``charge_totals_by_month`` counts them."""
    return charges.filter(charged_at__year=month.year, charged_at__month=month.month)


def charge_totals_by_month(charges: QuerySet[Charge]) -> list[MonthTotal]:
    """The sum and count of ``charges`` per calendar month, newest month first."""
    rows = (
        charges.order_by()
        .annotate(month=TruncMonth("charged_at"))
        .values("month")
        .annotate(total=Sum("amount"), count=Count("id"))
        .order_by("-month")
    )
    return [MonthTotal(_day(row["month"]), row["total"] or Decimal("0"), row["count"]) for row in rows]


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
