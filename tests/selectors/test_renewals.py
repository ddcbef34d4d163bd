"""The renewals read and the forecast's arithmetic: renewal dates counted from the creation day across month
and year ends, auto-renewal off charging nothing, mock and ended campaigns left out."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tendlc.models import Campaign
from tendlc.selectors.renewals import campaign_list_renewing, campaign_renewal_dates, charges_forecast
from tests.factories import BrandFactory, CampaignFactory

pytestmark = pytest.mark.django_db

D = Decimal


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=10, tzinfo=UTC)


def test_renewals_are_counted_from_the_creation_day_across_month_and_year_ends():
    campaign = CampaignFactory(create_date=at("2026-08-31"), next_renewal_or_expiration_date=at("2026-11-30"))

    days = list(campaign_renewal_dates(campaign, since=date(2026, 11, 15), until=date(2027, 3, 1)))

    assert days == [date(2026, 11, 30), date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28)]


def test_the_forecast_charges_each_renewal_in_its_month_per_brand_and_use_case():
    acme, beta = BrandFactory(display_name="Acme"), BrandFactory(display_name="Beta")
    CampaignFactory(
        brand=acme,
        usecase="CUSTOMER_CARE",
        create_date=at("2026-01-31"),
        next_renewal_or_expiration_date=at("2026-12-31"),
    )
    CampaignFactory(
        brand=beta,
        usecase="LOW_VOLUME",
        create_date=at("2026-09-10"),
        next_renewal_or_expiration_date=at("2026-12-10"),
    )

    forecast = charges_forecast(today=date(2026, 12, 7))

    assert forecast.months == (date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1))
    assert [(row.label, row.amounts) for row in forecast.by_brand] == [
        ("Acme", (D("10.00"), D("10.00"), D("10.00"))),
        ("Beta", (D("1.50"), D("1.50"), D("1.50"))),
    ]
    assert [(row.key, row.total) for row in forecast.by_usecase] == [
        ("CUSTOMER_CARE", D("30.00")),
        ("LOW_VOLUME", D("4.50")),
    ]
    assert (forecast.totals, forecast.total) == ((D("11.50"), D("11.50"), D("11.50")), D("34.50"))


def test_a_renewal_before_today_is_not_forecast_but_the_following_ones_are():
    CampaignFactory(create_date=at("2026-09-05"), next_renewal_or_expiration_date=at("2026-12-05"))

    forecast = charges_forecast(today=date(2026, 12, 7))

    assert forecast.totals == (D("0"), D("10.00"), D("10.00"))


@pytest.mark.parametrize(
    "fields",
    [
        {"auto_renewal": False},
        {"mock": True},
        {"status": "EXPIRED"},
        {"campaign_status": "TCR_EXPIRED"},
        {"remote_deleted_at": at("2026-12-01")},
        {"next_renewal_or_expiration_date": None},
    ],
    ids=["auto-renewal off", "mock", "deactivated", "expired", "gone", "no date"],
)
def test_what_is_not_renewed_is_not_forecast(fields):
    CampaignFactory(
        **{"create_date": at("2026-09-20"), "next_renewal_or_expiration_date": at("2026-12-20"), **fields}
    )

    forecast = charges_forecast(today=date(2026, 12, 7))

    assert forecast.total == D("0")


def test_a_campaign_of_a_mock_brand_is_not_forecast():
    CampaignFactory(brand=BrandFactory(mock=True), next_renewal_or_expiration_date=at("2026-12-20"))

    assert charges_forecast(today=date(2026, 12, 7)).by_brand == ()


@pytest.mark.parametrize(
    ("days", "expected"), [(30, ["in 10"]), (60, ["in 10", "in 45"]), (90, ["in 10", "in 45", "in 80"])]
)
def test_the_renewal_windows(days, expected):
    now = timezone.now()
    for offset in (-1, 10, 45, 80, 120):
        CampaignFactory(
            reference_id=f"in {offset}", next_renewal_or_expiration_date=now + timedelta(days=offset)
        )
    CampaignFactory(
        reference_id="ended", status="EXPIRED", next_renewal_or_expiration_date=now + timedelta(days=5)
    )

    renewing = campaign_list_renewing(now=now, days=days, model=Campaign)

    assert [campaign.reference_id for campaign in renewing] == expected
