"""Bulk seeding through the control plane: what it creates, and that repeated seeds never collide."""

import pytest
from telnyx.types.messaging_10dlc.phone_number_campaign import PhoneNumberCampaign
from telnyx.types.messaging_10dlc.telnyx_campaign_csp import TelnyxCampaignCsp
from telnyx.types.messaging_10dlc.telnyx_downstream_campaign import TelnyxDownstreamCampaign

from tendlc.sandbox.seed import MAX_NUMBERS
from tests.fixtures.sandbox import pointers

SEED = {"brands": 3, "campaignsPerBrand": 2, "numbersPerCampaign": 4, "partnerCampaigns": 5}


def test_seed_creates_registered_brands_provisioned_campaigns_and_assigned_numbers(
    sandbox_api, sandbox_control
):
    response = sandbox_control.post("/seed", SEED)

    assert response.status_code == 201
    assert {k: v for k, v in response.json.items() if k != "seconds"} == {
        "brands": 3,
        "campaigns": 6,
        "phoneNumbers": 24,
        "partnerCampaigns": 5,
    }
    brands = sandbox_api.get("/10dlc/brand").json
    assert brands["totalRecords"] == 3
    assert {(b["status"], b["identityStatus"], b["assignedCampaingsCount"]) for b in brands["records"]} == {
        ("OK", "VERIFIED", 2)
    }
    brand_id = brands["records"][0]["brandId"]
    assert sandbox_api.get(f"/10dlc/brand/{brand_id}").json["assignedCampaignsCount"] == 2
    campaigns = sandbox_api.get(f"/10dlc/campaign?brandId={brand_id}").json["records"]
    assert [c["assignedPhoneNumbersCount"] for c in campaigns] == [4, 4]
    campaign = sandbox_api.get(f"/10dlc/campaign/{campaigns[0]['campaignId']}").json
    TelnyxCampaignCsp.model_validate(campaign)
    assert campaign["campaignStatus"] == "MNO_PROVISIONED"
    numbers = sandbox_api.get(
        f"/10dlc/phone_number_campaigns?filter[telnyx_campaign_id]={campaign['campaignId']}"
    ).json
    assert numbers["totalRecords"] == 4
    for record in numbers["records"]:
        PhoneNumberCampaign.model_validate(record)
        assert record["assignmentStatus"] == "ASSIGNED"
        assert record["tcrCampaignId"] == campaign["tcrCampaignId"]
    partners = sandbox_api.get("/10dlc/partner_campaigns").json
    assert partners["totalRecords"] == 5
    TelnyxDownstreamCampaign.model_validate(partners["records"][0])


def test_seeded_campaigns_pass_review_when_reviewed_again(sandbox, sandbox_api, sandbox_control):
    sandbox_control.post("/seed", {"brands": 1, "campaignsPerBrand": 1})
    brand_id = sandbox_api.get("/10dlc/brand").json["records"][0]["brandId"]
    campaign_id = sandbox_api.get(f"/10dlc/campaign?brandId={brand_id}").json["records"][0]["campaignId"]

    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TCR_ACCEPTED"})
    sandbox_control.post("/clock/advance", {"seconds": 60})

    assert sandbox_api.get(f"/10dlc/campaign/{campaign_id}").json["campaignStatus"] == "MNO_PROVISIONED"


def test_repeated_seeds_add_records_with_fresh_ids(sandbox_api, sandbox_control):
    sandbox_control.post("/seed", SEED)
    sandbox_control.post("/seed", SEED)

    assert sandbox_api.get("/10dlc/brand").json["totalRecords"] == 6
    assert sandbox_api.get("/10dlc/phone_number_campaigns").json["totalRecords"] == 48
    assert sandbox_api.get("/10dlc/partner_campaigns").json["totalRecords"] == 10


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"brands": -1}, ["/brands"]),
        ({"brands": "3"}, ["/brands"]),
        ({"campaignsPerBrand": 6}, ["/campaignsPerBrand"]),
        ({"partnerCampaigns": True}, ["/partnerCampaigns"]),
        ({"numbers": 5}, ["/numbers"]),
        ({"brands": 50_000, "campaignsPerBrand": 5, "numbersPerCampaign": 10}, ["/numbersPerCampaign"]),
    ],
)
def test_seed_counts_are_validated(sandbox_api, sandbox_control, body, expected):
    response = sandbox_control.post("/seed", body)

    assert response.status_code == 422
    assert pointers(response) == expected
    assert sandbox_api.get("/10dlc/brand").json["totalRecords"] == 0


def test_the_number_cap_is_what_the_error_says(sandbox_control):
    response = sandbox_control.post(
        "/seed", {"brands": 50_000, "campaignsPerBrand": 5, "numbersPerCampaign": 10}
    )

    assert str(MAX_NUMBERS) in response.json["errors"][0]["detail"]


def test_a_seed_gives_no_brand_more_than_five_campaigns(sandbox_control):
    response = sandbox_control.post("/seed", {"brands": 1, "campaignsPerBrand": 6})

    assert response.status_code == 422
    assert "at most five campaigns" in response.json["errors"][0]["detail"]


@pytest.mark.parametrize(("numbers", "pooled"), [(49, False), (50, True)])
def test_seeded_campaigns_with_more_than_49_numbers_use_a_number_pool(
    sandbox_api, sandbox_control, numbers, pooled
):
    sandbox_control.post("/seed", {"brands": 1, "campaignsPerBrand": 1, "numbersPerCampaign": numbers})
    [brand] = sandbox_api.get("/10dlc/brand").json["records"]
    [campaign] = sandbox_api.get(f"/10dlc/campaign?brandId={brand['brandId']}").json["records"]

    body = sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}").json
    assert (body["numberPool"], body["isTMobileNumberPoolingEnabled"]) == (pooled, pooled)
    assert campaign["assignedPhoneNumbersCount"] == numbers
