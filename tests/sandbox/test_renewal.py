"""Renewal, billing and expiry on the sandbox clock, and the control routes that play them now."""

import json
from datetime import UTC, datetime

import pytest
from telnyx.types.campaign_status_update import CampaignStatusUpdate
from telnyx.types.messaging_10dlc.telnyx_campaign_csp import TelnyxCampaignCsp

from tendlc.sandbox import renewal
from tests.sandbox.campaign_payloads import campaign_events, submit
from tests.sandbox.factories import insert_brand

# The sandbox fixture's clock starts at 2026-09-21T14:13:20Z; a submission then pays until 2026-12-21.
FIRST_RENEWAL = "2026-12-21T14:13:20"


def advance_to(sandbox, control, naive_iso: str, seconds_after: float = 0) -> None:
    target = datetime.fromisoformat(naive_iso).replace(tzinfo=UTC).timestamp() + seconds_after
    response = control.post("/clock/advance", {"seconds": target - sandbox.clock.now()})
    assert response.status_code == 200


def campaign(api, campaign_id: str) -> dict:
    return api.get(f"/10dlc/campaign/{campaign_id}").json


def monthly_charges(control, campaign_id: str) -> list[tuple[str, str]]:
    """(amount, chargedAt) of the campaign's monthly charges, oldest first."""
    records = control.get("/account", query_string={"campaignId": campaign_id, "limit": 1000}).json["charges"]
    return [(c["amount"], c["chargedAt"]) for c in reversed(records) if c["kind"] == "CAMPAIGN_MONTHLY"]


def tcr_events(sandbox, campaign_id: str, event_type: str) -> list[dict]:
    return [e for e in campaign_events(sandbox, campaign_id) if e.get("eventType") == event_type]


@pytest.fixture
def submitted(sandbox, sandbox_api):
    def make(**overrides) -> dict:
        return submit(sandbox_api, insert_brand(sandbox), **overrides)

    return make


# --- dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("created", "months", "expected"),
    [
        ("2027-01-31T09:00:00", 3, "2027-04-30T09:00:00"),
        ("2027-01-31T09:00:00", 4, "2027-05-31T09:00:00"),
        ("2027-11-30T09:00:00", 3, "2028-02-29T09:00:00"),
        ("2026-09-21T14:13:20", 12, "2027-09-21T14:13:20"),
    ],
)
def test_renewals_are_calendar_months_from_the_creation_day(created, months, expected):
    assert renewal.naive_iso(renewal.add_months(renewal.parse(created), months)) == expected


def test_the_month_after_a_short_month_goes_back_to_the_creation_day():
    doc = {"createDate": "2027-01-31T09:00:00", "nextRenewalOrExpirationDate": "2027-04-30T09:00:00"}

    assert renewal.naive_iso(renewal.following_renewal(doc)) == "2027-05-31T09:00:00"


# --- billing -------------------------------------------------------------------------------------------------


def test_at_its_date_a_campaign_is_billed_a_month_and_its_date_moves_on(
    sandbox, sandbox_api, sandbox_control, submitted
):
    campaign_id = submitted()["campaignId"]
    sandbox_control.post("/clock/advance", {"seconds": 60})  # provisioned
    # A number keeps the campaign from going dormant, so the renewal alone is seen on its status.
    assert (
        sandbox_api.post(
            "/10dlc/phone_number_campaigns", {"phoneNumber": "+15035550101", "campaignId": campaign_id}
        ).status_code
        == 200
    )
    advance_to(sandbox, sandbox_control, FIRST_RENEWAL, seconds_after=-1)
    assert monthly_charges(sandbox_control, campaign_id) == []

    advance_to(sandbox, sandbox_control, FIRST_RENEWAL)

    renewed = campaign(sandbox_api, campaign_id)
    TelnyxCampaignCsp.model_validate(renewed)
    assert (renewed["billedDate"], renewed["nextRenewalOrExpirationDate"]) == (
        FIRST_RENEWAL,
        "2027-01-21T14:13:20",
    )
    assert (renewed["status"], renewed["campaignStatus"]) == ("ACTIVE", "MNO_PROVISIONED")
    assert monthly_charges(sandbox_control, campaign_id) == [("10.00", "2026-12-21T14:13:20+00:00")]
    assert sandbox_control.get("/account").json["balance"] == "945.00"
    [billed] = tcr_events(sandbox, campaign_id, "CAMPAIGN_BILLED")
    CampaignStatusUpdate.model_validate(billed, strict=True)
    assert billed == {
        "campaignId": campaign_id,
        "type": "TCR_EVENT",
        "eventType": "CAMPAIGN_BILLED",
        "description": f"Campaign {renewed['tcrCampaignId']} is billed 10.00 for one month; the next renewal is"
        " 2027-01-21T14:13:20",
        "status": "success",
    }


def test_a_year_bills_nine_months_after_the_three_paid_up_front(sandbox, sandbox_control, submitted):
    campaign_id = submitted(usecase="LOW_VOLUME", subUsecases=["MARKETING", "2FA"])["campaignId"]

    advance_to(sandbox, sandbox_control, "2027-09-21T14:13:20", seconds_after=-1)

    assert monthly_charges(sandbox_control, campaign_id) == [
        ("1.50", f"{month}T14:13:20+00:00")
        for month in (
            "2026-12-21", "2027-01-21", "2027-02-21", "2027-03-21", "2027-04-21", "2027-05-21", "2027-06-21",
            "2027-07-21", "2027-08-21",
        )
    ]  # fmt: skip
    assert len(tcr_events(sandbox, campaign_id, "CAMPAIGN_BILLED")) == 9
    advance_to(sandbox, sandbox_control, "2027-09-21T14:13:20")
    assert len(monthly_charges(sandbox_control, campaign_id)) == 10


def test_renewals_played_by_one_long_advance_each_say_when_they_happened(sandbox, sandbox_control, submitted):
    campaign_id = submitted()["campaignId"]

    advance_to(sandbox, sandbox_control, "2027-02-22T00:00:00")

    rows = sandbox.store.all("SELECT payload FROM webhook_deliveries ORDER BY id")
    billed = [
        event["occurred_at"]
        for event in (json.loads(row["payload"]) for row in rows)
        if event["payload"].get("eventType") == "CAMPAIGN_BILLED"
        and event["payload"]["campaignId"] == campaign_id
    ]
    assert billed == [f"{month}T14:13:20+00:00" for month in ("2026-12-21", "2027-01-21", "2027-02-21")]


def test_a_campaign_renews_whatever_its_review_stage(sandbox, sandbox_api, sandbox_control, submitted):
    campaign_id = submitted()["campaignId"]
    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "MNO_REJECTED"})

    advance_to(sandbox, sandbox_control, FIRST_RENEWAL)

    assert monthly_charges(sandbox_control, campaign_id) == [("10.00", "2026-12-21T14:13:20+00:00")]
    assert campaign(sandbox_api, campaign_id)["campaignStatus"] == "MNO_REJECTED"


def test_a_mock_campaign_renews_free_and_silently(sandbox, sandbox_api, sandbox_control):
    brand = insert_brand(sandbox, mock=True)
    campaign_id = submit(sandbox_api, brand)["campaignId"]

    advance_to(sandbox, sandbox_control, FIRST_RENEWAL)

    renewed = campaign(sandbox_api, campaign_id)
    assert renewed["nextRenewalOrExpirationDate"] == "2027-01-21T14:13:20"
    assert renewed["billedDate"] == renewed["createDate"]
    assert sandbox_control.get("/account").json == {"balance": "1000.00", "currency": "USD", "charges": []}
    assert tcr_events(sandbox, campaign_id, "CAMPAIGN_BILLED") == []


def test_a_deactivated_campaign_is_never_billed_again(sandbox, sandbox_api, sandbox_control, submitted):
    campaign_id = submitted()["campaignId"]
    sandbox_api.delete(f"/10dlc/campaign/{campaign_id}")

    advance_to(sandbox, sandbox_control, "2027-09-21T14:13:20")

    assert monthly_charges(sandbox_control, campaign_id) == []
    assert sandbox.scheduler.pending(campaign_id) == []


# --- expiry --------------------------------------------------------------------------------------------------


def expired_event(sandbox, campaign_id: str) -> dict:
    [expired] = tcr_events(sandbox, campaign_id, "CAMPAIGN_EXPIRED")
    CampaignStatusUpdate.model_validate(expired, strict=True)
    return expired


def test_without_auto_renewal_a_campaign_expires_at_its_date(
    sandbox, sandbox_api, sandbox_control, submitted
):
    campaign_id = submitted(autoRenewal=False)["campaignId"]

    advance_to(sandbox, sandbox_control, FIRST_RENEWAL)

    expired = campaign(sandbox_api, campaign_id)
    TelnyxCampaignCsp.model_validate(expired)
    assert (expired["status"], expired["campaignStatus"], expired["nextRenewalOrExpirationDate"]) == (
        "EXPIRED",
        "TCR_EXPIRED",
        FIRST_RENEWAL,
    )
    assert expired_event(sandbox, campaign_id)["description"] == (
        f"Campaign {expired['tcrCampaignId']} is expired: it was not renewed (autoRenewal is false)"
    )
    assert monthly_charges(sandbox_control, campaign_id) == []
    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}/operationStatus").json["10035"] == "SUSPENDED"
    advance_to(sandbox, sandbox_control, "2027-09-21T14:13:20")
    assert monthly_charges(sandbox_control, campaign_id) == []


@pytest.mark.parametrize(("auto_renewal", "status"), [(False, "EXPIRED"), (True, "ACTIVE")])
def test_an_update_decides_whether_the_campaign_renews(
    sandbox, sandbox_api, sandbox_control, submitted, auto_renewal, status
):
    campaign_id = submitted(autoRenewal=not auto_renewal)["campaignId"]
    sandbox_control.post("/clock/advance", {"seconds": 60})  # provisioned

    updated = sandbox_api.put(f"/10dlc/campaign/{campaign_id}", {"autoRenewal": auto_renewal}).json
    advance_to(sandbox, sandbox_control, FIRST_RENEWAL)

    assert updated["autoRenewal"] is auto_renewal
    assert campaign(sandbox_api, campaign_id)["status"] == status


def test_a_renewal_the_balance_cannot_pay_expires_the_campaign(
    sandbox, sandbox_api, sandbox_control, submitted
):
    campaign_id = submitted()["campaignId"]
    sandbox_control.post("/account", {"balance": "9.99"})

    advance_to(sandbox, sandbox_control, FIRST_RENEWAL)

    expired = campaign(sandbox_api, campaign_id)
    assert (expired["status"], expired["campaignStatus"]) == ("EXPIRED", "TCR_EXPIRED")
    assert expired_event(sandbox, campaign_id)["description"] == (
        f"Campaign {expired['tcrCampaignId']} is expired: the account balance 9.99 cannot pay the monthly fee"
        " of 10.00"
    )
    assert sandbox_control.get("/account").json["balance"] == "9.99"
    assert tcr_events(sandbox, campaign_id, "CAMPAIGN_BILLED") == []


# --- control plane -------------------------------------------------------------------------------------------


def test_a_forced_billing_cycle_bills_now_and_moves_the_date_a_month(
    sandbox, sandbox_api, sandbox_control, submitted
):
    campaign_id = submitted()["campaignId"]
    sandbox_control.post("/clock/advance", {"seconds": 86400})

    response = sandbox_control.post(f"/campaigns/{campaign_id}/bill")

    assert response.status_code == 200
    assert (response.json["billedDate"], response.json["nextRenewalOrExpirationDate"]) == (
        "2026-09-22T14:13:20",
        "2027-01-21T14:13:20",
    )
    assert response.json == campaign(sandbox_api, campaign_id)
    assert monthly_charges(sandbox_control, campaign_id) == [("10.00", "2026-09-22T14:13:20+00:00")]
    assert len(tcr_events(sandbox, campaign_id, "CAMPAIGN_BILLED")) == 1
    # The renewal that was due is replaced by the next one, not played twice.
    advance_to(sandbox, sandbox_control, "2027-01-21T14:13:20", seconds_after=-1)
    assert len(monthly_charges(sandbox_control, campaign_id)) == 1
    advance_to(sandbox, sandbox_control, "2027-01-21T14:13:20")
    assert len(monthly_charges(sandbox_control, campaign_id)) == 2


def test_a_forced_billing_cycle_plays_the_expiry_without_auto_renewal(
    sandbox, sandbox_api, sandbox_control, submitted
):
    campaign_id = submitted(autoRenewal=False)["campaignId"]

    response = sandbox_control.post(f"/campaigns/{campaign_id}/bill")

    assert (response.json["status"], response.json["campaignStatus"]) == ("EXPIRED", "TCR_EXPIRED")
    assert monthly_charges(sandbox_control, campaign_id) == []


def test_a_forced_expiry_ends_the_campaign_now(sandbox, sandbox_api, sandbox_control, submitted):
    campaign_id = submitted()["campaignId"]
    sandbox_control.post("/clock/advance", {"seconds": 3600})

    response = sandbox_control.post(f"/campaigns/{campaign_id}/expire")

    assert response.status_code == 200
    expired = campaign(sandbox_api, campaign_id)
    assert response.json == expired
    assert (expired["status"], expired["campaignStatus"], expired["nextRenewalOrExpirationDate"]) == (
        "EXPIRED",
        "TCR_EXPIRED",
        "2026-09-21T15:13:20",
    )
    assert expired_event(sandbox, campaign_id)["description"] == (
        f"Campaign {expired['tcrCampaignId']} is expired: it was not renewed"
    )
    assert sandbox.scheduler.pending(campaign_id) == []


@pytest.mark.parametrize("action", ["bill", "expire"])
def test_forced_billing_and_expiry_refuse_a_deactivated_campaign(
    sandbox_api, sandbox_control, submitted, action
):
    campaign_id = submitted()["campaignId"]
    sandbox_api.delete(f"/10dlc/campaign/{campaign_id}")

    response = sandbox_control.post(f"/campaigns/{campaign_id}/{action}")

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "Campaign is deactivated; it is no longer billed."


@pytest.mark.parametrize("action", ["bill", "expire"])
def test_forced_billing_and_expiry_need_a_known_campaign(sandbox_control, action):
    assert sandbox_control.post(f"/campaigns/4b30-unknown/{action}").status_code == 404


# --- seeded campaigns ----------------------------------------------------------------------------------------


def test_seeded_campaigns_renew_as_submitted_ones_do(sandbox, sandbox_api, sandbox_control):
    sandbox_control.post("/seed", {"brands": 2, "campaignsPerBrand": 2})
    [brand] = sandbox_api.get("/10dlc/brand", query_string={"recordsPerPage": 1}).json["records"]
    [seeded, _] = sandbox_api.get("/10dlc/campaign", query_string={"brandId": brand["brandId"]}).json[
        "records"
    ]
    assert seeded["nextRenewalOrExpirationDate"] == FIRST_RENEWAL
    assert "campaign.renewal" in {step["kind"] for step in sandbox.scheduler.pending(seeded["campaignId"])}
    assert sandbox_control.get("/account").json["charges"] == []
    assert campaign_events(sandbox, seeded["campaignId"]) == []

    advance_to(sandbox, sandbox_control, FIRST_RENEWAL)

    assert monthly_charges(sandbox_control, seeded["campaignId"]) == [("10.00", "2026-12-21T14:13:20+00:00")]
    assert sandbox_control.get("/account").json["balance"] == "960.00"
    assert campaign(sandbox_api, seeded["campaignId"])["nextRenewalOrExpirationDate"] == "2027-01-21T14:13:20"
