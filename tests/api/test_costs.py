"""Charges, their forecast and renewals over the API: who may read them, their filters, and the auto-renewal
switch (through the campaign update service, refused for who may only look)."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from tendlc.models import AuditEntry, Campaign, Charge, ChargeKind, ChargeSource
from tests.factories import BrandFactory, CampaignFactory

pytestmark = pytest.mark.django_db


def charge(kind: str, amount: str, day: str, campaign: Campaign) -> Charge:
    return Charge.objects.create(
        kind=kind,
        amount=Decimal(amount),
        charged_at=datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC),
        brand=campaign.brand,
        remote_brand_id=campaign.brand.brand_id,
        campaign=campaign,
        remote_campaign_id=campaign.campaign_id,
        usecase=campaign.usecase,
        source=ChargeSource.EVENT,
        idempotency_key=f"{kind}:{campaign.campaign_id}:{day}",
    )


@pytest.fixture
def api_ledger(db) -> dict[str, Charge]:
    acme, beta = CampaignFactory(), CampaignFactory()
    return {
        "upfront": charge(ChargeKind.CAMPAIGN_UPFRONT, "30.00", "2026-10-03", acme),
        "monthly": charge(ChargeKind.CAMPAIGN_MONTHLY, "10.00", "2026-11-03", acme),
        "other": charge(ChargeKind.CAMPAIGN_MONTHLY, "1.50", "2026-11-20", beta),
    }


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("nobody", 403), ("staff", 200), ("admin", 200)]
)
@pytest.mark.parametrize("path", ["/api/v1/charges/", "/api/v1/charges/forecast/", "/api/v1/renewals/"])
def test_reading_costs_needs_the_campaign_view_permission(api_as, role_user, api_ledger, role, status, path):
    assert api_as(role_user(role)).get(path).status_code == status


def test_a_charge_reads_with_its_amount_links_and_words(api_as, api_staff_user, api_ledger):
    upfront = api_ledger["upfront"]

    body = api_as(api_staff_user).get(f"/api/v1/charges/{upfront.pk}/").json()

    assert {
        name: body[name] for name in ("kind", "kind_label", "amount", "brand", "brand_id", "campaign_id")
    } == {
        "kind": "CAMPAIGN_UPFRONT",
        "kind_label": "Up-front campaign charge (three months)",
        "amount": "30.00",
        "brand": upfront.brand.pk,
        "brand_id": upfront.remote_brand_id,
        "campaign_id": upfront.remote_campaign_id,
    }
    assert body["source_label"] == "Billing event from Telnyx"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("kind=CAMPAIGN_MONTHLY", ["other", "monthly"]),
        ("month=2026-10", ["upfront"]),
        ("month=2026-11&kind=CAMPAIGN_MONTHLY", ["other", "monthly"]),
        ("charged_after=2026-11-10T00:00:00Z", ["other"]),
    ],
)
def test_charges_are_filtered(api_as, api_staff_user, api_ledger, query, expected):
    ids = {charge.pk: name for name, charge in api_ledger.items()}

    body = api_as(api_staff_user).get(f"/api/v1/charges/?{query}").json()

    assert [ids[row["id"]] for row in body["results"]] == expected


def test_charges_are_filtered_by_the_brands_telnyx_id(api_as, api_staff_user, api_ledger):
    brand_id = api_ledger["other"].remote_brand_id

    body = api_as(api_staff_user).get(f"/api/v1/charges/?brand_id={brand_id}").json()

    assert [row["id"] for row in body["results"]] == [api_ledger["other"].pk]


def test_a_month_not_written_as_a_month_is_refused_at_its_parameter(api_as, api_staff_user):
    response = api_as(api_staff_user).get("/api/v1/charges/?month=November")

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["month"]


def test_the_forecast_answers_months_rows_and_totals(api_as, api_staff_user):
    this_month = timezone.now().replace(day=1, hour=12, minute=0, second=0, microsecond=0)
    next_month = (this_month + timedelta(days=32)).replace(day=1)
    CampaignFactory(
        brand=BrandFactory(display_name="Acme API"),
        usecase="EMERGENCY",
        create_date=this_month - timedelta(days=90),
        next_renewal_or_expiration_date=next_month,
    )

    body = api_as(api_staff_user).get("/api/v1/charges/forecast/").json()

    assert body["months"][0] == f"{this_month:%Y-%m-%d}"
    assert [(row["name"], row["campaigns"], row["amounts"]) for row in body["by_usecase"]] == [
        ("Emergency", 1, ["0.00", "5.00", "5.00"])
    ]
    assert (body["totals"], body["total"]) == (["0.00", "5.00", "5.00"], "10.00")


def test_renewals_are_listed_soonest_first_within_a_window(api_as, api_staff_user):
    now = timezone.now()
    near, far = (
        CampaignFactory(next_renewal_or_expiration_date=now + timedelta(days=days)) for days in (5, 50)
    )
    CampaignFactory(next_renewal_or_expiration_date=now - timedelta(days=1))
    api = api_as(api_staff_user)

    everything = api.get("/api/v1/renewals/").json()
    within_30 = api.get("/api/v1/renewals/?within=30").json()

    assert [row["id"] for row in everything["results"]] == [near.pk, far.pk]
    assert [(row["id"], row["renews"], row["monthly_charge"]) for row in within_30["results"]] == [
        (near.pk, True, "10.00")
    ]
    assert api.get("/api/v1/renewals/?within=45").status_code == 400


def test_auto_renewal_is_switched_through_the_api_and_audited(
    api_as, api_staff_user, portal_api, make_portal_campaign, dlc
):
    campaign = make_portal_campaign()

    response = api_as(api_staff_user).post(
        f"/api/v1/renewals/{campaign.pk}/auto-renewal/", {"auto_renewal": "off"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["auto_renewal"], response.json()["renews"]) == (False, False)
    assert dlc.campaign.retrieve(campaign.campaign_id).auto_renewal is False
    assert AuditEntry.objects.get(action="campaign.update").request_summary == {"auto_renewal": False}


def test_a_bad_choice_is_refused_at_its_field(api_as, api_staff_user):
    campaign = CampaignFactory(next_renewal_or_expiration_date=timezone.now() + timedelta(days=5))

    response = api_as(api_staff_user).post(
        f"/api/v1/renewals/{campaign.pk}/auto-renewal/", {"auto_renewal": "maybe"}, format="json"
    )

    assert response.status_code == 400
    assert [error["field"] for error in response.json()["errors"]] == ["auto_renewal"]


def test_who_has_no_role_may_not_switch(api_as, no_role_user):
    campaign = CampaignFactory(next_renewal_or_expiration_date=timezone.now() + timedelta(days=5))

    response = api_as(no_role_user).post(
        f"/api/v1/renewals/{campaign.pk}/auto-renewal/", {"auto_renewal": "off"}, format="json"
    )

    assert response.status_code == 403
    assert Campaign.objects.get(pk=campaign.pk).auto_renewal is None
