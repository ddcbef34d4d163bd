"""Campaign operations C1-C11 and C13: qualification, costs, submission, list/get/update/deactivate, appeal,
MNO metadata, operation status, OSR attributes and sharing status (the account and fees: test_account,
test_fees)."""

import json
import re

import pytest
from telnyx.types.messaging_10dlc.campaign.usecase_get_cost_response import UsecaseGetCostResponse
from telnyx.types.messaging_10dlc.campaign_builder.brand_qualify_by_usecase_response import (
    BrandQualifyByUsecaseResponse,
)
from telnyx.types.messaging_10dlc.campaign_deactivate_response import CampaignDeactivateResponse
from telnyx.types.messaging_10dlc.campaign_get_mno_metadata_response import (
    CampaignGetMnoMetadataResponse,
    MnoMetadataItem10999,
)
from telnyx.types.messaging_10dlc.campaign_get_sharing_status_response import CampaignGetSharingStatusResponse
from telnyx.types.messaging_10dlc.campaign_list_response import CampaignListResponse
from telnyx.types.messaging_10dlc.campaign_submit_appeal_response import CampaignSubmitAppealResponse
from telnyx.types.messaging_10dlc.telnyx_campaign_csp import TelnyxCampaignCsp

from tendlc.sandbox.campaigns import put_campaign
from tests.fixtures.sandbox import pointers
from tests.sandbox.campaign_payloads import (
    PROVISION_SECONDS,
    campaign_body,
    campaign_events,
    campaign_status,
    submit,
)
from tests.sandbox.factories import campaign_doc, insert_brand, insert_campaign

CARRIER_IDS = ["10017", "10035", "10037", "10038", "10999"]


def brand_campaign_count(sandbox, brand) -> int:
    return sandbox.store.scalar("SELECT campaign_count FROM brands WHERE brand_id = ?", (brand["brandId"],))


def error(response) -> dict:
    assert len(response.json["errors"]) == 1, response.json
    return response.json["errors"][0]


# --- C1 qualification -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("usecase", "monthly", "quarterly", "annual", "sub_range"),
    [
        ("CUSTOMER_CARE", 10.0, 30.0, 120.0, (0, 0)),
        ("MIXED", 10.0, 30.0, 120.0, (2, 5)),
        ("LOW_VOLUME", 1.5, 4.5, 18.0, (2, 5)),
    ],
)
def test_qualify_answers_fees_sub_use_case_range_and_carrier_terms(
    sandbox, sandbox_api, usecase, monthly, quarterly, annual, sub_range
):
    brand = insert_brand(sandbox)

    response = sandbox_api.get(f"/10dlc/campaignBuilder/brand/{brand['brandId']}/usecase/{usecase}")

    assert response.status_code == 200
    body = response.json
    BrandQualifyByUsecaseResponse.model_validate(body)
    assert (body["usecase"], body["monthlyFee"], body["quarterlyFee"], body["annualFee"]) == (
        usecase,
        monthly,
        quarterly,
        annual,
    )
    assert (body["minSubUsecases"], body["maxSubUsecases"]) == sub_range
    assert list(body["mnoMetadata"]) == CARRIER_IDS
    for metadata in body["mnoMetadata"].values():
        MnoMetadataItem10999.model_validate(metadata)
        assert metadata["qualify"] is metadata["mnoSupport"] is True
    assert body["mnoMetadata"]["10035"]["mno"] == "T-Mobile"
    assert body["mnoMetadata"]["10035"]["mnoReview"] is True
    assert body["mnoMetadata"]["10999"]["mnoReview"] is False


def test_qualify_marks_carriers_that_do_not_carry_the_use_case(sandbox, sandbox_api):
    brand = insert_brand(sandbox, identityStatus="VETTED_VERIFIED")

    body = sandbox_api.get(f"/10dlc/campaignBuilder/brand/{brand['brandId']}/usecase/SWEEPSTAKE").json

    att = body["mnoMetadata"]["10017"]
    assert (att["qualify"], att["mnoSupport"]) == (False, False)
    assert body["mnoMetadata"]["10035"]["qualify"] is True


@pytest.mark.parametrize(
    ("entity_type", "identity", "usecase"),
    [
        ("SOLE_PROPRIETOR", "VERIFIED", "SOLE_PROPRIETOR"),
        ("NON_PROFIT", "VERIFIED", "CHARITY"),
        ("PRIVATE_PROFIT", "VETTED_VERIFIED", "POLITICAL"),
        ("GOVERNMENT", "VETTED_VERIFIED", "EMERGENCY"),
        ("PUBLIC_PROFIT", "VERIFIED", "MARKETING"),
    ],
)
def test_qualified_brands(sandbox, sandbox_api, entity_type, identity, usecase):
    brand = insert_brand(sandbox, entityType=entity_type, identityStatus=identity)

    response = sandbox_api.get(f"/10dlc/campaignBuilder/brand/{brand['brandId']}/usecase/{usecase}")

    assert response.status_code == 200
    sole_proprietor = response.json["mnoMetadata"]["10017"]["minMsgSamples"]
    assert sole_proprietor == (2 if usecase == "SOLE_PROPRIETOR" else 1)


@pytest.mark.parametrize(
    ("entity_type", "identity", "usecase", "detail"),
    [
        ("PRIVATE_PROFIT", "UNVERIFIED", "CUSTOMER_CARE", "is not verified (identityStatus UNVERIFIED)"),
        (
            "PRIVATE_PROFIT",
            "SELF_DECLARED",
            "CUSTOMER_CARE",
            "is not verified (identityStatus SELF_DECLARED)",
        ),
        (
            "SOLE_PROPRIETOR",
            "UNVERIFIED",
            "SOLE_PROPRIETOR",
            "a sole proprietor brand is verified by its SMS OTP",
        ),
        ("SOLE_PROPRIETOR", "VERIFIED", "CUSTOMER_CARE", "can only register the SOLE_PROPRIETOR use case"),
        ("PRIVATE_PROFIT", "VERIFIED", "SOLE_PROPRIETOR", "only available to SOLE_PROPRIETOR brands"),
        ("PRIVATE_PROFIT", "VERIFIED", "CHARITY", "only available to NON_PROFIT brands, not PRIVATE_PROFIT"),
        ("GOVERNMENT", "VETTED_VERIFIED", "POLITICAL", "only available to NON_PROFIT, PRIVATE_PROFIT brands"),
        ("PRIVATE_PROFIT", "VERIFIED", "K12_EDUCATION", "needs an externally vetted brand"),
    ],
)
def test_unqualified_brands_get_400_saying_why(sandbox, sandbox_api, entity_type, identity, usecase, detail):
    brand = insert_brand(sandbox, entityType=entity_type, identityStatus=identity)

    response = sandbox_api.get(f"/10dlc/campaignBuilder/brand/{brand['brandId']}/usecase/{usecase}")

    assert response.status_code == 400
    assert error(response)["title"] == "Bad Request"
    assert detail in error(response)["detail"]


def test_qualify_unknown_brand_is_404(sandbox_api):
    response = sandbox_api.get("/10dlc/campaignBuilder/brand/4b20nope/usecase/CUSTOMER_CARE")

    assert response.status_code == 404
    assert error(response)["detail"] == "Brand not found"


def test_qualify_unknown_use_case_is_422_on_the_parameter(sandbox, sandbox_api):
    brand = insert_brand(sandbox)

    response = sandbox_api.get(f"/10dlc/campaignBuilder/brand/{brand['brandId']}/usecase/NOPE")

    assert response.status_code == 422
    assert error(response)["source"] == {"parameter": "usecase"}


# --- C13 cost -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/10dlc/campaign/usecase/cost", "/10dlc/campaign/usecase_cost"])
@pytest.mark.parametrize(
    ("usecase", "monthly", "upfront"),
    [("MARKETING", "10.00", "30.00"), ("CHARITY", "3.00", "9.00"), ("LOW_VOLUME", "1.50", "4.50")],
)
def test_use_case_cost(sandbox_api, path, usecase, monthly, upfront):
    response = sandbox_api.get(f"{path}?usecase={usecase}")

    assert response.status_code == 200
    UsecaseGetCostResponse.model_validate(response.json)
    assert response.json["campaignUsecase"] == usecase
    assert (response.json["monthlyCost"], response.json["upFrontCost"]) == (monthly, upfront)
    assert response.json["description"]


@pytest.mark.parametrize("query", ["", "?usecase=", "?usecase=NOPE"])
def test_use_case_cost_needs_a_known_use_case(sandbox_api, query):
    response = sandbox_api.get(f"/10dlc/campaign/usecase/cost{query}")

    assert response.status_code == 422
    assert error(response)["source"] == {"parameter": "usecase"}


# --- C2 submit ------------------------------------------------------------------------------------


def test_submit_answers_the_new_campaign(sandbox, sandbox_api):
    brand = insert_brand(sandbox, mock=True)
    body = campaign_body(brand, referenceId="ref-1", sample3="Acme: third sample. Reply STOP to opt out.")

    response = sandbox_api.post("/10dlc/campaignBuilder", body)

    assert response.status_code == 200
    campaign = response.json
    TelnyxCampaignCsp.model_validate(campaign)
    assert re.fullmatch(
        r"4b30[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", campaign["campaignId"]
    )
    assert re.fullmatch(r"C[A-Z0-9]{6}", campaign["tcrCampaignId"])
    assert campaign["brandId"] == brand["brandId"]
    assert campaign["tcrBrandId"] == brand["tcrBrandId"]
    assert campaign["brandDisplayName"] == brand["displayName"]
    assert campaign["cspId"] == brand["cspId"]
    assert campaign["mock"] is True
    assert (campaign["status"], campaign["submissionStatus"], campaign["campaignStatus"]) == (
        "ACTIVE",
        "PENDING",
        "TCR_PENDING",
    )
    assert campaign["isTMobileRegistered"] is campaign["isTMobileSuspended"] is False
    assert campaign["isTMobileNumberPoolingEnabled"] is False
    assert campaign["subUsecases"] == []
    assert campaign["autoRenewal"] is True  # the default
    for field in ("description", "messageFlow", "sample1", "sample3", "helpKeywords", "privacyPolicyLink",
                  "termsAndConditions", "webhookURL", "webhookFailoverURL", "referenceId", "usecase"):  # fmt: skip
        assert campaign[field] == body[field], field
    assert (
        campaign["billedDate"] == campaign["createDate"] == sandbox.clock.naive_iso() == "2026-09-21T14:13:20"
    )
    assert campaign["nextRenewalOrExpirationDate"] == "2026-12-21T14:13:20"  # three months paid up front
    assert sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}").json == campaign
    assert brand_campaign_count(sandbox, brand) == 1


def test_submit_with_only_required_fields(sandbox, sandbox_api):
    brand = insert_brand(sandbox)
    body = {
        "brandId": brand["brandId"],
        "description": "Support replies.",
        "usecase": "CUSTOMER_CARE",
        "optoutMessage": "Acme: you are unsubscribed.",
    }

    response = sandbox_api.post("/10dlc/campaignBuilder", body)

    assert response.status_code == 200
    TelnyxCampaignCsp.model_validate(response.json)
    assert response.json["termsAndConditions"] is False
    assert response.json["sample1"] is None


def test_submit_keeps_mno_ids_and_tags_off_the_wire(sandbox, sandbox_api):
    brand = insert_brand(sandbox)

    campaign = submit(sandbox_api, brand, mnoIds=[10035, 10017], tag=["spring", "support"])

    assert "mnoIds" not in campaign
    assert "tag" not in campaign
    internal = sandbox.store.scalar(
        "SELECT internal FROM campaigns WHERE campaign_id = ?", (campaign["campaignId"],)
    )
    assert json.loads(internal) == {"mnoIds": [10035, 10017], "tag": ["spring", "support"]}
    metadata = sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}/mnoMetadata").json
    assert list(metadata) == ["10035", "10017"]


@pytest.mark.parametrize(
    ("overrides", "pointer"),
    [
        ({"usecase": "NOPE"}, "/usecase"),
        ({"description": ""}, "/description"),
        ({"description": 12}, "/description"),
        ({"ageGated": "yes"}, "/ageGated"),
        ({"termsAndConditions": 1}, "/termsAndConditions"),
        ({"sample1": ["a"]}, "/sample1"),
        ({"mnoIds": [0]}, "/mnoIds"),
        ({"mnoIds": []}, "/mnoIds"),
        ({"mnoIds": [10017, 10017]}, "/mnoIds"),
        ({"mnoIds": ["10017"]}, "/mnoIds"),
        ({"subUsecases": ["MARKETING"]}, "/subUsecases"),
        ({"usecase": "MIXED", "subUsecases": ["MARKETING"]}, "/subUsecases"),
        ({"usecase": "MIXED"}, "/subUsecases"),
        ({"usecase": "MIXED", "subUsecases": ["MARKETING", "NOPE"]}, "/subUsecases"),
        ({"usecase": "MIXED", "subUsecases": ["MARKETING", "MARKETING"]}, "/subUsecases"),
        ({"tag": ["a", "a"]}, "/tag"),
        ({"tag": "a"}, "/tag"),
        ({"helpKeywords": "HELP, INFO"}, "/helpKeywords"),
        ({"optinKeywords": "START,,YES"}, "/optinKeywords"),
        ({"optoutKeywords": "STOP,"}, "/optoutKeywords"),
        ({"privacyPolicyLink": "privacyPolicyLink"}, "/privacyPolicyLink"),
        ({"termsAndConditionsLink": "acme.example/terms"}, "/termsAndConditionsLink"),
        ({"webhookURL": "ftp://hooks.example"}, "/webhookURL"),
        ({"webhookFailoverURL": "WebhookURL"}, "/webhookFailoverURL"),
        ({"optoutMessage": None}, "/optoutMessage"),
        ({"optoutMessage": " "}, "/optoutMessage"),
    ],
)
def test_submit_validation(sandbox, sandbox_api, overrides, pointer):
    brand = insert_brand(sandbox)

    response = sandbox_api.post("/10dlc/campaignBuilder", campaign_body(brand, **overrides))

    assert response.status_code == 422
    assert pointers(response) == [pointer]
    assert brand_campaign_count(sandbox, brand) == 0


def test_submit_lists_every_bad_field_at_once(sandbox_api):
    response = sandbox_api.post(
        "/10dlc/campaignBuilder", {"ageGated": "no", "mnoIds": [1], "helpKeywords": "A B"}
    )

    assert response.status_code == 422
    assert pointers(response) == [
        "/brandId", "/description", "/usecase", "/optoutMessage", "/ageGated", "/mnoIds", "/helpKeywords",
    ]  # fmt: skip
    assert response.json["errors"][0]["title"] == "Missing required field"


def test_mixed_use_case_with_sub_use_cases(sandbox, sandbox_api):
    brand = insert_brand(sandbox)

    campaign = submit(sandbox_api, brand, usecase="MIXED", subUsecases=["MARKETING", "2FA"])

    assert campaign["subUsecases"] == ["MARKETING", "2FA"]


def test_submit_for_an_unknown_brand_is_400_on_brand_id(sandbox_api):
    response = sandbox_api.post(
        "/10dlc/campaignBuilder",
        {"brandId": "4b20nope", "description": "d", "usecase": "2FA", "optoutMessage": "Stopped."},
    )

    assert response.status_code == 400
    assert error(response)["detail"] == "Brand not found"
    assert pointers(response) == ["/brandId"]


@pytest.mark.parametrize(
    ("brand_overrides", "usecase", "pointer"),
    [
        ({"identityStatus": "UNVERIFIED"}, "CUSTOMER_CARE", "/brandId"),
        ({}, "CHARITY", "/usecase"),
        ({}, "EMERGENCY", "/usecase"),
    ],
)
def test_submit_needs_a_qualified_brand(sandbox, sandbox_api, brand_overrides, usecase, pointer):
    brand = insert_brand(sandbox, **brand_overrides)

    response = sandbox_api.post("/10dlc/campaignBuilder", campaign_body(brand, usecase=usecase))

    assert response.status_code == 400
    assert pointers(response) == [pointer]


def test_a_sole_proprietor_brand_has_one_active_campaign(sandbox, sandbox_api):
    brand = insert_brand(sandbox, entityType="SOLE_PROPRIETOR", companyName=None)
    first = submit(sandbox_api, brand, usecase="SOLE_PROPRIETOR")

    second = sandbox_api.post("/10dlc/campaignBuilder", campaign_body(brand, usecase="SOLE_PROPRIETOR"))
    assert second.status_code == 400
    assert error(second)["detail"] == "A sole proprietor brand may have only one campaign."

    assert sandbox_api.delete(f"/10dlc/campaign/{first['campaignId']}").status_code == 200
    assert (
        sandbox_api.post(
            "/10dlc/campaignBuilder", campaign_body(brand, usecase="SOLE_PROPRIETOR")
        ).status_code
        == 200
    )


def test_a_brand_has_at_most_five_campaigns_and_deactivated_ones_do_not_count(
    sandbox, sandbox_api, sandbox_control
):
    brand = insert_brand(sandbox)
    campaigns = [submit(sandbox_api, brand) for _ in range(5)]
    balance = sandbox_control.get("/account").json["balance"]

    sixth = sandbox_api.post("/10dlc/campaignBuilder", campaign_body(brand))

    assert sixth.status_code == 400
    assert error(sixth)["code"] == "10015"
    assert error(sixth)["title"] == "Bad Request"
    assert pointers(sixth) == ["/brandId"]
    assert "already has 5 campaigns" in error(sixth)["detail"]
    assert sandbox_control.get("/account").json["balance"] == balance
    assert sandbox_api.get(f"/10dlc/campaign?brandId={brand['brandId']}").json["totalRecords"] == 5

    assert sandbox_api.delete(f"/10dlc/campaign/{campaigns[0]['campaignId']}").status_code == 200
    submit(sandbox_api, brand)
    assert brand_campaign_count(sandbox, brand) == 5


def test_the_submission_missing_optout_message_is_422_at_the_field(sandbox, sandbox_api):
    brand = insert_brand(sandbox)
    body = campaign_body(brand)
    del body["optoutMessage"]

    response = sandbox_api.post("/10dlc/campaignBuilder", body)

    assert response.status_code == 422
    assert pointers(response) == ["/optoutMessage"]
    assert error(response)["title"] == "Missing required field"
    assert brand_campaign_count(sandbox, brand) == 0


def test_reference_id_is_unique_across_campaigns(sandbox, sandbox_api):
    brand = insert_brand(sandbox)
    submit(sandbox_api, brand, referenceId="order-42")

    response = sandbox_api.post(
        "/10dlc/campaignBuilder", campaign_body(insert_brand(sandbox), referenceId="order-42")
    )

    assert response.status_code == 400
    assert pointers(response) == ["/referenceId"]


def test_submission_is_charged_and_refused_when_the_balance_is_short(sandbox, sandbox_api, sandbox_control):
    brand = insert_brand(sandbox)
    submit(sandbox_api, brand)
    assert sandbox_control.get("/account").json["balance"] == "955.00"  # 30.00 up front, 15.00 review
    assert sandbox_control.post("/account", {"balance": "44.99"}).json["balance"] == "44.99"

    refused = sandbox_api.post("/10dlc/campaignBuilder", campaign_body(brand))

    assert refused.status_code == 402
    assert error(refused)["title"] == "Insufficient Funds"
    assert error(refused)["detail"] == (
        "Submitting a CUSTOMER_CARE campaign costs 45.00 (CUSTOMER_CARE campaign, three months up front: 30.00;"
        " Campaign review: 15.00); the account balance is 44.99."
    )
    assert brand_campaign_count(sandbox, brand) == 1
    assert sandbox_control.get("/account").json["balance"] == "44.99"
    submit(sandbox_api, brand, usecase="LOW_VOLUME", subUsecases=["MARKETING", "2FA"])  # 4.50 + 15.00
    assert sandbox_control.get("/account").json["balance"] == "25.49"


# --- C3 list, C4 get ------------------------------------------------------------------------------


def put_campaigns(sandbox, brand, count: int) -> list[dict]:
    docs = []
    for n in range(count):
        doc = campaign_doc(sandbox, brand, campaignStatus="MNO_PROVISIONED" if n % 2 else "TCR_PENDING")
        put_campaign(sandbox.context, doc, sandbox.clock.now() + n)
        sandbox.store.execute(
            "UPDATE campaigns SET number_count = ? WHERE campaign_id = ?", (n % 3, doc["campaignId"])
        )
        docs.append(doc)
    return docs


def test_list_pages_newest_first_with_phone_number_counts(sandbox, sandbox_api):
    brand = insert_brand(sandbox)
    docs = put_campaigns(sandbox, brand, 12)
    insert_campaign(sandbox, insert_brand(sandbox))  # another brand's

    first = sandbox_api.get(f"/10dlc/campaign?brandId={brand['brandId']}").json
    second = sandbox_api.get(f"/10dlc/campaign?brandId={brand['brandId']}&page=2").json
    past = sandbox_api.get(f"/10dlc/campaign?brandId={brand['brandId']}&page=3").json

    assert (first["page"], first["totalRecords"], len(first["records"])) == (1, 12, 10)
    assert (second["page"], second["totalRecords"], len(second["records"])) == (2, 12, 2)
    assert past == {"records": [], "page": 3, "totalRecords": 12}
    ids = [record["campaignId"] for record in first["records"] + second["records"]]
    assert ids == [doc["campaignId"] for doc in reversed(docs)]
    for record in first["records"]:
        CampaignListResponse.model_validate(record)
    assert first["records"][0]["assignedPhoneNumbersCount"] == 11 % 3


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("createdAt", lambda r: r["createDate"]),
        ("campaignId", lambda r: r["campaignId"]),
        ("-campaignId", lambda r: r["campaignId"]),
        ("tcrCampaignId", lambda r: r["tcrCampaignId"]),
        ("-tcrCampaignId", lambda r: r["tcrCampaignId"]),
        ("status", lambda r: r["status"]),
        ("assignedPhoneNumbersCount", lambda r: r["assignedPhoneNumbersCount"]),
        ("-assignedPhoneNumbersCount", lambda r: r["assignedPhoneNumbersCount"]),
    ],
)
def test_list_sorts(sandbox, sandbox_api, sort, key):
    brand = insert_brand(sandbox)
    put_campaigns(sandbox, brand, 6)

    records = sandbox_api.get(
        f"/10dlc/campaign?brandId={brand['brandId']}&sort={sort}&recordsPerPage=500"
    ).json["records"]

    values = [key(record) for record in records]
    assert values == sorted(values, reverse=sort.startswith("-"))
    assert len(values) == 6


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("", "brandId"),
        ("brandId=", "brandId"),
        ("brandId=x&sort=name", "sort"),
        ("brandId=x&recordsPerPage=501", "recordsPerPage"),
        ("brandId=x&page=0", "page"),
        ("brandId=x&page=one", "page"),
    ],
)
def test_list_parameters(sandbox_api, query, parameter):
    response = sandbox_api.get(f"/10dlc/campaign?{query}")

    assert response.status_code == 422
    assert error(response)["source"] == {"parameter": parameter}


def test_list_of_an_unknown_brand_is_empty(sandbox_api):
    assert sandbox_api.get("/10dlc/campaign?brandId=4b20nope").json == {
        "records": [],
        "page": 1,
        "totalRecords": 0,
    }


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", ""),
        ("PUT", ""),
        ("DELETE", ""),
        ("POST", "/appeal"),
        ("GET", "/mnoMetadata"),
        ("GET", "/operationStatus"),
        ("GET", "/osr/attributes"),
        ("GET", "/osr_attributes"),
        ("GET", "/sharing"),
    ],
)
def test_unknown_campaign_is_404(sandbox_api, method, path):
    body = {"appeal_reason": "fixed"} if path == "/appeal" else None

    response = sandbox_api.request(method, f"/10dlc/campaign/4b30nope{path}", body)

    assert response.status_code == 404
    assert error(response)["detail"] == "Campaign not found"


# --- C5 update ------------------------------------------------------------------------------------


def test_update_changes_the_editable_fields_and_ignores_the_rest(sandbox, sandbox_api):
    campaign = submit(sandbox_api, insert_brand(sandbox))
    changes = {
        "autoRenewal": False,
        "helpMessage": "Acme help: call us.",
        "messageFlow": "Customers text START.",
        "resellerId": "RESELLER",
        "sample2": "Acme: new second sample. Reply STOP to opt out.",
        "sample5": "Acme: fifth sample.",
        "webhookURL": "http://127.0.0.1:9/new",
        "webhookFailoverURL": "http://127.0.0.1:9/new-failover",
    }

    response = sandbox_api.put(
        f"/10dlc/campaign/{campaign['campaignId']}", {**changes, "description": "changed", "usecase": "2FA"}
    )

    assert response.status_code == 200
    TelnyxCampaignCsp.model_validate(response.json)
    assert response.json == {**campaign, **changes}
    assert sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}").json == response.json


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"webhookURL": "WebhookURL"}, ["/webhookURL"]),
        ({"autoRenewal": "no", "sample1": 3}, ["/autoRenewal", "/sample1"]),
        ({"sample2": None}, ["/sample2"]),
    ],
)
def test_update_validation(sandbox, sandbox_api, body, expected):
    campaign = submit(sandbox_api, insert_brand(sandbox))

    response = sandbox_api.put(f"/10dlc/campaign/{campaign['campaignId']}", body)

    assert response.status_code == 422
    assert pointers(response) == expected


def test_a_deactivated_campaign_cannot_be_updated(sandbox, sandbox_api):
    campaign = submit(sandbox_api, insert_brand(sandbox))
    sandbox_api.delete(f"/10dlc/campaign/{campaign['campaignId']}")

    response = sandbox_api.put(f"/10dlc/campaign/{campaign['campaignId']}", {"sample1": "new"})

    assert response.status_code == 400
    assert error(response)["detail"] == "Campaign is deactivated and can no longer be updated."


# --- C6 deactivate --------------------------------------------------------------------------------


def test_deactivate_expires_the_campaign_and_cancels_its_review(sandbox, sandbox_api):
    brand = insert_brand(sandbox)
    campaign = submit(sandbox_api, brand)

    response = sandbox_api.delete(f"/10dlc/campaign/{campaign['campaignId']}")

    assert response.status_code == 200
    CampaignDeactivateResponse.model_validate(response.json)
    assert response.json == {
        "time": sandbox.clock.now(),
        "message": f"Campaign {campaign['campaignId']} deactivated",
        "record_type": "campaign",
    }
    assert brand_campaign_count(sandbox, brand) == 0
    assert sandbox.scheduler.pending(campaign["campaignId"]) == []
    sandbox.advance(PROVISION_SECONDS * 2)
    current = sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}").json
    assert (current["status"], current["campaignStatus"]) == ("EXPIRED", "TCR_EXPIRED")
    assert [event.get("eventType") for event in campaign_events(sandbox, campaign["campaignId"])] == [
        "CAMPAIGN_EXPIRED"
    ]


def test_deactivating_twice_is_400(sandbox, sandbox_api):
    campaign = submit(sandbox_api, insert_brand(sandbox))
    sandbox_api.delete(f"/10dlc/campaign/{campaign['campaignId']}")

    response = sandbox_api.delete(f"/10dlc/campaign/{campaign['campaignId']}")

    assert response.status_code == 400
    assert error(response)["detail"] == "Campaign is already deactivated."


# --- C7 appeal ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "pointer", "title"),
    [
        ({}, "/appeal_reason", "Missing required field"),
        ({"appeal_reason": ""}, "/appeal_reason", "Invalid value"),
        ({"appeal_reason": 5}, "/appeal_reason", "Invalid value"),
        ({"appealReason": " "}, "/appealReason", "Invalid value"),
    ],
)
def test_appeal_needs_a_reason(sandbox, sandbox_api, body, pointer, title):
    brand = insert_brand(sandbox)
    campaign = insert_campaign(sandbox, brand, campaignStatus="TELNYX_FAILED")

    response = sandbox_api.post(f"/10dlc/campaign/{campaign['campaignId']}/appeal", body)

    assert response.status_code == 422
    assert pointers(response) == [pointer]
    assert error(response)["title"] == title


@pytest.mark.parametrize(
    "status", ["TCR_PENDING", "TCR_ACCEPTED", "MNO_PENDING", "MNO_PROVISIONED", "TCR_EXPIRED"]
)
def test_only_failed_campaigns_can_be_appealed(sandbox, sandbox_api, status):
    campaign = insert_campaign(sandbox, insert_brand(sandbox), campaignStatus=status)

    response = sandbox_api.post(
        f"/10dlc/campaign/{campaign['campaignId']}/appeal", {"appeal_reason": "Please."}
    )

    assert response.status_code == 400
    assert error(response)["detail"].startswith("Campaign not in appealable status: it is " + status)


@pytest.mark.parametrize("key", ["appeal_reason", "appealReason"])
def test_appeal_answers_its_time_and_is_recorded(sandbox, sandbox_api, sandbox_control, key):
    campaign = insert_campaign(sandbox, insert_brand(sandbox), campaignStatus="MNO_REJECTED")

    response = sandbox_api.post(
        f"/10dlc/campaign/{campaign['campaignId']}/appeal", {key: "Removed the short link."}
    )

    assert response.status_code == 200
    CampaignSubmitAppealResponse.model_validate(response.json)
    assert response.json == {"appealed_at": sandbox.clock.iso()}
    assert campaign_status(sandbox_api, campaign["campaignId"]) == "TCR_ACCEPTED"
    assert sandbox_control.get(f"/campaigns/{campaign['campaignId']}/appeals").json == {
        "records": [
            {
                "appealedAt": sandbox.clock.iso(),
                "appealReason": "Removed the short link.",
                "fromStatus": "MNO_REJECTED",
            }
        ]
    }


def test_appeal_history_of_an_unknown_campaign_is_404(sandbox_control):
    assert sandbox_control.get("/campaigns/4b30nope/appeals").status_code == 404


# --- C8-C11 ---------------------------------------------------------------------------------------


def test_mno_metadata_covers_the_campaigns_carriers(sandbox, sandbox_api):
    brand = insert_brand(sandbox, identityStatus="VETTED_VERIFIED")
    campaign = submit(sandbox_api, brand, usecase="SWEEPSTAKE", mnoIds=[10017, 10999])

    response = sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}/mnoMetadata")

    assert response.status_code == 200
    CampaignGetMnoMetadataResponse.model_validate(response.json)
    assert list(response.json) == ["10017", "10999"]
    for metadata in response.json.values():
        MnoMetadataItem10999.model_validate(metadata)
    assert response.json["10017"]["mnoSupport"] is False
    assert response.json["10999"] == {
        "mno": "Interop",
        "qualify": True,
        "mnoSupport": True,
        "mnoReview": False,
        "minMsgSamples": 1,
        "noEmbeddedLink": False,
        "noEmbeddedPhone": False,
        "reqSubscriberHelp": True,
        "reqSubscriberOptin": True,
        "reqSubscriberOptout": True,
    }


def test_operation_status_follows_the_stage(sandbox, sandbox_api):
    campaign = submit(sandbox_api, insert_brand(sandbox))
    path = f"/10dlc/campaign/{campaign['campaignId']}/operationStatus"

    assert sandbox_api.get(path).json == dict.fromkeys(CARRIER_IDS, "REVIEW")
    sandbox.advance(PROVISION_SECONDS)
    assert sandbox_api.get(path).json == dict.fromkeys(CARRIER_IDS, "APPROVED")


@pytest.mark.parametrize("path", ["/osr/attributes", "/osr_attributes"])
@pytest.mark.parametrize(
    ("usecase", "msg_class"),
    [("CUSTOMER_CARE", "A"), ("MARKETING", "B"), ("MIXED", "B"), ("SOLE_PROPRIETOR", "E")],
)
def test_osr_attributes(sandbox, sandbox_api, path, usecase, msg_class):
    brand = insert_brand(sandbox)
    published = insert_campaign(sandbox, brand, usecase=usecase)
    pending = insert_campaign(sandbox, brand, usecase=usecase, campaignStatus="MNO_PENDING")

    response = sandbox_api.get(f"/10dlc/campaign/{published['campaignId']}{path}")

    assert response.status_code == 200
    assert response.json == {
        "brandId": brand["brandId"],
        "campaignId": published["tcrCampaignId"],
        "usecase": usecase,
        "msg_class": msg_class,
        "status": "7",
    }
    assert sandbox_api.get(f"/10dlc/campaign/{pending['campaignId']}{path}").json["status"] == "0"


def test_sharing_status_of_a_campaign_not_shared_is_empty(sandbox, sandbox_api):
    campaign = insert_campaign(sandbox, insert_brand(sandbox))

    response = sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}/sharing")

    assert response.status_code == 200
    assert response.json == {}


def test_sharing_status_of_a_campaign_shared_by_me(sandbox, sandbox_api, sandbox_control):
    campaign = insert_campaign(sandbox, insert_brand(sandbox))
    assert sandbox_control.post("/shared_by_me", {"campaignId": campaign["campaignId"]}).status_code == 201

    response = sandbox_api.get(f"/10dlc/campaign/{campaign['campaignId']}/sharing")

    CampaignGetSharingStatusResponse.model_validate(response.json)
    now = sandbox.clock.naive_iso()
    assert response.json == {
        "sharedByMe": {
            "upstreamCnpId": "TELNYX",
            "downstreamCnpId": "PARTNERCNP",
            "sharingStatus": "ACCEPTED",
            "sharedDate": now,
            "statusDate": now,
        }
    }
