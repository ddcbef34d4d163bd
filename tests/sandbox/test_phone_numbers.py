"""Phone-number assignments: N1 to N5, their lifecycle and rules, webhooks, counts, the control route and
the bulk seeding function."""

import json

import pytest
from telnyx.types.messaging_10dlc.phone_number_campaign import PhoneNumberCampaign
from werkzeug.datastructures import MultiDict

from tendlc.sandbox.pagination import order_by
from tendlc.sandbox.phone_numbers import lifecycle, records, routes, rules
from tests.fixtures.sandbox import pointers
from tests.sandbox.factories import insert_brand, insert_campaign, insert_partner_campaign

NOW = "2026-09-21T14:13:20"  # START as a naive ISO timestamp
HOOK = "https://hooks.example/campaign"
FAILOVER = "https://hooks.example/failover"
NUMBER = "+12025550111"


@pytest.fixture
def campaign_with_failover(sandbox, stored_brand):
    return insert_campaign(sandbox, stored_brand, webhookURL=HOOK, webhookFailoverURL=FAILOVER)


@pytest.fixture
def partner_with_webhook(sandbox):
    return insert_partner_campaign(sandbox, webhookURL="https://hooks.example/partner")


def assign(api, campaign_id: str, number: str = NUMBER):
    return api.post("/10dlc/phone_number_campaigns", {"phoneNumber": number, "campaignId": campaign_id})


def assigned(api, sandbox, campaign_id: str, number: str = NUMBER) -> dict:
    assert assign(api, campaign_id, number).status_code == 200
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    return api.get(f"/10dlc/phone_number_campaigns/{number}").json


def phone_events(sandbox) -> list[tuple[str | None, str | None, dict]]:
    rows = sandbox.store.all(
        "SELECT url, failover_url, payload FROM webhook_deliveries WHERE event_type = ? ORDER BY id",
        (lifecycle.EVENT_TYPE,),
    )
    return [(row["url"], row["failover_url"], json.loads(row["payload"])["payload"]) for row in rows]


def count_of(sandbox, campaign: dict) -> int:
    if "campaignId" in campaign:
        return sandbox.store.scalar(
            "SELECT number_count FROM campaigns WHERE campaign_id = ?", (campaign["campaignId"],)
        )
    return sandbox.store.scalar(
        "SELECT number_count FROM partner_campaigns WHERE tcr_campaign_id = ?", (campaign["tcrCampaignId"],)
    )


def update_campaign(sandbox, campaign: dict, **changes) -> None:
    doc = {**campaign, **changes}
    sandbox.store.execute(
        "UPDATE campaigns SET doc = ?, status = ?, campaign_status = ? WHERE campaign_id = ?",
        (json.dumps(doc), doc["status"], doc["campaignStatus"], doc["campaignId"]),
    )


def mapping_event(campaign: dict, number: str, status: str) -> dict:
    """The STATUS_UPDATE of a number's carrier mapping on a Telnyx campaign (§4.4)."""
    return {
        "campaignId": campaign["campaignId"],
        "tcrCampaignId": campaign["tcrCampaignId"],
        "phoneNumber": number,
        "status": status,
        "type": "STATUS_UPDATE",
    }


def success_events(campaign_id: str, number: str, kind: str, tcr_campaign_id: str) -> list[dict]:
    return [
        {"campaignId": campaign_id, "phoneNumber": number, "status": "success", "type": kind, "reasons": []},
        mapping_event(
            {"campaignId": campaign_id, "tcrCampaignId": tcr_campaign_id},
            number,
            "ADDED" if kind == "ASSIGNMENT" else "DELETED",
        ),
    ]


# --- N2 assign ---------------------------------------------------------------------------------------------


def test_assign_answers_the_pending_assignment(sandbox_api, sandbox, stored_brand, campaign_with_failover):
    response = assign(sandbox_api, campaign_with_failover["campaignId"])

    assert response.status_code == 200
    PhoneNumberCampaign.model_validate(response.json)
    assert response.json == {
        "phoneNumber": NUMBER,
        "campaignId": campaign_with_failover["campaignId"],
        "brandId": stored_brand["brandId"],
        "telnyxCampaignId": campaign_with_failover["campaignId"],
        "tcrBrandId": stored_brand["tcrBrandId"],
        "tcrCampaignId": campaign_with_failover["tcrCampaignId"],
        "assignmentStatus": "PENDING_ASSIGNMENT",
        "failureReasons": None,
        "tmobileNumberMappingStatus": "PENDING",
        "nonTmobileNumberMappingStatus": "PENDING",
        "createdAt": NOW,
        "updatedAt": NOW,
    }
    assert count_of(sandbox, campaign_with_failover) == 1


def test_assign_to_a_shared_campaign_uses_its_tcr_id_and_leaves_telnyx_ids_empty(
    sandbox_api, sandbox, partner_with_webhook
):
    response = assign(sandbox_api, partner_with_webhook["tcrCampaignId"])

    assert response.status_code == 200
    PhoneNumberCampaign.model_validate(response.json)
    assert response.json["campaignId"] == partner_with_webhook["tcrCampaignId"]
    assert response.json["tcrCampaignId"] == partner_with_webhook["tcrCampaignId"]
    assert response.json["tcrBrandId"] == partner_with_webhook["tcrBrandId"]
    assert response.json["brandId"] == ""
    assert response.json["telnyxCampaignId"] == ""
    assert count_of(sandbox, partner_with_webhook) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, ["/phoneNumber", "/campaignId"]),
        ({"phoneNumber": "18005550199", "campaignId": "x"}, ["/phoneNumber"]),
        ({"phoneNumber": "+1 800 555 0199", "campaignId": "x"}, ["/phoneNumber"]),
        ({"phoneNumber": 18005550199, "campaignId": "x"}, ["/phoneNumber"]),
        ({"phoneNumber": NUMBER, "campaignId": ""}, ["/campaignId"]),
        ({"phoneNumber": NUMBER, "campaignId": None}, ["/campaignId"]),
    ],
)
def test_assign_validates_the_body(sandbox_api, body, expected):
    response = sandbox_api.post("/10dlc/phone_number_campaigns", body)

    assert response.status_code == 422
    assert pointers(response) == expected
    assert {item["code"] for item in response.json["errors"]} == {"10016"}


def test_assign_to_an_unknown_campaign_is_400_at_campaign_id(sandbox_api):
    response = assign(sandbox_api, "4b300000-0000-4000-8000-000000000000")

    assert response.status_code == 400
    assert pointers(response) == ["/campaignId"]
    assert response.json["errors"][0]["detail"] == (
        "Campaign 4b300000-0000-4000-8000-000000000000 not found: send a Telnyx campaign id or the TCR id of"
        " a shared campaign."
    )


def test_assign_by_the_tcr_id_of_a_telnyx_campaign_points_at_its_telnyx_id(
    sandbox_api, campaign_with_failover
):
    response = assign(sandbox_api, campaign_with_failover["tcrCampaignId"])

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == (
        f"Campaign {campaign_with_failover['tcrCampaignId']} was created with Telnyx; send its Telnyx campaign id"
        f" {campaign_with_failover['campaignId']} as campaignId."
    )


def test_assign_to_a_shared_campaign_not_yet_accepted_is_400(sandbox_api, sandbox):
    shared = insert_partner_campaign(sandbox, accepted=False)

    response = assign(sandbox_api, shared["tcrCampaignId"])

    assert response.status_code == 400
    assert pointers(response) == ["/campaignId"]
    assert "has not been accepted" in response.json["errors"][0]["detail"]


@pytest.mark.parametrize(
    "campaign_status",
    [
        "TCR_PENDING",
        "TCR_FAILED",
        "TELNYX_FAILED",
        "MNO_REJECTED",
        "TCR_SUSPENDED",
        "TCR_EXPIRED",
        "MNO_PROVISIONING_FAILED",
    ],
)
def test_assign_to_a_campaign_not_taking_numbers_is_400(sandbox_api, sandbox, stored_brand, campaign_status):
    campaign = insert_campaign(sandbox, stored_brand, campaignStatus=campaign_status)

    response = assign(sandbox_api, campaign["campaignId"])

    assert response.status_code == 400
    assert pointers(response) == ["/campaignId"]
    assert response.json["errors"][0]["detail"].startswith(
        f"Campaign {campaign['campaignId']} is {campaign_status};"
    )


@pytest.mark.parametrize("campaign_status", rules.ACCEPTING_CAMPAIGN_STATUSES)
def test_assign_to_a_campaign_from_tcr_acceptance_on_succeeds(
    sandbox_api, sandbox, stored_brand, campaign_status
):
    campaign = insert_campaign(sandbox, stored_brand, campaignStatus=campaign_status)

    assert assign(sandbox_api, campaign["campaignId"]).status_code == 200


def test_assign_to_a_deactivated_campaign_is_400(sandbox_api, sandbox, stored_brand):
    campaign = insert_campaign(sandbox, stored_brand, status="EXPIRED")

    response = assign(sandbox_api, campaign["campaignId"])

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == (
        f"Campaign {campaign['campaignId']} is deactivated (status EXPIRED) and takes no numbers."
    )


def test_assign_a_number_already_assigned_is_400_at_phone_number(
    sandbox_api, sandbox, stored_brand, campaign_with_failover
):
    other = insert_campaign(sandbox, stored_brand)
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = assign(sandbox_api, other["campaignId"])

    assert response.status_code == 400
    assert pointers(response) == ["/phoneNumber"]
    assert response.json["errors"][0]["detail"].startswith(
        f"Phone number {NUMBER} is already assigned to campaign {campaign_with_failover['campaignId']} (PENDING_ASSIGNMENT)"
    )


def test_a_failed_assignment_no_longer_holds_its_number(
    sandbox_api, sandbox, stored_brand, campaign_with_failover
):
    other = insert_campaign(sandbox, stored_brand)
    failing = "+12025550000"
    assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"], failing)

    response = assign(sandbox_api, other["campaignId"], failing)

    assert response.status_code == 200
    assert response.json["campaignId"] == other["campaignId"]
    assert response.json["assignmentStatus"] == "PENDING_ASSIGNMENT"
    assert (count_of(sandbox, campaign_with_failover), count_of(sandbox, other)) == (0, 1)


def test_a_sole_proprietor_campaign_takes_one_number(sandbox_api, sandbox):
    brand = insert_brand(sandbox, entityType="SOLE_PROPRIETOR")
    campaign = insert_campaign(sandbox, brand, usecase="SOLE_PROPRIETOR")
    assert assign(sandbox_api, campaign["campaignId"]).status_code == 200

    response = assign(sandbox_api, campaign["campaignId"], "+12025550112")

    assert response.status_code == 400
    assert pointers(response) == ["/phoneNumber"]
    assert response.json["errors"][0]["detail"] == (
        f"Sole proprietor campaign {campaign['campaignId']} already has its one phone number."
    )


def test_a_sole_proprietor_campaign_whose_number_failed_takes_another(sandbox_api, sandbox):
    brand = insert_brand(sandbox, entityType="SOLE_PROPRIETOR")
    campaign = insert_campaign(sandbox, brand, usecase="SOLE_PROPRIETOR")
    assigned(sandbox_api, sandbox, campaign["campaignId"], "+12025550000")

    assert assign(sandbox_api, campaign["campaignId"], "+12025550112").status_code == 200


def filled(sandbox, campaign: dict, count: int = rules.MAX_NUMBERS_WITHOUT_POOL, area: int = 303) -> None:
    """``count`` numbers ASSIGNED to ``campaign`` straight away (+1 ``area`` 555 0100 onwards)."""
    records.put_phone_numbers(
        sandbox.context, [(f"+1{area}555{100 + n:04d}", campaign) for n in range(count)]
    )


def test_a_campaign_without_a_number_pool_takes_49_numbers(sandbox_api, sandbox, campaign_with_failover):
    filled(sandbox, campaign_with_failover)

    response = assign(sandbox_api, campaign_with_failover["campaignId"])

    assert response.status_code == 400
    assert pointers(response) == ["/phoneNumber"]
    assert response.json["errors"][0]["detail"] == (
        f"Campaign {campaign_with_failover['campaignId']} already has 49 phone numbers, the most a campaign can"
        " have without a T-Mobile number pool (49); submit a campaign with numberPool true for more numbers,"
        " or remove one first."
    )
    assert count_of(sandbox, campaign_with_failover) == 49


def test_pending_assignments_count_towards_the_limit(sandbox_api, sandbox, campaign_with_failover):
    filled(sandbox, campaign_with_failover, rules.MAX_NUMBERS_WITHOUT_POOL - 1)
    assert assign(sandbox_api, campaign_with_failover["campaignId"], "+12025550112").status_code == 200

    assert assign(sandbox_api, campaign_with_failover["campaignId"]).status_code == 400


def test_a_number_pool_campaign_takes_more_than_49_numbers(sandbox_api, sandbox, stored_brand):
    campaign = insert_campaign(sandbox, stored_brand, numberPool=True, isTMobileNumberPoolingEnabled=True)
    filled(sandbox, campaign)

    assert assign(sandbox_api, campaign["campaignId"]).status_code == 200


def test_a_shared_campaign_takes_49_numbers_unless_it_uses_a_number_pool(sandbox_api, sandbox):
    plain, pooled = insert_partner_campaign(sandbox), insert_partner_campaign(sandbox, numberPool=True)
    filled(sandbox, plain)
    filled(sandbox, pooled, area=404)

    assert assign(sandbox_api, plain["tcrCampaignId"]).status_code == 400
    assert assign(sandbox_api, pooled["tcrCampaignId"], "+12025550112").status_code == 200


def test_moving_a_number_onto_a_full_campaign_is_400_but_within_it_is_allowed(
    sandbox_api, sandbox, stored_brand, campaign_with_failover
):
    other = insert_campaign(sandbox, stored_brand)
    assigned(sandbox_api, sandbox, other["campaignId"])
    filled(sandbox, campaign_with_failover)
    onto = {"phoneNumber": NUMBER, "campaignId": campaign_with_failover["campaignId"]}

    response = sandbox_api.put(f"/10dlc/phone_number_campaigns/{NUMBER}", onto)

    assert response.status_code == 400
    assert "without a T-Mobile number pool (49)" in response.json["errors"][0]["detail"]
    within = {"phoneNumber": "+13035550100", "campaignId": campaign_with_failover["campaignId"]}
    assert sandbox_api.put("/10dlc/phone_number_campaigns/%2B13035550100", within).status_code == 200


# --- lifecycle and webhooks --------------------------------------------------------------------------------


def test_an_assignment_is_assigned_after_three_seconds_with_webhooks(
    sandbox_api, sandbox, campaign_with_failover
):
    assign(sandbox_api, campaign_with_failover["campaignId"])
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS - 0.1)
    assert (
        sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").json["assignmentStatus"]
        == "PENDING_ASSIGNMENT"
    )
    # Sent to the carriers at once: the mapping is pending.
    pending = (HOOK, FAILOVER, mapping_event(campaign_with_failover, NUMBER, "PENDING"))
    assert phone_events(sandbox) == [pending]

    sandbox.advance(0.1)

    body = sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").json
    PhoneNumberCampaign.model_validate(body)
    assert body["assignmentStatus"] == "ASSIGNED"
    assert body["tmobileNumberMappingStatus"] == body["nonTmobileNumberMappingStatus"] == "ADDED"
    assert body["failureReasons"] is None
    assert body["createdAt"] == NOW
    assert body["updatedAt"] == "2026-09-21T14:13:23"
    assert phone_events(sandbox) == [
        pending,
        *(
            (HOOK, FAILOVER, event)
            for event in success_events(
                campaign_with_failover["campaignId"],
                NUMBER,
                "ASSIGNMENT",
                campaign_with_failover["tcrCampaignId"],
            )
        ),
    ]
    assert count_of(sandbox, campaign_with_failover) == 1


def test_shared_campaign_events_go_to_its_webhook(sandbox_api, sandbox, partner_with_webhook):
    assigned(sandbox_api, sandbox, partner_with_webhook["tcrCampaignId"])

    assert [url for url, _, _ in phone_events(sandbox)] == ["https://hooks.example/partner"] * 3
    assert {event["campaignId"] for _, _, event in phone_events(sandbox)} == {
        partner_with_webhook["tcrCampaignId"]
    }


@pytest.mark.parametrize(
    ("number", "reason"),
    [
        ("+442071234567", "Only US and Canadian numbers can be assigned"),
        ("+4915112345678", "Only US and Canadian numbers can be assigned"),
        ("+12025550000", "Number is not in your account"),
    ],
)
def test_assignment_fails_by_the_number_rules(sandbox_api, sandbox, campaign_with_failover, number, reason):
    body = assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"], number)

    PhoneNumberCampaign.model_validate(body)
    assert body["assignmentStatus"] == "FAILED_ASSIGNMENT"
    assert body["failureReasons"] == reason
    assert body["tmobileNumberMappingStatus"] == body["nonTmobileNumberMappingStatus"] == "FAILED"
    assert phone_events(sandbox) == [
        (HOOK, FAILOVER, mapping_event(campaign_with_failover, number, "PENDING")),
        (
            HOOK,
            FAILOVER,
            {
                "campaignId": campaign_with_failover["campaignId"],
                "phoneNumber": number,
                "status": "failed",
                "type": "ASSIGNMENT",
                "reasons": [{"fields": ["phoneNumber"], "description": reason}],
            },
        ),
        (HOOK, FAILOVER, mapping_event(campaign_with_failover, number, "FAILED")),
    ]
    assert count_of(sandbox, campaign_with_failover) == 0


def test_assignment_fails_when_the_campaign_was_deactivated_meanwhile(
    sandbox_api, sandbox, campaign_with_failover
):
    assign(sandbox_api, campaign_with_failover["campaignId"])
    update_campaign(sandbox, campaign_with_failover, status="EXPIRED")

    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)

    body = sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").json
    assert body["assignmentStatus"] == "FAILED_ASSIGNMENT"
    assert body["failureReasons"] == (
        f"Campaign {campaign_with_failover['campaignId']} is deactivated (status EXPIRED) and takes no numbers."
    )


# --- N3 get ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path_number", [NUMBER, "%2B12025550111"])
def test_get_accepts_a_literal_or_encoded_plus(sandbox_api, sandbox, campaign_with_failover, path_number):
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = sandbox_api.get(f"/10dlc/phone_number_campaigns/{path_number}")

    assert response.status_code == 200
    assert response.json["phoneNumber"] == NUMBER


@pytest.mark.parametrize("path_number", ["+12025550199", "12025550111", "phoneNumber"])
def test_get_an_unknown_or_malformed_number_is_404(sandbox_api, sandbox, campaign_with_failover, path_number):
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = sandbox_api.get(f"/10dlc/phone_number_campaigns/{path_number}")

    assert response.status_code == 404
    assert response.json["errors"][0]["detail"] == "Phone number campaign not found"


# --- N4 update ---------------------------------------------------------------------------------------------


def test_update_moves_the_number_and_reruns_the_lifecycle(
    sandbox_api, sandbox, stored_brand, campaign_with_failover
):
    other = insert_campaign(sandbox, stored_brand, webhookURL="https://hooks.example/other")
    assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"])
    sandbox.advance(10)

    response = sandbox_api.put(
        "/10dlc/phone_number_campaigns/%2B12025550111",
        {"phoneNumber": NUMBER, "campaignId": other["campaignId"]},
    )

    assert response.status_code == 200
    PhoneNumberCampaign.model_validate(response.json)
    assert response.json["campaignId"] == response.json["telnyxCampaignId"] == other["campaignId"]
    assert response.json["tcrCampaignId"] == other["tcrCampaignId"]
    assert response.json["assignmentStatus"] == "PENDING_ASSIGNMENT"
    assert response.json["createdAt"] == NOW
    assert response.json["updatedAt"] == "2026-09-21T14:13:33"
    assert (count_of(sandbox, campaign_with_failover), count_of(sandbox, other)) == (0, 1)

    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)

    assert sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").json["assignmentStatus"] == "ASSIGNED"
    assert phone_events(sandbox)[-2:] == [
        ("https://hooks.example/other", None, event)
        for event in success_events(other["campaignId"], NUMBER, "ASSIGNMENT", other["tcrCampaignId"])
    ]


def test_update_to_a_shared_campaign(sandbox_api, sandbox, campaign_with_failover, partner_with_webhook):
    assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"])

    response = sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}",
        {"phoneNumber": NUMBER, "campaignId": partner_with_webhook["tcrCampaignId"]},
    )

    assert response.status_code == 200
    assert (response.json["campaignId"], response.json["brandId"]) == (
        partner_with_webhook["tcrCampaignId"],
        "",
    )
    assert (count_of(sandbox, campaign_with_failover), count_of(sandbox, partner_with_webhook)) == (0, 1)


def test_update_with_another_number_in_the_body_is_422_at_phone_number(
    sandbox_api, sandbox, campaign_with_failover
):
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}",
        {"phoneNumber": "+12025550112", "campaignId": campaign_with_failover["campaignId"]},
    )

    assert response.status_code == 422
    assert pointers(response) == ["/phoneNumber"]
    assert response.json["errors"][0]["detail"] == f"phoneNumber must be the number in the path, {NUMBER}."


def test_update_validates_the_body(sandbox_api):
    response = sandbox_api.put(f"/10dlc/phone_number_campaigns/{NUMBER}", {})

    assert response.status_code == 422
    assert pointers(response) == ["/phoneNumber", "/campaignId"]


def test_update_an_unknown_number_is_404(sandbox_api, campaign_with_failover):
    response = sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}",
        {"phoneNumber": NUMBER, "campaignId": campaign_with_failover["campaignId"]},
    )

    assert response.status_code == 404


def test_update_refuses_a_number_being_removed(sandbox_api, sandbox, campaign_with_failover):
    assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"])
    sandbox_api.delete(f"/10dlc/phone_number_campaigns/{NUMBER}")

    response = sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}",
        {"phoneNumber": NUMBER, "campaignId": campaign_with_failover["campaignId"]},
    )

    assert response.status_code == 400
    assert (
        response.json["errors"][0]["detail"] == f"Phone number {NUMBER} is being removed from its campaign."
    )


def test_update_refuses_a_campaign_not_taking_numbers(
    sandbox_api, sandbox, stored_brand, campaign_with_failover
):
    pending = insert_campaign(sandbox, stored_brand, campaignStatus="TCR_PENDING")
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}",
        {"phoneNumber": NUMBER, "campaignId": pending["campaignId"]},
    )

    assert response.status_code == 400
    assert pointers(response) == ["/campaignId"]


def test_update_within_the_same_sole_proprietor_campaign_is_allowed(sandbox_api, sandbox):
    brand = insert_brand(sandbox, entityType="SOLE_PROPRIETOR")
    campaign = insert_campaign(sandbox, brand, usecase="SOLE_PROPRIETOR")
    assigned(sandbox_api, sandbox, campaign["campaignId"])

    response = sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{NUMBER}",
        {"phoneNumber": NUMBER, "campaignId": campaign["campaignId"]},
    )

    assert response.status_code == 200
    assert count_of(sandbox, campaign) == 1


# --- N5 delete ---------------------------------------------------------------------------------------------


def test_delete_answers_pending_unassignment_then_the_record_goes(
    sandbox_api, sandbox, campaign_with_failover
):
    assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"])

    response = sandbox_api.delete("/10dlc/phone_number_campaigns/%2B12025550111")

    assert response.status_code == 200
    PhoneNumberCampaign.model_validate(response.json)
    assert response.json["assignmentStatus"] == "PENDING_UNASSIGNMENT"
    assert count_of(sandbox, campaign_with_failover) == 0
    sandbox.advance(lifecycle.UNASSIGNMENT_SECONDS - 0.1)
    assert sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").status_code == 200

    sandbox.advance(0.1)

    assert sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").status_code == 404
    assert phone_events(sandbox)[-2:] == [
        (HOOK, FAILOVER, event)
        for event in success_events(
            campaign_with_failover["campaignId"], NUMBER, "DELETION", campaign_with_failover["tcrCampaignId"]
        )
    ]


def test_delete_a_pending_assignment_cancels_it(sandbox_api, sandbox, campaign_with_failover):
    assign(sandbox_api, campaign_with_failover["campaignId"])

    assert sandbox_api.delete(f"/10dlc/phone_number_campaigns/{NUMBER}").status_code == 200
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)

    assert sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").status_code == 404
    # The assignment never ended: no ASSIGNMENT; its pending mapping is deleted with the number.
    assert [event for _, _, event in phone_events(sandbox)] == [
        mapping_event(campaign_with_failover, NUMBER, "PENDING"),
        *success_events(
            campaign_with_failover["campaignId"], NUMBER, "DELETION", campaign_with_failover["tcrCampaignId"]
        ),
    ]
    assert count_of(sandbox, campaign_with_failover) == 0


def test_delete_while_being_removed_is_400(sandbox_api, sandbox, campaign_with_failover):
    assign(sandbox_api, campaign_with_failover["campaignId"])
    sandbox_api.delete(f"/10dlc/phone_number_campaigns/{NUMBER}")

    response = sandbox_api.delete(f"/10dlc/phone_number_campaigns/{NUMBER}")

    assert response.status_code == 400
    assert (
        response.json["errors"][0]["detail"]
        == f"Phone number {NUMBER} is already being removed from its campaign."
    )


def test_delete_an_unknown_number_is_404(sandbox_api):
    assert sandbox_api.delete(f"/10dlc/phone_number_campaigns/{NUMBER}").status_code == 404


def test_a_number_ending_9999_fails_its_first_removal_and_a_retry_succeeds(
    sandbox_api, sandbox, campaign_with_failover
):
    number = "+12025559999"
    assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"], number)
    sandbox_api.delete(f"/10dlc/phone_number_campaigns/{number}")
    sandbox.advance(lifecycle.UNASSIGNMENT_SECONDS)

    body = sandbox_api.get(f"/10dlc/phone_number_campaigns/{number}").json
    PhoneNumberCampaign.model_validate(body)
    reason = f"The carriers did not confirm the removal of {number}; retry the deletion."
    assert (body["assignmentStatus"], body["failureReasons"]) == ("FAILED_UNASSIGNMENT", reason)
    assert phone_events(sandbox)[-1][2] == {
        "campaignId": campaign_with_failover["campaignId"],
        "phoneNumber": number,
        "status": "failed",
        "type": "DELETION",
        "reasons": [{"fields": ["phoneNumber"], "description": reason}],
    }

    assert sandbox_api.delete(f"/10dlc/phone_number_campaigns/{number}").status_code == 200
    sandbox.advance(lifecycle.UNASSIGNMENT_SECONDS)

    assert sandbox_api.get(f"/10dlc/phone_number_campaigns/{number}").status_code == 404
    assert phone_events(sandbox)[-2][2]["status"] == "success"


# --- N1 list -----------------------------------------------------------------------------------------------


@pytest.fixture
def listed(sandbox_api, sandbox, stored_brand, campaign_with_failover, partner_with_webhook):
    """25 numbers: 10 on ``campaign`` (5 of them failed), 10 on another brand's campaign, 5 shared."""
    other_brand = insert_brand(sandbox)
    other = insert_campaign(sandbox, other_brand)
    for index in range(25):
        target = campaign_with_failover if index < 10 else other if index < 20 else partner_with_webhook
        number = f"+1202555{(index * 37) % 100:02d}{index:02d}"
        if index < 5:
            number = f"+44207123{index:04d}"  # fails: not US or Canadian
        assert (
            assign(sandbox_api, target.get("campaignId") or target["tcrCampaignId"], number).status_code
            == 200
        )
        sandbox.advance(1)
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    return {
        "campaign": campaign_with_failover,
        "other": other,
        "other_brand": other_brand,
        "partner": partner_with_webhook,
    }


def list_all(api, query: str = "") -> list[dict]:
    return api.get(f"/10dlc/phone_number_campaigns?recordsPerPage=500&{query}").json["records"]


def test_list_pages_newest_first(sandbox_api, listed):
    everything = list_all(sandbox_api)
    pages = [
        sandbox_api.get(f"/10dlc/phone_number_campaigns?recordsPerPage=10&page={page}").json
        for page in (1, 2, 3, 4)
    ]

    assert [len(page["records"]) for page in pages] == [10, 10, 5, 0]
    assert [page["page"] for page in pages] == [1, 2, 3, 4]
    assert {page["totalRecords"] for page in pages} == {25}
    assert [record for page in pages for record in page["records"]] == everything
    assert [record["createdAt"] for record in everything] == sorted(
        (record["createdAt"] for record in everything), reverse=True
    )
    for record in everything:
        PhoneNumberCampaign.model_validate(record)


def test_list_defaults_to_20_per_page(sandbox_api, listed):
    body = sandbox_api.get("/10dlc/phone_number_campaigns").json

    assert (len(body["records"]), body["page"], body["totalRecords"]) == (20, 1, 25)


def test_list_of_nothing_is_an_empty_page(sandbox_api):
    assert sandbox_api.get("/10dlc/phone_number_campaigns").json == {
        "records": [],
        "page": 1,
        "totalRecords": 0,
    }


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("createdAt", "createdAt", False),
        ("-createdAt", "createdAt", True),
        ("phoneNumber", "phoneNumber", False),
        ("-phoneNumber", "phoneNumber", True),
        ("assignmentStatus", "assignmentStatus", False),
        ("-assignmentStatus", "assignmentStatus", True),
    ],
)
def test_list_sorts(sandbox_api, listed, sort, key, reverse):
    records = list_all(sandbox_api, f"sort={sort}")

    expected = sorted(records, key=lambda record: (record[key], record["phoneNumber"]), reverse=reverse)
    assert records == expected
    assert len(records) == 25


@pytest.mark.parametrize(
    ("parameter", "value_of", "expected"),
    [
        ("telnyx_campaign_id", lambda listed: listed["campaign"]["campaignId"], 10),
        ("telnyx_brand_id", lambda listed: listed["other_brand"]["brandId"], 10),
        ("tcr_campaign_id", lambda listed: listed["partner"]["tcrCampaignId"], 5),
        ("tcr_brand_id", lambda listed: listed["other"]["tcrBrandId"], 10),
        ("tcr_campaign_id", lambda listed: "CNOSUCH", 0),
    ],
)
def test_list_filters(sandbox_api, listed, parameter, value_of, expected):
    value = value_of(listed)

    body = sandbox_api.get(
        f"/10dlc/phone_number_campaigns?filter[{parameter}]={value}&recordsPerPage=500"
    ).json

    assert body["totalRecords"] == len(body["records"]) == expected
    wire = {
        "telnyx_campaign_id": "telnyxCampaignId",
        "telnyx_brand_id": "brandId",
        "tcr_campaign_id": "tcrCampaignId",
        "tcr_brand_id": "tcrBrandId",
    }
    assert {record[wire[parameter]] for record in body["records"]} <= {value}


def test_list_filters_combine(sandbox_api, listed):
    campaign = listed["campaign"]
    query = (
        f"filter[telnyx_campaign_id]={campaign['campaignId']}&filter[tcr_brand_id]={campaign['tcrBrandId']}"
    )

    assert len(list_all(sandbox_api, query)) == 10
    assert (
        list_all(
            sandbox_api, f"filter[telnyx_campaign_id]={campaign['campaignId']}&filter[tcr_brand_id]=BNOSUCH"
        )
        == []
    )


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("sort=brandId", "sort"),
        ("page=0", "page"),
        ("recordsPerPage=501", "recordsPerPage"),
        ("recordsPerPage=x", "recordsPerPage"),
    ],
)
def test_list_validates_its_parameters(sandbox_api, query, parameter):
    response = sandbox_api.get(f"/10dlc/phone_number_campaigns?{query}")

    assert response.status_code == 422
    assert response.json["errors"][0]["source"] == {"parameter": parameter}


def query_plan(sandbox, filter_column: str | None, sort: str) -> str:
    order = order_by(MultiDict({"sort": sort}), routes.SORT_COLUMNS, "phone_number")
    where = f"WHERE {filter_column} = 'x'" if filter_column else ""
    sql = f"EXPLAIN QUERY PLAN SELECT rowid FROM phone_numbers {where} ORDER BY {order} LIMIT 20"
    return " / ".join(row["detail"] for row in sandbox.store.all(sql))


SORTS = [direction + sort for sort in routes.SORT_COLUMNS for direction in ("", "-")]


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filter_column", [None, "telnyx_brand_id", "tcr_brand_id"])
def test_list_pages_walk_an_index_in_order(sandbox, filter_column, sort):
    plan = query_plan(sandbox, filter_column, sort)

    assert "COVERING INDEX" in plan
    assert "TEMP B-TREE" not in plan


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("filter_column", ["telnyx_campaign_id", "tcr_campaign_id"])
def test_campaign_filtered_pages_read_a_covering_index(sandbox, filter_column, sort):
    plan = query_plan(sandbox, filter_column, sort)

    assert f"COVERING INDEX phone_numbers_{filter_column.removesuffix('_id')} ({filter_column}=?)" in plan
    assert ("TEMP B-TREE" in plan) == (sort.lstrip("-") != "createdAt")


@pytest.mark.parametrize("filter_column", [None, *routes.FILTER_COLUMNS.values()])
def test_list_counts_read_an_index(sandbox, filter_column):
    where = f"WHERE {filter_column} = 'x'" if filter_column else ""
    plan = sandbox.store.all(f"EXPLAIN QUERY PLAN SELECT COUNT(*) FROM phone_numbers {where}")

    assert "COVERING INDEX" in plan[0]["detail"]


# --- control route -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "mapping", "events"),
    [
        ("ASSIGNED", "ADDED", [("ASSIGNMENT", "success"), ("STATUS_UPDATE", "ADDED")]),
        ("FAILED_ASSIGNMENT", "FAILED", [("ASSIGNMENT", "failed"), ("STATUS_UPDATE", "FAILED")]),
        ("FAILED_UNASSIGNMENT", "PENDING", [("DELETION", "failed")]),
        ("PENDING_UNASSIGNMENT", "PENDING", []),
        ("PENDING_ASSIGNMENT", "PENDING", [("STATUS_UPDATE", "PENDING")]),
    ],
)
def test_transition_forces_a_state(
    sandbox_api, sandbox_control, sandbox, campaign_with_failover, status, mapping, events
):
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = sandbox_control.post(f"/phone_numbers/{NUMBER}/transition", {"assignmentStatus": status})

    assert response.status_code == 200
    PhoneNumberCampaign.model_validate(response.json)
    assert response.json["assignmentStatus"] == status
    assert response.json["tmobileNumberMappingStatus"] == mapping
    # The assignment's own STATUS_UPDATE PENDING comes first.
    assert [(event["type"], event["status"]) for _, _, event in phone_events(sandbox)] == [
        ("STATUS_UPDATE", "PENDING"),
        *events,
    ]
    assert sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").json == response.json


def test_transition_keeps_the_failure_reason_given(
    sandbox_api, sandbox_control, sandbox, campaign_with_failover
):
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = sandbox_control.post(
        "/phone_numbers/%2B12025550111/transition",
        {"assignmentStatus": "FAILED_ASSIGNMENT", "failureReasons": "Carrier rejected the number"},
    )

    assert response.json["failureReasons"] == "Carrier rejected the number"
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    assert (
        sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").json["assignmentStatus"]
        == "FAILED_ASSIGNMENT"
    )


def test_transition_to_a_pending_state_resumes_the_lifecycle(
    sandbox_api, sandbox_control, sandbox, campaign_with_failover
):
    assigned(sandbox_api, sandbox, campaign_with_failover["campaignId"])

    sandbox_control.post(f"/phone_numbers/{NUMBER}/transition", {"assignmentStatus": "PENDING_UNASSIGNMENT"})
    sandbox.advance(lifecycle.UNASSIGNMENT_SECONDS)

    assert sandbox_api.get(f"/10dlc/phone_number_campaigns/{NUMBER}").status_code == 404


def test_transition_of_an_unknown_number_is_404(sandbox_control):
    response = sandbox_control.post(f"/phone_numbers/{NUMBER}/transition", {"assignmentStatus": "ASSIGNED"})

    assert response.status_code == 404


@pytest.mark.parametrize(
    "body", [{}, {"assignmentStatus": "DONE"}, {"assignmentStatus": "ASSIGNED", "failureReasons": 1}]
)
def test_transition_validates_the_body(sandbox_control, sandbox_api, campaign_with_failover, body):
    assign(sandbox_api, campaign_with_failover["campaignId"])

    response = sandbox_control.post(f"/phone_numbers/{NUMBER}/transition", body)

    assert response.status_code == 422
    assert pointers(response) == ["/failureReasons" if "failureReasons" in body else "/assignmentStatus"]


# --- bulk seeding ------------------------------------------------------------------------------------------


def test_put_phone_numbers_inserts_assigned_records_and_counts(
    sandbox_api, sandbox, stored_brand, campaign_with_failover, partner_with_webhook
):
    other = insert_campaign(sandbox, stored_brand)
    rows = [
        (f"+1303555{index:04d}", [campaign_with_failover, other, partner_with_webhook][index % 3])
        for index in range(30)
    ]

    assert records.put_phone_numbers(sandbox.context, rows) == 30

    assert (
        count_of(sandbox, campaign_with_failover),
        count_of(sandbox, other),
        count_of(sandbox, partner_with_webhook),
    ) == (10, 10, 10)
    body = sandbox_api.get("/10dlc/phone_number_campaigns?recordsPerPage=50").json
    assert body["totalRecords"] == 30
    assert {record["assignmentStatus"] for record in body["records"]} == {"ASSIGNED"}
    # The first inserted is the oldest: newest first lists them in reverse.
    assert [record["phoneNumber"] for record in body["records"]] == [number for number, _ in reversed(rows)]
    shared = sandbox_api.get("/10dlc/phone_number_campaigns/+13035550002").json
    PhoneNumberCampaign.model_validate(shared)
    assert (shared["campaignId"], shared["brandId"], shared["telnyxCampaignId"]) == (
        partner_with_webhook["tcrCampaignId"],
        "",
        "",
    )
    assert phone_events(sandbox) == []
