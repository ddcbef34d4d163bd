"""Number actions over the API against the live sandbox: one number, many (a CSV file or JSON rows, checked
at once and sent in the background, followed to each row's outcome), every number of a messaging profile;
refusals in the one error format at our field names, and the audit entries written."""

import io
import json
from typing import Any

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.renderers import JSONRenderer

from tendlc.api.numbers import AssignmentTaskSerializer, PhoneNumberAssignmentSerializer
from tendlc.client import NotFoundError
from tendlc.models import AssignmentTask, AuditEntry, NumberUpload, PhoneNumberAssignment, UploadStatus
from tendlc.tasks.number_uploads import send_number_upload
from tests.api import read_factories
from tests.factories import PhoneNumberAssignmentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls_actions")]

ASSIGNMENTS = "/api/v1/number-assignments/"
BULK = f"{ASSIGNMENTS}bulk/"
TASKS = "/api/v1/assignment-tasks/"
A, B, C = "+13125550101", "+13125550102", "+13125550103"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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


@pytest.fixture
def upload_worker(monkeypatch) -> list[int]:
    """A worker that runs each queued upload send as soon as it is queued (once the request's transaction
    commits: ``django_capture_on_commit_callbacks(execute=True)`` around the request); answers the pks it was
    given, in order."""
    ran: list[int] = []

    def run(upload_pk: int) -> None:
        ran.append(upload_pk)
        send_number_upload.apply(args=(upload_pk,))

    monkeypatch.setattr(send_number_upload, "delay", run)
    return ran


def upload_file(api, text: str, **options: Any):
    upload = SimpleUploadedFile("numbers.csv", text.encode(), content_type="text/csv")
    return api.post(BULK, {"file": upload, **options}, format="multipart")


def test_a_csv_file_is_answered_at_once_then_sent_in_the_background(
    staff_api, api_staff_user, our_campaign, other_campaign, dlc, django_capture_on_commit_callbacks
):
    dlc.phone_number_campaigns.create(campaign_id=other_campaign.campaign_id, phone_number=C)
    text = f"phone_number,campaign\n{A},{our_campaign.campaign_id}\n{B},{our_campaign.tcr_campaign_id}\n=SUM(A1),C404404\n{C},{our_campaign.campaign_id}\n"

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = upload_file(staff_api, text)

    upload = NumberUpload.objects.get()
    url = f"http://testserver/api/v1/number-uploads/{upload.pk}/"
    assert response.status_code == 202
    assert response["Location"] == url
    body = response.json()
    assert {key: body[key] for key in ("id", "url", "filename", "uploaded_by", "status", "is_finished")} == {
        "id": upload.pk,
        "url": url,
        "filename": "numbers.csv",
        "uploaded_by": "staff",
        "status": "queued",
        "is_finished": False,
    }
    assert (body["rows_total"], body["preview"], body["progress"]) == (
        4,
        {"to_assign": 3, "to_move": 0, "refused": 1},
        {"sent": 0, "applied": 0, "refused": 0},
    )
    assert len(queued) == 1
    # Answered before any row was sent.
    with pytest.raises(NotFoundError):
        dlc.phone_number_campaigns.retrieve(A)

    send_number_upload.apply(args=(upload.pk,))

    upload.refresh_from_db()
    assert (upload.status, upload.uploaded_by, upload.rows_applied, upload.rows_failed) == (
        UploadStatus.FINISHED,
        api_staff_user,
        2,
        2,
    )
    assert [dlc.phone_number_campaigns.retrieve(n).campaign_id for n in (A, B, C)] == [
        our_campaign.campaign_id,
        our_campaign.campaign_id,
        other_campaign.campaign_id,
    ]
    assert audit_rows() == [("staff", "number_upload.apply", "succeeded")]


def test_a_dry_run_answers_the_preview_and_sends_nothing(
    staff_api, our_campaign, dlc, django_capture_on_commit_callbacks
):
    text = f"phone_number,campaign\n{A},{our_campaign.campaign_id}\n{B},C404404\n"

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = upload_file(staff_api, text, dry_run="true")

    body = response.json()
    assert response.status_code == 202
    assert (body["status"], body["status_label"], body["is_finished"]) == (
        "preview",
        "Waiting for confirmation",
        False,
    )
    assert body["preview"] == {"to_assign": 1, "to_move": 0, "refused": 1}
    assert queued == []
    assert NumberUpload.objects.get().status == UploadStatus.PREVIEW
    with pytest.raises(NotFoundError):
        dlc.phone_number_campaigns.retrieve(A)
    assert not AuditEntry.objects.exists()


def test_json_rows_take_a_dry_run_too(staff_api, our_campaign, django_capture_on_commit_callbacks):
    rows = [{"phone_number": A, "campaign": our_campaign.campaign_id}]

    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = staff_api.post(BULK, {"rows": rows, "dry_run": True}, format="json")

    assert (response.status_code, response.json()["status"], queued) == (202, "preview", [])


def test_json_rows_are_sent_as_the_same_upload_and_followed_to_the_end(
    staff_api, our_campaign, dlc, upload_worker, django_capture_on_commit_callbacks
):
    rows = [
        {"phone_number": A, "campaign": our_campaign.campaign_id},
        {"phone_number": "+1 312 555 0102", "campaign": our_campaign.tcr_campaign_id},
        {"phone_number": C, "campaign": "C404404"},
    ]

    with django_capture_on_commit_callbacks(execute=True):
        response = staff_api.post(BULK, {"rows": rows}, format="json")
    followed = staff_api.get(response.json()["url"])
    listed = staff_api.get("/api/v1/number-uploads/")
    outcomes = staff_api.get(f"{response.json()['url']}rows/")

    upload = NumberUpload.objects.get()
    assert (response.status_code, upload_worker) == (202, [upload.pk])
    assert upload.filename == "api-rows.csv"
    body = followed.json()
    assert (body["status"], body["status_label"], body["is_finished"]) == ("finished", "Finished", True)
    assert (body["preview"], body["progress"]) == (
        {"to_assign": 2, "to_move": 0, "refused": 1},
        {"sent": 2, "applied": 2, "refused": 0},
    )
    assert [item["id"] for item in listed.json()["results"]] == [upload.pk]
    assert listed.json()["results"][0] == body
    assert outcomes.json()["count"] == 3
    assert outcomes.json()["results"] == [
        {
            "line": 2,
            "phone_number": A,
            "campaign": our_campaign.campaign_id,
            "action": "assign",
            "action_label": "Assign",
            "moved_from": "",
            "state": "applied",
            "state_label": "Applied",
            "reason": "",
            "assignment_status": "PENDING_ASSIGNMENT",
        },
        {
            "line": 3,
            "phone_number": "+1 312 555 0102",
            "campaign": our_campaign.tcr_campaign_id,
            "action": "assign",
            "action_label": "Assign",
            "moved_from": "",
            "state": "applied",
            "state_label": "Applied",
            "reason": "",
            "assignment_status": "PENDING_ASSIGNMENT",
        },
        {
            "line": 4,
            "phone_number": C,
            "campaign": "C404404",
            "action": "assign",
            "action_label": "Assign",
            "moved_from": "",
            "state": "invalid",
            "state_label": "Refused by our checks",
            "reason": "No campaign C404404 is known here: give our campaign id or its TCR id.",
            "assignment_status": "",
        },
    ]
    assert [dlc.phone_number_campaigns.retrieve(n).campaign_id for n in (A, B)] == [
        our_campaign.campaign_id
    ] * 2


def test_a_row_the_api_refuses_is_refused_at_its_row(
    staff_api, our_campaign, other_campaign, dlc, upload_worker, django_capture_on_commit_callbacks
):
    # On another campaign at the API, not yet mirrored here: our checks let it through, the API refuses it.
    dlc.phone_number_campaigns.create(campaign_id=other_campaign.campaign_id, phone_number=B)
    rows = [{"phone_number": n, "campaign": our_campaign.campaign_id} for n in (A, B)]

    with django_capture_on_commit_callbacks(execute=True):
        url = staff_api.post(BULK, {"rows": rows}, format="json").json()["url"]

    followed = staff_api.get(url).json()
    outcomes = staff_api.get(f"{url}rows/").json()["results"]
    assert (followed["is_finished"], followed["progress"]) == (True, {"sent": 2, "applied": 1, "refused": 1})
    assert [(row["line"], row["state"], row["state_label"]) for row in outcomes] == [
        (2, "applied", "Applied"),
        (3, "refused", "Refused by the API"),
    ]
    assert outcomes[1]["reason"].startswith(
        f"Refused by the API (HTTP 400): phone_number: Phone number {B} is already assigned to campaign"
        f" {other_campaign.campaign_id} (PENDING_ASSIGNMENT)"
    )


def test_an_excel_workbook_is_taken_as_a_csv_is(staff_api, our_campaign, django_capture_on_commit_callbacks):
    workbook = openpyxl.Workbook()
    workbook.active.append(["phone_number", "campaign"])
    workbook.active.append([A, our_campaign.campaign_id])
    workbook.active.append(["=1+1", our_campaign.campaign_id])
    data = io.BytesIO()
    workbook.save(data)
    upload = SimpleUploadedFile("numbers.xlsx", data.getvalue(), content_type=XLSX)

    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = staff_api.post(BULK, {"file": upload}, format="multipart")

    body = response.json()
    assert (response.status_code, body["filename"], body["rows_total"], len(queued)) == (
        202,
        "numbers.xlsx",
        2,
        1,
    )
    assert body["preview"] == {"to_assign": 1, "to_move": 0, "refused": 1}


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("nobody", 403), ("staff", 200), ("admin", 200)]
)
def test_an_uploads_rows_need_the_view_permission(api_as, role_user, role, status):
    upload = read_factories.NumberUploadFactory()

    response = api_as(role_user(role)).get(f"/api/v1/number-uploads/{upload.pk}/rows/")

    assert response.status_code == status
    if status == 200:
        assert [(row["line"], row["state"]) for row in response.json()["results"]] == [(2, "planned")]


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
