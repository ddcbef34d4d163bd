"""Shared campaigns: accepting a share (C12), partner campaigns S1-S3, shared-by-me S4, sharing status S5,
and the control routes that create them."""

import re

import pytest
from telnyx.types.messaging_10dlc.campaign_sharing_status import CampaignSharingStatus
from telnyx.types.messaging_10dlc.partner_campaign_list_shared_by_me_response import (
    PartnerCampaignListSharedByMeResponse,
)
from telnyx.types.messaging_10dlc.telnyx_downstream_campaign import TelnyxDownstreamCampaign

from tendlc.sandbox.partner_campaigns import put_partner_campaign
from tests.fixtures.sandbox import pointers
from tests.sandbox.factories import insert_brand, insert_campaign, insert_partner_campaign


def error(response) -> dict:
    assert len(response.json["errors"]) == 1, response.json
    return response.json["errors"][0]


def put_partners(sandbox, count: int, accepted: bool = True) -> list[dict]:
    docs = []
    for n in range(count):
        doc = {
            "tcrCampaignId": f"CQ{n:05d}",
            "tcrBrandId": f"BQ{(7 * n) % count:05d}",
            "brandDisplayName": f"Partner {(3 * n) % count:02d}",
            "campaignStatus": "MNO_PROVISIONED" if n % 2 else "TCR_ACCEPTED",
            "usecase": "MARKETING",
            "createdAt": sandbox.clock.naive_iso(sandbox.clock.now() + n),
        }
        put_partner_campaign(sandbox.context, doc, sandbox.clock.now() + n, accepted)
        sandbox.store.execute(
            "UPDATE partner_campaigns SET number_count = ? WHERE tcr_campaign_id = ?",
            (n % 4, doc["tcrCampaignId"]),
        )
        docs.append(doc)
    return docs


# --- C12 accept sharing ---------------------------------------------------------------------------


def test_accepting_a_pending_share_lists_the_campaign(sandbox, sandbox_api):
    pending = insert_partner_campaign(sandbox, accepted=False)
    assert sandbox_api.get(f"/10dlc/partner_campaigns/{pending['tcrCampaignId']}").status_code == 404

    response = sandbox_api.post(f"/10dlc/campaign/acceptSharing/{pending['tcrCampaignId']}")

    assert (response.status_code, response.json) == (202, {})
    listed = sandbox_api.get("/10dlc/partner_campaigns").json
    assert [record["tcrCampaignId"] for record in listed["records"]] == [pending["tcrCampaignId"]]
    again = sandbox_api.post(f"/10dlc/campaign/acceptSharing/{pending['tcrCampaignId']}")
    assert again.status_code == 404


@pytest.mark.parametrize("campaign_id", ["c123456", "C1234", "X123456", "C123456789", "C12-456"])
def test_accept_sharing_needs_a_tcr_campaign_id(sandbox_api, campaign_id):
    response = sandbox_api.post(f"/10dlc/campaign/acceptSharing/{campaign_id}")

    assert response.status_code == 422
    assert error(response)["source"] == {"parameter": "campaignId"}


def test_accept_sharing_of_an_unknown_campaign_is_404(sandbox_api):
    assert sandbox_api.post("/10dlc/campaign/acceptSharing/C26F1KLZN").status_code == 404


# --- S1 list, S2 get, S3 update -------------------------------------------------------------------


def test_list_pages_accepted_partner_campaigns_newest_first(sandbox, sandbox_api):
    docs = put_partners(sandbox, 12)
    put_partners_pending = insert_partner_campaign(sandbox, accepted=False)

    first = sandbox_api.get("/10dlc/partner_campaigns").json
    second = sandbox_api.get("/10dlc/partner_campaigns?page=2&recordsPerPage=10").json
    past = sandbox_api.get("/10dlc/partner_campaigns?page=5").json

    assert (first["page"], first["totalRecords"], len(first["records"])) == (1, 12, 10)
    assert (second["page"], len(second["records"])) == (2, 2)
    assert past == {"records": [], "page": 5, "totalRecords": 12}
    ids = [record["tcrCampaignId"] for record in first["records"] + second["records"]]
    assert ids == [doc["tcrCampaignId"] for doc in reversed(docs)]
    assert put_partners_pending["tcrCampaignId"] not in ids
    for record in first["records"]:
        TelnyxDownstreamCampaign.model_validate(record)
    assert first["records"][0]["assignedPhoneNumbersCount"] == 11 % 4


@pytest.mark.parametrize(
    ("sort", "field"),
    [
        ("createdAt", "createdAt"),
        ("-createdAt", "createdAt"),
        ("assignedPhoneNumbersCount", "assignedPhoneNumbersCount"),
        ("-assignedPhoneNumbersCount", "assignedPhoneNumbersCount"),
        ("brandDisplayName", "brandDisplayName"),
        ("-brandDisplayName", "brandDisplayName"),
        ("tcrBrandId", "tcrBrandId"),
        ("tcrCampaignId", "tcrCampaignId"),
        ("-tcrCampaignId", "tcrCampaignId"),
        ("campaignStatus", "campaignStatus"),
        ("-campaignStatus", "campaignStatus"),
    ],
)
def test_list_sorts(sandbox, sandbox_api, sort, field):
    put_partners(sandbox, 7)

    records = sandbox_api.get(f"/10dlc/partner_campaigns?sort={sort}&recordsPerPage=500").json["records"]

    values = [record[field] for record in records]
    assert values == sorted(values, reverse=sort.startswith("-"))
    assert len(values) == 7


@pytest.mark.parametrize(
    ("query", "parameter"), [("sort=name", "sort"), ("recordsPerPage=0", "recordsPerPage")]
)
def test_list_parameters(sandbox_api, query, parameter):
    response = sandbox_api.get(f"/10dlc/partner_campaigns?{query}")

    assert response.status_code == 422
    assert error(response)["source"] == {"parameter": parameter}


def test_get_partner_campaign(sandbox, sandbox_api):
    shared = insert_partner_campaign(sandbox)
    sandbox.store.execute("UPDATE partner_campaigns SET number_count = 3")

    response = sandbox_api.get(f"/10dlc/partner_campaigns/{shared['tcrCampaignId']}")

    assert response.status_code == 200
    TelnyxDownstreamCampaign.model_validate(response.json)
    assert response.json == {**shared, "assignedPhoneNumbersCount": 3}


@pytest.mark.parametrize("method", ["GET", "PATCH"])
def test_unknown_or_pending_partner_campaigns_are_404(sandbox, sandbox_api, method):
    pending = insert_partner_campaign(sandbox, accepted=False)

    for campaign_id in (pending["tcrCampaignId"], "CNOPE00"):
        response = sandbox_api.request(method, f"/10dlc/partner_campaigns/{campaign_id}", {})
        assert response.status_code == 404
        assert error(response)["detail"] == "Partner campaign not found"


def test_update_changes_only_the_webhook_urls(sandbox, sandbox_api):
    shared = insert_partner_campaign(sandbox)
    sandbox.advance(60)
    urls = {
        "webhookURL": "https://webhook.com/67ea78a8-9f32-4d04-b62d-f9502e8e5f93",
        "webhookFailoverURL": "https://webhook.com/9010a453-4df8-4be6-a551-1070892888d6",
    }

    response = sandbox_api.patch(
        f"/10dlc/partner_campaigns/{shared['tcrCampaignId']}", {**urls, "description": "x"}
    )

    assert response.status_code == 200
    TelnyxDownstreamCampaign.model_validate(response.json)
    expected = {**shared, **urls, "updatedAt": sandbox.clock.naive_iso(), "assignedPhoneNumbersCount": 0}
    assert response.json == expected
    assert sandbox_api.get(f"/10dlc/partner_campaigns/{shared['tcrCampaignId']}").json == expected


def test_update_validates_the_urls(sandbox, sandbox_api):
    shared = insert_partner_campaign(sandbox)

    response = sandbox_api.patch(
        f"/10dlc/partner_campaigns/{shared['tcrCampaignId']}",
        {"webhookURL": "WebhookURL", "webhookFailoverURL": 5},
    )

    assert response.status_code == 422
    assert pointers(response) == ["/webhookURL", "/webhookFailoverURL"]


# --- S4 shared by me, S5 sharing status -----------------------------------------------------------


def test_shared_by_me_pages_newest_first(sandbox, sandbox_api, sandbox_control):
    created = []
    for _ in range(11):
        created.append(sandbox_control.post("/shared_by_me", {}).json)
        sandbox.advance(1)

    first = sandbox_api.get("/10dlc/partnerCampaign/sharedByMe?sort=ignored").json
    second = sandbox_api.get("/10dlc/partnerCampaign/sharedByMe?page=2").json
    past = sandbox_api.get("/10dlc/partnerCampaign/sharedByMe?page=3").json

    assert (first["totalRecords"], len(first["records"]), len(second["records"])) == (11, 10, 1)
    assert first["records"] + second["records"] == list(reversed(created))
    assert past == {"records": [], "page": 3, "totalRecords": 11}
    for record in first["records"]:
        PartnerCampaignListSharedByMeResponse.model_validate(record)


def test_sharing_status_of_a_partner_campaign_from_pending_to_accepted(sandbox, sandbox_api):
    shared = insert_partner_campaign(sandbox, accepted=False)
    path = f"/10dlc/partnerCampaign/{shared['tcrCampaignId']}/sharing"
    shared_at = sandbox.clock.naive_iso()

    pending = sandbox_api.get(path)
    sandbox.advance(30)
    sandbox_api.post(f"/10dlc/campaign/acceptSharing/{shared['tcrCampaignId']}")
    accepted = sandbox_api.get(path)

    assert pending.status_code == 200
    for body in (pending.json, accepted.json):
        for status in body.values():
            CampaignSharingStatus.model_validate(status)
    assert pending.json == {
        "sharedWithMe": {
            "upstreamCnpId": "PARTNERCNP",
            "downstreamCnpId": "TELNYX",
            "sharingStatus": "PENDING",
            "sharedDate": shared_at,
            "statusDate": shared_at,
        }
    }
    assert accepted.json["sharedWithMe"]["sharingStatus"] == "ACCEPTED"
    assert accepted.json["sharedWithMe"]["statusDate"] == sandbox.clock.naive_iso()


def test_sharing_status_of_a_campaign_shared_by_me(sandbox, sandbox_api, sandbox_control):
    shared = sandbox_control.post("/shared_by_me", {"campaignId": "CSHARE1"}).json

    response = sandbox_api.get(f"/10dlc/partnerCampaign/{shared['campaignId']}/sharing")

    assert response.json["sharedByMe"]["sharingStatus"] == "ACCEPTED"
    assert response.json["sharedByMe"]["downstreamCnpId"] == "PARTNERCNP"


def test_sharing_status_of_an_unknown_campaign_is_404(sandbox_api):
    assert sandbox_api.get("/10dlc/partnerCampaign/CNOPE00/sharing").status_code == 404


# --- control routes -------------------------------------------------------------------------------


def test_create_partner_campaign_with_generated_ids(sandbox_control, sandbox_api):
    response = sandbox_control.post("/partner_campaigns", {"brandDisplayName": "Globex", "usecase": "2FA"})

    assert response.status_code == 201
    created = response.json
    TelnyxDownstreamCampaign.model_validate(created)
    assert re.fullmatch(r"C[A-Z0-9]{6}", created["tcrCampaignId"])
    assert re.fullmatch(r"B[A-Z0-9]{6}", created["tcrBrandId"])
    assert (created["brandDisplayName"], created["usecase"], created["campaignStatus"]) == (
        "Globex",
        "2FA",
        "MNO_PROVISIONED",
    )
    assert sandbox_api.get("/10dlc/partner_campaigns").json["totalRecords"] == 0
    assert sandbox_api.post(f"/10dlc/campaign/acceptSharing/{created['tcrCampaignId']}").status_code == 202


def test_create_partner_campaign_accepted_with_given_fields(sandbox_control, sandbox_api):
    body = {
        "tcrCampaignId": "C26F1KLZN",
        "tcrBrandId": "BBRAND1",
        "campaignStatus": "TCR_ACCEPTED",
        "accepted": True,
    }

    created = sandbox_control.post("/partner_campaigns", body).json

    assert (created["tcrCampaignId"], created["tcrBrandId"], created["campaignStatus"]) == (
        "C26F1KLZN",
        "BBRAND1",
        "TCR_ACCEPTED",
    )
    assert "accepted" not in created
    assert sandbox_api.get("/10dlc/partner_campaigns/C26F1KLZN").json == created


@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({"tcrCampaignId": "c1"}, 422, "/tcrCampaignId"),
        ({"campaignStatus": "LIVE"}, 422, "/campaignStatus"),
        ({"usecase": "NOPE"}, 422, "/usecase"),
        ({"webhookURL": "nope"}, 422, "/webhookURL"),
        ({"accepted": "yes"}, 422, "/accepted"),
        ({"tcrCampaignId": "CTAKEN1"}, 400, "/tcrCampaignId"),
    ],
)
def test_create_partner_campaign_validation(sandbox, sandbox_control, body, status, pointer):
    insert_partner_campaign(sandbox, tcrCampaignId="CTAKEN1")

    response = sandbox_control.post("/partner_campaigns", body)

    assert response.status_code == status
    assert pointers(response) == [pointer]


def test_share_one_of_our_campaigns(sandbox, sandbox_control, sandbox_api):
    brand = insert_brand(sandbox)
    campaign = insert_campaign(sandbox, brand)

    response = sandbox_control.post("/shared_by_me", {"campaignId": campaign["campaignId"]})

    assert response.status_code == 201
    assert response.json == {
        "brandId": brand["tcrBrandId"],
        "campaignId": campaign["tcrCampaignId"],
        "usecase": campaign["usecase"],
        "createDate": campaign["createDate"],
        "status": "ACTIVE",
    }
    assert sandbox_api.get("/10dlc/partnerCampaign/sharedByMe").json["records"] == [response.json]


@pytest.mark.parametrize(
    ("body", "status", "pointer"),
    [
        ({"campaignId": "not-a-tcr-id"}, 422, "/campaignId"),
        ({"usecase": "NOPE"}, 422, "/usecase"),
        ({"status": "LIVE"}, 422, "/status"),
        ({"campaignId": "CSHARED"}, 400, "/campaignId"),
    ],
)
def test_create_shared_by_me_validation(sandbox_control, body, status, pointer):
    sandbox_control.post("/shared_by_me", {"campaignId": "CSHARED"})

    response = sandbox_control.post("/shared_by_me", body)

    assert response.status_code == status
    assert pointers(response) == [pointer]


def test_a_mock_campaign_cannot_be_shared(sandbox, sandbox_control):
    campaign = insert_campaign(sandbox, insert_brand(sandbox), mock=True)

    response = sandbox_control.post("/shared_by_me", {"campaignId": campaign["tcrCampaignId"]})

    assert response.status_code == 400
    assert error(response)["detail"] == "A mock campaign cannot be shared with an upstream CNP."
