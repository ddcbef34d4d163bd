"""Reads about renewals: which campaigns renew or expire soon, and what the next months will cost.

A campaign is billed from submission until it is deactivated, whatever its review stage, so every campaign
still active counts ("live"). At its renewal date a campaign with auto-renewal on is charged its use case's
monthly fee and renews for a month; with auto-renewal off it expires there and is never charged again.
Renewals are counted from the day of the month the campaign was created, or the month's last day when
shorter, as Telnyx counts them: a campaign created on 31 January renews on 30 April, then 31 May.
"""

import calendar
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import TypeVar

from django.db.models import Q, QuerySet

from tendlc import fees
from tendlc.choices import CampaignActivity, CampaignStatus, Usecase, label_of
from tendlc.models import Campaign

CampaignT = TypeVar("CampaignT", bound=Campaign)

RENEWAL_WINDOWS = (30, 60, 90)
FORECAST_MONTHS = 3


def campaign_list_live(model: type[CampaignT]) -> QuerySet[CampaignT]:
    """Campaigns still billed: not deactivated, not expired, not gone from the API. ``model`` is Campaign or a
    proxy of it (the renewals list's rows)."""
    return (
        model.objects.filter(remote_deleted_at=None)
        .exclude(status=CampaignActivity.EXPIRED)
        .exclude(campaign_status=CampaignStatus.TCR_EXPIRED)
        .select_related("brand")
    )


def campaign_list_renewing(
    *,
    now: datetime,
    days: int | None,
    model: type[CampaignT],
) -> QuerySet[CampaignT]:
    """Live campaigns renewing or expiring from ``now`` on, within ``days`` days when given, soonest first."""
    campaigns = campaign_list_live(model).filter(next_renewal_or_expiration_date__gte=now)
    if days is not None:
        campaigns = campaigns.filter(next_renewal_or_expiration_date__lt=now + timedelta(days=days))
    return campaigns.order_by("next_renewal_or_expiration_date", "pk")


def campaign_renews(campaign: Campaign) -> bool:
    """Whether the campaign renews at its date: auto-renewal is on unless it was switched off."""
    return campaign.auto_renewal is not False


def campaign_monthly_charge(campaign: Campaign) -> Decimal:
    """What one month of the campaign costs: nothing for a mock campaign."""
    if campaign.mock or campaign.brand.mock:
        return Decimal("0.00")
    return fees.monthly_fee(campaign.usecase)


# --- forecast ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForecastRow:
    """What one brand or use case will be charged in each forecast month."""

    key: str
    label: str
    campaigns: int
    amounts: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts, Decimal("0"))


@dataclass(frozen=True)
class Forecast:
    months: tuple[date, ...]  # the first day of each month forecast
    by_brand: tuple[ForecastRow, ...]
    by_usecase: tuple[ForecastRow, ...]
    totals: tuple[Decimal, ...]

    @property
    def total(self) -> Decimal:
        return sum(self.totals, Decimal("0"))


def month_add(day: date, months: int, on_day: int) -> date:
    """The date ``months`` calendar months after ``day``'s month, on ``on_day`` or the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(on_day, calendar.monthrange(year, month)[1]))


def campaign_renewal_dates(campaign: Campaign, *, since: date, until: date) -> Iterator[date]:
    """The dates from ``since`` (included) to ``until`` (excluded) on which the campaign is charged a month."""
    renewal = campaign.next_renewal_or_expiration_date
    if renewal is None or not campaign_renews(campaign):
        return
    first = renewal.astimezone(UTC).date()
    on_day = campaign.create_date.astimezone(UTC).day if campaign.create_date else first.day
    step = 0
    while (day := month_add(first, step, on_day) if step else first) < until:
        if day >= since:
            yield day
        step += 1


FORECAST_FIELDS = (
    "mock",
    "usecase",
    "auto_renewal",
    "create_date",
    "next_renewal_or_expiration_date",
    "brand__mock",
    "brand__display_name",
    "brand__brand_id",
)


def charges_forecast(*, today: date, months: int = FORECAST_MONTHS) -> Forecast:
    """The monthly charges of live campaigns in this calendar month (from ``today``) and the following ones,
    per brand and per use case."""
    starts = tuple(month_add(today.replace(day=1), step, 1) for step in range(months))
    until = month_add(starts[-1], 1, 1)
    index = {(start.year, start.month): position for position, start in enumerate(starts)}
    brands: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0")] * months)
    usecases: dict[str, list[Decimal]] = defaultdict(lambda: [Decimal("0")] * months)
    brand_labels: dict[str, str] = {}
    brand_campaigns: dict[str, int] = defaultdict(int)
    usecase_campaigns: dict[str, int] = defaultdict(int)
    # Only what the arithmetic and the labels read: whole rows of thousands of campaigns and their brands took
    # seconds to build into objects.
    live = campaign_list_live(Campaign).filter(~Q(mock=True), ~Q(brand__mock=True))
    for campaign in live.only(*FORECAST_FIELDS):
        fee = campaign_monthly_charge(campaign)
        brand_key = campaign.brand_id or ""
        brand_labels[brand_key] = str(campaign.brand)
        brand_campaigns[brand_key] += 1
        usecase_campaigns[campaign.usecase] += 1
        for day in campaign_renewal_dates(campaign, since=today, until=until):
            position = index[(day.year, day.month)]
            brands[brand_key][position] += fee
            usecases[campaign.usecase][position] += fee
    totals = [Decimal("0")] * months
    for amounts in brands.values():
        totals = [total + amount for total, amount in zip(totals, amounts, strict=True)]
    return Forecast(
        months=starts,
        by_brand=tuple(
            sorted(
                (
                    ForecastRow(key, brand_labels[key], brand_campaigns[key], tuple(brands[key]))
                    for key in brand_campaigns
                ),
                key=lambda row: (-row.total, row.label),
            )
        ),
        by_usecase=tuple(
            sorted(
                (
                    ForecastRow(key, label_of(Usecase, key), usecase_campaigns[key], tuple(usecases[key]))
                    for key in usecase_campaigns
                ),
                key=lambda row: (-row.total, row.label),
            )
        ),
        totals=tuple(totals),
    )
