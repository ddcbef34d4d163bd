"""Assignment of a messaging profile's numbers to a campaign (reference A1-A3, §2.7, §5.9).

This module owns messaging profiles' numbers (``profile_numbers``: seeded through the control plane, else
derived from the profile id by ``derived_numbers``), the ``assignment_tasks`` and their per-number statuses
(``task_numbers``). Each number goes through ``phone_numbers.lifecycle.begin_assignment``, so the
assignments a task makes are real (N1/N3 show them, their webhooks are sent) and follow the same rules as
single assignments; their outcome comes back through the ``assignment_task.number`` follow-up.

Lifecycle (sandbox seconds after A1): the task is ``pending``; at ``START_SECONDS`` it is ``processing``;
from one second later, ``BATCH_SIZE`` numbers a second are submitted (A3 ``processing``), each assignment ends
``ASSIGNMENT_SECONDS`` later (A3 ``success``/``failed``), and when no number is left the task is
``completed`` if any number succeeded, else ``failed``.
"""

import hashlib
import uuid
from collections.abc import Mapping
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.catalog import TASK_STATUSES
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, bad_request, invalid, json_body, json_response, not_found
from tendlc.sandbox.pagination import page_params
from tendlc.sandbox.phone_numbers import lifecycle as number_lifecycle
from tendlc.sandbox.phone_numbers.campaign import (
    Campaign,
    find_shared_campaign,
    find_telnyx_campaign,
    unknown_campaign,
)
from tendlc.sandbox.phone_numbers.records import number_count, record_of
from tendlc.sandbox.phone_numbers.rules import campaign_refusal, number_refusal
from tendlc.sandbox.store import dumps
from tendlc.sandbox.validation import Field, is_e164, validate_body

START_SECONDS = 2.0
BATCH_SECONDS = 1.0
BATCH_SIZE = 10
DEFAULT_PER_PAGE = 20
# A messagingProfileId containing this marker makes A1 answer the 500 of reference §1.5 (c).
SEARCH_ERROR_MARKER = "error"
SEARCH_ERROR = {"message": "Error searching for phone numbers"}
FORCED_FAILURE = "The assignment task failed (forced through the sandbox control plane)."

STEP_START = "assignment_task.start"
STEP_BATCH = "assignment_task.batch"
STEP_NUMBER = "assignment_task.number"

ASSIGN_FIELDS = (
    Field("messagingProfileId", required=True),
    Field("campaignId"),
    Field("tcrCampaignId"),
)
PROFILE_NUMBERS_FIELDS = (Field("phoneNumbers", "str_list", required=True),)
TRANSITION_FIELDS = (Field("status", required=True, choices=TASK_STATUSES),)


# --- messaging profiles -----------------------------------------------------------------------------


def derived_numbers(messaging_profile_id: str) -> list[str]:
    """The numbers of a profile never seeded, so a demo works with any id.

    ``h`` is the first four bytes of SHA-256(id) as a big-endian integer; the profile has ``5 + h % 6``
    numbers ``+1 NPA 555 01NN`` with ``NPA = 200 + (h // 6) % 800`` and ``NN`` counting up from
    ``(h // 4800) % 90``. When that count is even, the last number is instead the UK number
    ``+44 7700 900NNN``, which fails (only US and Canadian numbers can be assigned).
    """
    h = int.from_bytes(hashlib.sha256(messaging_profile_id.encode()).digest()[:4], "big")
    count = 5 + h % 6
    npa = 200 + (h // 6) % 800
    start = (h // 4800) % 90
    numbers = [f"+1{npa}55501{start + index:02d}" for index in range(count)]
    if count % 2 == 0:
        numbers[-1] = f"+447700900{start + count - 1:03d}"
    return numbers


def profile_numbers(context: Context, messaging_profile_id: str) -> tuple[list[str], bool]:
    """The profile's numbers in ascending order, and whether they were seeded (else derived)."""
    rows = context.store.all(
        "SELECT phone_number FROM profile_numbers WHERE messaging_profile_id = ? ORDER BY phone_number",
        (messaging_profile_id,),
    )
    if rows:
        return [row["phone_number"] for row in rows], True
    return sorted(derived_numbers(messaging_profile_id)), False


# --- tasks ------------------------------------------------------------------------------------------


def _task(context: Context, task_id: str) -> dict[str, Any]:
    doc = context.store.doc("assignment_tasks", "task_id", task_id)
    if doc is None:
        raise not_found("Assignment task not found")
    return doc


def _status_body(task: Mapping[str, Any]) -> dict[str, Any]:
    """A2's body: the task's own fields, without the request it was made from."""
    return {key: task[key] for key in ("status", "taskId", "createdAt", "updatedAt")}


def _set_status(context: Context, task: dict[str, Any], status: str) -> dict[str, Any]:
    task.update(status=status, updatedAt=context.clock.naive_iso())
    context.store.execute(
        "UPDATE assignment_tasks SET status = ?, doc = ? WHERE task_id = ?",
        (status, dumps(task), task["taskId"]),
    )
    return task


def _task_campaign(context: Context, task: Mapping[str, Any]) -> Campaign | None:
    if task.get("campaignId"):
        return find_telnyx_campaign(context, task["campaignId"])
    return find_shared_campaign(context, task["tcrCampaignId"])


def _set_number(context: Context, task_id: str, phone_number: str, status: str, reason: str | None) -> None:
    context.store.execute(
        "UPDATE task_numbers SET status = ?, reason = ? WHERE task_id = ? AND phone_number = ?",
        (status, reason, task_id, phone_number),
    )


def _numbers_in(context: Context, task_id: str, status: str, limit: int = -1) -> list[str]:
    rows = context.store.all(
        "SELECT phone_number FROM task_numbers WHERE task_id = ? AND status = ? ORDER BY position LIMIT ?",
        (task_id, status, limit),
    )
    return [row["phone_number"] for row in rows]


def _submit(context: Context, task: Mapping[str, Any], phone_number: str) -> None:
    """Start one number's assignment, or settle it at once when the rules refuse it or it is already there."""
    task_id = task["taskId"]
    campaign = _task_campaign(context, task)
    refusal = campaign_refusal(campaign)
    if campaign is None or refusal:
        _set_number(context, task_id, phone_number, "failed", refusal)
        return
    record = record_of(context, phone_number)
    if record and record["campaignId"] == campaign.campaign_id and record["assignmentStatus"] == "ASSIGNED":
        _set_number(context, task_id, phone_number, "success", None)
        return
    refusal = number_refusal(
        campaign, phone_number, record, moving=False, number_count=number_count(context, campaign)
    )
    if refusal:
        _set_number(context, task_id, phone_number, "failed", refusal)
        return
    _set_number(context, task_id, phone_number, "processing", None)
    number_lifecycle.begin_assignment(
        context, campaign, phone_number, follow_up={"kind": STEP_NUMBER, "ref": task_id}
    )


def _settle(context: Context, task_id: str) -> None:
    """A processing task with no number left to process ends completed (a number succeeded) or failed."""
    task = _task(context, task_id)
    if task["status"] != "processing":
        return
    open_numbers = context.store.scalar(
        "SELECT COUNT(*) FROM task_numbers WHERE task_id = ? AND status IN ('pending', 'processing')",
        (task_id,),
    )
    if open_numbers:
        return
    succeeded = context.store.scalar(
        "SELECT COUNT(*) FROM task_numbers WHERE task_id = ? AND status = 'success'", (task_id,)
    )
    _set_status(context, task, "completed" if succeeded else "failed")


def start_task(context: Context, task_id: str, data: dict[str, Any]) -> None:
    """Step ``assignment_task.start``: pending -> processing; the first batch follows a second later."""
    task = _task(context, task_id)
    if task["status"] == "pending":
        _set_status(context, task, "processing")
        context.scheduler.schedule(STEP_BATCH, task_id, BATCH_SECONDS)


def run_batch(context: Context, task_id: str, data: dict[str, Any]) -> None:
    """Step ``assignment_task.batch``: submit the next ``BATCH_SIZE`` pending numbers."""
    task = _task(context, task_id)
    if task["status"] != "processing":
        return
    for phone_number in _numbers_in(context, task_id, "pending", BATCH_SIZE):
        _submit(context, task, phone_number)
    if _numbers_in(context, task_id, "pending", 1):
        context.scheduler.schedule(STEP_BATCH, task_id, BATCH_SECONDS)
    _settle(context, task_id)


def number_done(context: Context, task_id: str, data: dict[str, Any]) -> None:
    """Follow-up ``assignment_task.number``: one of the task's assignments ended."""
    context.store.execute(
        "UPDATE task_numbers SET status = ?, reason = ? WHERE task_id = ? AND phone_number = ?"
        " AND status = 'processing'",
        (data["status"], data.get("reason"), task_id, data["phoneNumber"]),
    )
    _settle(context, task_id)


# --- routes -----------------------------------------------------------------------------------------


def _campaign_for(context: Context, campaign_id: str | None, tcr_campaign_id: str | None) -> Campaign:
    """The campaign A1 names. Both ids may be sent (the SDK's own test does) when the TCR id is the Telnyx
    campaign's own; then they name one campaign."""
    if campaign_id:
        campaign = find_telnyx_campaign(context, campaign_id)
        if campaign is None:
            raise unknown_campaign(context, campaign_id, "campaignId", shared_only=False)
        if tcr_campaign_id and tcr_campaign_id != campaign.tcr_campaign_id:
            raise bad_request(
                f"tcrCampaignId {tcr_campaign_id} is not the TCR id of campaign {campaign_id}"
                f" ({campaign.tcr_campaign_id}); send only one of campaignId and tcrCampaignId.",
                pointer="/tcrCampaignId",
            )
        return campaign
    if tcr_campaign_id:
        campaign = find_shared_campaign(context, tcr_campaign_id)
        if campaign is None:
            raise unknown_campaign(context, tcr_campaign_id, "tcrCampaignId", shared_only=True)
        return campaign
    raise ApiError(
        422,
        [
            invalid(
                "campaignId",
                "Send campaignId (a Telnyx campaign) or tcrCampaignId (a campaign shared with Telnyx).",
                title="Missing required field",
            )
        ],
    )


def assign_profile(context: Context, request: Request) -> Response:
    body = validate_body(json_body(request), ASSIGN_FIELDS)
    profile_id = body["messagingProfileId"]
    with context.store.transaction():
        campaign = _campaign_for(context, body.get("campaignId"), body.get("tcrCampaignId"))
        refusal = campaign_refusal(campaign)
        if refusal:
            raise bad_request(refusal, pointer="/tcrCampaignId" if campaign.shared else "/campaignId")
        if SEARCH_ERROR_MARKER in profile_id.lower():
            return json_response(SEARCH_ERROR, 500)
        numbers, _ = profile_numbers(context, profile_id)
        now = context.clock.naive_iso()
        task = {
            "taskId": str(uuid.uuid4()),
            "status": "pending",
            "createdAt": now,
            "updatedAt": now,
            "messagingProfileId": profile_id,
            "tcrCampaignId": campaign.tcr_campaign_id,
        }
        if not campaign.shared:
            task["campaignId"] = campaign.campaign_id
        context.store.execute(
            "INSERT INTO assignment_tasks (task_id, created_at, status, doc) VALUES (?, ?, ?, ?)",
            (task["taskId"], context.clock.now(), "pending", dumps(task)),
        )
        context.store.executemany(
            "INSERT INTO task_numbers (task_id, position, phone_number, status) VALUES (?, ?, ?, 'pending')",
            [(task["taskId"], position, number) for position, number in enumerate(numbers)],
        )
        context.scheduler.schedule(STEP_START, task["taskId"], START_SECONDS)
    fields = ("messagingProfileId", "taskId", "campaignId", "tcrCampaignId")
    return json_response({key: task[key] for key in fields if task.get(key)}, 202)


def get_task_status(context: Context, request: Request, taskId: str) -> Response:
    return json_response(_status_body(_task(context, taskId)))


def list_number_statuses(context: Context, request: Request, taskId: str) -> Response:
    page, per_page = page_params(request.args, DEFAULT_PER_PAGE)
    _task(context, taskId)
    rows = context.store.all(
        "SELECT phone_number, status FROM task_numbers WHERE task_id = ? ORDER BY position LIMIT ? OFFSET ?",
        (taskId, per_page, (page - 1) * per_page),
    )
    records = [
        {"phoneNumber": row["phone_number"], "status": row["status"], "taskId": taskId} for row in rows
    ]
    return json_response({"records": records})


# --- control plane ----------------------------------------------------------------------------------


def _profile_body(context: Context, messaging_profile_id: str) -> dict[str, Any]:
    numbers, seeded = profile_numbers(context, messaging_profile_id)
    return {"messagingProfileId": messaging_profile_id, "phoneNumbers": numbers, "seeded": seeded}


def get_profile_numbers(context: Context, request: Request, messagingProfileId: str) -> Response:
    return json_response(_profile_body(context, messagingProfileId))


def put_profile_numbers(context: Context, request: Request, messagingProfileId: str) -> Response:
    """Replace the profile's numbers (at least one, each E.164)."""
    numbers = validate_body(json_body(request), PROFILE_NUMBERS_FIELDS)["phoneNumbers"]
    errors = [
        invalid(
            f"phoneNumbers/{index}", f"{number!r} is not a phone number in E.164 format, e.g. +18005550199."
        )
        for index, number in enumerate(numbers)
        if not is_e164(number)
    ]
    if not numbers:
        errors.append(invalid("phoneNumbers", "phoneNumbers must list at least one number."))
    if errors:
        raise ApiError(422, errors)
    with context.store.transaction():
        context.store.execute(
            "DELETE FROM profile_numbers WHERE messaging_profile_id = ?", (messagingProfileId,)
        )
        context.store.executemany(
            "INSERT INTO profile_numbers (messaging_profile_id, phone_number) VALUES (?, ?)",
            [(messagingProfileId, number) for number in numbers],
        )
    return json_response(_profile_body(context, messagingProfileId))


def get_task(context: Context, request: Request, taskId: str) -> Response:
    """The whole task, with each number's status and failure reason (A3 has no room for reasons)."""
    task = _task(context, taskId)
    rows = context.store.all(
        "SELECT phone_number, status, reason FROM task_numbers WHERE task_id = ? ORDER BY position", (taskId,)
    )
    numbers = [
        {"phoneNumber": row["phone_number"], "status": row["status"], "reason": row["reason"]} for row in rows
    ]
    return json_response({**task, "phoneNumbers": numbers})


def force_task_status(context: Context, request: Request, taskId: str) -> Response:
    """Force a task's status. ``pending`` and ``processing`` resume the lifecycle from there; ``completed``
    submits every pending number and plays every running assignment's outcome at once; ``failed`` fails the
    pending numbers and leaves running assignments to end as they will."""
    status = validate_body(json_body(request), TRANSITION_FIELDS)["status"]
    with context.store.transaction():
        task = _task(context, taskId)
        context.scheduler.cancel(taskId, (STEP_START, STEP_BATCH))
        if status == "pending":
            context.scheduler.schedule(STEP_START, taskId, START_SECONDS)
        elif status == "processing":
            context.scheduler.schedule(STEP_BATCH, taskId, BATCH_SECONDS)
        elif status == "completed":
            for phone_number in _numbers_in(context, taskId, "pending"):
                _submit(context, task, phone_number)
            for phone_number in _numbers_in(context, taskId, "processing"):
                if not number_lifecycle.finish_assignment_now(context, phone_number):
                    _set_number(context, taskId, phone_number, "failed", "The assignment did not complete.")
        else:
            for phone_number in _numbers_in(context, taskId, "pending"):
                _set_number(context, taskId, phone_number, "failed", FORCED_FAILURE)
        task = _set_status(context, _task(context, taskId), status)
    return json_response(_status_body(task))


ROUTES = [
    Rule("/10dlc/phoneNumberAssignmentByProfile", endpoint=assign_profile, methods=["POST"]),
    Rule("/10dlc/phoneNumberAssignmentByProfile/<taskId>", endpoint=get_task_status, methods=["GET"]),
    Rule(
        "/10dlc/phoneNumberAssignmentByProfile/<taskId>/phoneNumbers",
        endpoint=list_number_statuses,
        methods=["GET"],
    ),
]
CONTROL_ROUTES = [
    Rule("/messaging_profiles/<messagingProfileId>/numbers", endpoint=get_profile_numbers, methods=["GET"]),
    Rule("/messaging_profiles/<messagingProfileId>/numbers", endpoint=put_profile_numbers, methods=["POST"]),
    Rule("/assignment_tasks/<taskId>", endpoint=get_task, methods=["GET"]),
    Rule("/assignment_tasks/<taskId>/transition", endpoint=force_task_status, methods=["POST"]),
]
STEPS = {STEP_START: start_task, STEP_BATCH: run_batch, STEP_NUMBER: number_done}
