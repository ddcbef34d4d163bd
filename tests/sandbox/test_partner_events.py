"""Events about partner (shared) campaigns: forced status changes, carrier actions and the partner CSP's nudge,
sent to the partner campaign's own webhook URLs and keyed by its TCR id."""

import json

import pytest
from telnyx.types.campaign_status_update import CampaignStatusUpdate
from telnyx.types.messaging_10dlc.telnyx_downstream_campaign import TelnyxDownstreamCampaign

from tests.fixtures.sandbox import pointers
from tests.sandbox.factories import insert_partner_campaign

HOOK, FAILOVER = "http://127.0.0.1:9/partner-hooks", "http://127.0.0.1:9/partner-failover"


def deliveries(sandbox) -> list[tuple[str | None, str | None, dict]]:
    rows = sandbox.store.all(
        "SELECT url, failover_url, payload FROM webhook_deliveries"
        " WHERE event_type = '10dlc.campaign.update' ORDER BY id"
    )
    return [(row["url"], row["failover_url"], json.loads(row["payload"])["payload"]) for row in rows]


@pytest.fixture
def partner(sandbox, sandbox_api) -> dict:
    doc = insert_partner_campaign(sandbox)
    sandbox_api.patch(
        f"/10dlc/partner_campaigns/{doc['tcrCampaignId']}",
        {"webhookURL": HOOK, "webhookFailoverURL": FAILOVER},
    )
    return doc


def test_a_status_change_goes_to_the_partner_campaigns_urls_keyed_by_its_tcr_id(
    sandbox, sandbox_api, sandbox_control, partner
):
    tcr = partner["tcrCampaignId"]

    response = sandbox_control.post(
        f"/partner_campaigns/{tcr}/transition", {"campaignStatus": "TELNYX_FAILED"}
    )

    assert response.status_code == 200
    TelnyxDownstreamCampaign.model_validate(response.json)
    served = sandbox_api.get(f"/10dlc/partner_campaigns/{tcr}").json
    assert (served["campaignStatus"], served["failureReasons"]) == (
        "TELNYX_FAILED",
        response.json["failureReasons"],
    )
    [(url, failover, payload)] = deliveries(sandbox)
    assert (url, failover) == (HOOK, FAILOVER)
    CampaignStatusUpdate.model_validate(payload)
    assert payload == {
        "campaignId": tcr,
        "type": "TELNYX_REVIEW",
        "status": "REJECTED",
        "description": f"{tcr} rejected by Telnyx: {served['failureReasons']}",
    }


def test_a_provisioned_partner_campaign_is_verified_under_its_tcr_ids(sandbox, sandbox_control, partner):
    tcr = partner["tcrCampaignId"]
    sandbox_control.post(f"/partner_campaigns/{tcr}/transition", {"campaignStatus": "MNO_PENDING"})

    sandbox_control.post(f"/partner_campaigns/{tcr}/transition", {"campaignStatus": "MNO_PROVISIONED"})

    verified = deliveries(sandbox)[-1][2]
    assert verified["type"] == "VERIFIED"
    assert (verified["campaignId"], verified["brandId"]) == (tcr, partner["tcrBrandId"])
    assert all(payload["campaignId"] == tcr for _, _, payload in deliveries(sandbox))


def test_a_carrier_action_on_a_partner_campaign(sandbox, sandbox_control, partner):
    tcr = partner["tcrCampaignId"]

    response = sandbox_control.post(f"/partner_campaigns/{tcr}/carriers/10035", {"action": "SUSPENDED"})

    assert response.status_code == 200
    assert response.json["operationStatus"]["10035"] == "SUSPENDED"
    [(url, _, payload)] = deliveries(sandbox)
    assert url == HOOK
    assert (payload["campaignId"], payload["eventType"], payload["mnoId"]) == (
        tcr,
        "MNO_CAMPAIGN_OPERATION_SUSPENDED",
        10035,
    )
    again = sandbox_control.post(f"/partner_campaigns/{tcr}/carriers/10035", {"action": "SUSPENDED"})
    assert again.status_code == 400
    unsuspended = sandbox_control.post(f"/partner_campaigns/{tcr}/carriers/10035", {"action": "UNSUSPENDED"})
    assert unsuspended.json["operationStatus"]["10035"] == "APPROVED"


def test_a_nudge_appeals_a_rejected_partner_campaign(sandbox, sandbox_api, sandbox_control, partner):
    tcr = partner["tcrCampaignId"]
    sandbox_control.post(f"/partner_campaigns/{tcr}/transition", {"campaignStatus": "TELNYX_FAILED"})

    response = sandbox_control.post(f"/partner_campaigns/{tcr}/nudge", {})

    assert response.status_code == 200
    assert sandbox_api.get(f"/10dlc/partner_campaigns/{tcr}").json["campaignStatus"] == "TCR_ACCEPTED"
    url, _, nudge = deliveries(sandbox)[-1]
    assert url == HOOK
    assert nudge == {
        "campaignId": tcr,
        "type": "CAMPAIGN_NUDGE",
        "nudgeIntent": "APPEAL_REJECTION",
        "description": "The campaign has been reviewed and approved after appeal.",
        "cspId": "PARTNERCSP",
    }


def test_only_a_rejected_partner_campaign_is_nudged(sandbox, sandbox_control, partner):
    response = sandbox_control.post(f"/partner_campaigns/{partner['tcrCampaignId']}/nudge", {})

    assert response.status_code == 400
    assert deliveries(sandbox) == []


@pytest.mark.parametrize(
    ("path", "body", "pointer"),
    [
        ("transition", {"campaignStatus": "GONE"}, "/campaignStatus"),
        ("nudge", {"nudgeIntent": "PLEASE"}, "/nudgeIntent"),
        ("nudge", {"description": ""}, "/description"),
        ("carriers/10017", {"action": "BANNED"}, "/action"),
    ],
)
def test_bad_input_is_422(sandbox_control, partner, path, body, pointer):
    response = sandbox_control.post(f"/partner_campaigns/{partner['tcrCampaignId']}/{path}", body)

    assert response.status_code == 422
    assert pointers(response) == [pointer]


def test_a_pending_or_unknown_partner_campaign_is_404(sandbox, sandbox_control):
    pending = insert_partner_campaign(sandbox, accepted=False)["tcrCampaignId"]

    for tcr in (pending, "CNOPE00"):
        assert (
            sandbox_control.post(
                f"/partner_campaigns/{tcr}/transition", {"campaignStatus": "TCR_ACCEPTED"}
            ).status_code
            == 404
        )
        assert sandbox_control.post(f"/partner_campaigns/{tcr}/nudge", {}).status_code == 404
        assert (
            sandbox_control.post(f"/partner_campaigns/{tcr}/carriers/10017", {"action": "REVIEW"}).status_code
            == 404
        )
