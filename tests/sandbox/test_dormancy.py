"""Dormancy: a provisioned campaign with no numbers for 15 days is suspended, the first assignment afterwards
reactivates it, and the control route plays the suspension at once."""

import json

import pytest
from telnyx.types.campaign_status_update import CampaignStatusUpdate
from telnyx.types.messaging_10dlc.phone_number_campaign import PhoneNumberCampaign
from telnyx.types.messaging_10dlc.telnyx_campaign_csp import TelnyxCampaignCsp

from tendlc.sandbox.dormancy.watch import DORMANT_AFTER_SECONDS, REACTIVATION_SECONDS
from tendlc.sandbox.phone_numbers import lifecycle
from tests.sandbox.factories import insert_campaign

NUMBER = "+12025550111"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"
DAY = 86_400.0
DORMANT = {
    "type": "TELNYX_EVENT",
    "status": "DORMANT",
    "description": "Campaign has been marked as dormant",
}


@pytest.fixture
def provisioned(sandbox, sandbox_control, stored_brand):
    """A campaign provisioned now through the control plane, with no numbers: its 15 days start now."""
    campaign = insert_campaign(
        sandbox, stored_brand, campaignStatus="MNO_PENDING", webhookURL="https://hooks.example/campaign"
    )
    response = sandbox_control.post(
        f"/campaigns/{campaign['campaignId']}/transition", {"campaignStatus": "MNO_PROVISIONED"}
    )
    assert response.status_code == 200
    return campaign


def campaign_of(api, campaign: dict) -> dict:
    return api.get(f"/10dlc/campaign/{campaign['campaignId']}").json


def status_of(api, campaign: dict) -> str:
    return campaign_of(api, campaign)["campaignStatus"]


def campaign_events(sandbox, campaign: dict) -> list[dict]:
    rows = sandbox.store.all(
        "SELECT payload FROM webhook_deliveries WHERE event_type = '10dlc.campaign.update' ORDER BY id"
    )
    payloads = [json.loads(row["payload"])["payload"] for row in rows]
    return [payload for payload in payloads if payload.get("campaignId") == campaign["campaignId"]]


def assign(api, campaign: dict, number: str = NUMBER):
    return api.post(
        "/10dlc/phone_number_campaigns", {"phoneNumber": number, "campaignId": campaign["campaignId"]}
    )


def assignment(api, number: str = NUMBER) -> dict:
    return api.get(f"/10dlc/phone_number_campaigns/{number}").json


def go_dormant(sandbox, sandbox_control, campaign: dict) -> None:
    assert sandbox_control.post(f"/campaigns/{campaign['campaignId']}/dormant").status_code == 200


# --- going dormant -------------------------------------------------------------------------------------------


def test_a_provisioned_campaign_without_numbers_goes_dormant_after_15_days(sandbox, sandbox_api, provisioned):
    sandbox.advance(DORMANT_AFTER_SECONDS - 1)
    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"

    sandbox.advance(1)

    body = campaign_of(sandbox_api, provisioned)
    TelnyxCampaignCsp.model_validate(body)
    assert (body["campaignStatus"], body["isTMobileSuspended"]) == ("TCR_SUSPENDED", True)
    dormant = campaign_events(sandbox, provisioned)[-1]
    assert dormant == {"campaignId": provisioned["campaignId"], **DORMANT}
    CampaignStatusUpdate.model_validate(dormant)
    assert set(
        sandbox_api.get(f"/10dlc/campaign/{provisioned['campaignId']}/operationStatus").json.values()
    ) == {"SUSPENDED"}


def test_a_campaign_not_registered_with_t_mobile_never_goes_dormant(
    sandbox, sandbox_api, sandbox_control, stored_brand
):
    campaign = insert_campaign(sandbox, stored_brand, campaignStatus="MNO_PENDING")
    sandbox.store.execute(
        "UPDATE campaigns SET internal = ? WHERE campaign_id = ?",
        (json.dumps({"mnoIds": [10017]}), campaign["campaignId"]),
    )
    sandbox_control.post(
        f"/campaigns/{campaign['campaignId']}/transition", {"campaignStatus": "MNO_PROVISIONED"}
    )
    assert campaign_of(sandbox_api, campaign)["isTMobileRegistered"] is False

    sandbox.advance(2 * DORMANT_AFTER_SECONDS)

    assert status_of(sandbox_api, campaign) == "MNO_PROVISIONED"


def test_a_number_in_between_cancels_the_count_and_its_removal_starts_it_again(
    sandbox, sandbox_api, provisioned
):
    sandbox.advance(10 * DAY)
    assign(sandbox_api, provisioned)
    sandbox.advance(10 * DAY)  # past the first 15 days: the campaign has a number
    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"

    sandbox_api.delete(f"/10dlc/phone_number_campaigns/{NUMBER}")
    sandbox.advance(DORMANT_AFTER_SECONDS - 1)
    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"
    sandbox.advance(1)
    assert status_of(sandbox_api, provisioned) == "TCR_SUSPENDED"


def test_a_failed_assignment_leaves_the_count_at_zero_from_its_failure(sandbox, sandbox_api, provisioned):
    sandbox.advance(10 * DAY)
    assign(sandbox_api, provisioned, "+12025550000")  # not in the account: it fails
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    assert assignment(sandbox_api, "+12025550000")["assignmentStatus"] == "FAILED_ASSIGNMENT"

    sandbox.advance(DORMANT_AFTER_SECONDS - 1)
    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"
    sandbox.advance(1)
    assert status_of(sandbox_api, provisioned) == "TCR_SUSPENDED"


def test_moving_the_last_number_away_starts_the_count(sandbox, sandbox_api, stored_brand, provisioned):
    other = insert_campaign(sandbox, stored_brand)
    assign(sandbox_api, provisioned)
    sandbox.advance(20 * DAY)

    sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}", {"phoneNumber": NUMBER, "campaignId": other["campaignId"]}
    )
    sandbox.advance(DORMANT_AFTER_SECONDS - 1)
    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"
    sandbox.advance(1)
    assert status_of(sandbox_api, provisioned) == "TCR_SUSPENDED"
    assert status_of(sandbox_api, other) == "MNO_PROVISIONED"


def test_seeded_campaigns_without_numbers_go_dormant_after_15_days(sandbox, sandbox_api, sandbox_control):
    sandbox_control.post("/seed", {"brands": 1, "campaignsPerBrand": 2, "numbersPerCampaign": 0})
    [brand] = sandbox_api.get("/10dlc/brand").json["records"]
    campaigns = sandbox_api.get(f"/10dlc/campaign?brandId={brand['brandId']}").json["records"]

    sandbox.advance(DORMANT_AFTER_SECONDS)

    assert {status_of(sandbox_api, campaign) for campaign in campaigns} == {"TCR_SUSPENDED"}


def test_seeded_campaigns_with_numbers_stay_provisioned(sandbox, sandbox_api, sandbox_control):
    sandbox_control.post("/seed", {"brands": 1, "campaignsPerBrand": 1, "numbersPerCampaign": 1})
    [brand] = sandbox_api.get("/10dlc/brand").json["records"]
    [campaign] = sandbox_api.get(f"/10dlc/campaign?brandId={brand['brandId']}").json["records"]

    sandbox.advance(2 * DORMANT_AFTER_SECONDS)

    assert status_of(sandbox_api, campaign) == "MNO_PROVISIONED"


# --- the way back --------------------------------------------------------------------------------------------


def test_the_first_assignment_to_a_dormant_campaign_fails_and_reactivates_it(
    sandbox, sandbox_api, sandbox_control, provisioned
):
    go_dormant(sandbox, sandbox_control, provisioned)

    response = assign(sandbox_api, provisioned)

    assert response.status_code == 200
    assert response.json["assignmentStatus"] == "PENDING_ASSIGNMENT"
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    failed = assignment(sandbox_api)
    PhoneNumberCampaign.model_validate(failed)
    assert failed["assignmentStatus"] == "FAILED_ASSIGNMENT"
    assert failed["failureReasons"] == (
        f"Campaign {provisioned['campaignId']} was suspended as dormant (no phone numbers for 15 days) and is"
        " being reactivated; retry the assignment in about a minute."
    )
    assert status_of(sandbox_api, provisioned) == "TCR_SUSPENDED"

    sandbox.advance(REACTIVATION_SECONDS - lifecycle.ASSIGNMENT_SECONDS)

    body = campaign_of(sandbox_api, provisioned)
    TelnyxCampaignCsp.model_validate(body)
    assert (body["campaignStatus"], body["isTMobileSuspended"]) == ("MNO_PROVISIONED", False)
    lifted = campaign_events(sandbox, provisioned)[-1]
    assert lifted == {
        "campaignId": provisioned["campaignId"],
        "type": "TCR_EVENT",
        "eventType": "MNO_CAMPAIGN_OPERATION_UNSUSPENDED",
        "description": f"Campaign {provisioned['tcrCampaignId']} unsuspended by T-Mobile: a number was assigned"
        " to the dormant campaign",
        "status": "success",
        "mnoId": 10035,
        "mnoName": "T-Mobile",
    }
    CampaignStatusUpdate.model_validate(lifted)

    assert assign(sandbox_api, provisioned).status_code == 200
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    assert assignment(sandbox_api)["assignmentStatus"] == "ASSIGNED"


def test_every_assignment_sent_while_dormant_fails_and_one_reactivation_runs(
    sandbox, sandbox_api, sandbox_control, provisioned
):
    go_dormant(sandbox, sandbox_control, provisioned)
    assign(sandbox_api, provisioned)
    sandbox.advance(30)
    assign(sandbox_api, provisioned, "+12025550112")  # a retry too soon
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    assert assignment(sandbox_api, "+12025550112")["assignmentStatus"] == "FAILED_ASSIGNMENT"

    sandbox.advance(REACTIVATION_SECONDS - 30 - lifecycle.ASSIGNMENT_SECONDS)

    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"
    unsuspended = [
        e for e in campaign_events(sandbox, provisioned) if e.get("eventType", "").endswith("UNSUSPENDED")
    ]
    assert len(unsuspended) == 1


def test_an_assignment_sent_just_before_the_reactivation_completes_still_fails(
    sandbox, sandbox_api, sandbox_control, provisioned
):
    go_dormant(sandbox, sandbox_control, provisioned)
    assign(sandbox_api, provisioned)
    sandbox.advance(REACTIVATION_SECONDS - 1)
    assign(sandbox_api, provisioned, "+12025550112")

    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)

    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"
    assert assignment(sandbox_api, "+12025550112")["assignmentStatus"] == "FAILED_ASSIGNMENT"


def test_moving_a_number_to_a_dormant_campaign_reactivates_it(
    sandbox, sandbox_api, sandbox_control, stored_brand, provisioned
):
    other = insert_campaign(sandbox, stored_brand)
    assign(sandbox_api, other)
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    go_dormant(sandbox, sandbox_control, provisioned)

    response = sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}",
        {"phoneNumber": NUMBER, "campaignId": provisioned["campaignId"]},
    )

    assert response.status_code == 200
    sandbox.advance(REACTIVATION_SECONDS)
    assert assignment(sandbox_api)["assignmentStatus"] == "FAILED_ASSIGNMENT"
    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"


def test_assigning_a_profile_to_a_dormant_campaign_reactivates_it(
    sandbox, sandbox_api, sandbox_control, provisioned
):
    go_dormant(sandbox, sandbox_control, provisioned)
    sandbox_control.post(f"/messaging_profiles/{PROFILE}/numbers", {"phoneNumbers": [NUMBER]})

    response = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": PROFILE, "campaignId": provisioned["campaignId"]},
    )

    assert response.status_code == 202
    sandbox.advance(REACTIVATION_SECONDS)
    task = sandbox_control.get(f"/assignment_tasks/{response.json['taskId']}").json
    assert task["status"] == "failed"
    assert "being reactivated" in task["phoneNumbers"][0]["reason"]
    sandbox.advance(REACTIVATION_SECONDS)
    assert status_of(sandbox_api, provisioned) == "MNO_PROVISIONED"


def test_a_campaign_suspended_otherwise_keeps_refusing_numbers(
    sandbox, sandbox_api, sandbox_control, provisioned
):
    sandbox_control.post(
        f"/campaigns/{provisioned['campaignId']}/transition", {"campaignStatus": "TCR_SUSPENDED"}
    )

    response = assign(sandbox_api, provisioned)

    assert response.status_code == 400
    assert "is TCR_SUSPENDED" in response.json["errors"][0]["detail"]


def test_a_dormant_campaign_moved_on_is_no_longer_dormant(sandbox, sandbox_api, sandbox_control, provisioned):
    go_dormant(sandbox, sandbox_control, provisioned)
    transition = f"/campaigns/{provisioned['campaignId']}/transition"
    sandbox_control.post(transition, {"campaignStatus": "MNO_PROVISIONED"})
    sandbox_control.post(transition, {"campaignStatus": "TCR_SUSPENDED"})

    assert assign(sandbox_api, provisioned).status_code == 400


# --- the control route ---------------------------------------------------------------------------------------


def test_dormant_now_plays_the_suspension_at_once(sandbox, sandbox_api, sandbox_control, provisioned):
    response = sandbox_control.post(f"/campaigns/{provisioned['campaignId']}/dormant")

    assert response.status_code == 200
    assert (response.json["campaignStatus"], response.json["isTMobileSuspended"]) == ("TCR_SUSPENDED", True)
    assert campaign_of(sandbox_api, provisioned) == response.json
    assert campaign_events(sandbox, provisioned)[-1] == {"campaignId": provisioned["campaignId"], **DORMANT}
    # The scheduled check it replaces does not suspend the campaign again.
    events = len(campaign_events(sandbox, provisioned))
    sandbox.advance(DORMANT_AFTER_SECONDS)
    assert len(campaign_events(sandbox, provisioned)) == events


def test_dormant_now_refuses_a_campaign_with_numbers(sandbox, sandbox_api, sandbox_control, provisioned):
    assign(sandbox_api, provisioned)

    response = sandbox_control.post(f"/campaigns/{provisioned['campaignId']}/dormant")

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == (
        f"Campaign {provisioned['campaignId']} has 1 phone number(s); a campaign goes dormant only after 15 days"
        " with none."
    )


def test_dormant_now_refuses_a_campaign_not_provisioned(sandbox, sandbox_control, stored_brand):
    campaign = insert_campaign(sandbox, stored_brand, campaignStatus="MNO_PENDING")

    response = sandbox_control.post(f"/campaigns/{campaign['campaignId']}/dormant")

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == (
        f"Campaign {campaign['campaignId']} is MNO_PENDING; only a MNO_PROVISIONED campaign registered with"
        " T-Mobile goes dormant."
    )


def test_dormant_now_of_an_unknown_campaign_is_404(sandbox_control):
    assert sandbox_control.post("/campaigns/4b300000-0000-0000-0000-00000000dead/dormant").status_code == 404
