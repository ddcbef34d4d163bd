"""Phone-number-to-campaign assignments (reference N1-N5, §2.1.7, §5.8) and their lifecycle.

This module owns the ``phone_numbers`` table, the ``assignedPhoneNumbersCount`` of campaigns and partner
campaigns (``number_count``, counting ``ASSIGNED`` and ``PENDING_ASSIGNMENT`` records), the
``10dlc.phone_number.update`` webhooks, and the rules that decide whether a number may go on a campaign and
how its assignment ends. The bulk assignment by messaging profile (``assignment_tasks``) creates its
assignments through ``begin_assignment`` with a follow-up: the registered step handler that ``report`` calls,
in the same transaction, when that assignment ends, is moved or is deleted.

Rules (all deterministic):
* A campaign takes numbers when it is a Telnyx campaign with ``status`` ACTIVE, or an accepted partner
  campaign, and its ``campaignStatus`` is one of ``ACCEPTING_CAMPAIGN_STATUSES``; a sole-proprietor campaign
  takes one number.
* A record that is ``FAILED_ASSIGNMENT`` no longer holds its number: a new assignment replaces it.
* ``ASSIGNMENT_SECONDS`` after it is written, a ``PENDING_ASSIGNMENT`` ends ``ASSIGNED``, or
  ``FAILED_ASSIGNMENT`` by ``assignment_failure``; ``UNASSIGNMENT_SECONDS`` after a removal the record is
  gone, except that a number ending in 9999 fails its first removal (``FAILED_UNASSIGNMENT``) and a retried
  removal succeeds.
"""

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.catalog import ASSIGNMENT_STATUSES
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, bad_request, invalid, json_body, json_response, not_found
from tendlc.sandbox.pagination import order_by, page_params
from tendlc.sandbox.store import dumps
from tendlc.sandbox.validation import Field, validate_body

EVENT_TYPE = "10dlc.phone_number.update"
ASSIGNMENT_SECONDS = 3.0
UNASSIGNMENT_SECONDS = 3.0
# From TCR acceptance on, a campaign can carry numbers; before it (TCR_PENDING) and in every failed,
# suspended or expired state it cannot.
ACCEPTING_CAMPAIGN_STATUSES = (
    "TCR_ACCEPTED",
    "TELNYX_ACCEPTED",
    "MNO_PENDING",
    "MNO_ACCEPTED",
    "MNO_PROVISIONED",
)
COUNTED_STATUSES = ("ASSIGNED", "PENDING_ASSIGNMENT")
SOLE_PROPRIETOR_USECASE = "SOLE_PROPRIETOR"
NOT_US_OR_CANADA = "Only US and Canadian numbers can be assigned"
NOT_IN_ACCOUNT = "Number is not in your account"
FORCED_REASON = "Forced through the sandbox control plane"

STEP_ASSIGN = "phone_number.assign"
STEP_UNASSIGN = "phone_number.unassign"

DEFAULT_PER_PAGE = 20
SORT_COLUMNS = {
    "createdAt": "created_at",
    "assignmentStatus": "assignment_status",
    "phoneNumber": "phone_number",
}
FILTER_COLUMNS = {
    "filter[telnyx_campaign_id]": "telnyx_campaign_id",
    "filter[telnyx_brand_id]": "telnyx_brand_id",
    "filter[tcr_campaign_id]": "tcr_campaign_id",
    "filter[tcr_brand_id]": "tcr_brand_id",
}
ASSIGNMENT_FIELDS = (
    Field("phoneNumber", required=True, format="e164"),
    Field("campaignId", required=True),
)


@dataclass(frozen=True)
class Campaign:
    """What an assignment needs of its campaign: a Telnyx campaign, or a partner (shared) campaign."""

    campaign_id: str  # the record's campaignId: the Telnyx id, or the TCR id of a shared campaign
    shared: bool
    brand_id: str
    tcr_campaign_id: str | None
    tcr_brand_id: str | None
    usecase: str | None
    campaign_status: str | None
    active: bool
    accepted: bool
    webhook_url: str | None
    webhook_failover_url: str | None

    @property
    def telnyx_campaign_id(self) -> str:
        return "" if self.shared else self.campaign_id

    @property
    def count_table(self) -> tuple[str, str]:
        return ("partner_campaigns", "tcr_campaign_id") if self.shared else ("campaigns", "campaign_id")


def campaign_from_telnyx_doc(doc: Mapping[str, Any]) -> Campaign:
    return Campaign(
        campaign_id=doc["campaignId"],
        shared=False,
        brand_id=doc.get("brandId") or "",
        tcr_campaign_id=doc.get("tcrCampaignId"),
        tcr_brand_id=doc.get("tcrBrandId"),
        usecase=doc.get("usecase"),
        campaign_status=doc.get("campaignStatus"),
        active=doc.get("status", "ACTIVE") != "EXPIRED",
        accepted=True,
        webhook_url=doc.get("webhookURL"),
        webhook_failover_url=doc.get("webhookFailoverURL"),
    )


def campaign_from_partner_doc(doc: Mapping[str, Any], accepted: bool) -> Campaign:
    return Campaign(
        campaign_id=doc["tcrCampaignId"],
        shared=True,
        brand_id="",
        tcr_campaign_id=doc["tcrCampaignId"],
        tcr_brand_id=doc.get("tcrBrandId"),
        usecase=doc.get("usecase"),
        campaign_status=doc.get("campaignStatus"),
        active=True,
        accepted=accepted,
        webhook_url=doc.get("webhookURL"),
        webhook_failover_url=doc.get("webhookFailoverURL"),
    )


def find_telnyx_campaign(context: Context, campaign_id: str) -> Campaign | None:
    doc = context.store.doc("campaigns", "campaign_id", campaign_id)
    return None if doc is None else campaign_from_telnyx_doc(doc)


def find_shared_campaign(context: Context, tcr_campaign_id: str) -> Campaign | None:
    row = context.store.one(
        "SELECT accepted, doc FROM partner_campaigns WHERE tcr_campaign_id = ?", (tcr_campaign_id,)
    )
    return None if row is None else campaign_from_partner_doc(json.loads(row["doc"]), bool(row["accepted"]))


def unknown_campaign(context: Context, campaign_id: str, field: str, shared_only: bool) -> ApiError:
    """400 naming the id in ``field``; a TCR id of a Telnyx campaign is pointed at its Telnyx id."""
    native = context.store.one("SELECT campaign_id FROM campaigns WHERE tcr_campaign_id = ?", (campaign_id,))
    if native is not None:
        detail = (
            f"Campaign {campaign_id} was created with Telnyx; send its Telnyx campaign id"
            f" {native['campaign_id']} as campaignId."
        )
    elif shared_only:
        detail = f"Shared campaign {campaign_id} not found."
    else:
        detail = (
            f"Campaign {campaign_id} not found: send a Telnyx campaign id or the TCR id of a shared campaign."
        )
    return bad_request(detail, pointer=f"/{field}")


def resolve_campaign(context: Context, campaign_id: str) -> Campaign:
    """The campaign a ``campaignId`` names: a Telnyx campaign id, else a partner campaign's TCR id."""
    campaign = find_telnyx_campaign(context, campaign_id) or find_shared_campaign(context, campaign_id)
    if campaign is None:
        raise unknown_campaign(context, campaign_id, "campaignId", shared_only=False)
    return campaign


def campaign_refusal(campaign: Campaign | None) -> str | None:
    """Why the campaign takes no numbers now, or None."""
    if campaign is None:
        return "The campaign no longer exists."
    if not campaign.accepted:
        return (
            f"Shared campaign {campaign.campaign_id} has not been accepted; accept it first with"
            f" POST /10dlc/campaign/acceptSharing/{campaign.campaign_id}."
        )
    if not campaign.active:
        return f"Campaign {campaign.campaign_id} is deactivated (status EXPIRED) and takes no numbers."
    if campaign.campaign_status not in ACCEPTING_CAMPAIGN_STATUSES:
        return (
            f"Campaign {campaign.campaign_id} is {campaign.campaign_status}; numbers can be assigned once"
            f" it is one of {', '.join(ACCEPTING_CAMPAIGN_STATUSES)}."
        )
    return None


def number_refusal(
    context: Context, campaign: Campaign, phone_number: str, record: Mapping[str, Any] | None, moving: bool
) -> str | None:
    """Why ``phone_number`` cannot go on ``campaign`` (a move keeps its own record), or None."""
    if record is not None and not moving and record["assignmentStatus"] != "FAILED_ASSIGNMENT":
        return (
            f"Phone number {phone_number} is already assigned to campaign {record['campaignId']}"
            f" ({record['assignmentStatus']}); move it with PUT /10dlc/phone_number_campaigns/{phone_number}"
            " or remove it with DELETE first."
        )
    if campaign.usecase == SOLE_PROPRIETOR_USECASE:
        taken = number_count(context, campaign)
        if record is not None and _counts_on(record, campaign):
            taken -= 1
        if taken >= 1:
            return f"Sole proprietor campaign {campaign.campaign_id} already has its one phone number."
    return None


def assignment_failure(phone_number: str, campaign: Campaign | None) -> str | None:
    """Why a pending assignment ends FAILED_ASSIGNMENT, or None for ASSIGNED."""
    if not phone_number.startswith("+1"):
        return NOT_US_OR_CANADA
    if phone_number.endswith("0000"):
        return NOT_IN_ACCOUNT
    return campaign_refusal(campaign)


def unassignment_failure(phone_number: str, retry: bool) -> str | None:
    if phone_number.endswith("9999") and not retry:
        return f"The carriers did not confirm the removal of {phone_number}; retry the deletion."
    return None


# --- records ----------------------------------------------------------------------------------------


def record_of(context: Context, phone_number: str) -> dict[str, Any] | None:
    return context.store.doc("phone_numbers", "phone_number", phone_number)


def _created_at_of(context: Context, phone_number: str) -> float | None:
    return context.store.scalar(
        "SELECT created_at FROM phone_numbers WHERE phone_number = ?", (phone_number,)
    )


def campaign_of(context: Context, record: Mapping[str, Any]) -> Campaign | None:
    if record.get("telnyxCampaignId"):
        return find_telnyx_campaign(context, record["campaignId"])
    return find_shared_campaign(context, record["campaignId"])


def new_record(
    campaign: Campaign, phone_number: str, status: str, mapping: str, created_at: str, updated_at: str
) -> dict[str, Any]:
    """A ``PhoneNumberCampaign`` (§2.1.7); shared campaigns leave ``brandId`` and ``telnyxCampaignId`` empty."""
    return {
        "phoneNumber": phone_number,
        "campaignId": campaign.campaign_id,
        "brandId": campaign.brand_id,
        "telnyxCampaignId": campaign.telnyx_campaign_id,
        "tcrBrandId": campaign.tcr_brand_id,
        "tcrCampaignId": campaign.tcr_campaign_id,
        "assignmentStatus": status,
        "failureReasons": None,
        "tmobileNumberMappingStatus": mapping,
        "nonTmobileNumberMappingStatus": mapping,
        "createdAt": created_at,
        "updatedAt": updated_at,
    }


def _row(
    campaign: Campaign, phone_number: str, created_at: float, status: str, doc_json: str
) -> tuple[Any, ...]:
    """The ``phone_numbers`` columns of a record; shared campaigns leave the Telnyx ids NULL, so filters on
    them never match shared records."""
    return (
        phone_number,
        campaign.campaign_id,
        campaign.telnyx_campaign_id or None,
        campaign.brand_id or None,
        campaign.tcr_campaign_id,
        campaign.tcr_brand_id,
        created_at,
        status,
        doc_json,
    )


_INSERT = (
    "INSERT INTO phone_numbers (phone_number, campaign_id, telnyx_campaign_id, telnyx_brand_id, tcr_campaign_id,"
    " tcr_brand_id, created_at, assignment_status, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPSERT = (
    _INSERT + " ON CONFLICT (phone_number) DO UPDATE SET campaign_id = excluded.campaign_id,"
    " telnyx_campaign_id = excluded.telnyx_campaign_id, telnyx_brand_id = excluded.telnyx_brand_id,"
    " tcr_campaign_id = excluded.tcr_campaign_id, tcr_brand_id = excluded.tcr_brand_id,"
    " created_at = excluded.created_at, assignment_status = excluded.assignment_status, doc = excluded.doc"
)


def _save(context: Context, campaign: Campaign, doc: Mapping[str, Any], created_at: float) -> None:
    row = _row(campaign, doc["phoneNumber"], created_at, doc["assignmentStatus"], dumps(doc))
    context.store.execute(_UPSERT, row)


def _update(context: Context, doc: dict[str, Any], previous_status: str, **changes: Any) -> dict[str, Any]:
    """Apply ``changes`` to a record of an unchanged campaign, keeping its count column right."""
    doc.update(changes, updatedAt=context.clock.naive_iso())
    context.store.execute(
        "UPDATE phone_numbers SET assignment_status = ?, doc = ? WHERE phone_number = ?",
        (doc["assignmentStatus"], dumps(doc), doc["phoneNumber"]),
    )
    _recount(context, doc, previous_status, doc["assignmentStatus"])
    return doc


# --- counts -----------------------------------------------------------------------------------------


def number_count(context: Context, campaign: Campaign) -> int:
    table, key = campaign.count_table
    count = context.store.scalar(f"SELECT number_count FROM {table} WHERE {key} = ?", (campaign.campaign_id,))  # noqa: S608
    return int(count or 0)


def _counts_on(record: Mapping[str, Any], campaign: Campaign) -> bool:
    return record["campaignId"] == campaign.campaign_id and record["assignmentStatus"] in COUNTED_STATUSES


def _add_count(context: Context, record: Mapping[str, Any], delta: int) -> None:
    if record.get("telnyxCampaignId"):
        table, key = "campaigns", "campaign_id"
    else:
        table, key = "partner_campaigns", "tcr_campaign_id"
    context.store.execute(
        f"UPDATE {table} SET number_count = MAX(number_count + ?, 0) WHERE {key} = ?",  # noqa: S608
        (delta, record["campaignId"]),
    )


def _recount(context: Context, record: Mapping[str, Any], old_status: str, new_status: str) -> None:
    delta = (new_status in COUNTED_STATUSES) - (old_status in COUNTED_STATUSES)
    if delta:
        _add_count(context, record, delta)


# --- webhooks ---------------------------------------------------------------------------------------


def _emit(context: Context, campaign: Campaign | None, payload: dict[str, Any]) -> None:
    url = campaign.webhook_url if campaign else None
    failover = campaign.webhook_failover_url if campaign else None
    context.webhooks.emit(EVENT_TYPE, payload, url, failover)


def _emit_outcome(
    context: Context, campaign: Campaign | None, record: Mapping[str, Any], kind: str, reason: str | None
) -> None:
    """An ``ASSIGNMENT`` or ``DELETION`` event (§4.4); a success that adds or deletes a carrier mapping is
    followed by its ``STATUS_UPDATE`` (``ADDED`` or ``DELETED``)."""
    _emit(
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
    if reason is None and record["tmobileNumberMappingStatus"] == "ADDED":
        _emit(
            context,
            campaign,
            {
                "campaignId": record["campaignId"],
                "tcrCampaignId": record["tcrCampaignId"],
                "phoneNumber": record["phoneNumber"],
                "status": "ADDED" if kind == "ASSIGNMENT" else "DELETED",
                "type": "STATUS_UPDATE",
            },
        )


# --- lifecycle --------------------------------------------------------------------------------------


def _pending_assignment(context: Context, phone_number: str) -> dict[str, Any] | None:
    """The data of the number's scheduled assignment outcome, if one is pending."""
    row = context.store.one(
        "SELECT data FROM scheduled WHERE ref = ? AND kind = ? ORDER BY id DESC LIMIT 1",
        (phone_number, STEP_ASSIGN),
    )
    return json.loads(row["data"]) if row else None


def _take_step(context: Context, phone_number: str) -> dict[str, Any] | None:
    """Cancel the number's pending lifecycle step; returns the follow-up a pending assignment carried."""
    pending = _pending_assignment(context, phone_number)
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
        report(context, _take_step(context, phone_number), phone_number, superseded)
        _recount(context, previous, previous["assignmentStatus"], "FAILED_ASSIGNMENT")
        if previous["assignmentStatus"] != "FAILED_ASSIGNMENT":
            created_at, created_iso = _created_at_of(context, phone_number), previous["createdAt"]
    doc = new_record(campaign, phone_number, "PENDING_ASSIGNMENT", "PENDING", created_iso, now_iso)
    _save(context, campaign, doc, created_at)
    _add_count(context, doc, 1)
    data: dict[str, Any] = {"campaignId": campaign.campaign_id}
    if follow_up:
        data["then"] = dict(follow_up)
    context.scheduler.schedule(STEP_ASSIGN, phone_number, ASSIGNMENT_SECONDS, data)
    return doc


def _settle_assignment(
    context: Context, doc: dict[str, Any], reason: str | None, follow_up: Mapping[str, str] | None
) -> dict[str, Any]:
    """End a pending assignment: ASSIGNED, or FAILED_ASSIGNMENT for ``reason``; tell the campaign's webhooks."""
    previous = doc["assignmentStatus"]
    mapping = "FAILED" if reason else "ADDED"
    doc = _update(
        context,
        doc,
        previous,
        assignmentStatus="FAILED_ASSIGNMENT" if reason else "ASSIGNED",
        failureReasons=reason,
        tmobileNumberMappingStatus=mapping,
        nonTmobileNumberMappingStatus=mapping,
    )
    _emit_outcome(context, campaign_of(context, doc), doc, "ASSIGNMENT", reason)
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
    reason = assignment_failure(phone_number, campaign_of(context, doc))
    _settle_assignment(context, doc, reason, data.get("then"))


def finish_assignment_now(context: Context, phone_number: str) -> bool:
    """Play a pending assignment's outcome at once (a forced task completion); False if none was pending."""
    pending = _pending_assignment(context, phone_number)
    if pending is None:
        return False
    context.scheduler.cancel(phone_number, (STEP_ASSIGN,))
    finish_assignment(context, phone_number, pending)
    return True


def _begin_unassignment(context: Context, doc: dict[str, Any], retry: bool) -> dict[str, Any]:
    doc = _update(
        context, doc, doc["assignmentStatus"], assignmentStatus="PENDING_UNASSIGNMENT", failureReasons=None
    )
    context.scheduler.schedule(STEP_UNASSIGN, doc["phoneNumber"], UNASSIGNMENT_SECONDS, {"retry": retry})
    return doc


def _fail_unassignment(context: Context, doc: dict[str, Any], reason: str) -> dict[str, Any]:
    doc = _update(
        context, doc, doc["assignmentStatus"], assignmentStatus="FAILED_UNASSIGNMENT", failureReasons=reason
    )
    _emit_outcome(context, campaign_of(context, doc), doc, "DELETION", reason)
    return doc


def finish_unassignment(context: Context, phone_number: str, data: dict[str, Any]) -> None:
    """Step ``phone_number.unassign``: the record goes, or fails by ``unassignment_failure``."""
    doc = record_of(context, phone_number)
    if doc is None or doc["assignmentStatus"] != "PENDING_UNASSIGNMENT":
        return
    reason = unassignment_failure(phone_number, data.get("retry", False))
    if reason:
        _fail_unassignment(context, doc, reason)
        return
    context.store.execute("DELETE FROM phone_numbers WHERE phone_number = ?", (phone_number,))
    _emit_outcome(context, campaign_of(context, doc), doc, "DELETION", None)


# --- routes -----------------------------------------------------------------------------------------


def _existing(context: Context, phone_number: str) -> dict[str, Any]:
    doc = record_of(context, phone_number)
    if doc is None:
        raise not_found("Phone number campaign not found")
    return doc


def list_assignments(context: Context, request: Request) -> Response:
    """N1. The page is found by walking an index for row ids alone, then only its rows are read, and their
    stored JSON is spliced into the answer unparsed: a page of 100,000 records stays a few milliseconds
    even far from the first page (see benchmarks/sandbox_lists.py)."""
    page, per_page = page_params(request.args, DEFAULT_PER_PAGE)
    order = order_by(request.args, SORT_COLUMNS, tiebreak="phone_number")
    clauses, params = [], []
    for parameter, column in FILTER_COLUMNS.items():
        value = request.args.get(parameter)
        if value:
            clauses.append(f"{column} = ?")
            params.append(value)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    store = context.store
    total = store.count(f"SELECT COUNT(*) FROM phone_numbers {where}", params)  # noqa: S608 - fixed names
    ids = [
        row[0]
        for row in store.all(
            f"SELECT rowid FROM phone_numbers {where} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
            [*params, per_page, (page - 1) * per_page],
        )
    ]
    docs: dict[int, str] = {}
    if ids:
        marks = ",".join("?" * len(ids))
        rows = store.all(f"SELECT rowid, doc FROM phone_numbers WHERE rowid IN ({marks})", ids)  # noqa: S608
        docs = {row[0]: row[1] for row in rows}
    # A row removed between the two reads is left out rather than shown stale.
    records = ",".join(docs[row_id] for row_id in ids if row_id in docs)
    body = f'{{"records":[{records}],"page":{page},"totalRecords":{total}}}'
    return Response(body, status=200, content_type="application/json")


def create_assignment(context: Context, request: Request) -> Response:
    body = validate_body(json_body(request), ASSIGNMENT_FIELDS)
    phone_number = body["phoneNumber"]
    with context.store.transaction():
        campaign = resolve_campaign(context, body["campaignId"])
        refusal = campaign_refusal(campaign)
        if refusal:
            raise bad_request(refusal, pointer="/campaignId")
        refusal = number_refusal(
            context, campaign, phone_number, record_of(context, phone_number), moving=False
        )
        if refusal:
            raise bad_request(refusal, pointer="/phoneNumber")
        doc = begin_assignment(context, campaign, phone_number)
    return json_response(doc)


def get_assignment(context: Context, request: Request, phoneNumber: str) -> Response:
    return json_response(_existing(context, phoneNumber))


def update_assignment(context: Context, request: Request, phoneNumber: str) -> Response:
    body = validate_body(json_body(request), ASSIGNMENT_FIELDS)
    if body["phoneNumber"] != phoneNumber:
        raise ApiError(
            422, [invalid("phoneNumber", f"phoneNumber must be the number in the path, {phoneNumber}.")]
        )
    with context.store.transaction():
        record = _existing(context, phoneNumber)
        if record["assignmentStatus"] == "PENDING_UNASSIGNMENT":
            raise bad_request(
                f"Phone number {phoneNumber} is being removed from its campaign.", "/phoneNumber"
            )
        campaign = resolve_campaign(context, body["campaignId"])
        refusal = campaign_refusal(campaign)
        if refusal:
            raise bad_request(refusal, pointer="/campaignId")
        refusal = number_refusal(context, campaign, phoneNumber, record, moving=True)
        if refusal:
            raise bad_request(refusal, pointer="/campaignId")
        doc = begin_assignment(
            context, campaign, phoneNumber, superseded=f"Moved to campaign {campaign.campaign_id} by PUT."
        )
    return json_response(doc)


def delete_assignment(context: Context, request: Request, phoneNumber: str) -> Response:
    with context.store.transaction():
        doc = _existing(context, phoneNumber)
        if doc["assignmentStatus"] == "PENDING_UNASSIGNMENT":
            raise bad_request(f"Phone number {phoneNumber} is already being removed from its campaign.")
        report(context, _take_step(context, phoneNumber), phoneNumber, "The assignment was deleted.")
        doc = _begin_unassignment(context, doc, retry=doc["assignmentStatus"] == "FAILED_UNASSIGNMENT")
    return json_response(doc)


# --- control plane ----------------------------------------------------------------------------------

TRANSITION_FIELDS = (
    Field("assignmentStatus", required=True, choices=ASSIGNMENT_STATUSES),
    Field("failureReasons"),
)


def force_transition(context: Context, request: Request, phoneNumber: str) -> Response:
    """Force a record's ``assignmentStatus``. Terminal states take effect at once with their webhook; the
    pending ones restart their lifecycle step."""
    body = validate_body(json_body(request), TRANSITION_FIELDS)
    status = body["assignmentStatus"]
    reason = body.get("failureReasons") or FORCED_REASON
    with context.store.transaction():
        doc = _existing(context, phoneNumber)
        follow_up = _take_step(context, phoneNumber)
        if status == "ASSIGNED":
            doc = _settle_assignment(context, doc, None, follow_up)
        elif status == "FAILED_ASSIGNMENT":
            doc = _settle_assignment(context, doc, reason, follow_up)
        elif status == "PENDING_ASSIGNMENT":
            doc = _update(
                context,
                doc,
                doc["assignmentStatus"],
                assignmentStatus="PENDING_ASSIGNMENT",
                failureReasons=None,
                tmobileNumberMappingStatus="PENDING",
                nonTmobileNumberMappingStatus="PENDING",
            )
            data: dict[str, Any] = {"campaignId": doc["campaignId"]}
            if follow_up:
                data["then"] = follow_up
            context.scheduler.schedule(STEP_ASSIGN, phoneNumber, ASSIGNMENT_SECONDS, data)
        else:
            report(context, follow_up, phoneNumber, f"Forced to {status}.")
            if status == "PENDING_UNASSIGNMENT":
                doc = _begin_unassignment(context, doc, retry=False)
            else:
                doc = _fail_unassignment(context, doc, reason)
    return json_response(doc)


# --- bulk seeding -----------------------------------------------------------------------------------


_PHONE_SLOT, _CREATED_SLOT = '"@phoneNumber@"', '"@createdAt@"'


def _record_template(campaign: Campaign) -> str:
    """The stored JSON of an ASSIGNED record on ``campaign`` with slots for its number and time: filling two
    slots is several times faster than encoding 100,000 documents. A quoted slot cannot occur inside another
    JSON string (its quotes would be escaped there), so replacing it is exact."""
    doc = new_record(campaign, "@phoneNumber@", "ASSIGNED", "ADDED", "@createdAt@", "@createdAt@")
    return dumps(doc)


def put_phone_numbers(context: Context, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> int:
    """Insert ASSIGNED records straight away, for bulk seeding; returns how many.

    ``rows`` are ``(phoneNumber, campaign doc)`` pairs: a Telnyx campaign doc (it has ``campaignId``) or a
    partner campaign doc (it has only ``tcrCampaignId``; it is taken as accepted). The numbers must be new.
    One transaction, one ``executemany``, and one count update per campaign; no webhooks. Each record is a
    microsecond younger than the one before, so newest-first lists show them in reverse insertion order.
    """
    now = context.clock.now()
    start = datetime.fromisoformat(context.clock.naive_iso(now))
    counts: Counter[tuple[str, str, str]] = Counter()
    campaigns: dict[tuple[bool, str], tuple[Campaign, str]] = {}
    records = []
    for position, (phone_number, campaign_doc) in enumerate(rows):
        shared = "campaignId" not in campaign_doc
        key = (shared, campaign_doc["tcrCampaignId"] if shared else campaign_doc["campaignId"])
        if key not in campaigns:
            if shared:
                campaign = campaign_from_partner_doc(campaign_doc, accepted=True)
            else:
                campaign = campaign_from_telnyx_doc(campaign_doc)
            campaigns[key] = (campaign, _record_template(campaign))
        campaign, template = campaigns[key]
        created_iso = (start + timedelta(microseconds=position)).isoformat()
        doc = template.replace(_PHONE_SLOT, f'"{phone_number}"').replace(_CREATED_SLOT, f'"{created_iso}"')
        records.append(_row(campaign, phone_number, now + position * 1e-6, "ASSIGNED", doc))
        counts[(*campaign.count_table, campaign.campaign_id)] += 1
    with context.store.transaction():
        context.store.executemany(_INSERT, records)
        for (table, key_column, campaign_id), count in counts.items():
            context.store.execute(
                f"UPDATE {table} SET number_count = number_count + ? WHERE {key_column} = ?",  # noqa: S608
                (count, campaign_id),
            )
    return len(records)


ROUTES = [
    Rule("/10dlc/phone_number_campaigns", endpoint=list_assignments, methods=["GET"]),
    Rule("/10dlc/phone_number_campaigns", endpoint=create_assignment, methods=["POST"]),
    Rule("/10dlc/phone_number_campaigns/<phoneNumber>", endpoint=get_assignment, methods=["GET"]),
    Rule("/10dlc/phone_number_campaigns/<phoneNumber>", endpoint=update_assignment, methods=["PUT"]),
    Rule("/10dlc/phone_number_campaigns/<phoneNumber>", endpoint=delete_assignment, methods=["DELETE"]),
]
CONTROL_ROUTES = [
    Rule("/phone_numbers/<phoneNumber>/transition", endpoint=force_transition, methods=["POST"])
]
STEPS = {STEP_ASSIGN: finish_assignment, STEP_UNASSIGN: finish_unassignment}
