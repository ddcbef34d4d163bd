"""Number assignment by messaging profile against the live sandbox: a seeded campaign, a profile whose numbers
are set through the control plane (two that fail), the task played by advancing the sandbox clock."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.client.errors import UnexpectedResponseError
from tendlc.mapping.records import partner_campaign_values
from tendlc.models import AssignmentTask, PartnerCampaign, PhoneNumberAssignment
from tendlc.services.assignments import (
    READ_BY_CAMPAIGN,
    READ_BY_NUMBER,
    AssignmentTaskPoll,
    assignment_task_list_open,
    assignment_task_poll,
    assignment_task_start,
    assignment_tasks_poll_open,
)
from tests.factories import AssignmentTaskFactory
from tests.fixtures.polling import writes

pytestmark = pytest.mark.django_db

PROFILE = "mp-downtown-store"
ASSIGNED = "+13125550101"
ALSO_ASSIGNED = "+13125550102"
NOT_IN_ACCOUNT = "+13125550000"  # the sandbox's account does not hold numbers ending 0000
NOT_US = "+447700900123"
PROFILE_NUMBERS = [ASSIGNED, ALSO_ASSIGNED, NOT_IN_ACCOUNT, NOT_US]
# The task's lifecycle in sandbox seconds: processing after 2, numbers submitted after 3, settled after 6.
SUBMITTED, SETTLED = 3, 6


def task_numbers(task: AssignmentTask) -> dict[str, str]:
    return dict(task.numbers.values_list("phone_number", "status"))


def assignments() -> dict[str, tuple]:
    return {
        row.phone_number: (
            row.assignment_status,
            row.failure_reasons,
            row.campaign_id,
            row.partner_campaign_id,
            row.telnyx_campaign_id,
            row.tcr_campaign_id,
            row.tmobile_number_mapping_status,
        )
        for row in PhoneNumberAssignment.objects.all()
    }


@pytest.fixture
def seeded_campaign(make_seeded_campaign):
    return make_seeded_campaign()


@pytest.fixture
def started_task(seeded_campaign, tendlc_client, set_profile_numbers) -> AssignmentTask:
    set_profile_numbers(PROFILE, PROFILE_NUMBERS)
    return assignment_task_start(messaging_profile_id=PROFILE, campaign=seeded_campaign, client=tendlc_client)


def test_start_records_the_task_as_the_api_answered(started_task, seeded_campaign, sandbox_control):
    task = AssignmentTask.objects.get(pk=started_task.pk)

    assert sandbox_control.get(f"/assignment_tasks/{task.task_id}").json["messagingProfileId"] == PROFILE
    assert (task.messaging_profile_id, task.campaign_id, task.tcr_campaign_id, task.status) == (
        PROFILE,
        seeded_campaign.campaign_id,
        seeded_campaign.tcr_campaign_id,
        "pending",
    )
    assert task.raw == {
        "messagingProfileId": PROFILE,
        "taskId": task.task_id,
        "campaignId": seeded_campaign.campaign_id,
        "tcrCampaignId": seeded_campaign.tcr_campaign_id,
    }
    assert list(assignment_task_list_open()) == [task]


def test_polls_follow_the_task_until_complete_and_mirror_each_assignment(
    started_task, seeded_campaign, tendlc_client, advance
):
    assert assignment_task_poll(task=started_task, client=tendlc_client) == AssignmentTaskPoll(
        "pending", 4, 0, ""
    )
    assert task_numbers(started_task) == dict.fromkeys(PROFILE_NUMBERS, "pending")

    advance(SUBMITTED)
    assert assignment_task_poll(task=started_task, client=tendlc_client) == AssignmentTaskPoll(
        "processing", 4, 0, ""
    )
    assert task_numbers(started_task) == dict.fromkeys(PROFILE_NUMBERS, "processing")
    assert assignments() == {}

    advance(SETTLED - SUBMITTED)
    # Four numbers finished at once on a campaign with no other number: one N1 page beats four N3 requests.
    assert assignment_task_poll(task=started_task, client=tendlc_client) == AssignmentTaskPoll(
        "completed", 4, 4, READ_BY_CAMPAIGN
    )

    assert task_numbers(started_task) == {
        ASSIGNED: "success",
        ALSO_ASSIGNED: "success",
        NOT_IN_ACCOUNT: "failed",
        NOT_US: "failed",
    }
    ours = (seeded_campaign.pk, None, seeded_campaign.campaign_id, seeded_campaign.tcr_campaign_id)
    assert assignments() == {
        ASSIGNED: ("ASSIGNED", "", *ours, "ADDED"),
        ALSO_ASSIGNED: ("ASSIGNED", "", *ours, "ADDED"),
        NOT_IN_ACCOUNT: ("FAILED_ASSIGNMENT", "Number is not in your account", *ours, "FAILED"),
        NOT_US: ("FAILED_ASSIGNMENT", "Only US and Canadian numbers can be assigned", *ours, "FAILED"),
    }
    task = AssignmentTask.objects.get(pk=started_task.pk)
    assert task.status == "completed"
    assert task.raw["messagingProfileId"] == PROFILE  # A1's answer kept beside A2's status
    assert list(assignment_task_list_open()) == []


def test_the_mirrored_assignments_equal_what_the_api_lists(
    started_task, seeded_campaign, tendlc_client, dlc, advance
):
    advance(SETTLED)
    assignment_task_poll(task=started_task, client=tendlc_client)

    listed = dlc.phone_number_campaigns.list(
        filter={"telnyx_campaign_id": seeded_campaign.campaign_id}
    ).records
    assert {record.phone_number: record.raw for record in listed} == {
        row.phone_number: row.raw for row in PhoneNumberAssignment.objects.all()
    }


def test_numbers_of_a_large_campaign_are_read_one_by_one(
    make_seeded_campaign, tendlc_client, advance, set_profile_numbers
):
    # 600 numbers already on the campaign: its N1 list is two pages, no cheaper than two N3 requests.
    campaign = make_seeded_campaign(numbers=600)
    set_profile_numbers(PROFILE, [ASSIGNED, NOT_IN_ACCOUNT])
    task = assignment_task_start(messaging_profile_id=PROFILE, campaign=campaign, client=tendlc_client)
    advance(SETTLED)

    assert assignment_task_poll(task=task, client=tendlc_client) == AssignmentTaskPoll(
        "completed", 2, 2, READ_BY_NUMBER
    )

    assert {number: values[0] for number, values in assignments().items()} == {
        ASSIGNED: "ASSIGNED",
        NOT_IN_ACCOUNT: "FAILED_ASSIGNMENT",
    }


def test_a_number_another_campaign_holds_fails_and_is_mirrored_where_it_is(
    make_seeded_campaign, tendlc_client, dlc, advance, set_profile_numbers
):
    other = make_seeded_campaign(numbers=1)
    held = (
        dlc.phone_number_campaigns.list(filter={"telnyx_campaign_id": other.campaign_id})
        .records[0]
        .phone_number
    )
    campaign = make_seeded_campaign()
    set_profile_numbers(PROFILE, [ASSIGNED, ALSO_ASSIGNED, held])
    task = assignment_task_start(messaging_profile_id=PROFILE, campaign=campaign, client=tendlc_client)
    advance(SETTLED)

    # Three finished: N1 of the campaign, which does not list the held number; that one is read by N3.
    assert assignment_task_poll(task=task, client=tendlc_client) == AssignmentTaskPoll(
        "completed", 3, 3, READ_BY_CAMPAIGN
    )

    assert task_numbers(task) == {ASSIGNED: "success", ALSO_ASSIGNED: "success", held: "failed"}
    assert {number: (values[0], values[2]) for number, values in assignments().items()} == {
        ASSIGNED: ("ASSIGNED", campaign.pk),
        ALSO_ASSIGNED: ("ASSIGNED", campaign.pk),
        held: ("ASSIGNED", other.pk),
    }


def test_a_partner_campaign_takes_a_profile_by_its_tcr_id(
    sandbox_control, dlc, tendlc_client, advance, set_profile_numbers
):
    assert sandbox_control.post("/seed", {"partnerCampaigns": 1}).status_code == 201
    payload = dlc.partner_campaigns.list().records[0].raw
    partner = PartnerCampaign.objects.create(**partner_campaign_values(payload), raw=payload)
    set_profile_numbers(PROFILE, [ASSIGNED])

    task = assignment_task_start(messaging_profile_id=PROFILE, campaign=partner, client=tendlc_client)
    advance(SETTLED)
    poll = assignment_task_poll(task=task, client=tendlc_client)

    assert (task.campaign_id, task.tcr_campaign_id) == (None, partner.tcr_campaign_id)
    assert poll == AssignmentTaskPoll("completed", 1, 1, READ_BY_NUMBER)
    assert assignments() == {
        ASSIGNED: ("ASSIGNED", "", None, partner.pk, "", partner.tcr_campaign_id, "ADDED"),
    }


def test_polling_open_tasks_stops_once_they_end(started_task, tendlc_client, advance):
    assert assignment_tasks_poll_open(client=tendlc_client) == 1
    advance(SETTLED)
    assert assignment_tasks_poll_open(client=tendlc_client) == 1
    assert assignment_tasks_poll_open(client=tendlc_client) == 0


def test_a_task_the_api_will_not_report_on_does_not_hold_up_the_others(
    seeded_campaign, tendlc_client, set_profile_numbers, advance, monkeypatch
):
    set_profile_numbers(PROFILE, [ASSIGNED])
    set_profile_numbers("mp-uptown-store", [ALSO_ASSIGNED])
    stuck = assignment_task_start(
        messaging_profile_id=PROFILE, campaign=seeded_campaign, client=tendlc_client
    )
    moving = assignment_task_start(
        messaging_profile_id="mp-uptown-store", campaign=seeded_campaign, client=tendlc_client
    )
    resource = tendlc_client.messaging_10dlc.phone_number_assignment_by_profile
    read_status = resource.retrieve_status

    def unreadable_for_the_first(task_id: str):
        # The sandbox's faults are all transient; an answer that cannot be read is not.
        if task_id == stuck.task_id:
            raise UnexpectedResponseError(
                "not JSON", method="GET", path=f"/{task_id}", status=200, request_id=None, body="<html>"
            )
        return read_status(task_id)

    monkeypatch.setattr(resource, "retrieve_status", unreadable_for_the_first)
    advance(SETTLED)

    assert assignment_tasks_poll_open(client=tendlc_client) == 2

    stuck.refresh_from_db()
    moving.refresh_from_db()
    assert (stuck.status, moving.status) == ("pending", "completed")
    assert list(assignment_task_list_open()) == [stuck]


def test_a_repeated_poll_writes_nothing_and_leaves_the_same_rows(started_task, tendlc_client, advance):
    advance(SETTLED)
    assignment_task_poll(task=started_task, client=tendlc_client)
    numbers_before = list(started_task.numbers.values())
    assignments_before = list(PhoneNumberAssignment.objects.values())

    with CaptureQueriesContext(connection) as queries:
        poll = assignment_task_poll(task=AssignmentTask.objects.get(pk=started_task.pk), client=tendlc_client)

    assert poll == AssignmentTaskPoll("completed", 0, 0, "")
    assert writes(queries.captured_queries) == []
    assert list(started_task.numbers.values()) == numbers_before
    assert list(PhoneNumberAssignment.objects.values()) == assignments_before


def test_a_stale_row_is_brought_back_in_line(started_task, seeded_campaign, tendlc_client, advance):
    advance(SETTLED)
    assignment_task_poll(task=started_task, client=tendlc_client)
    # A stale local view (an older read, a local slip): the next finished read of the number repairs it.
    started_task.numbers.filter(phone_number=ASSIGNED).update(status="processing")
    PhoneNumberAssignment.objects.filter(phone_number=ASSIGNED).update(
        assignment_status="PENDING_ASSIGNMENT", remote_deleted_at=timezone.now()
    )

    poll = assignment_task_poll(task=started_task, client=tendlc_client)

    assert poll == AssignmentTaskPoll("completed", 1, 1, READ_BY_NUMBER)
    row = PhoneNumberAssignment.objects.get(phone_number=ASSIGNED)
    assert (row.assignment_status, row.remote_deleted_at, row.campaign_id) == (
        "ASSIGNED",
        None,
        seeded_campaign.pk,
    )


def test_a_task_the_api_does_not_know_is_marked_gone_and_no_longer_polled(tendlc_client, live_sandbox):
    task = AssignmentTaskFactory()

    assert assignment_task_poll(task=task, client=tendlc_client) == AssignmentTaskPoll("pending", 0, 0, "")

    assert AssignmentTask.objects.get(pk=task.pk).remote_deleted_at is not None
    assert list(assignment_task_list_open()) == []
