"""Assigning a messaging profile's numbers to a campaign (A1) and polling the task until it ends (A2, A3).

A poll reads the task's status (A2), every page of its per-number statuses (A3), then the assignments
(PhoneNumberCampaign) of the numbers that finished since the last poll, and only then writes, in one
transaction: a poll killed half-way writes nothing and the next one (or the redelivered one) does it all.
Rows whose values did not change are not written.

The finished numbers' assignments come from one N3 request per number, or from the pages of one N1 list
filtered by the task's campaign, which holds them beside the campaign's other numbers. A poll takes the
cheaper: N1 when more numbers finished than the list has pages (a large profile finishing between two polls),
N3 otherwise (a small profile, a minute's worth of a large one on a large campaign). The list's length is
estimated from what the portal knows of the campaign (its numbers here, the API's count) plus the numbers
just finished. A finished number the list does not show (another campaign holds it) is then read by N3.

A3 answers no reason for a number that failed; the assignment read for it does (its ``failureReasons``), or
shows that another campaign holds the number. That reason is stored on the task's number when it finishes, so
the task keeps what happened to it even after the number's assignment changes again.

A3 is read at the page size the reference documents as its default: it answers no totals, so a server that
capped a larger asked size would end the listing early without a sign.
"""

import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from tendlc.choices import TaskStatus
from tendlc.client import TRANSIENT_ERRORS, NotFoundError, TenDLCClient, TenDLCError
from tendlc.client.phone_numbers import TASK_NUMBERS_PER_PAGE
from tendlc.mapping.records import assignment_task_values, phone_number_assignment_values
from tendlc.models import (
    AssignmentTask,
    AssignmentTaskNumber,
    Campaign,
    PartnerCampaign,
    PhoneNumberAssignment,
)
from tendlc.selectors.assignment_tasks import OPEN_NUMBER_STATUSES
from tendlc.services.mirror import remote_record_gone, remote_record_update, rows_upsert
from tendlc.services.notification_events import assignment_task_notice

logger = logging.getLogger(__name__)

OPEN_TASK_STATUSES = (TaskStatus.PENDING, TaskStatus.PROCESSING)
# N1's largest page (reference §1.8: 500 where a maximum is stated; the sandbox serves it).
ASSIGNMENT_LIST_PAGE_SIZE = 500
READ_BY_NUMBER = "N3"
READ_BY_CAMPAIGN = "N1"


@dataclass(frozen=True)
class AssignmentTaskPoll:
    """What one poll found and wrote."""

    status: str
    numbers_written: int
    assignments_written: int
    assignments_read_by: str  # READ_BY_NUMBER, READ_BY_CAMPAIGN, or "" when no number finished


def assignment_task_start(
    *, messaging_profile_id: str, campaign: Campaign | PartnerCampaign, client: TenDLCClient
) -> AssignmentTask:
    """Assign every number of the messaging profile to ``campaign`` (A1): ours by its Telnyx id, a partner's
    by its TCR id. The task is recorded as the API answered it; the scheduled poll follows it from there."""
    resource = client.messaging_10dlc.phone_number_assignment_by_profile
    if isinstance(campaign, Campaign):
        answer = resource.assign(messaging_profile_id=messaging_profile_id, campaign_id=campaign.campaign_id)
    else:
        answer = resource.assign(
            messaging_profile_id=messaging_profile_id, tcr_campaign_id=campaign.tcr_campaign_id
        )
    return AssignmentTask.objects.create(
        **assignment_task_values(answer.raw), raw=answer.raw, synced_at=timezone.now()
    )


def assignment_task_list_open() -> QuerySet[AssignmentTask]:
    return AssignmentTask.objects.filter(status__in=OPEN_TASK_STATUSES, remote_deleted_at=None).order_by("pk")


def assignment_tasks_poll_open(*, client: TenDLCClient) -> int:
    """Poll every task not yet completed or failed; answer how many were polled.

    A task the API will not answer for (a refusal, an answer that cannot be read) is logged and left to the
    next run: raising would stop the run there, every minute, and the tasks after it would stay pending for
    good. A transient failure still stops the run, which is retried whole (a poll writes only what moved)."""
    tasks = list(assignment_task_list_open())
    for task in tasks:
        try:
            assignment_task_poll(task=task, client=client)
        except TRANSIENT_ERRORS:
            raise
        except TenDLCError:
            logger.warning("Assignment task %s could not be polled", task.task_id, exc_info=True)
    return len(tasks)


def assignment_task_poll(*, task: AssignmentTask, client: TenDLCClient) -> AssignmentTaskPoll:
    """Read the task's status and numbers, and the assignments of the numbers that finished since the last
    poll, into AssignmentTask, AssignmentTaskNumber and PhoneNumberAssignment rows."""
    resource = client.messaging_10dlc.phone_number_assignment_by_profile
    try:
        status = resource.retrieve_status(task.task_id).raw
    except NotFoundError:
        remote_record_gone(task)
        return AssignmentTaskPoll(task.status, 0, 0, "")
    first_page = resource.list_phone_number_status(task.task_id, records_per_page=TASK_NUMBERS_PER_PAGE)
    remote = {record.phone_number: record.status for record in first_page.auto_paging_iter()}
    stored = dict(task.numbers.values_list("phone_number", "status"))
    number_changes = {number: value for number, value in remote.items() if stored.get(number) != value}
    finished = sorted(number for number, value in number_changes.items() if value not in OPEN_NUMBER_STATUSES)
    payloads, read_by = _finished_assignments(task, finished, client)
    reasons = _failure_reasons(task, payloads)
    # The task row keeps A1's answer (profile, campaign) beside A2's status fields.
    task_payload = {**task.raw, **status}
    before = task.status
    with transaction.atomic():
        remote_record_update(task, assignment_task_values(task_payload), task_payload)
        _task_numbers_write(task, number_changes, reasons)
        written = _assignments_write(payloads)
        assignment_task_notice(task, before=before)
    return AssignmentTaskPoll(task.status, len(number_changes), written, read_by)


def _campaign_filter(task: AssignmentTask) -> dict[str, str]:
    if task.campaign_id:
        return {"telnyx_campaign_id": task.campaign_id}
    return {"tcr_campaign_id": task.tcr_campaign_id}


def _campaign_list_pages(task: AssignmentTask, finishing: int) -> int:
    """How many N1 pages the campaign's numbers probably fill: those known here or counted by the API, plus
    the numbers just finished (which may be among them: the estimate errs high, towards N3)."""
    known = PhoneNumberAssignment.objects.filter(remote_deleted_at=None, **_campaign_filter(task)).count()
    counted = task.campaign.assigned_phone_numbers_count if task.campaign else None
    return math.ceil((max(known, counted or 0) + finishing) / ASSIGNMENT_LIST_PAGE_SIZE)


def _finished_assignments(
    task: AssignmentTask, numbers: list[str], client: TenDLCClient
) -> tuple[list[dict[str, Any]], str]:
    if not numbers:
        return [], ""
    resource = client.messaging_10dlc.phone_number_campaigns
    payloads: list[dict[str, Any]] = []
    unread = set(numbers)
    read_by = READ_BY_NUMBER
    if _campaign_list_pages(task, len(numbers)) < len(numbers):
        read_by = READ_BY_CAMPAIGN
        first_page = resource.list(filter=_campaign_filter(task), records_per_page=ASSIGNMENT_LIST_PAGE_SIZE)
        for record in first_page.auto_paging_iter():
            if record.phone_number in unread:
                unread.discard(record.phone_number)
                payloads.append(record.raw)
    # Numbers the list did not show (refused because another campaign holds them, or listed on pages smaller
    # than asked, which end a listing early) are read one by one.
    for number in sorted(unread):
        try:
            payloads.append(resource.retrieve(number).raw)
        except NotFoundError:
            # Refused before any record existed, or removed since: nothing to mirror; the full sync settles
            # numbers gone remotely.
            continue
    return payloads, read_by


def task_number_failure_reason(task: AssignmentTask, assignment: Mapping[str, Any]) -> str:
    """Why a finished number of ``task`` is not on its campaign, from the number's assignment (mapped
    values); "" when it is."""
    on_task_campaign = (
        assignment.get("telnyx_campaign_id") == task.campaign_id
        if task.campaign_id
        else assignment.get("tcr_campaign_id") == task.tcr_campaign_id
    )
    if on_task_campaign:
        return str(assignment.get("failure_reasons") or "")
    holder = assignment.get("tcr_campaign_id") or assignment.get("telnyx_campaign_id") or "another campaign"
    status = assignment.get("assignment_status") or "no status"
    return f"Already on campaign {holder} ({status}): remove or move it there first."


def _failure_reasons(task: AssignmentTask, payloads: list[dict[str, Any]]) -> dict[str, str]:
    reasons = {}
    for payload in payloads:
        values = phone_number_assignment_values(payload)
        reasons[values["phone_number"]] = task_number_failure_reason(task, values)
    return reasons


def _task_numbers_write(
    task: AssignmentTask, statuses: Mapping[str, str], reasons: Mapping[str, str]
) -> None:
    """One upsert for the numbers that are new or changed; the unique (task, number) pair makes a concurrent
    or repeated poll update the row rather than add a second."""
    if not statuses:
        return
    AssignmentTaskNumber.objects.bulk_create(
        [
            AssignmentTaskNumber(
                task=task, phone_number=number, status=value, failure_reason=reasons.get(number, "")
            )
            for number, value in statuses.items()
        ],
        update_conflicts=True,
        unique_fields=["task", "phone_number"],
        update_fields=["status", "failure_reason", "updated_at"],
    )


def _campaign_keys(values: list[dict[str, Any]]) -> tuple[dict[str, int], dict[str, int]]:
    """Local primary keys of the campaigns the assignments name: ours by Telnyx id, partners' by TCR id."""
    telnyx_ids = {v["telnyx_campaign_id"] for v in values if v.get("telnyx_campaign_id")}
    tcr_ids = {
        v["tcr_campaign_id"] for v in values if v.get("tcr_campaign_id") and not v.get("telnyx_campaign_id")
    }
    ours = dict(Campaign.objects.filter(campaign_id__in=telnyx_ids).values_list("campaign_id", "pk"))
    partners = dict(
        PartnerCampaign.objects.filter(tcr_campaign_id__in=tcr_ids).values_list("tcr_campaign_id", "pk")
    )
    return ours, partners


def _assignments_write(payloads: list[dict[str, Any]]) -> int:
    """Upsert the assignments that are new or changed, in one query; answer how many were written."""
    if not payloads:
        return 0
    mapped = [(payload, phone_number_assignment_values(payload)) for payload in payloads]
    ours, partners = _campaign_keys([values for _, values in mapped])
    stored = PhoneNumberAssignment.objects.in_bulk(
        [values["phone_number"] for _, values in mapped], field_name="phone_number"
    )
    rows = []
    for payload, values in mapped:
        telnyx_id = values.get("telnyx_campaign_id")
        values.update(
            campaign_id=ours.get(telnyx_id) if telnyx_id else None,
            partner_campaign_id=None if telnyx_id else partners.get(values.get("tcr_campaign_id", "")),
            raw=dict(payload),
            remote_deleted_at=None,
        )
        rows.append((stored.get(values["phone_number"]), values))
    return rows_upsert(
        PhoneNumberAssignment, rows, unique_fields=["phone_number"], unchecked={"synced_at": timezone.now()}
    )
