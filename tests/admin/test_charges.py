"""The cost ledger's pages: filtered by fee and month with the totals per month of what is listed, a CSV of
the selected charges, and the forecast; all read-only, for whoever may see campaigns."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tendlc.models import Charge, ChargeKind, ChargeSource
from tests.factories import BrandFactory, CampaignFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/tendlc/charge/"
FORECAST = f"{LIST}forecast/"


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def charge(kind: str, amount: str, day: str, campaign=None, **fields) -> Charge:
    campaign = campaign or CampaignFactory()
    return Charge.objects.create(
        kind=kind,
        amount=Decimal(amount),
        charged_at=datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC),
        brand=campaign.brand,
        remote_brand_id=campaign.brand.brand_id,
        campaign=campaign,
        remote_campaign_id=campaign.campaign_id,
        usecase=campaign.usecase,
        source=ChargeSource.OPERATION,
        operation="campaign.submit",
        idempotency_key=f"{kind}:{campaign.campaign_id}:{day}",
        **fields,
    )


@pytest.fixture
def ledger(db) -> list[Charge]:
    return [
        charge(ChargeKind.CAMPAIGN_UPFRONT, "30.00", "2026-10-03"),
        charge(ChargeKind.CAMPAIGN_REVIEW, "15.00", "2026-10-03"),
        charge(ChargeKind.CAMPAIGN_MONTHLY, "10.00", "2026-11-03"),
        charge(ChargeKind.CAMPAIGN_MONTHLY, "1.50", "2026-11-20"),
    ]


def totals(response) -> list[tuple[str, int, str]]:
    return [(row["month"], row["count"], row["total"]) for row in response.context["month_totals"]]


def test_the_list_totals_each_month_of_what_it_shows(staff_client, ledger):
    response = staff_client.get(LIST)

    assert response.status_code == 200
    assert totals(response) == [("November 2026", 2, "$11.50"), ("October 2026", 2, "$45.00")]
    text = page_text(response)
    assert "Up-front campaign charge (three months)" in text
    assert "CAMPAIGN_UPFRONT" not in text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?kind__exact=CAMPAIGN_MONTHLY", [("November 2026", 2, "$11.50")]),
        ("?month=2026-10", [("October 2026", 2, "$45.00")]),
        ("?month=2026-10&kind__exact=CAMPAIGN_REVIEW", [("October 2026", 1, "$15.00")]),
    ],
)
def test_the_totals_follow_the_filters(staff_client, ledger, query, expected):
    assert totals(staff_client.get(LIST + query)) == expected


def test_the_month_filter_offers_the_months_that_have_charges(staff_client, ledger):
    response = staff_client.get(LIST)

    month_filter = next(
        spec for spec in response.context["cl"].filter_specs if getattr(spec, "parameter_name", "") == "month"
    )
    assert month_filter.lookup_choices == [("2026-11", "November 2026"), ("2026-10", "October 2026")]


def test_the_brand_filter_narrows_to_one_brand(staff_client, ledger):
    brand = BrandFactory()
    charge(ChargeKind.BRAND_REGISTRATION, "4.50", "2026-10-01", campaign=CampaignFactory(brand=brand))

    response = staff_client.get(f"{LIST}?brand__id__exact={brand.pk}")

    assert totals(response) == [("October 2026", 1, "$4.50")]


def test_the_csv_holds_the_selected_charges_in_plain_words(staff_client, ledger):
    response = staff_client.post(
        LIST, {"action": "export_csv", "_selected_action": [ledger[0].pk, ledger[2].pk]}
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert rows[0][:3] == ["charged", "fee", "amount (USD)"]
    assert [(row[1], row[2], row[5], row[8]) for row in rows[1:]] == [
        ("Monthly campaign charge", "10.00", ledger[2].remote_campaign_id, "Action taken in the portal"),
        (
            "Up-front campaign charge (three months)",
            "30.00",
            ledger[0].remote_campaign_id,
            "Action taken in the portal",
        ),
    ]


def test_nobody_adds_changes_or_deletes_a_charge(admin_client, ledger):
    assert admin_client.get(f"{LIST}add/").status_code == 403
    assert admin_client.post(f"{LIST}{ledger[0].pk}/delete/", {"post": "yes"}).status_code == 403
    assert Charge.objects.count() == 4


def test_the_forecast_page_shows_each_month_per_brand_and_use_case(staff_client):
    today = timezone.localdate()
    CampaignFactory(
        brand=BrandFactory(display_name="Acme Forecast"),
        usecase="CHARITY",
        create_date=timezone.now() - timedelta(days=60),
        next_renewal_or_expiration_date=timezone.now() + timedelta(days=1),
    )

    response = staff_client.get(FORECAST)

    text = page_text(response)
    assert response.status_code == 200
    assert f"{date(today.year, today.month, 1):%B %Y}" in text
    assert "Acme Forecast" in text
    assert "Charity" in text
    assert "$3.00" in text
    assert "CHARITY" not in text


def test_the_ledger_and_forecast_need_the_campaign_view_permission(client, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="pw", is_staff=True)
    client.force_login(user)

    assert client.get(LIST).status_code == 403
    assert client.get(FORECAST).status_code == 403


def test_a_charges_page_reads_in_words_without_its_bookkeeping_key(staff_client, ledger):
    text = page_text(staff_client.get(f"{LIST}{ledger[0].pk}/change/"))

    assert "Up-front campaign charge (three months)" in text
    assert "Customer care" in text
    assert ledger[0].idempotency_key not in text
