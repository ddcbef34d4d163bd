"""The whole event catalogue is played: every kind Telnyx documents is sent where its cause happens.

The catalogue module keeps the sandbox from sending anything undocumented; this test holds the other half:
one life of a registration, driven through the API and the control plane as a demo user would, sends every
documented (event type, payload type, eventType or status), so no kind is listed but never played.
"""

import json
from typing import Any

from tendlc.sandbox import event_catalogue
from tendlc.sandbox.app import Sandbox
from tests.fixtures.sandbox import ApiClient
from tests.sandbox.brand_payloads import create_brand, registered_brand
from tests.sandbox.campaign_payloads import PROVISION_SECONDS, submit

Sent = tuple[str, str, str | None]

# The page lists CAMPAIGN_NUDGE twice: as a TCR_EVENT eventType and as a payload type of its own, whose
# example is the only one it shows. The sandbox sends the documented example.
SENT_AS_ITS_OWN_TYPE = {(event_catalogue.CAMPAIGN, "TCR_EVENT", "CAMPAIGN_NUDGE")}


def documented() -> set[Sent]:
    kinds: set[Sent] = set()
    for kind in event_catalogue.KINDS:
        for detail in kind.event_type_values or kind.statuses or (None,):
            kinds.add((kind.event_type, kind.type, detail))
    return kinds - SENT_AS_ITS_OWN_TYPE


def sent(sandbox: Sandbox) -> set[Sent]:
    kinds: set[Sent] = set()
    for row in sandbox.store.all("SELECT event_type, payload FROM webhook_deliveries"):
        payload: dict[str, Any] = json.loads(row["payload"])["payload"]
        kind = event_catalogue.kind_of(row["event_type"], payload)
        detail = payload.get("eventType") if kind.event_type_values else payload.get("status")
        kinds.add(
            (row["event_type"], payload["type"], detail if kind.event_type_values or kind.statuses else None)
        )
    return kinds


def play_brands(api: ApiClient, control: ApiClient) -> dict[str, Any]:
    create_brand(api, displayName="FAILREG Dental")  # REGISTRATION failed
    unverified = registered_brand(api, control, ein="000000000")  # BRAND_ADD, identity unverified
    verified = registered_brand(api, control)
    for brand in (unverified, verified):
        assert api.put(f"/10dlc/brand/{brand['brandId']}/revet", {}).status_code == 200  # REVET, BRAND_REVET
        vetting = {"evpId": "AEGIS", "vettingClass": "STANDARD"}
        assert api.post(f"/10dlc/brand/{brand['brandId']}/externalVetting", vetting).status_code == 200
    control.post("/clock/advance", {"seconds": 60})  # the revets fail and succeed, so do the vettings
    assert control.post(f"/brands/{unverified['brandId']}/appeal", {"outcome": "ACCEPTED"}).status_code == 202
    control.post("/clock/advance", {"seconds": 60})  # BRAND_APPEAL_ADD, then BRAND_APPEAL_COMPLETE
    return verified


def play_numbers(api: ApiClient, control: ApiClient, campaign_id: str) -> None:
    for number in ("+15035550101", "+15035550000", "+15035559999"):  # assigned, failed, assigned
        assignment = {"phoneNumber": number, "campaignId": campaign_id}
        assert api.post("/10dlc/phone_number_campaigns", assignment).status_code == 200
    control.post("/clock/advance", {"seconds": 10})
    for number in ("+15035550101", "+15035559999"):  # removed; the carriers refuse the first removal
        assert api.delete(f"/10dlc/phone_number_campaigns/{number}").status_code == 200
    control.post("/clock/advance", {"seconds": 10})


def play_campaigns(api: ApiClient, control: ApiClient, brand: dict[str, Any]) -> None:
    pooled = submit(api, brand, numberPool=True)["campaignId"]
    rejected = submit(api, brand)["campaignId"]
    dormant = submit(api, brand)["campaignId"]
    control.post("/clock/advance", {"seconds": PROVISION_SECONDS})  # CAMPAIGN_ADD ... VERIFIED, pool

    for network_id, action in (
        ("10035", "SUSPENDED"),
        ("10035", "UNSUSPENDED"),
        ("10017", "REJECTED"),
        ("10017", "APPROVED"),
        ("10037", "REVIEW"),
    ):
        response = control.post(f"/campaigns/{pooled}/carriers/{network_id}", {"action": action})
        assert response.status_code == 200, response.json
    play_numbers(api, control, pooled)
    assert control.post(f"/campaigns/{pooled}/bill").status_code == 200  # CAMPAIGN_BILLED
    assert api.delete(f"/10dlc/campaign/{pooled}").status_code == 200  # CAMPAIGN_EXPIRED, pool ends

    control.post(f"/campaigns/{rejected}/transition", {"campaignStatus": "TELNYX_FAILED"})
    fixed = {"messageFlow": "Customers opt in on our support page."}
    assert api.put(f"/10dlc/campaign/{rejected}", fixed).status_code == 200
    control.post(f"/campaigns/{rejected}/transition", {"campaignStatus": "MNO_REJECTED"})
    appeal = {"appeal_reason": "The samples now name the brand."}
    assert api.post(f"/10dlc/campaign/{rejected}/appeal", appeal).status_code == 200
    control.post(f"/campaigns/{rejected}/transition", {"campaignStatus": "TCR_FAILED"})

    assert control.post(f"/campaigns/{dormant}/dormant").status_code == 200  # TELNYX_EVENT DORMANT


def play_partner_campaign(control: ApiClient) -> None:
    tcr_campaign_id = control.post("/partner_campaigns", {"accepted": True}).json["tcrCampaignId"]
    control.post(f"/partner_campaigns/{tcr_campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED"})
    assert control.post(f"/partner_campaigns/{tcr_campaign_id}/nudge").status_code == 200


def test_one_life_of_a_registration_sends_every_documented_event_kind(sandbox, sandbox_api, sandbox_control):
    brand = play_brands(sandbox_api, sandbox_control)
    play_campaigns(sandbox_api, sandbox_control, brand)
    play_partner_campaign(sandbox_control)

    assert documented() - sent(sandbox) == set()
