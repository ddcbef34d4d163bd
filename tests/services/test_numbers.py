"""Number workflows against the live sandbox: assign one, move, remove, a CSV upload with valid, invalid and
API-refused rows, and assignment by messaging profile. Remote state is read back through the client."""

import re
import uuid

import pytest
from django.contrib.auth.models import User

from tendlc.client import NotFoundError
from tendlc.client.errors import BadRequestError
from tendlc.models import AuditEntry, NumberUpload, PhoneNumberAssignment
from tendlc.services.errors import WorkflowError
from tendlc.services.number_uploads import number_upload_preview, number_upload_send
from tendlc.services.numbers import (
    assignment_task_create,
    assignment_task_poll_due,
    campaigns_named,
    number_assign,
    number_assignment_move,
    number_assignment_remove,
)
from tests.factories import (
    AssignmentTaskFactory,
    CampaignFactory,
    PartnerCampaignFactory,
    PhoneNumberAssignmentFactory,
)

pytestmark = pytest.mark.django_db

NUMBER = "+13125550101"
OTHER_NUMBER = "+13125550102"
THIRD_NUMBER = "+13125550103"
# The sandbox settles an assignment or a removal 3 s after it is asked.
SETTLE = 3
REQUEST_ID = r"\(request id [0-9a-f-]{36}\)"


@pytest.fixture
def user(db) -> User:
    return User.objects.create_user("ana")


@pytest.fixture
def ours(make_seeded_campaign):
    return make_seeded_campaign()


@pytest.fixture
def other(make_seeded_campaign):
    return make_seeded_campaign()


def audit_log() -> list[tuple]:
    return list(
        AuditEntry.objects.order_by("id").values_list(
            "action", "outcome", "target_repr", "request_summary", "error"
        )
    )


def remote(dlc, number: str) -> tuple[str, str]:
    record = dlc.phone_number_campaigns.retrieve(number)
    return record.campaign_id, record.assignment_status


# --- assign one ----------------------------------------------------------------------------------------------


def test_assigning_a_number_puts_it_on_the_campaign_and_mirrors_the_answer(ours, user, tendlc_client, dlc):
    assignment = number_assign(
        phone_number=" +1 312 555 0101", campaign_id=ours.campaign_id, user=user, client=tendlc_client
    )

    assert remote(dlc, NUMBER) == (ours.campaign_id, "PENDING_ASSIGNMENT")
    stored = PhoneNumberAssignment.objects.get()
    assert stored == assignment
    assert (stored.phone_number, stored.campaign, stored.partner_campaign, stored.assignment_status) == (
        NUMBER,
        ours,
        None,
        "PENDING_ASSIGNMENT",
    )
    assert (stored.telnyx_campaign_id, stored.tcr_campaign_id, stored.brand_id) == (
        ours.campaign_id,
        ours.tcr_campaign_id,
        ours.brand_id,
    )
    assert stored.raw["phoneNumber"] == NUMBER
    assert audit_log() == [
        (
            "number.assign",
            "succeeded",
            NUMBER,
            {"phone_number": " +1 312 555 0101", "campaign_id": ours.campaign_id},
            "",
        )
    ]


def test_a_partner_campaign_takes_a_number_by_its_tcr_id(sandbox_control, dlc, user, tendlc_client):
    assert sandbox_control.post("/seed", {"partnerCampaigns": 1}).status_code == 201
    tcr_campaign_id = dlc.partner_campaigns.list().records[0].tcr_campaign_id
    partner = PartnerCampaignFactory(tcr_campaign_id=tcr_campaign_id)

    number_assign(phone_number=NUMBER, campaign_id=tcr_campaign_id, user=user, client=tendlc_client)

    assert remote(dlc, NUMBER) == (tcr_campaign_id, "PENDING_ASSIGNMENT")
    stored = PhoneNumberAssignment.objects.get()
    assert (stored.campaign, stored.partner_campaign, stored.telnyx_campaign_id) == (None, partner, "")


def test_a_number_that_failed_or_was_removed_is_assigned_again_on_its_row(ours, user, tendlc_client, dlc):
    removed = PhoneNumberAssignmentFactory(
        phone_number=NUMBER, campaign=ours, remote_deleted_at="2026-01-01T00:00Z"
    )

    number_assign(phone_number=NUMBER, campaign_id=ours.campaign_id, user=user, client=tendlc_client)

    removed.refresh_from_db()
    assert (removed.remote_deleted_at, removed.assignment_status) == (None, "PENDING_ASSIGNMENT")
    assert remote(dlc, NUMBER) == (ours.campaign_id, "PENDING_ASSIGNMENT")


@pytest.mark.parametrize(
    ("number", "campaign", "field", "message"),
    [
        (
            "312 555 CALL",
            "ours",
            "phone_number",
            "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 digits, e.g. (312) 555-0101.",
        ),
        (NUMBER, "unknown", "campaign_id", "No campaign 4b30-unknown is known here."),
        (
            NUMBER,
            "pending",
            "campaign_id",
            "Campaign CPEND01 is TCR_PENDING; it takes numbers once the registry has accepted it, until it is rejected, suspended or expired.",
        ),
        (NUMBER, "expired", "campaign_id", "Campaign CEXP001 is deactivated (EXPIRED) and takes no numbers."),
        (
            NUMBER,
            "unaccepted",
            "campaign_id",
            "Shared campaign CSHAR01 has not been accepted yet: accept the sharing first.",
        ),
        (NUMBER, "holding", "phone_number", "+13125550101 is already on campaign {label} (ASSIGNED)."),
    ],
)
def test_our_checks_refuse_at_the_field_and_send_nothing(
    ours, user, tendlc_client, dlc, number, campaign, field, message
):
    campaigns = {
        "ours": ours.campaign_id,
        "holding": ours.campaign_id,
        "unknown": "4b30-unknown",
        "pending": CampaignFactory(tcr_campaign_id="CPEND01", campaign_status="TCR_PENDING").campaign_id,
        "expired": CampaignFactory(tcr_campaign_id="CEXP001", status="EXPIRED").campaign_id,
        "unaccepted": PartnerCampaignFactory(
            tcr_campaign_id="CSHAR01", sharing_status="PENDING"
        ).tcr_campaign_id,
    }
    if campaign == "holding":
        PhoneNumberAssignmentFactory(phone_number=NUMBER, campaign=ours)

    with pytest.raises(WorkflowError) as refused:
        number_assign(phone_number=number, campaign_id=campaigns[campaign], user=user, client=tendlc_client)

    label = f"{ours.tcr_campaign_id} ({ours.brand_display_name})"
    assert (refused.value.field, refused.value.message) == (field, message.format(label=label))
    with pytest.raises(NotFoundError):
        dlc.phone_number_campaigns.retrieve(NUMBER)
    assert AuditEntry.objects.get().error == message.format(label=label)


def test_a_number_another_campaign_holds_is_refused_by_the_api_at_the_phone_number(
    ours, other, user, tendlc_client, dlc
):
    dlc.phone_number_campaigns.create(campaign_id=other.campaign_id, phone_number=NUMBER)

    with pytest.raises(BadRequestError) as refused:
        number_assign(phone_number=NUMBER, campaign_id=ours.campaign_id, user=user, client=tendlc_client)

    assert list(refused.value.field_errors) == ["phone_number"]
    assert refused.value.field_errors["phone_number"][0].startswith(
        f"Phone number {NUMBER} is already assigned to campaign {other.campaign_id}"
    )
    assert remote(dlc, NUMBER) == (other.campaign_id, "PENDING_ASSIGNMENT")
    assert not PhoneNumberAssignment.objects.exists()
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.api_request_id) == (
        "number.assign",
        "failed",
        refused.value.request_id,
    )


# --- move and remove -----------------------------------------------------------------------------------------


def test_moving_a_number_puts_it_on_the_other_campaign(ours, other, user, tendlc_client, dlc, advance):
    assignment = number_assign(
        phone_number=NUMBER, campaign_id=ours.campaign_id, user=user, client=tendlc_client
    )
    advance(SETTLE)

    moved = number_assignment_move(
        assignment=assignment, campaign_id=other.campaign_id, user=user, client=tendlc_client
    )

    assert remote(dlc, NUMBER) == (other.campaign_id, "PENDING_ASSIGNMENT")
    stored = PhoneNumberAssignment.objects.get()
    assert stored == moved
    assert (stored.campaign, stored.telnyx_campaign_id, stored.assignment_status) == (
        other,
        other.campaign_id,
        "PENDING_ASSIGNMENT",
    )
    assert [entry[:3] for entry in audit_log()] == [
        ("number.assign", "succeeded", NUMBER),
        ("number.move", "succeeded", NUMBER),
    ]
    assert audit_log()[1][3] == {"campaign_id": other.campaign_id}


@pytest.mark.parametrize(
    ("to", "message"),
    [
        ("same", "+13125550101 is already on campaign {label}."),
        ("unknown", "No campaign C000000 is known here."),
    ],
)
def test_a_move_our_checks_refuse_is_not_sent(ours, user, tendlc_client, dlc, to, message):
    assignment = number_assign(
        phone_number=NUMBER, campaign_id=ours.campaign_id, user=user, client=tendlc_client
    )

    with pytest.raises(WorkflowError) as refused:
        number_assignment_move(
            assignment=assignment,
            campaign_id=ours.campaign_id if to == "same" else "C000000",
            user=user,
            client=tendlc_client,
        )

    label = f"{ours.tcr_campaign_id} ({ours.brand_display_name})"
    assert (refused.value.field, refused.value.message) == ("campaign_id", message.format(label=label))
    assert remote(dlc, NUMBER) == (ours.campaign_id, "PENDING_ASSIGNMENT")


def test_removing_a_number_marks_it_being_removed_then_it_is_gone_remotely(
    ours, user, tendlc_client, dlc, advance
):
    assignment = number_assign(
        phone_number=NUMBER, campaign_id=ours.campaign_id, user=user, client=tendlc_client
    )
    advance(SETTLE)

    number_assignment_remove(assignment=assignment, user=user, client=tendlc_client)

    assert remote(dlc, NUMBER) == (ours.campaign_id, "PENDING_UNASSIGNMENT")
    stored = PhoneNumberAssignment.objects.get()
    assert (stored.assignment_status, stored.remote_deleted_at) == ("PENDING_UNASSIGNMENT", None)
    advance(SETTLE)
    with pytest.raises(NotFoundError):
        dlc.phone_number_campaigns.retrieve(NUMBER)
    assert audit_log()[-1][:4] == ("number.remove", "succeeded", NUMBER, {})


def test_removing_a_number_the_api_no_longer_knows_marks_it_gone(ours, user, tendlc_client):
    stale = PhoneNumberAssignmentFactory(phone_number=NUMBER, campaign=ours)

    number_assignment_remove(assignment=stale, user=user, client=tendlc_client)

    stale.refresh_from_db()
    assert stale.remote_deleted_at is not None
    assert audit_log() == [("number.remove", "succeeded", NUMBER, {"found": False}, "")]

    with pytest.raises(WorkflowError) as refused:
        number_assignment_remove(assignment=stale, user=user, client=tendlc_client)
    assert refused.value.message == "+13125550101 is already removed from its campaign."


# --- a CSV upload --------------------------------------------------------------------------------------------


def test_an_upload_applies_valid_rows_and_reports_every_row(ours, other, user, tendlc_client, dlc):
    held_remotely = "+13125550104"
    dlc.phone_number_campaigns.create(campaign_id=other.campaign_id, phone_number=held_remotely)
    PhoneNumberAssignmentFactory(phone_number="+13125550105", campaign=ours)
    pending = CampaignFactory(tcr_campaign_id="CPEND01", campaign_status="TCR_PENDING")
    csv_file = (
        "\ufeffPhone Number,Campaign\n"
        f"{NUMBER},{ours.campaign_id}\n"
        f" +1 312 555 0102 , {other.tcr_campaign_id} \n"
        "\n"
        f"+447700900123,{ours.campaign_id}\n"
        f"{THIRD_NUMBER},C404404\n"
        f"{NUMBER},{other.campaign_id}\n"
        f"+13125550105,{ours.tcr_campaign_id}\n"
        f"{held_remotely},{ours.campaign_id}\n"
        f"+13125550106,{pending.tcr_campaign_id}\n"
        "+13125550107\n"
    ).encode()

    upload = number_upload_send(
        upload=number_upload_preview(filename="numbers.csv", data=csv_file, user=user), client=tendlc_client
    )

    assert (
        upload.filename,
        upload.uploaded_by,
        upload.rows_total,
        upload.rows_applied,
        upload.rows_failed,
    ) == (
        "numbers.csv",
        user,
        9,
        2,
        7,
    )
    report = [
        (e["line"], e["phone_number"], e["campaign"], e["outcome"], e["assignment_status"])
        for e in upload.report
    ]
    assert report == [
        (2, NUMBER, ours.campaign_id, "applied", "PENDING_ASSIGNMENT"),
        (3, "+1 312 555 0102", other.tcr_campaign_id, "applied", "PENDING_ASSIGNMENT"),
        (5, "+447700900123", ours.campaign_id, "invalid", ""),
        (6, THIRD_NUMBER, "C404404", "invalid", ""),
        (7, NUMBER, other.campaign_id, "invalid", ""),
        (8, "+13125550105", ours.tcr_campaign_id, "invalid", ""),
        (9, held_remotely, ours.campaign_id, "refused", ""),
        (10, "+13125550106", "CPEND01", "invalid", ""),
        (11, "+13125550107", "", "invalid", ""),
    ]
    reasons = [entry["reason"] for entry in upload.report]
    assert reasons[:6] == [
        "",
        "",
        "+447700900123 is not a valid phone number in its country's numbering plan.",
        "No campaign C404404 is known here: give our campaign id or its TCR id.",
        "+13125550101 is also on line 2: a number goes on one campaign.",
        f"+13125550105 is already on campaign {ours.tcr_campaign_id} (ASSIGNED).",
    ]
    assert re.fullmatch(
        rf"Refused by the API \(HTTP 400\): phone_number: Phone number \+13125550104 is already assigned to campaign"
        rf" {other.campaign_id} \(PENDING_ASSIGNMENT\); move it with PUT /10dlc/phone_number_campaigns/"
        rf"\+13125550104 or remove it with DELETE first\. {REQUEST_ID}",
        reasons[6],
    )
    assert reasons[7:] == [
        "Campaign CPEND01 is TCR_PENDING; it takes numbers once the registry has accepted it, until it is"
        " rejected, suspended or expired.",
        "No campaign given: add our campaign id or its TCR campaign id.",
    ]
    assert remote(dlc, NUMBER) == (ours.campaign_id, "PENDING_ASSIGNMENT")
    assert remote(dlc, OTHER_NUMBER) == (other.campaign_id, "PENDING_ASSIGNMENT")
    assert remote(dlc, held_remotely) == (other.campaign_id, "PENDING_ASSIGNMENT")
    assert dict(PhoneNumberAssignment.objects.values_list("phone_number", "campaign")) == {
        NUMBER: ours.pk,
        OTHER_NUMBER: other.pk,
        "+13125550105": ours.pk,
    }
    assert audit_log() == [
        (
            "number_upload.apply",
            "succeeded",
            str(upload),
            {"filename": "numbers.csv", "rows": 9, "applied": 2, "failed": 7},
            "",
        )
    ]


def test_a_file_that_cannot_be_read_is_refused_whole_and_nothing_is_stored(user):
    with pytest.raises(WorkflowError) as refused:
        number_upload_preview(filename="empty.csv", data=b"", user=user)

    assert (refused.value.field, refused.value.message) == (
        "file",
        "The file has no data rows: put one phone number and its campaign on each line (e.g. +13125550101,C1A2B3C).",
    )
    assert not NumberUpload.objects.exists()
    assert audit_log() == []


def test_campaigns_are_named_by_telnyx_id_our_tcr_id_or_a_partners_tcr_id():
    campaign = CampaignFactory(tcr_campaign_id="CBOTH01")
    partner = PartnerCampaignFactory(tcr_campaign_id="CPART01")
    CampaignFactory(tcr_campaign_id="CGONE01", remote_deleted_at="2026-01-01T00:00Z")

    assert campaigns_named([campaign.campaign_id, "CBOTH01", "CPART01", "CGONE01", "", "C0"]) == {
        campaign.campaign_id: campaign,
        "CBOTH01": campaign,
        "CPART01": partner,
    }


# --- assignment by messaging profile -------------------------------------------------------------------------


def test_a_profile_assignment_starts_a_task_and_is_audited(ours, user, tendlc_client, sandbox_control):
    profile = str(uuid.uuid4())

    task = assignment_task_create(
        messaging_profile_id=profile, campaign_id=ours.campaign_id, user=user, client=tendlc_client
    )

    assert sandbox_control.get(f"/assignment_tasks/{task.task_id}").json["messagingProfileId"] == profile
    assert (task.messaging_profile_id, task.campaign, task.status) == (profile, ours, "pending")
    assert audit_log() == [
        (
            "assignment_task.start",
            "succeeded",
            str(task),
            {"messaging_profile_id": profile, "campaign_id": ours.campaign_id},
            "",
        )
    ]


def test_a_profile_assignment_to_a_campaign_that_takes_no_numbers_is_refused(user, tendlc_client):
    expired = CampaignFactory(tcr_campaign_id="CEXP001", status="EXPIRED")

    with pytest.raises(WorkflowError) as refused:
        assignment_task_create(
            messaging_profile_id=str(uuid.uuid4()),
            campaign_id=expired.campaign_id,
            user=user,
            client=tendlc_client,
        )

    assert (refused.value.field, refused.value.message) == (
        "campaign_id",
        "Campaign CEXP001 is deactivated (EXPIRED) and takes no numbers.",
    )


def test_a_poll_is_due_once_per_interval_and_never_for_a_finished_task():
    task = AssignmentTaskFactory(status="processing")

    assert assignment_task_poll_due(task=task) is True
    assert assignment_task_poll_due(task=task) is False
    assert assignment_task_poll_due(task=AssignmentTaskFactory(status="completed")) is False
