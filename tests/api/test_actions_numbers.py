"""Number actions over the API against the live sandbox: one number, many (a CSV file or JSON rows, with the
per-row report), every number of a messaging profile; refusals in the one error format at our field names,
and the audit entries written."""

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.renderers import JSONRenderer

from tendlc.api.numbers import (
    AssignmentTaskSerializer,
    NumberUploadResultSerializer,
    PhoneNumberAssignmentSerializer,
)
from tendlc.models import AssignmentTask, AuditEntry, NumberUpload, PhoneNumberAssignment
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

ASSIGNMENTS = "/api/v1/number-assignments/"
BULK = f"{ASSIGNMENTS}bulk/"
TASKS = "/api/v1/assignment-tasks/"
A, B, C = "+13125550101", "+13125550102", "+13125550103"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"


def as_json(data: Any) -> Any:
    return json.loads(JSONRenderer().render(data))


def audit_rows() -> list[tuple[str, str, str]]:
    return list(AuditEntry.objects.order_by("pk").values_list("username", "action", "outcome"))


# --- one number --------------------------------------------------------------------------------------------


def test_a_number_is_put_on_a_campaign(staff_api, our_campaign, dlc):
    response = staff_api.post(
        ASSIGNMENTS,
        {"phone_number": "+1 (312) 555-0101", "campaign_id": our_campaign.campaign_id},
        format="json",
    )

    assignment = PhoneNumberAssignment.objects.get()
    assert response.status_code == 201
    assert response.json() == as_json(PhoneNumberAssignmentSerializer(assignment).data)
    record = dlc.phone_number_campaigns.retrieve(A)
    assert (record.campaign_id, record.assignment_status) == (our_campaign.campaign_id, "PENDING_ASSIGNMENT")
    assert (assignment.phone_number, assignment.campaign, assignment.assignment_status) == (
        A,
        our_campaign,
        "PENDING_ASSIGNMENT",
    )
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.outcome, entry.target_repr) == (
        "staff",
        "number.assign",
        "succeeded",
        A,
    )


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        (
            {"phone_number": "312 555 CALL"},
            [
                (
                    "phone_number",
                    "e164",
                    "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101.",
                )
            ],
        ),
        ({"phone_number": ""}, [("phone_number", "required", "This field is required.")]),
        (
            {"campaign_id": "4b30-not-offered"},
            [
                (
                    "campaign_id",
                    "invalid_choice",
                    "Select a valid choice. 4b30-not-offered is not one of the available choices.",
                )
            ],
        ),
        ({"campaign_id": None}, [("campaign_id", "required", "This field is required.")]),
    ],
)
def test_input_is_refused_as_the_admin_refuses_it(staff_api, our_campaign, sent, errors):
    response = staff_api.post(
        ASSIGNMENTS, {"phone_number": A, "campaign_id": our_campaign.campaign_id, **sent}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": field, "code": code, "message": message} for field, code, message in errors],
        "status": 400,
    }
    assert not PhoneNumberAssignment.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_number_already_on_the_campaign_is_refused_at_the_phone_number(staff_api, our_campaign):
    PhoneNumberAssignmentFactory(phone_number=A, campaign=our_campaign, assignment_status="ASSIGNED")

    response = staff_api.post(
        ASSIGNMENTS, {"phone_number": A, "campaign_id": our_campaign.campaign_id}, format="json"
    )

    label = f"{our_campaign.tcr_campaign_id} ({our_campaign.brand_display_name})"
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "phone_number",
                "code": "refused",
                "message": f"{A} is already on campaign {label} (ASSIGNED).",
            }
        ],
        "status": 400,
    }
    assert audit_rows() == [("staff", "number.assign", "failed")]


def test_the_apis_refusal_is_422_at_the_phone_number(staff_api, our_campaign, other_campaign, dlc):
    dlc.phone_number_campaigns.create(campaign_id=other_campaign.campaign_id, phone_number=A)

    response = staff_api.post(
        ASSIGNMENTS, {"phone_number": A, "campaign_id": our_campaign.campaign_id}, format="json"
    )

    entry = AuditEntry.objects.get()
    assert response.status_code == 422
    assert response.json() == {
        "errors": [
            {
                "field": "phone_number",
                "code": "rejected_by_10dlc",
                "message": f"Phone number {A} is already assigned to campaign {other_campaign.campaign_id}"
                f" (PENDING_ASSIGNMENT); move it with PUT /10dlc/phone_number_campaigns/{A} or remove it with"
                " DELETE first.",
            }
        ],
        "status": 422,
        "upstream_request_id": entry.api_request_id,
    }
    assert (entry.action, entry.outcome) == ("number.assign", "failed")


# --- many numbers ----------------------------------------------------------------------------------------


def test_a_csv_file_is_applied_row_by_row_with_its_report(
    staff_api, api_staff_user, our_campaign, other_campaign, dlc
):
    dlc.phone_number_campaigns.create(campaign_id=other_campaign.campaign_id, phone_number=C)
    text = f"phone_number,campaign\n{A},{our_campaign.campaign_id}\n{B},{our_campaign.tcr_campaign_id}\n=SUM(A1),C404404\n{C},{our_campaign.campaign_id}\n"

    response = staff_api.post(
        BULK,
        {"file": SimpleUploadedFile("numbers.csv", text.encode(), content_type="text/csv")},
        format="multipart",
    )

    upload = NumberUpload.objects.get()
    assert response.status_code == 201
    assert response.json() == as_json(NumberUploadResultSerializer(upload).data)
    assert (
        upload.filename,
        upload.uploaded_by,
        upload.rows_total,
        upload.rows_applied,
        upload.rows_failed,
    ) == (
        "numbers.csv",
        api_staff_user,
        4,
        2,
        2,
    )
    report = response.json()["report"]
    assert [(row["line"], row["outcome"]) for row in report] == [
        (2, "applied"),
        (3, "applied"),
        (4, "invalid"),
        (5, "refused"),
    ]
    assert (
        report[2]["reason"]
        == "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101."
    )
    assert [dlc.phone_number_campaigns.retrieve(n).campaign_id for n in (A, B, C)] == [
        our_campaign.campaign_id,
        our_campaign.campaign_id,
        other_campaign.campaign_id,
    ]
    assert audit_rows() == [("staff", "number_upload.apply", "succeeded")]


def test_json_rows_are_applied_as_the_same_upload(staff_api, our_campaign, dlc):
    rows = [
        {"phone_number": A, "campaign": our_campaign.campaign_id},
        {"phone_number": "+1 312 555 0102", "campaign": our_campaign.tcr_campaign_id},
        {"phone_number": C, "campaign": "C404404"},
    ]

    response = staff_api.post(BULK, {"rows": rows}, format="json")

    upload = NumberUpload.objects.get()
    assert response.status_code == 201
    assert response.json() == as_json(NumberUploadResultSerializer(upload).data)
    assert upload.filename == "api-rows.csv"
    assert response.json()["report"] == [
        {
            "line": 2,
            "phone_number": A,
            "campaign": our_campaign.campaign_id,
            "outcome": "applied",
            "reason": "",
            "assignment_status": "PENDING_ASSIGNMENT",
        },
        {
            "line": 3,
            "phone_number": "+1 312 555 0102",
            "campaign": our_campaign.tcr_campaign_id,
            "outcome": "applied",
            "reason": "",
            "assignment_status": "PENDING_ASSIGNMENT",
        },
        {
            "line": 4,
            "phone_number": C,
            "campaign": "C404404",
            "outcome": "invalid",
            "reason": "No campaign C404404 is known here: give our campaign id or its TCR id.",
            "assignment_status": "",
        },
    ]
    assert [dlc.phone_number_campaigns.retrieve(n).campaign_id for n in (A, "+13125550102")] == [
        our_campaign.campaign_id,
        our_campaign.campaign_id,
    ]


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({}, [("rows", "required", "This field is required.")]),
        ({"rows": []}, [("rows", "min_length", "Ensure this field has at least 1 elements.")]),
        (
            {"rows": [{"phone_number": A, "campaign": "C1"}, {"campaign": "C1"}]},
            [("rows.1.phone_number", "required", "This field is required.")],
        ),
        (
            {"rows": [{"phone_number": f"{A}\n{B}", "campaign": "C1"}]},
            [("rows.0.phone_number", "invalid", "Enter the value on one line.")],
        ),
    ],
    ids=["no-rows", "empty", "row-without-number", "two-lines-in-a-cell"],
)
def test_json_rows_are_refused_at_the_row_and_field(staff_api, body, errors):
    response = staff_api.post(BULK, body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": field, "code": code, "message": message} for field, code, message in errors],
        "status": 400,
    }
    assert not NumberUpload.objects.exists()


def test_a_multipart_request_without_a_file_is_refused_at_the_file(staff_api):
    response = staff_api.post(BULK, {"note": "no file"}, format="multipart")

    assert response.json() == {
        "errors": [{"field": "file", "code": "required", "message": "This field is required."}],
        "status": 400,
    }


def test_a_file_that_cannot_be_read_is_refused_at_the_file(staff_api, portal_api):
    upload = SimpleUploadedFile("numbers.csv", b"\n\n", content_type="text/csv")

    response = staff_api.post(BULK, {"file": upload}, format="multipart")

    assert response.json() == {
        "errors": [
            {
                "field": "file",
                "code": "refused",
                "message": "The file has no data rows: put one phone number and its campaign on each line"
                " (e.g. +13125550101,C1A2B3C).",
            }
        ],
        "status": 400,
    }
    assert not NumberUpload.objects.exists()


# --- every number of a messaging profile --------------------------------------------------------------


def test_a_profiles_numbers_are_put_on_a_campaign_by_a_task(
    staff_api, our_campaign, set_profile_numbers, sandbox_control
):
    set_profile_numbers(PROFILE, [A, B])

    response = staff_api.post(
        TASKS,
        {"messaging_profile_id": PROFILE.upper(), "campaign_id": our_campaign.campaign_id},
        format="json",
    )

    task = AssignmentTask.objects.get()
    assert response.status_code == 201
    assert response.json() == as_json(AssignmentTaskSerializer(task).data)
    remote = sandbox_control.get(f"/assignment_tasks/{task.task_id}").json
    assert (remote["messagingProfileId"], remote["campaignId"]) == (PROFILE, our_campaign.campaign_id)
    assert (task.messaging_profile_id, task.campaign, task.status) == (PROFILE, our_campaign, "pending")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.request_summary) == (
        "assignment_task.start",
        "succeeded",
        {"messaging_profile_id": PROFILE, "campaign_id": our_campaign.campaign_id},
    )


@pytest.mark.parametrize(
    ("sent", "errors"),
    [
        (
            {"messaging_profile_id": "profile-1"},
            [
                (
                    "messaging_profile_id",
                    "uuid",
                    "Enter the messaging profile's id, a UUID such as 4001767e-ce0f-4cae-9d5f-0d5e636e7809.",
                )
            ],
        ),
        ({"messaging_profile_id": ""}, [("messaging_profile_id", "required", "This field is required.")]),
        ({"campaign_id": ""}, [("campaign_id", "required", "This field is required.")]),
    ],
)
def test_task_input_is_refused_as_the_admin_refuses_it(staff_api, our_campaign, sent, errors):
    response = staff_api.post(
        TASKS,
        {"messaging_profile_id": PROFILE, "campaign_id": our_campaign.campaign_id, **sent},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": field, "code": code, "message": message} for field, code, message in errors],
        "status": 400,
    }
    assert not AssignmentTask.objects.exists()
