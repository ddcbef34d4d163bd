"""Assignment by messaging profile: A1 to A3, the task lifecycle, per-number statuses, the assignments and
webhooks it produces, and the control routes for profiles' numbers and tasks."""

import json

import pytest
from telnyx.types.messaging_10dlc.phone_number_assignment_by_profile_assign_response import (
    PhoneNumberAssignmentByProfileAssignResponse,
)
from telnyx.types.messaging_10dlc.phone_number_assignment_by_profile_list_phone_number_status_response import (
    PhoneNumberAssignmentByProfileListPhoneNumberStatusResponse,
)
from telnyx.types.messaging_10dlc.phone_number_assignment_by_profile_retrieve_status_response import (
    PhoneNumberAssignmentByProfileRetrieveStatusResponse,
)

from tendlc.sandbox import assignment_tasks
from tendlc.sandbox.phone_numbers import lifecycle, records
from tendlc.sandbox.phone_numbers.rules import MAX_NUMBERS_WITHOUT_POOL
from tests.fixtures.sandbox import pointers
from tests.sandbox.factories import insert_brand, insert_campaign, insert_partner_campaign

NOW = "2026-09-21T14:13:20"  # START as a naive ISO timestamp
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"  # the SDK's example id; derives 5 US numbers
GOOD = ["+12025550101", "+12025550102"]
NOT_IN_ACCOUNT = "+12025550000"
UK = "+442071234567"


@pytest.fixture
def stored_campaign(sandbox, stored_brand):
    return insert_campaign(sandbox, stored_brand, webhookURL="https://hooks.example/campaign")


@pytest.fixture
def stored_partner_campaign(sandbox):
    return insert_partner_campaign(sandbox)


def seed_profile(control, numbers: list[str], profile: str = PROFILE) -> None:
    assert (
        control.post(f"/messaging_profiles/{profile}/numbers", {"phoneNumbers": numbers}).status_code == 200
    )


def start(api, campaign: dict, profile: str = PROFILE) -> str:
    response = api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": profile, "campaignId": campaign["campaignId"]},
    )
    assert response.status_code == 202
    return response.json["taskId"]


def task_status(api, task_id: str) -> str:
    return api.get(f"/10dlc/phoneNumberAssignmentByProfile/{task_id}").json["status"]


def number_statuses(api, task_id: str) -> dict[str, str]:
    body = api.get(f"/10dlc/phoneNumberAssignmentByProfile/{task_id}/phoneNumbers?recordsPerPage=500").json
    return {record["phoneNumber"]: record["status"] for record in body["records"]}


def reasons(control, task_id: str) -> dict[str, str | None]:
    return {
        number["phoneNumber"]: number["reason"]
        for number in control.get(f"/assignment_tasks/{task_id}").json["phoneNumbers"]
    }


def assignment_status(api, number: str) -> str | None:
    response = api.get(f"/10dlc/phone_number_campaigns/{number}")
    return response.json["assignmentStatus"] if response.status_code == 200 else None


# --- A1 ----------------------------------------------------------------------------------------------------


def test_assign_answers_202_with_the_task(sandbox_api, sandbox, stored_campaign):
    response = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": PROFILE, "campaignId": stored_campaign["campaignId"]},
    )

    assert response.status_code == 202
    PhoneNumberAssignmentByProfileAssignResponse.model_validate(response.json)
    assert response.json == {
        "messagingProfileId": PROFILE,
        "taskId": response.json["taskId"],
        "campaignId": stored_campaign["campaignId"],
        "tcrCampaignId": stored_campaign["tcrCampaignId"],
    }
    status = sandbox_api.get(f"/10dlc/phoneNumberAssignmentByProfile/{response.json['taskId']}").json
    PhoneNumberAssignmentByProfileRetrieveStatusResponse.model_validate(status)
    assert status == {
        "status": "pending",
        "taskId": response.json["taskId"],
        "createdAt": NOW,
        "updatedAt": NOW,
    }


def test_assign_to_a_shared_campaign_by_tcr_id(sandbox_api, stored_partner_campaign):
    response = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": PROFILE, "tcrCampaignId": stored_partner_campaign["tcrCampaignId"]},
    )

    assert response.status_code == 202
    assert set(response.json) == {"messagingProfileId", "taskId", "tcrCampaignId"}
    assert response.json["tcrCampaignId"] == stored_partner_campaign["tcrCampaignId"]


def test_both_ids_are_accepted_when_they_name_one_campaign(sandbox_api, stored_campaign):
    """The SDK's own test sends both ids; the sandbox takes them when the TCR id is the campaign's own."""
    body = {
        "messagingProfileId": PROFILE,
        "campaignId": stored_campaign["campaignId"],
        "tcrCampaignId": stored_campaign["tcrCampaignId"],
    }

    response = sandbox_api.post("/10dlc/phoneNumberAssignmentByProfile", body)

    assert response.status_code == 202
    assert response.json["campaignId"] == stored_campaign["campaignId"]


def test_both_ids_naming_different_campaigns_is_400_at_tcr_campaign_id(
    sandbox_api, stored_campaign, stored_partner_campaign
):
    body = {
        "messagingProfileId": PROFILE,
        "campaignId": stored_campaign["campaignId"],
        "tcrCampaignId": stored_partner_campaign["tcrCampaignId"],
    }

    response = sandbox_api.post("/10dlc/phoneNumberAssignmentByProfile", body)

    assert response.status_code == 400
    assert pointers(response) == ["/tcrCampaignId"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, ["/messagingProfileId"]),
        ({"messagingProfileId": ""}, ["/messagingProfileId"]),
        ({"messagingProfileId": 7, "campaignId": "x"}, ["/messagingProfileId"]),
        ({"messagingProfileId": PROFILE}, ["/campaignId"]),
        ({"messagingProfileId": PROFILE, "campaignId": "", "tcrCampaignId": ""}, ["/campaignId"]),
        ({"messagingProfileId": PROFILE, "campaignId": 5}, ["/campaignId"]),
        ({"messagingProfileId": PROFILE, "tcrCampaignId": ["C1"]}, ["/tcrCampaignId"]),
    ],
)
def test_assign_validates_the_body(sandbox_api, body, expected):
    response = sandbox_api.post("/10dlc/phoneNumberAssignmentByProfile", body)

    assert response.status_code == 422
    assert pointers(response) == expected


@pytest.mark.parametrize(
    ("field", "value", "detail"),
    [
        (
            "campaignId",
            "4b300000-0000-4000-8000-000000000000",
            "Campaign 4b300000-0000-4000-8000-000000000000 not found",
        ),
        ("tcrCampaignId", "CNOSUCH", "Shared campaign CNOSUCH not found."),
    ],
)
def test_assign_to_an_unknown_campaign_is_400(sandbox_api, field, value, detail):
    response = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile", {"messagingProfileId": PROFILE, field: value}
    )

    assert response.status_code == 400
    assert pointers(response) == [f"/{field}"]
    assert response.json["errors"][0]["detail"].startswith(detail)


def test_tcr_campaign_id_of_a_telnyx_campaign_points_at_campaign_id(sandbox_api, stored_campaign):
    response = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": PROFILE, "tcrCampaignId": stored_campaign["tcrCampaignId"]},
    )

    assert response.status_code == 400
    assert pointers(response) == ["/tcrCampaignId"]
    assert "send its Telnyx campaign id" in response.json["errors"][0]["detail"]


def test_assign_refuses_a_campaign_not_taking_numbers(sandbox_api, sandbox, stored_brand):
    pending = insert_campaign(sandbox, stored_brand, campaignStatus="TCR_PENDING")
    unaccepted = insert_partner_campaign(sandbox, accepted=False)

    by_id = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": PROFILE, "campaignId": pending["campaignId"]},
    )
    by_tcr_id = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": PROFILE, "tcrCampaignId": unaccepted["tcrCampaignId"]},
    )

    assert (by_id.status_code, pointers(by_id)) == (400, ["/campaignId"])
    assert (by_tcr_id.status_code, pointers(by_tcr_id)) == (400, ["/tcrCampaignId"])
    assert sandbox.store.scalar("SELECT COUNT(*) FROM assignment_tasks") == 0


@pytest.mark.parametrize("profile", ["error", "mp-ERROR-1"])
def test_a_profile_id_containing_error_gets_the_documented_500(
    sandbox_api, sandbox, stored_campaign, profile
):
    response = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": profile, "campaignId": stored_campaign["campaignId"]},
    )

    assert response.status_code == 500
    assert response.json == {"message": "Error searching for phone numbers"}
    assert sandbox.store.scalar("SELECT COUNT(*) FROM assignment_tasks") == 0


# --- lifecycle ---------------------------------------------------------------------------------------------


def test_the_task_assigns_the_profile_numbers_over_time(
    sandbox_api, sandbox_control, sandbox, stored_campaign
):
    numbers = [*GOOD, NOT_IN_ACCOUNT, UK]
    seed_profile(sandbox_control, numbers)
    task_id = start(sandbox_api, stored_campaign)
    ordered = sorted(numbers)

    assert task_status(sandbox_api, task_id) == "pending"
    assert number_statuses(sandbox_api, task_id) == dict.fromkeys(ordered, "pending")

    sandbox.advance(assignment_tasks.START_SECONDS)
    assert task_status(sandbox_api, task_id) == "processing"
    assert set(number_statuses(sandbox_api, task_id).values()) == {"pending"}

    sandbox.advance(assignment_tasks.BATCH_SECONDS)
    assert number_statuses(sandbox_api, task_id) == dict.fromkeys(ordered, "processing")
    assert {number: assignment_status(sandbox_api, number) for number in numbers} == dict.fromkeys(
        numbers, "PENDING_ASSIGNMENT"
    )

    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    assert task_status(sandbox_api, task_id) == "completed"
    assert number_statuses(sandbox_api, task_id) == {
        GOOD[0]: "success",
        GOOD[1]: "success",
        NOT_IN_ACCOUNT: "failed",
        UK: "failed",
    }
    assert reasons(sandbox_control, task_id) == {
        GOOD[0]: None,
        GOOD[1]: None,
        NOT_IN_ACCOUNT: "Number is not in your account",
        UK: "Only US and Canadian numbers can be assigned",
    }
    assert (
        sandbox_api.get(f"/10dlc/phone_number_campaigns/{NOT_IN_ACCOUNT}").json["failureReasons"]
        == "Number is not in your account"
    )
    listed = sandbox_api.get(
        f"/10dlc/phone_number_campaigns?filter[telnyx_campaign_id]={stored_campaign['campaignId']}"
    ).json
    assert {record["phoneNumber"]: record["assignmentStatus"] for record in listed["records"]} == {
        GOOD[0]: "ASSIGNED",
        GOOD[1]: "ASSIGNED",
        NOT_IN_ACCOUNT: "FAILED_ASSIGNMENT",
        UK: "FAILED_ASSIGNMENT",
    }
    events = [
        json.loads(row["payload"])["payload"]
        for row in sandbox.store.all(
            "SELECT payload FROM webhook_deliveries WHERE url = 'https://hooks.example/campaign' ORDER BY id"
        )
    ]
    assert sorted((event["phoneNumber"], event["type"], event["status"]) for event in events) == sorted(
        [
            *((number, "STATUS_UPDATE", "PENDING") for number in (*GOOD, NOT_IN_ACCOUNT, UK)),
            (GOOD[0], "ASSIGNMENT", "success"),
            (GOOD[0], "STATUS_UPDATE", "ADDED"),
            (GOOD[1], "ASSIGNMENT", "success"),
            (GOOD[1], "STATUS_UPDATE", "ADDED"),
            (NOT_IN_ACCOUNT, "ASSIGNMENT", "failed"),
            (NOT_IN_ACCOUNT, "STATUS_UPDATE", "FAILED"),
            (UK, "ASSIGNMENT", "failed"),
            (UK, "STATUS_UPDATE", "FAILED"),
        ]
    )
    status = sandbox_api.get(f"/10dlc/phoneNumberAssignmentByProfile/{task_id}").json
    assert (status["createdAt"], status["updatedAt"]) == (NOW, "2026-09-21T14:13:26")


def test_a_task_whose_every_number_fails_is_failed(sandbox_api, sandbox_control, sandbox, stored_campaign):
    seed_profile(sandbox_control, [NOT_IN_ACCOUNT, UK])
    task_id = start(sandbox_api, stored_campaign)

    sandbox.advance(60)

    assert task_status(sandbox_api, task_id) == "failed"
    assert set(number_statuses(sandbox_api, task_id).values()) == {"failed"}


def test_numbers_are_submitted_ten_a_second(sandbox_api, sandbox_control, sandbox, stored_campaign):
    numbers = [f"+1303555{index:04d}" for index in range(1, 26)]
    seed_profile(sandbox_control, numbers)
    task_id = start(sandbox_api, stored_campaign)
    sandbox.advance(assignment_tasks.START_SECONDS)

    submitted = []
    for _ in range(3):
        sandbox.advance(assignment_tasks.BATCH_SECONDS)
        submitted.append(
            sum(status != "pending" for status in number_statuses(sandbox_api, task_id).values())
        )

    assert submitted == [10, 20, 25]
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    assert task_status(sandbox_api, task_id) == "completed"
    assert (
        sandbox.store.scalar(
            "SELECT number_count FROM campaigns WHERE campaign_id = ?", (stored_campaign["campaignId"],)
        )
        == 25
    )


def test_a_profile_never_seeded_derives_its_numbers(sandbox_api, sandbox, stored_campaign):
    task_id = start(sandbox_api, stored_campaign)

    sandbox.advance(60)

    assert number_statuses(sandbox_api, task_id) == {
        "+16875550151": "success",
        "+16875550152": "success",
        "+16875550153": "success",
        "+16875550154": "success",
        "+16875550155": "success",
    }
    assert task_status(sandbox_api, task_id) == "completed"


def test_a_shared_campaign_task_makes_shared_assignments(
    sandbox_api, sandbox_control, sandbox, stored_partner_campaign
):
    seed_profile(sandbox_control, GOOD)
    response = sandbox_api.post(
        "/10dlc/phoneNumberAssignmentByProfile",
        {"messagingProfileId": PROFILE, "tcrCampaignId": stored_partner_campaign["tcrCampaignId"]},
    )

    sandbox.advance(60)

    assert task_status(sandbox_api, response.json["taskId"]) == "completed"
    record = sandbox_api.get(f"/10dlc/phone_number_campaigns/{GOOD[0]}").json
    assert (record["campaignId"], record["brandId"], record["assignmentStatus"]) == (
        stored_partner_campaign["tcrCampaignId"],
        "",
        "ASSIGNED",
    )


def test_numbers_held_elsewhere_fail_and_numbers_already_there_succeed(
    sandbox_api, sandbox_control, sandbox, stored_brand, stored_campaign
):
    other = insert_campaign(sandbox, stored_brand)
    sandbox_api.post(
        "/10dlc/phone_number_campaigns", {"phoneNumber": GOOD[0], "campaignId": other["campaignId"]}
    )
    sandbox_api.post(
        "/10dlc/phone_number_campaigns", {"phoneNumber": GOOD[1], "campaignId": stored_campaign["campaignId"]}
    )
    sandbox_api.post(
        "/10dlc/phone_number_campaigns", {"phoneNumber": NOT_IN_ACCOUNT, "campaignId": other["campaignId"]}
    )
    sandbox.advance(lifecycle.ASSIGNMENT_SECONDS)
    seed_profile(sandbox_control, [*GOOD, NOT_IN_ACCOUNT])
    task_id = start(sandbox_api, stored_campaign)

    sandbox.advance(60)

    assert number_statuses(sandbox_api, task_id) == {
        GOOD[0]: "failed",
        GOOD[1]: "success",
        NOT_IN_ACCOUNT: "failed",
    }
    assert reasons(sandbox_control, task_id)[GOOD[0]].startswith(
        f"Phone number {GOOD[0]} is already assigned to campaign {other['campaignId']}"
    )
    # The failed assignment held nothing: the task retried it on its campaign, where it failed again by rule.
    record = sandbox_api.get(f"/10dlc/phone_number_campaigns/{NOT_IN_ACCOUNT}").json
    assert (record["campaignId"], record["failureReasons"]) == (
        stored_campaign["campaignId"],
        "Number is not in your account",
    )


def test_a_sole_proprietor_campaign_takes_the_first_number_only(sandbox_api, sandbox_control, sandbox):
    brand = insert_brand(sandbox, entityType="SOLE_PROPRIETOR")
    campaign = insert_campaign(sandbox, brand, usecase="SOLE_PROPRIETOR")
    seed_profile(sandbox_control, GOOD)
    task_id = start(sandbox_api, campaign)

    sandbox.advance(60)

    assert number_statuses(sandbox_api, task_id) == {GOOD[0]: "success", GOOD[1]: "failed"}
    assert (
        reasons(sandbox_control, task_id)[GOOD[1]]
        == f"Sole proprietor campaign {campaign['campaignId']} already has its one phone number."
    )


def test_a_number_moved_or_deleted_while_processing_fails_in_the_task(
    sandbox_api, sandbox_control, sandbox, stored_brand, stored_campaign
):
    other = insert_campaign(sandbox, stored_brand)
    seed_profile(sandbox_control, GOOD)
    task_id = start(sandbox_api, stored_campaign)
    sandbox.advance(assignment_tasks.START_SECONDS + assignment_tasks.BATCH_SECONDS)

    sandbox_api.put(
        f"/10dlc/phone_number_campaigns/{GOOD[0]}",
        {"phoneNumber": GOOD[0], "campaignId": other["campaignId"]},
    )
    sandbox_api.delete(f"/10dlc/phone_number_campaigns/{GOOD[1]}")

    assert number_statuses(sandbox_api, task_id) == {GOOD[0]: "failed", GOOD[1]: "failed"}
    assert reasons(sandbox_control, task_id) == {
        GOOD[0]: f"Moved to campaign {other['campaignId']} by PUT.",
        GOOD[1]: "The assignment was deleted.",
    }
    assert task_status(sandbox_api, task_id) == "failed"


def test_a_forced_number_state_reaches_its_task(sandbox_api, sandbox_control, sandbox, stored_campaign):
    seed_profile(sandbox_control, GOOD[:1])
    task_id = start(sandbox_api, stored_campaign)
    sandbox.advance(assignment_tasks.START_SECONDS + assignment_tasks.BATCH_SECONDS)

    sandbox_control.post(f"/phone_numbers/{GOOD[0]}/transition", {"assignmentStatus": "ASSIGNED"})

    assert number_statuses(sandbox_api, task_id) == {GOOD[0]: "success"}
    assert task_status(sandbox_api, task_id) == "completed"


# --- A2, A3 ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/10dlc/phoneNumberAssignmentByProfile/nosuch",
        "/10dlc/phoneNumberAssignmentByProfile/nosuch/phoneNumbers",
    ],
)
def test_an_unknown_task_is_404(sandbox_api, path):
    response = sandbox_api.get(path)

    assert response.status_code == 404
    assert response.json["errors"][0]["detail"] == "Assignment task not found"


def test_number_statuses_page_without_totals(sandbox_api, sandbox_control, stored_campaign):
    numbers = [f"+1303555{index:04d}" for index in range(1, 26)]
    seed_profile(sandbox_control, numbers)
    task_id = start(sandbox_api, stored_campaign)

    pages = [
        sandbox_api.get(
            f"/10dlc/phoneNumberAssignmentByProfile/{task_id}/phoneNumbers?recordsPerPage=10&page={page}"
        ).json
        for page in (1, 2, 3, 4)
    ]
    default = sandbox_api.get(f"/10dlc/phoneNumberAssignmentByProfile/{task_id}/phoneNumbers").json

    for page in pages:
        PhoneNumberAssignmentByProfileListPhoneNumberStatusResponse.model_validate(page)
        assert set(page) == {"records"}
    assert [len(page["records"]) for page in pages] == [10, 10, 5, 0]
    assert [record["phoneNumber"] for page in pages for record in page["records"]] == numbers
    assert pages[0]["records"][0] == {"phoneNumber": numbers[0], "status": "pending", "taskId": task_id}
    assert len(default["records"]) == 20


@pytest.mark.parametrize(
    ("query", "parameter"), [("page=0", "page"), ("recordsPerPage=501", "recordsPerPage")]
)
def test_number_statuses_validate_paging(sandbox_api, stored_campaign, query, parameter):
    task_id = start(sandbox_api, stored_campaign)

    response = sandbox_api.get(f"/10dlc/phoneNumberAssignmentByProfile/{task_id}/phoneNumbers?{query}")

    assert response.status_code == 422
    assert response.json["errors"][0]["source"] == {"parameter": parameter}


# --- control: messaging profiles ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        (PROFILE, ["+16875550151", "+16875550152", "+16875550153", "+16875550154", "+16875550155"]),
        (
            "profile-d",
            ["+18475550175", "+18475550176", "+18475550177", "+18475550178", "+18475550179", "+447700900080"],
        ),
    ],
)
def test_a_profile_never_seeded_shows_its_derived_numbers(sandbox_control, profile, expected):
    response = sandbox_control.get(f"/messaging_profiles/{profile}/numbers")

    assert response.status_code == 200
    assert response.json == {"messagingProfileId": profile, "phoneNumbers": expected, "seeded": False}


@pytest.mark.parametrize("profile", [f"mp-{index}" for index in range(12)])
def test_derived_numbers_follow_the_documented_formula(profile):
    numbers = assignment_tasks.derived_numbers(profile)

    assert 5 <= len(numbers) <= 10
    assert len(set(numbers)) == len(numbers)
    us = [number for number in numbers if number.startswith("+1")]
    assert all(number[5:10] == "55501" for number in us)
    assert len({number[:5] for number in us}) == 1
    assert (numbers[-1].startswith("+447700900")) == (len(numbers) % 2 == 0)


def test_seeding_replaces_a_profiles_numbers(sandbox_control):
    seed_profile(sandbox_control, ["+13035550002", "+13035550001"])
    seed_profile(sandbox_control, ["+13035550003"])

    assert sandbox_control.get(f"/messaging_profiles/{PROFILE}/numbers").json == {
        "messagingProfileId": PROFILE,
        "phoneNumbers": ["+13035550003"],
        "seeded": True,
    }


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, ["/phoneNumbers"]),
        ({"phoneNumbers": "+13035550001"}, ["/phoneNumbers"]),
        ({"phoneNumbers": []}, ["/phoneNumbers"]),
        ({"phoneNumbers": ["+13035550001", "+13035550001"]}, ["/phoneNumbers"]),
        ({"phoneNumbers": ["+13035550001", "3035550002", "+1303"]}, ["/phoneNumbers/1", "/phoneNumbers/2"]),
    ],
)
def test_seeding_validates_the_numbers(sandbox_control, body, expected):
    response = sandbox_control.post(f"/messaging_profiles/{PROFILE}/numbers", body)

    assert response.status_code == 422
    assert pointers(response) == expected


# --- control: task transitions -----------------------------------------------------------------------------


def test_forcing_completed_plays_every_remaining_number_at_once(
    sandbox_api, sandbox_control, sandbox, stored_campaign
):
    seed_profile(sandbox_control, [*GOOD, NOT_IN_ACCOUNT])
    task_id = start(sandbox_api, stored_campaign)

    response = sandbox_control.post(f"/assignment_tasks/{task_id}/transition", {"status": "completed"})

    assert response.status_code == 200
    PhoneNumberAssignmentByProfileRetrieveStatusResponse.model_validate(response.json)
    assert response.json["status"] == "completed"
    assert number_statuses(sandbox_api, task_id) == {
        GOOD[0]: "success",
        GOOD[1]: "success",
        NOT_IN_ACCOUNT: "failed",
    }
    assert assignment_status(sandbox_api, GOOD[0]) == "ASSIGNED"
    sandbox.advance(60)
    assert task_status(sandbox_api, task_id) == "completed"


def test_forcing_failed_fails_pending_numbers_and_lets_running_ones_end(
    sandbox_api, sandbox_control, sandbox, stored_campaign
):
    numbers = [f"+1303555{index:04d}" for index in range(1, 16)]
    seed_profile(sandbox_control, numbers)
    task_id = start(sandbox_api, stored_campaign)
    sandbox.advance(assignment_tasks.START_SECONDS + assignment_tasks.BATCH_SECONDS)  # first 10 submitted

    response = sandbox_control.post(f"/assignment_tasks/{task_id}/transition", {"status": "failed"})
    sandbox.advance(60)

    assert response.json["status"] == "failed"
    statuses = number_statuses(sandbox_api, task_id)
    assert [statuses[number] for number in numbers] == ["success"] * 10 + ["failed"] * 5
    assert reasons(sandbox_control, task_id)[numbers[-1]] == assignment_tasks.FORCED_FAILURE
    assert task_status(sandbox_api, task_id) == "failed"


def test_forcing_pending_restarts_the_lifecycle(sandbox_api, sandbox_control, sandbox, stored_campaign):
    task_id = start(sandbox_api, stored_campaign)
    sandbox.advance(assignment_tasks.START_SECONDS)

    sandbox_control.post(f"/assignment_tasks/{task_id}/transition", {"status": "pending"})
    sandbox.advance(assignment_tasks.START_SECONDS - 0.5)
    assert task_status(sandbox_api, task_id) == "pending"
    sandbox.advance(0.5)
    assert task_status(sandbox_api, task_id) == "processing"


def test_forcing_processing_starts_submitting_at_once(sandbox_api, sandbox_control, sandbox, stored_campaign):
    task_id = start(sandbox_api, stored_campaign)

    sandbox_control.post(f"/assignment_tasks/{task_id}/transition", {"status": "processing"})
    sandbox.advance(assignment_tasks.BATCH_SECONDS)

    assert task_status(sandbox_api, task_id) == "processing"
    assert set(number_statuses(sandbox_api, task_id).values()) == {"processing"}


def test_the_task_control_view_shows_the_request_and_reasons(
    sandbox_api, sandbox_control, sandbox, stored_campaign
):
    seed_profile(sandbox_control, [UK])
    task_id = start(sandbox_api, stored_campaign)
    sandbox.advance(60)

    assert sandbox_control.get(f"/assignment_tasks/{task_id}").json == {
        "taskId": task_id,
        "status": "failed",
        "createdAt": NOW,
        "updatedAt": "2026-09-21T14:14:20",
        "messagingProfileId": PROFILE,
        "campaignId": stored_campaign["campaignId"],
        "tcrCampaignId": stored_campaign["tcrCampaignId"],
        "phoneNumbers": [
            {"phoneNumber": UK, "status": "failed", "reason": "Only US and Canadian numbers can be assigned"}
        ],
    }


@pytest.mark.parametrize(("body", "status"), [({"status": "done"}, 422), ({}, 422)])
def test_task_transition_validates_the_status(sandbox_api, sandbox_control, stored_campaign, body, status):
    task_id = start(sandbox_api, stored_campaign)

    response = sandbox_control.post(f"/assignment_tasks/{task_id}/transition", body)

    assert response.status_code == status
    assert pointers(response) == ["/status"]


@pytest.mark.parametrize("path", ["/assignment_tasks/nosuch", "/assignment_tasks/nosuch/transition"])
def test_task_control_routes_404_an_unknown_task(sandbox_control, path):
    response = (
        sandbox_control.post(path, {"status": "completed"})
        if path.endswith("transition")
        else sandbox_control.get(path)
    )

    assert response.status_code == 404


def test_numbers_past_the_campaign_limit_fail_one_by_one(
    sandbox_api, sandbox_control, sandbox, stored_campaign
):
    records.put_phone_numbers(
        sandbox.context,
        [(f"+1303555{100 + n:04d}", stored_campaign) for n in range(MAX_NUMBERS_WITHOUT_POOL - 1)],
    )
    seed_profile(sandbox_control, GOOD)
    task_id = start(sandbox_api, stored_campaign)

    sandbox.advance(60)

    task = sandbox_control.get(f"/assignment_tasks/{task_id}").json
    assert [(number["phoneNumber"], number["status"]) for number in task["phoneNumbers"]] == [
        (GOOD[0], "success"),
        (GOOD[1], "failed"),
    ]
    assert "without a T-Mobile number pool (49)" in task["phoneNumbers"][1]["reason"]
