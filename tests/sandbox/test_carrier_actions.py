"""Carrier actions after the carrier review: one carrier's operation status changes, C9 and C8 follow, each
action sends its TCR_EVENT naming the carrier; the DCA completes; number pool events."""

import pytest
from telnyx.types.campaign_status_update import CampaignStatusUpdate

from tests.fixtures.sandbox import pointers
from tests.sandbox.campaign_payloads import PROVISION_SECONDS, campaign_events, event_kinds, submit
from tests.sandbox.factories import insert_campaign

CARRIER_IDS = ["10017", "10035", "10037", "10038", "10999"]


@pytest.fixture
def reviewed_campaign(sandbox, sandbox_api, acme_brand) -> dict:
    submitted = submit(sandbox_api, acme_brand)
    sandbox.advance(PROVISION_SECONDS)
    return submitted


def act(control, campaign_id: str, network_id: str | int, action: str, reason: str | None = None):
    body = {"action": action} if reason is None else {"action": action, "reason": reason}
    return control.post(f"/campaigns/{campaign_id}/carriers/{network_id}", body)


def operation_status(api, campaign_id: str) -> dict:
    return api.get(f"/10dlc/campaign/{campaign_id}/operationStatus").json


def mno_metadata(api, campaign_id: str) -> dict:
    return api.get(f"/10dlc/campaign/{campaign_id}/mnoMetadata").json


def test_a_suspension_on_one_carrier_changes_its_status_only(
    sandbox, sandbox_api, sandbox_control, reviewed_campaign
):
    campaign_id, tcr = reviewed_campaign["campaignId"], reviewed_campaign["tcrCampaignId"]

    response = act(sandbox_control, campaign_id, 10017, "SUSPENDED", "Spam complaints.")

    assert response.status_code == 200
    assert operation_status(sandbox_api, campaign_id) == {
        **dict.fromkeys(CARRIER_IDS, "APPROVED"),
        "10017": "SUSPENDED",
    }
    assert response.json["operationStatus"] == operation_status(sandbox_api, campaign_id)
    event = campaign_events(sandbox, campaign_id)[-1]
    CampaignStatusUpdate.model_validate(event)
    assert event == {
        "campaignId": campaign_id,
        "type": "TCR_EVENT",
        "eventType": "MNO_CAMPAIGN_OPERATION_SUSPENDED",
        "description": f"Campaign {tcr} suspended by AT&T: Spam complaints.",
        "status": "success",
        "mnoId": 10017,
        "mnoName": "AT&T",
    }
    campaign = sandbox_api.get(f"/10dlc/campaign/{campaign_id}").json
    assert (campaign["campaignStatus"], campaign["isTMobileSuspended"]) == ("MNO_PROVISIONED", False)


@pytest.mark.parametrize(
    ("steps", "final"),
    [
        ([("REJECTED", "REJECTED")], "REJECTED"),
        ([("REVIEW", "REVIEW"), ("APPROVED", "APPROVED")], "APPROVED"),
        ([("REJECTED", "REJECTED"), ("APPROVED", "APPROVED")], "APPROVED"),
        ([("SUSPENDED", "SUSPENDED"), ("UNSUSPENDED", "UNSUSPENDED")], "APPROVED"),
        ([("REVIEW", "REVIEW"), ("SUSPENDED", "SUSPENDED")], "SUSPENDED"),
    ],
)
def test_each_action_sends_its_event(sandbox, sandbox_api, sandbox_control, reviewed_campaign, steps, final):
    campaign_id = reviewed_campaign["campaignId"]

    for action, _ in steps:
        assert act(sandbox_control, campaign_id, 10037, action).status_code == 200

    assert operation_status(sandbox_api, campaign_id)["10037"] == final
    sent = [event for event in campaign_events(sandbox, campaign_id) if event.get("mnoId") == 10037]
    assert [event["eventType"] for event in sent] == [
        f"MNO_CAMPAIGN_OPERATION_{suffix}" for _, suffix in steps
    ]


def test_rejections_and_suspensions_carry_a_reason_by_default(sandbox, sandbox_control, reviewed_campaign):
    campaign_id, tcr = reviewed_campaign["campaignId"], reviewed_campaign["tcrCampaignId"]

    act(sandbox_control, campaign_id, 10035, "REJECTED")
    act(sandbox_control, campaign_id, 10037, "REVIEW")

    rejected, reviewed = campaign_events(sandbox, campaign_id)[-2:]
    assert (
        rejected["description"]
        == f"Campaign {tcr} rejected by T-Mobile: Rejected through the sandbox control plane."
    )
    assert reviewed["description"] == f"Campaign {tcr} put in review by Verizon Wireless"


@pytest.mark.parametrize(
    ("first", "refused"),
    [
        (None, "UNSUSPENDED"),
        (None, "APPROVED"),
        ("SUSPENDED", "SUSPENDED"),
        ("SUSPENDED", "REJECTED"),
        ("REJECTED", "REJECTED"),
        ("REJECTED", "SUSPENDED"),
        ("REVIEW", "REVIEW"),
    ],
)
def test_an_action_the_carriers_status_refuses_is_400(
    sandbox, sandbox_api, sandbox_control, reviewed_campaign, first, refused
):
    campaign_id = reviewed_campaign["campaignId"]
    if first:
        act(sandbox_control, campaign_id, 10017, first)
    before = len(campaign_events(sandbox, campaign_id))

    response = act(sandbox_control, campaign_id, 10017, refused)

    assert response.status_code == 400
    assert len(campaign_events(sandbox, campaign_id)) == before


def test_t_mobile_suspension_sets_is_t_mobile_suspended(sandbox_api, sandbox_control, reviewed_campaign):
    campaign_id = reviewed_campaign["campaignId"]

    act(sandbox_control, campaign_id, 10035, "SUSPENDED")
    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}").json["isTMobileSuspended"] is True

    act(sandbox_control, campaign_id, 10035, "UNSUSPENDED")
    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}").json["isTMobileSuspended"] is False


def test_mno_metadata_follows_the_carriers_actions(sandbox_api, sandbox_control, reviewed_campaign):
    campaign_id = reviewed_campaign["campaignId"]
    before = mno_metadata(sandbox_api, campaign_id)

    act(sandbox_control, campaign_id, 10017, "SUSPENDED")
    act(sandbox_control, campaign_id, 10037, "REJECTED")
    act(sandbox_control, campaign_id, 10999, "REVIEW")

    after = mno_metadata(sandbox_api, campaign_id)
    assert before["10999"]["mnoReview"] is False
    assert [after[key]["qualify"] for key in CARRIER_IDS] == [False, True, False, True, True]
    assert after["10999"]["mnoReview"] is True
    assert after["10035"] == before["10035"]


def test_a_campaign_status_change_sets_every_carrier_afresh(sandbox_api, sandbox_control, reviewed_campaign):
    campaign_id = reviewed_campaign["campaignId"]
    act(sandbox_control, campaign_id, 10017, "REJECTED")

    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TCR_SUSPENDED"})
    assert operation_status(sandbox_api, campaign_id) == dict.fromkeys(CARRIER_IDS, "SUSPENDED")
    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "MNO_PROVISIONED"})
    assert operation_status(sandbox_api, campaign_id) == dict.fromkeys(CARRIER_IDS, "APPROVED")


def test_a_carrier_approves_a_campaign_it_rejected_in_review(
    sandbox, sandbox_api, sandbox_control, acme_brand
):
    campaign_id = submit(sandbox_api, acme_brand, sample1="Acme: see bit.ly/x. Reply STOP to opt out.")[
        "campaignId"
    ]
    sandbox.advance(PROVISION_SECONDS)
    assert operation_status(sandbox_api, campaign_id)["10035"] == "REJECTED"

    assert act(sandbox_control, campaign_id, 10035, "APPROVED").status_code == 200

    assert operation_status(sandbox_api, campaign_id)["10035"] == "APPROVED"
    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}").json["campaignStatus"] == "MNO_REJECTED"


def test_carriers_act_only_after_their_review(sandbox, sandbox_api, sandbox_control, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand)["campaignId"]
    sandbox.advance(12)  # MNO_PENDING

    assert act(sandbox_control, campaign_id, 10017, "APPROVED").status_code == 400
    sandbox.advance(20)
    sandbox_api.delete(f"/10dlc/campaign/{campaign_id}")
    assert act(sandbox_control, campaign_id, 10017, "SUSPENDED").status_code == 400


def test_a_carrier_that_does_not_carry_the_use_case_does_not_act(
    sandbox, sandbox_api, sandbox_control, acme_brand
):
    campaign_id = insert_campaign(
        sandbox, acme_brand, usecase="SWEEPSTAKE", campaignStatus="MNO_PROVISIONED"
    )["campaignId"]

    assert act(sandbox_control, campaign_id, 10017, "SUSPENDED").status_code == 400
    assert act(sandbox_control, campaign_id, 10035, "SUSPENDED").status_code == 200


def test_dca_complete_on_demand(sandbox, sandbox_api, sandbox_control, reviewed_campaign):
    campaign_id = reviewed_campaign["campaignId"]
    statuses = operation_status(sandbox_api, campaign_id)

    assert act(sandbox_control, campaign_id, 10035, "DCA_COMPLETE").status_code == 200

    assert event_kinds(sandbox, campaign_id)[-1] == ("TCR_EVENT", "CAMPAIGN_DCA_COMPLETE")
    assert operation_status(sandbox_api, campaign_id) == statuses


@pytest.mark.parametrize(
    ("body", "pointer"),
    [({}, "/action"), ({"action": "BANNED"}, "/action"), ({"action": "REJECTED", "reason": ""}, "/reason")],
)
def test_bad_input_is_422(sandbox_control, reviewed_campaign, body, pointer):
    response = sandbox_control.post(f"/campaigns/{reviewed_campaign['campaignId']}/carriers/10017", body)

    assert response.status_code == 422
    assert pointers(response) == [pointer]


def test_unknown_campaign_or_carrier_is_404(sandbox, sandbox_api, sandbox_control, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand, mnoIds=[10017, 10037])["campaignId"]
    sandbox.advance(PROVISION_SECONDS)

    assert act(sandbox_control, "4b30nope", 10017, "SUSPENDED").status_code == 404
    assert act(sandbox_control, campaign_id, 10035, "SUSPENDED").status_code == 404
    assert act(sandbox_control, campaign_id, "ATT", "SUSPENDED").status_code == 404


# --- number pool ----------------------------------------------------------------------------------


def pool_events(sandbox, campaign_id: str) -> list[dict]:
    return [
        event for event in campaign_events(sandbox, campaign_id) if event["type"].startswith("NUMBER_POOL")
    ]


def test_a_number_pool_is_provisioned_with_t_mobile_and_deprovisioned_at_deactivation(
    sandbox, sandbox_api, acme_brand
):
    campaign_id = submit(sandbox_api, acme_brand, numberPool=True)["campaignId"]
    sandbox.advance(PROVISION_SECONDS)

    pool_provisioned = {
        "brandId": acme_brand["brandId"],
        "campaignId": campaign_id,
        "type": "NUMBER_POOL_PROVISIONED",
    }
    assert pool_events(sandbox, campaign_id) == [pool_provisioned]
    for event in pool_events(sandbox, campaign_id):
        CampaignStatusUpdate.model_validate(event)

    sandbox_api.delete(f"/10dlc/campaign/{campaign_id}")

    assert pool_events(sandbox, campaign_id) == [
        pool_provisioned,
        {**pool_provisioned, "type": "NUMBER_POOL_DEPROVISIONED"},
    ]
    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}").json["isTMobileNumberPoolingEnabled"] is False


def test_no_pool_without_number_pool_or_without_t_mobile(sandbox, sandbox_api, acme_brand):
    plain = submit(sandbox_api, acme_brand)["campaignId"]
    without_t_mobile = submit(sandbox_api, acme_brand, numberPool=True, mnoIds=[10017, 10037])["campaignId"]
    sandbox.advance(PROVISION_SECONDS)

    sandbox_api.delete(f"/10dlc/campaign/{plain}")

    assert pool_events(sandbox, plain) == []
    assert pool_events(sandbox, without_t_mobile) == []


def test_a_pool_is_provisioned_once_across_a_suspension(sandbox, sandbox_api, sandbox_control, acme_brand):
    campaign_id = submit(sandbox_api, acme_brand, numberPool=True)["campaignId"]
    sandbox.advance(PROVISION_SECONDS)

    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TCR_SUSPENDED"})
    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "MNO_PROVISIONED"})

    assert [event["type"] for event in pool_events(sandbox, campaign_id)] == ["NUMBER_POOL_PROVISIONED"]
