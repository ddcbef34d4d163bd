"""The cost ledger: each fee recorded once, from billing events and from the actions that incur it, at the
amounts the sandbox's own account charges (two readings of Telnyx's fees article that must agree)."""

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from tendlc.models import Campaign, Charge, ChargeKind, ChargeSource, WebhookEvent
from tendlc.sandbox.renewal import BILLED
from tendlc.selectors.renewals import campaign_list_live, charges_forecast
from tendlc.services.brands import brand_create, brand_vetting_order
from tendlc.services.campaign_actions import campaign_appeal, campaign_update
from tendlc.services.campaign_builder import campaign_builder_submit
from tendlc.services.charges import (
    charges_record_for_brand_registration,
    charges_record_for_campaign_submission,
    charges_record_for_event,
)
from tendlc.services.webhooks import webhook_event_process, webhook_event_replay, webhook_event_store
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.campaigns import CLEAN_CONTENT, qualify
from tests.services.test_brands import new_brand
from tests.webhooks.conftest import encode, envelope

pytestmark = pytest.mark.django_db

RUN_ID = "fedcba9876543210fedcba9876543210"
DAY = 86_400
# From submission past the first renewal: the three months paid up front, and a few days more.
PAST_FIRST_RENEWAL = 95 * DAY


def ledger(**lookup) -> list[tuple[str, Decimal]]:
    return sorted(Charge.objects.filter(**lookup).values_list("kind", "amount"))


def sandbox_charges(sandbox_control, campaign_id: str) -> list[tuple[str, Decimal]]:
    account = sandbox_control.get(f"/account?campaignId={campaign_id}").json
    return sorted((charge["kind"], Decimal(charge["amount"])) for charge in account["charges"])


def deliveries(sandbox, event_type: str) -> list[dict]:
    rows = sandbox.store.all("SELECT payload FROM webhook_deliveries ORDER BY id")
    return [
        json.loads(row["payload"])
        for row in rows
        if json.loads(row["payload"])["payload"].get("eventType") == event_type
    ]


def deliver(data: dict) -> tuple[WebhookEvent, bool]:
    document = {"data": data, "meta": {"attempt": 1}}
    return webhook_event_store(body=encode(document).decode(), document=document)


def submitted(brand, client, user, **content) -> Campaign:
    return campaign_builder_submit(
        brand=brand,
        qualification=qualify(brand, client),
        content={**CLEAN_CONTENT, **content},
        run_id=RUN_ID,
        override_reason="",
        user=user,
        client=client,
    )


# --- a billing cycle on the sandbox clock ---------------------------------------------------------------------


def test_a_billing_cycle_ends_as_one_ledger_line_even_delivered_twice(
    registered_brand, tendlc_client, staff_user, advance, sandbox, sandbox_control
):
    campaign = submitted(registered_brand, tendlc_client, staff_user)
    advance(PAST_FIRST_RENEWAL)
    [billed] = deliveries(sandbox, "CAMPAIGN_BILLED")

    event, new = deliver(billed)
    again, repeated = deliver(billed)
    webhook_event_process(event=event, client=tendlc_client)
    webhook_event_replay(event=again, client=tendlc_client)
    # The same charge relayed under another event id is still the same billing period.
    copy, _ = deliver({**billed, "id": "another-delivery-of-the-same-charge"})
    webhook_event_process(event=copy, client=tendlc_client)

    assert (new, repeated, again.pk) == (True, False, event.pk)
    monthly = Charge.objects.get(kind=ChargeKind.CAMPAIGN_MONTHLY)
    assert (monthly.amount, monthly.campaign, monthly.source, monthly.webhook_event) == (
        Decimal("10.00"),
        campaign,
        ChargeSource.EVENT,
        event,
    )
    assert monthly.brand == registered_brand
    assert ledger(campaign=campaign) == sandbox_charges(sandbox_control, campaign.campaign_id)
    assert ledger(campaign=campaign) == [
        ("CAMPAIGN_MONTHLY", Decimal("10.00")),
        ("CAMPAIGN_REVIEW", Decimal("15.00")),
        ("CAMPAIGN_UPFRONT", Decimal("30.00")),
    ]


def test_a_campaign_not_renewed_expires_with_no_monthly_charge_and_leaves_the_forecast(
    registered_brand, tendlc_client, staff_user, advance, sandbox, sandbox_control
):
    campaign = submitted(registered_brand, tendlc_client, staff_user)
    renewal_day = campaign.next_renewal_or_expiration_date.date()
    renewing = charges_forecast(today=renewal_day).total
    campaign_update(campaign=campaign, values={"auto_renewal": False}, user=staff_user, client=tendlc_client)
    assert (renewing, charges_forecast(today=renewal_day).total) == (Decimal("30.00"), Decimal("0"))

    advance(PAST_FIRST_RENEWAL)
    [expired] = deliveries(sandbox, "CAMPAIGN_EXPIRED")
    webhook_event_process(event=deliver(expired)[0], client=tendlc_client)

    assert deliveries(sandbox, "CAMPAIGN_BILLED") == []
    campaign.refresh_from_db()
    assert (campaign.status, campaign.campaign_status) == ("EXPIRED", "TCR_EXPIRED")
    assert list(campaign_list_live(Campaign)) == []
    assert ledger(campaign=campaign) == sandbox_charges(sandbox_control, campaign.campaign_id)
    assert ledger(kind=ChargeKind.CAMPAIGN_MONTHLY) == []


def billed_event(campaign_id: str, description: str, **payload) -> WebhookEvent:
    document = envelope(
        {"campaignId": campaign_id, "type": "TCR_EVENT", "eventType": "CAMPAIGN_BILLED", **payload}
        | {"description": description}
    )
    event, _ = webhook_event_store(body=encode(document).decode(), document=document)
    return event


def test_a_billing_event_without_an_amount_is_charged_the_use_cases_monthly_fee():
    campaign = CampaignFactory(usecase="AGENTS_FRANCHISES")
    event = billed_event(campaign.campaign_id, "Campaign billed", status="success")

    [charge] = charges_record_for_event(event=event)

    assert (charge.amount, charge.usecase, charge.charged_at) == (
        Decimal("30.00"),
        "AGENTS_FRANCHISES",
        datetime(2026, 9, 21, 10, tzinfo=UTC),
    )
    assert charge.idempotency_key == f"campaign_monthly:event:{event.event_id}"


def test_a_billing_event_states_the_amount_charged_over_the_fee_table():
    campaign = CampaignFactory(usecase="CUSTOMER_CARE")
    description = BILLED.format(tcr="CX1", amount="12.34", date="2027-01-21T10:00:00")

    [charge] = charges_record_for_event(event=billed_event(campaign.campaign_id, description))

    assert (charge.amount, charge.idempotency_key) == (
        Decimal("12.34"),
        f"campaign_monthly:{campaign.campaign_id}:2027-01-21T10:00:00",
    )


@pytest.mark.parametrize(
    ("payload", "mock"),
    [
        ({"status": "failed"}, False),
        ({"eventType": "CAMPAIGN_EXPIRED"}, False),
        ({}, True),
    ],
    ids=["failed billing", "another registry event", "mock campaign"],
)
def test_no_charge_is_recorded_for_what_charges_nothing(payload, mock):
    campaign = CampaignFactory(mock=mock)

    assert charges_record_for_event(event=billed_event(campaign.campaign_id, "billed 10.00", **payload)) == []
    assert Charge.objects.count() == 0


# --- operations -------------------------------------------------------------------------------------------------


def test_a_brand_registration_is_charged_once(staff_user, tendlc_client):
    brand = brand_create(user=staff_user, brand=new_brand(), client=tendlc_client)

    charge = Charge.objects.get()
    assert (charge.kind, charge.amount, charge.brand, charge.remote_brand_id) == (
        ChargeKind.BRAND_REGISTRATION,
        Decimal("4.50"),
        brand,
        brand.brand_id,
    )
    assert (charge.source, charge.operation, charge.user) == (
        ChargeSource.OPERATION,
        "brand.create",
        staff_user,
    )


def test_a_mock_brand_costs_nothing(staff_user, tendlc_client):
    brand_create(user=staff_user, brand=new_brand(mock=True), client=tendlc_client)

    assert Charge.objects.count() == 0


def test_a_submission_charges_three_months_the_review_and_the_pool(
    registered_brand, tendlc_client, staff_user, sandbox_control
):
    campaign = submitted(registered_brand, tendlc_client, staff_user, number_pool=True)

    assert ledger(campaign=campaign) == [
        ("CAMPAIGN_REVIEW", Decimal("15.00")),
        ("CAMPAIGN_UPFRONT", Decimal("30.00")),
        ("NUMBER_POOL", Decimal("50.00")),
    ]
    assert ledger(campaign=campaign) == sandbox_charges(sandbox_control, campaign.campaign_id)


@pytest.mark.parametrize(
    "campaign_of",
    [lambda: CampaignFactory(mock=True), lambda: CampaignFactory(brand=BrandFactory(mock=True))],
    ids=["mock campaign", "campaign of a mock brand"],
)
def test_a_mock_campaign_costs_nothing(campaign_of, staff_user):
    assert charges_record_for_campaign_submission(campaign=campaign_of(), user=staff_user) == []
    assert Charge.objects.count() == 0


def test_an_appeal_charges_a_review_once_per_appeal(rejected_campaign, tendlc_client, compliance_admin):
    appeal = campaign_appeal(
        campaign=rejected_campaign, reason="Samples fixed.", user=compliance_admin, client=tendlc_client
    )

    [charge] = Charge.objects.filter(operation="campaign.appeal")
    assert (charge.kind, charge.amount, charge.idempotency_key) == (
        ChargeKind.CAMPAIGN_REVIEW,
        Decimal("15.00"),
        f"campaign_review:{rejected_campaign.campaign_id}:appeal:{appeal.pk}",
    )


def test_an_update_of_a_rejected_campaign_charges_a_review_and_a_later_update_does_not(
    rejected_campaign, tendlc_client, staff_user
):
    campaign_update(
        campaign=rejected_campaign,
        values={"sample1": CLEAN_CONTENT["sample1"] + " Thanks."},
        user=staff_user,
        client=tendlc_client,
    )
    campaign_update(
        campaign=rejected_campaign,
        values={"sample2": CLEAN_CONTENT["sample2"] + " Thanks."},
        user=staff_user,
        client=tendlc_client,
    )

    assert ledger(operation="campaign.update") == [("CAMPAIGN_REVIEW", Decimal("15.00"))]


def test_a_vetting_order_is_charged_once(portal_brand, tendlc_client, staff_user):
    vetting = brand_vetting_order(
        user=staff_user, brand=portal_brand, evp_id="AEGIS", vetting_class="STANDARD", client=tendlc_client
    )

    charge = Charge.objects.get(kind=ChargeKind.EXTERNAL_VETTING)
    assert (charge.amount, charge.brand, charge.operation) == (
        Decimal("40.00"),
        portal_brand,
        "brand.order_vetting",
    )
    assert vetting.evp_id in charge.idempotency_key


def test_recording_an_operation_again_finds_the_charge_taken(staff_user):
    brand = BrandFactory()
    first = charges_record_for_brand_registration(brand=brand, user=staff_user)
    second = charges_record_for_brand_registration(brand=brand, user=staff_user)

    assert [charge.pk for charge in first] == [charge.pk for charge in second]
    assert Charge.objects.count() == 1
