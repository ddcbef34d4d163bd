"""An assignment after it is written: ``ASSIGNMENT_SECONDS`` later a pending assignment ends, ``UNASSIGNMENT_SECONDS``
after a removal the record goes (or the removal fails), each end announced as a ``10dlc.phone_number.update``
webhook and reported to the bulk task that started it, if any, in the same transaction. An assignment sent
to the carriers is announced too (``STATUS_UPDATE`` ``PENDING``), and one sent to a dormant campaign starts
its reactivation."""

import json
from collections.abc import Mapping
from typing import Any

from tendlc.sandbox.context import Context
from tendlc.sandbox.dormancy.watch import start_reactivation
from tendlc.sandbox.phone_numbers.campaign import Campaign, campaign_of
from tendlc.sandbox.phone_numbers.records import (
    add_count,
    created_at_of,
    new_record,
    record_of,
    recount,
    save,
    update,
)
from tendlc.sandbox.phone_numbers.rules import assignment_failure, unassignment_failure

EVENT_TYPE = "10dlc.phone_number.update"
ASSIGNMENT_SECONDS = 3.0
UNASSIGNMENT_SECONDS = 3.0

STEP_ASSIGN = "phone_number.assign"
STEP_UNASSIGN = "phone_number.unassign"


def emit(context: Context, campaign: Campaign | None, payload: dict[str, Any]) -> None:
    url = campaign.webhook_url if campaign else None
    failover = campaign.webhook_failover_url if campaign else None
    context.webhooks.emit(EVENT_TYPE, payload, url, failover)


def emit_mapping(context: Context, campaign: Campaign | None, record: Mapping[str, Any], status: str) -> None:
    """A ``STATUS_UPDATE`` (§4.4): the number's carrier mapping is ``PENDING``, ``ADDED``, ``FAILED`` or
    ``DELETED``."""
    emit(
        context,
        campaign,
        {
            "campaignId": record["campaignId"],
            "tcrCampaignId": record["tcrCampaignId"],
            "phoneNumber": record["phoneNumber"],
            "status": status,
            "type": "STATUS_UPDATE",
        },
    )


def emit_outcome(
    context: Context, campaign: Campaign | None, record: Mapping[str, Any], kind: str, reason: str | None
) -> None:
    """An ``ASSIGNMENT`` or ``DELETION`` event (§4.4), followed by the ``STATUS_UPDATE`` of the carrier mapping
    it ends: an assignment's mapping is ``ADDED`` or ``FAILED``; a removal deletes a mapping that was pending
    or added, and a failed removal leaves it as it was."""
    emit(
        context,
        campaign,
        {
            "campaignId": record["campaignId"],
            "phoneNumber": record["phoneNumber"],
            "status": "failed" if reason else "success",
            "type": kind,
            "reasons": [{"fields": ["phoneNumber"], "description": reason}] if reason else [],
        },
    )
    if kind == "ASSIGNMENT":
        emit_mapping(context, campaign, record, "FAILED" if reason else "ADDED")
    elif reason is None and record["tmobileNumberMappingStatus"] in ("PENDING", "ADDED"):
        emit_mapping(context, campaign, record, "DELETED")


def pending_assignment(context: Context, phone_number: str) -> dict[str, Any] | None:
    """The data of the number's scheduled assignment outcome, if one is pending."""
    row = context.store.one(
        "SELECT data FROM scheduled WHERE ref = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        (phone_number, STEP_ASSIGN),
    )
    return json.loads(row["data"]) if row else None


def take_step(context: Context, phone_number: str) -> dict[str, Any] | None:
    """Cancel the number's pending lifecycle step; returns the follow-up a pending assignment carried."""
    pending = pending_assignment(context, phone_number)
    context.scheduler.cancel(phone_number, (STEP_ASSIGN, STEP_UNASSIGN))
    return pending.get("then") if pending else None


def report(
    context: Context, follow_up: Mapping[str, str] | None, phone_number: str, reason: str | None
) -> None:
    """Tell whoever started an assignment (a bulk task) how it ended, in the same transaction."""
    if follow_up:
        context.scheduler.handlers[follow_up["kind"]](
            context,
            follow_up["ref"],
            {"phoneNumber": phone_number, "status": "failed" if reason else "success", "reason": reason},
        )


def begin_assignment(
    context: Context,
    campaign: Campaign,
    phone_number: str,
    follow_up: Mapping[str, str] | None = None,
    superseded: str = "Superseded by a new assignment of the number.",
) -> dict[str, Any]:
    """Put ``phone_number`` on ``campaign`` as PENDING_ASSIGNMENT, replacing any record it had, and schedule
    the outcome. A move keeps the record's ``createdAt``; a FAILED_ASSIGNMENT record is replaced anew."""
    previous = record_of(context, phone_number)
    now, now_iso = context.clock.now(), context.clock.naive_iso()
    created_at, created_iso = now, now_iso
    if previous is not None:
        report(context, take_step(context, phone_number), phone_number, superseded)
        recount(context, previous, previous["assignmentStatus"], "FAILED_ASSIGNMENT")
        if previous["assignmentStatus"] != "FAILED_ASSIGNMENT":
            created_at, created_iso = created_at_of(context, phone_number), previous["createdAt"]
    doc = new_record(campaign, phone_number, "PENDING_ASSIGNMENT", "PENDING", created_iso, now_iso)
    save(context, campaign, doc, created_at)
    add_count(context, doc, 1)
    if campaign.dormant:
        start_reactivation(context, campaign.campaign_id)
    _schedule_outcome(context, phone_number, campaign.campaign_id, follow_up, campaign.dormant)
    emit_mapping(context, campaign, doc, "PENDING")
    return doc


def restart_assignment(
    context: Context, doc: dict[str, Any], follow_up: Mapping[str, str] | None
) -> dict[str, Any]:
    """Make a record PENDING_ASSIGNMENT on its own campaign again, its outcome due anew (a forced status)."""
    doc = update(
        context,
        doc,
        doc["assignmentStatus"],
        assignmentStatus="PENDING_ASSIGNMENT",
        failureReasons=None,
        tmobileNumberMappingStatus="PENDING",
        nonTmobileNumberMappingStatus="PENDING",
    )
    _schedule_outcome(context, doc["phoneNumber"], doc["campaignId"], follow_up)
    emit_mapping(context, campaign_of(context, doc), doc, "PENDING")
    return doc


def _schedule_outcome(
    context: Context,
    phone_number: str,
    campaign_id: str,
    follow_up: Mapping[str, str] | None,
    sent_while_dormant: bool = False,
) -> None:
    data: dict[str, Any] = {"campaignId": campaign_id}
    if sent_while_dormant:
        # It fails even if the reactivation completes before it ends.
        data["dormant"] = True
    if follow_up:
        data["then"] = dict(follow_up)
    context.scheduler.schedule(STEP_ASSIGN, phone_number, ASSIGNMENT_SECONDS, data)


def settle_assignment(
    context: Context, doc: dict[str, Any], reason: str | None, follow_up: Mapping[str, str] | None
) -> dict[str, Any]:
    """End a pending assignment: ASSIGNED, or FAILED_ASSIGNMENT for ``reason``; tell the campaign's webhooks."""
    previous = doc["assignmentStatus"]
    mapping = "FAILED" if reason else "ADDED"
    doc = update(
        context,
        doc,
        previous,
        assignmentStatus="FAILED_ASSIGNMENT" if reason else "ASSIGNED",
        failureReasons=reason,
        tmobileNumberMappingStatus=mapping,
        nonTmobileNumberMappingStatus=mapping,
    )
    emit_outcome(context, campaign_of(context, doc), doc, "ASSIGNMENT", reason)
    report(context, follow_up, doc["phoneNumber"], reason)
    return doc


def finish_assignment(context: Context, phone_number: str, data: dict[str, Any]) -> None:
    """Step ``phone_number.assign``: the pending assignment ends by ``assignment_failure``."""
    doc = record_of(context, phone_number)
    if (
        doc is None
        or doc["assignmentStatus"] != "PENDING_ASSIGNMENT"
        or doc["campaignId"] != data["campaignId"]
    ):
        return
    reason = assignment_failure(phone_number, campaign_of(context, doc), data.get("dormant", False))
    settle_assignment(context, doc, reason, data.get("then"))


def finish_assignment_now(context: Context, phone_number: str) -> bool:
    """Play a pending assignment's outcome at once (a forced task completion); False if none was pending."""
    pending = pending_assignment(context, phone_number)
    if pending is None:
        return False
    context.scheduler.cancel(phone_number, (STEP_ASSIGN,))
    finish_assignment(context, phone_number, pending)
    return True


def begin_unassignment(context: Context, doc: dict[str, Any], retry: bool) -> dict[str, Any]:
    doc = update(
        context, doc, doc["assignmentStatus"], assignmentStatus="PENDING_UNASSIGNMENT", failureReasons=None
    )
    context.scheduler.schedule(STEP_UNASSIGN, doc["phoneNumber"], UNASSIGNMENT_SECONDS, {"retry": retry})
    return doc


def fail_unassignment(context: Context, doc: dict[str, Any], reason: str) -> dict[str, Any]:
    doc = update(
        context, doc, doc["assignmentStatus"], assignmentStatus="FAILED_UNASSIGNMENT", failureReasons=reason
    )
    emit_outcome(context, campaign_of(context, doc), doc, "DELETION", reason)
    return doc


def finish_unassignment(context: Context, phone_number: str, data: dict[str, Any]) -> None:
    """Step ``phone_number.unassign``: the record goes, or fails by ``unassignment_failure``."""
    doc = record_of(context, phone_number)
    if doc is None or doc["assignmentStatus"] != "PENDING_UNASSIGNMENT":
        return
    reason = unassignment_failure(phone_number, data.get("retry", False))
    if reason:
        fail_unassignment(context, doc, reason)
        return
    context.store.execute("DELETE FROM phone_numbers WHERE phone_number = ?", (phone_number,))
    emit_outcome(context, campaign_of(context, doc), doc, "DELETION", None)


STEPS = {STEP_ASSIGN: finish_assignment, STEP_UNASSIGN: finish_unassignment}
