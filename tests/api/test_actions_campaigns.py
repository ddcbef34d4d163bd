"""Campaign actions over the API against the live sandbox: qualification, submission with its compliance
checks (blocking, the admins' override), the 10DLC API's refusals at our field names, appeal and
deactivation, and the audit entries written."""

import json
from typing import Any

import pytest
from rest_framework.renderers import JSONRenderer

from tendlc.api.campaigns import CampaignAppealSerializer, CampaignSerializer
from tendlc.api.compliance import ComplianceCheckSerializer
from tendlc.models import AuditEntry, Brand, Campaign, CampaignAppeal, ComplianceCheck, IdempotencyKey
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.campaigns import CLEAN_CONTENT, qualify

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

CAMPAIGNS = "/api/v1/campaigns/"
QUALIFY = f"{CAMPAIGNS}qualify/"
FLAWED_CONTENT = {**CLEAN_CONTENT, "help_message": "Reply STOP to opt out."}
BLOCKED = (
    "2 compliance error(s) block submission: correct the content, or a Compliance admin gives a written"
    " reason to submit anyway."
)
APPEAL_REASON = "The privacy policy now says we never share numbers; the opt-in form is linked."


def as_json(data: Any) -> Any:
    return json.loads(JSONRenderer().render(data))


def submission(brand: Brand, content: dict[str, Any] = CLEAN_CONTENT, **extra: Any) -> dict[str, Any]:
    return {"brand": brand.pk, "usecase": "CUSTOMER_CARE", **content, **extra}


def campaign_url(campaign: Campaign, action: str) -> str:
    return f"{CAMPAIGNS}{campaign.pk}/{action}/"


def audit_rows() -> list[tuple[str, str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("username", "action", "outcome"))


@pytest.fixture
def campaign_brand(portal_api, registered_brand) -> Brand:
    return registered_brand


# --- qualification --------------------------------------------------------------------------------------


def test_a_qualification_answers_fees_carriers_and_cost(staff_api, campaign_brand, tendlc_client):
    response = staff_api.post(QUALIFY, {"brand": campaign_brand.pk, "usecase": "MIXED"}, format="json")

    body = response.json()
    assert response.status_code == 200
    assert body == json.loads(json.dumps(qualify(campaign_brand, tendlc_client, "MIXED").as_dict()))
    assert (body["brand_id"], body["usecase"], body["eligible"], body["refusal"]) == (
        campaign_brand.brand_id,
        "MIXED",
        True,
        "",
    )
    assert (body["min_sub_usecases"], body["max_sub_usecases"]) == (2, 5)
    assert {"T-Mobile", "Verizon Wireless"} <= {carrier["name"] for carrier in body["carriers"]}
    assert not AuditEntry.objects.exists()  # a question, not a change


def test_a_brand_that_does_not_qualify_is_an_answer_not_an_error(staff_api, campaign_brand):
    response = staff_api.post(QUALIFY, {"brand": campaign_brand.pk, "usecase": "CHARITY"}, format="json")

    assert response.status_code == 200
    assert response.json()["eligible"] is False
    assert "Use case CHARITY is only available to NON_PROFIT brands" in response.json()["refusal"]


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        (
            {"usecase": "NOT_A_USE_CASE"},
            [
                ("brand", "required", "This field is required."),
                (
                    "usecase",
                    "invalid_choice",
                    "Select a valid choice. NOT_A_USE_CASE is not one of the available choices.",
                ),
            ],
        ),
        (
            {"brand": "unverified", "usecase": "CUSTOMER_CARE"},
            [
                (
                    "brand",
                    "invalid_choice",
                    "This brand's identity is not verified (identity status UNVERIFIED).",
                )
            ],
        ),
    ],
    ids=["missing-brand-unknown-use-case", "unverified-brand"],
)
def test_qualification_input_is_refused_as_the_builder_refuses_it(staff_api, portal_api, sent, errors):
    if sent.get("brand") == "unverified":
        sent = {**sent, "brand": BrandFactory(identity_status="UNVERIFIED").pk}

    response = staff_api.post(QUALIFY, sent, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": field, "code": code, "message": message} for field, code, message in errors],
        "status": 400,
    }


# --- submission -----------------------------------------------------------------------------------------


def test_a_clean_campaign_is_submitted_with_its_checks_in_the_answer(
    staff_api, campaign_brand, tendlc_client
):
    response = staff_api.post(CAMPAIGNS, submission(campaign_brand, reference_id="crm-4821"), format="json")

    campaign = Campaign.objects.get()
    check = ComplianceCheck.objects.get()
    assert response.status_code == 201
    assert response.json() == as_json(
        {**CampaignSerializer(campaign).data, "compliance": ComplianceCheckSerializer(check).data}
    )
    remote = tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id)
    assert (remote.reference_id, remote.brand_id, remote.usecase, remote.sample2) == (
        "crm-4821",
        campaign_brand.brand_id,
        "CUSTOMER_CARE",
        CLEAN_CONTENT["sample2"],
    )
    assert (check.campaign, check.error_count, check.warning_count, check.override_reason) == (
        campaign,
        0,
        0,
        "",
    )
    assert audit_rows() == [("staff", "campaign.submit", "succeeded")]


def test_a_reference_id_used_already_is_refused_at_its_field(staff_api, campaign_brand):
    assert (
        staff_api.post(CAMPAIGNS, submission(campaign_brand, reference_id="crm-1"), format="json").status_code
        == 201
    )

    again = staff_api.post(CAMPAIGNS, submission(campaign_brand, reference_id="crm-1"), format="json")

    assert again.status_code == 422
    assert again.json()["errors"] == [
        {
            "field": "reference_id",
            "code": "rejected_by_10dlc",
            "message": "referenceId is already used by another campaign.",
        }
    ]
    assert Campaign.objects.count() == 1


def test_a_retry_with_the_same_idempotency_key_after_a_lost_answer_submits_no_second_campaign(
    staff_api, campaign_brand, tendlc_client
):
    headers = {"Idempotency-Key": "retry-after-a-lost-answer"}
    first = staff_api.post(CAMPAIGNS, submission(campaign_brand), format="json", headers=headers)
    # The answer was lost on its way (a 5xx frees the key): the client sends the same request again.
    IdempotencyKey.objects.all().delete()

    again = staff_api.post(CAMPAIGNS, submission(campaign_brand), format="json", headers=headers)

    assert first.status_code == 201
    assert (again.status_code, [error["field"] for error in again.json()["errors"]]) == (
        422,
        ["reference_id"],
    )
    assert Campaign.objects.count() == 1
    remote = tendlc_client.messaging_10dlc.campaign.retrieve(Campaign.objects.get().campaign_id)
    assert remote.reference_id.startswith("key-")


def test_the_same_idempotency_key_of_two_users_gives_two_references(staff_api, admin_api, campaign_brand):
    headers = {"Idempotency-Key": "shared-by-chance"}

    by_staff = staff_api.post(CAMPAIGNS, submission(campaign_brand), format="json", headers=headers)
    by_admin = admin_api.post(CAMPAIGNS, submission(campaign_brand), format="json", headers=headers)

    assert (by_staff.status_code, by_admin.status_code) == (201, 201)
    assert Campaign.objects.count() == 2


def test_compliance_errors_block_staff_and_the_answer_carries_the_findings(
    staff_api, campaign_brand, tendlc_client
):
    response = staff_api.post(CAMPAIGNS, submission(campaign_brand, FLAWED_CONTENT), format="json")

    body = response.json()
    assert response.status_code == 400
    assert body["errors"] == [{"field": "override_reason", "code": "refused", "message": BLOCKED}]
    assert (body["compliance"]["error_count"], len(body["compliance"]["findings"])) == (
        2,
        2 + body["compliance"]["warning_count"],
    )
    errors = [finding for finding in body["compliance"]["findings"] if finding["severity"] == "error"]
    assert {name for finding in errors for name in finding["fields"]} >= {"help_message"}
    assert tendlc_client.messaging_10dlc.campaign.list(brand_id=campaign_brand.brand_id).records == []
    assert not Campaign.objects.exists()
    assert audit_rows() == [("staff", "campaign.submit", "failed")]


def test_staff_may_not_override(staff_api, campaign_brand):
    response = staff_api.post(
        CAMPAIGNS, submission(campaign_brand, FLAWED_CONTENT, override_reason="I say so."), format="json"
    )

    assert response.status_code == 403
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "permission_denied",
                "message": "Only a Compliance admin may submit despite compliance errors.",
            }
        ],
        "status": 403,
    }
    assert not Campaign.objects.exists()


def test_an_admin_submits_despite_errors_with_a_written_reason(
    admin_api, campaign_brand, api_compliance_admin
):
    response = admin_api.post(
        CAMPAIGNS,
        submission(campaign_brand, FLAWED_CONTENT, override_reason="The HELP reply was agreed."),
        format="json",
    )

    campaign = Campaign.objects.get()
    check = ComplianceCheck.objects.get()
    assert response.status_code == 201
    assert response.json()["compliance"] == as_json(ComplianceCheckSerializer(check).data)
    assert (check.campaign, check.error_count, check.override_reason, check.overridden_by) == (
        campaign,
        2,
        "The HELP reply was agreed.",
        api_compliance_admin,
    )
    assert response.json()["compliance"]["override_reason"] == "The HELP reply was agreed."
    assert audit_rows() == [
        ("compliance-admin", "campaign.submit", "succeeded"),
        ("compliance-admin", "compliance_check.override", "succeeded"),
    ]


def test_the_apis_refusal_is_422_at_the_content_fields(admin_api, campaign_brand):
    spaced = {**CLEAN_CONTENT, "help_keywords": "HELP, INFO", "optin_keywords": "START, JOIN"}

    response = admin_api.post(
        CAMPAIGNS, submission(campaign_brand, spaced, override_reason="Let the API judge."), format="json"
    )

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "help_keywords",
            "code": "rejected_by_10dlc",
            "message": "helpKeywords must be keywords separated by commas, without spaces.",
        },
        {
            "field": "optin_keywords",
            "code": "rejected_by_10dlc",
            "message": "optinKeywords must be keywords separated by commas, without spaces.",
        },
    ]
    assert "compliance" in response.json()
    assert not Campaign.objects.exists()


def test_content_is_refused_as_the_builder_refuses_it(staff_api, campaign_brand):
    content = {**CLEAN_CONTENT, "sample1": "", "sub_usecases": ["2FA"], "privacy_policy_link": "not a link"}

    response = staff_api.post(CAMPAIGNS, submission(campaign_brand, content), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "sub_usecases",
                "code": "invalid",
                "message": "The CUSTOMER_CARE use case takes no sub use cases; 1 chosen.",
            },
            {"field": "sample1", "code": "required", "message": "This field is required."},
            {"field": "privacy_policy_link", "code": "invalid", "message": "Enter a valid URL."},
        ],
        "status": 400,
    }
    assert not AuditEntry.objects.exists()


def test_an_ineligible_use_case_is_refused_at_the_use_case(staff_api, campaign_brand):
    response = staff_api.post(CAMPAIGNS, {**submission(campaign_brand), "usecase": "CHARITY"}, format="json")

    [error] = response.json()["errors"]
    assert response.status_code == 400
    assert (error["field"], error["code"]) == ("usecase", "refused")
    assert error["message"].startswith("The brand does not qualify for CHARITY: ")
    assert "compliance" not in response.json()  # content is judged only against an eligible use case
    assert not Campaign.objects.exists()


# --- appeal and deactivation ----------------------------------------------------------------------------


def test_an_admin_appeals_a_rejected_campaign(
    admin_api, api_compliance_admin, rejected_campaign, sandbox_control
):
    response = admin_api.post(
        campaign_url(rejected_campaign, "appeal"), {"appeal_reason": APPEAL_REASON}, format="json"
    )

    appeal = CampaignAppeal.objects.get()
    assert response.status_code == 201
    assert response.json() == as_json(CampaignAppealSerializer(appeal).data)
    assert (appeal.campaign, appeal.appeal_reason, appeal.status_before, appeal.requested_by) == (
        rejected_campaign,
        APPEAL_REASON,
        "TELNYX_FAILED",
        api_compliance_admin,
    )
    assert response.json()["campaign"]["campaign_status"] == "TCR_ACCEPTED"
    remote = sandbox_control.get(f"/campaigns/{rejected_campaign.campaign_id}/appeals").json["records"]
    assert [record["appealReason"] for record in remote] == [APPEAL_REASON]
    assert audit_rows() == [("compliance-admin", "campaign.appeal", "succeeded")]


def test_an_appeal_needs_a_reason(admin_api):
    campaign = CampaignFactory(campaign_status="TELNYX_FAILED")

    response = admin_api.post(campaign_url(campaign, "appeal"), {"appeal_reason": ""}, format="json")

    assert response.json() == {
        "errors": [{"field": "appeal_reason", "code": "required", "message": "This field is required."}],
        "status": 400,
    }


def test_an_appeal_is_refused_in_other_statuses(admin_api, portal_api):
    campaign = CampaignFactory(campaign_status="MNO_PROVISIONED")

    response = admin_api.post(
        campaign_url(campaign, "appeal"), {"appeal_reason": APPEAL_REASON}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": None,
            "code": "refused",
            "message": "Only a campaign rejected by Telnyx or a carrier (TELNYX_FAILED or MNO_REJECTED) can be"
            " appealed; this one is MNO_PROVISIONED.",
        }
    ]
    assert not CampaignAppeal.objects.exists()
    assert audit_rows() == [("compliance-admin", "campaign.appeal", "failed")]


def test_an_admin_deactivates_a_campaign(admin_api, portal_api, make_portal_campaign, tendlc_client):
    campaign = make_portal_campaign()

    response = admin_api.post(campaign_url(campaign, "deactivate"), format="json")

    campaign.refresh_from_db()
    assert response.status_code == 200
    assert response.json() == as_json(CampaignSerializer(campaign).data)
    assert campaign.status == "EXPIRED"
    assert tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id).status == "EXPIRED"
    assert audit_rows() == [("compliance-admin", "campaign.deactivate", "succeeded")]

    again = admin_api.post(campaign_url(campaign, "deactivate"), format="json")

    assert again.status_code == 400
    assert again.json()["errors"] == [
        {"field": None, "code": "refused", "message": "This campaign is already deactivated."}
    ]
