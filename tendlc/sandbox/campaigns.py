"""Campaigns after submission (reference §2.4 C3-C11): list, get, update, deactivate, appeal, and what the
carriers and the OSR see of them.

Submission and qualification live in ``campaign_builder``; status changes and review rules in
``campaign_lifecycle``. ``put_campaign`` is the one place a campaign row is inserted (submission and bulk
seeding alike).
"""

import json
from collections.abc import Mapping
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import account, fees
from tendlc.sandbox import campaign_lifecycle as lifecycle
from tendlc.sandbox.carrier_actions import campaign_mno_metadata
from tendlc.sandbox.catalog import APPEALABLE_CAMPAIGN_STATUSES
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, bad_request, invalid, invalid_parameter, json_body, json_response
from tendlc.sandbox.pagination import order_by, page_body, page_params
from tendlc.sandbox.partner_campaigns import sharing_status
from tendlc.sandbox.store import dumps
from tendlc.sandbox.validation import Field, validate_body

LIST_SORTS = {
    "assignedPhoneNumbersCount": "number_count",
    "campaignId": "campaign_id",
    "createdAt": "created_at",
    "status": "status",
    "tcrCampaignId": "tcr_campaign_id",
}
UPDATE_FIELDS = (
    Field("autoRenewal", bool),
    Field("helpMessage"),
    Field("messageFlow"),
    Field("resellerId"),
    *(Field(name) for name in lifecycle.SAMPLE_FIELDS),
    Field("webhookURL", format="url"),
    Field("webhookFailoverURL", format="url"),
)
# AT&T message classes as the OSR publishes them: B for promotional traffic, E for sole proprietors.
OSR_MESSAGE_CLASSES = {"MARKETING": "B", "MIXED": "B", "LOW_VOLUME": "B", "SOLE_PROPRIETOR": "E"}
OSR_PUBLISHED, OSR_NOT_PUBLISHED = "7", "0"


def put_campaign(
    context: Context, doc: Mapping[str, Any], created_at: float, internal: Mapping[str, Any] | None = None
) -> None:
    """Insert one campaign row. The caller keeps ``brands.campaign_count`` (bulk seeding sets it in one go)."""
    context.store.execute(
        "INSERT INTO campaigns (campaign_id, brand_id, tcr_campaign_id, reference_id, created_at, status,"
        " campaign_status, doc, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc["campaignId"],
            doc["brandId"],
            doc.get("tcrCampaignId"),
            doc.get("referenceId"),
            created_at,
            doc.get("status"),
            doc.get("campaignStatus"),
            dumps(doc),
            dumps(internal or {}),
        ),
    )


# --- C3, C4 ---------------------------------------------------------------------------------------


def list_campaigns(context: Context, request: Request) -> Response:
    brand_id = request.args.get("brandId")
    if not brand_id:
        raise ApiError(422, [invalid_parameter("brandId", "brandId is required.")])
    page, per_page = page_params(request.args, default_per_page=10)
    order = order_by(request.args, LIST_SORTS, tiebreak="campaign_id")
    store = context.store
    total = store.count("SELECT COUNT(*) FROM campaigns WHERE brand_id = ?", (brand_id,))
    rows = store.all(
        f"SELECT doc, number_count FROM campaigns WHERE brand_id = ? ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608 - order from a fixed map
        (brand_id, per_page, (page - 1) * per_page),
    )
    records = [{**json.loads(row["doc"]), "assignedPhoneNumbersCount": row["number_count"]} for row in rows]
    return json_response(page_body(records, page, int(total)))


def get_campaign(context: Context, request: Request, campaignId: str) -> Response:
    return json_response(lifecycle.require_campaign(context, campaignId).doc)


# --- C5, C6, C7 -----------------------------------------------------------------------------------


def update_campaign(context: Context, request: Request, campaignId: str) -> Response:
    """Only the C5 fields change; others are ignored, as the service's request model ignores them. Any
    change to a TELNYX_FAILED campaign sends it back to TCR_ACCEPTED for a new review, which is charged."""
    body = json_body(request)
    with context.store.transaction():
        record = lifecycle.require_campaign(context, campaignId)
        changes = validate_body(body, UPDATE_FIELDS)
        if record.is_deactivated:
            raise bad_request("Campaign is deactivated and can no longer be updated.")
        record.doc.update(changes)
        if changes and record.doc.get("campaignStatus") == "TELNYX_FAILED":
            outcome = lifecycle.Outcome(tcr_event=lifecycle.CAMPAIGN_UPDATE)
            lifecycle.move(context, record, "TCR_ACCEPTED", outcome)
            account.campaign_charge(context, fees.campaign_review(record.doc), record.doc)
        else:
            lifecycle.save_campaign(context, record)
    return json_response(record.doc)


def deactivate_campaign(context: Context, request: Request, campaignId: str) -> Response:
    with context.store.transaction():
        record = lifecycle.require_campaign(context, campaignId)
        if record.is_deactivated:
            raise bad_request("Campaign is already deactivated.")
        lifecycle.deactivate(context, record)
    return json_response(
        {
            "time": context.clock.now(),
            "message": f"Campaign {campaignId} deactivated",
            "record_type": "campaign",
        }
    )


def submit_appeal(context: Context, request: Request, campaignId: str) -> Response:
    body = json_body(request)
    # The event-notification docs send appealReason; the API contract says appeal_reason.
    key = "appeal_reason" if "appeal_reason" in body or "appealReason" not in body else "appealReason"
    with context.store.transaction():
        record = lifecycle.require_campaign(context, campaignId)
        reason = body.get(key)
        if not isinstance(reason, str) or not reason.strip():
            title = "Missing required field" if reason is None else "Invalid value"
            raise ApiError(422, [invalid(key, f"{key} is required and must be a non-empty string.", title)])
        status = record.doc.get("campaignStatus")
        if status not in APPEALABLE_CAMPAIGN_STATUSES:
            raise bad_request(
                f"Campaign not in appealable status: it is {status}; only TELNYX_FAILED or MNO_REJECTED"
                " campaigns can be appealed."
            )
        appealed_at = context.clock.iso()
        context.store.execute(
            "INSERT INTO appeals (campaign_id, appealed_at, reason, from_status) VALUES (?, ?, ?, ?)",
            (campaignId, appealed_at, reason, status),
        )
        lifecycle.move(
            context, record, "TCR_ACCEPTED", lifecycle.Outcome(tcr_event=lifecycle.CAMPAIGN_APPEAL)
        )
        account.campaign_charge(context, fees.campaign_review(record.doc), record.doc)
    return json_response({"appealed_at": appealed_at})


# --- C8-C11 ---------------------------------------------------------------------------------------


def get_mno_metadata(context: Context, request: Request, campaignId: str) -> Response:
    return json_response(campaign_mno_metadata(lifecycle.require_campaign(context, campaignId)))


def get_operation_status(context: Context, request: Request, campaignId: str) -> Response:
    return json_response(lifecycle.operation_status(lifecycle.require_campaign(context, campaignId)))


def get_osr_attributes(context: Context, request: Request, campaignId: str) -> Response:
    """What the NetNumber OSR holds: published while the campaign is provisioned, withdrawn otherwise."""
    doc = lifecycle.require_campaign(context, campaignId).doc
    published = doc.get("campaignStatus") == "MNO_PROVISIONED" and doc.get("status") == "ACTIVE"
    return json_response(
        {
            "brandId": doc.get("brandId"),
            "campaignId": doc.get("tcrCampaignId"),
            "usecase": doc.get("usecase"),
            "msg_class": OSR_MESSAGE_CLASSES.get(doc.get("usecase", ""), "A"),
            "status": OSR_PUBLISHED if published else OSR_NOT_PUBLISHED,
        }
    )


def get_sharing_status(context: Context, request: Request, campaignId: str) -> Response:
    doc = lifecycle.require_campaign(context, campaignId).doc
    return json_response(sharing_status(context, doc.get("tcrCampaignId") or ""))


# --- control plane --------------------------------------------------------------------------------


def list_appeals(context: Context, request: Request, campaignId: str) -> Response:
    """``GET /sandbox/campaigns/{campaignId}/appeals``: every appeal, oldest first."""
    lifecycle.require_campaign(context, campaignId)
    rows = context.store.all(
        "SELECT appealed_at, reason, from_status FROM appeals WHERE campaign_id = ? ORDER BY id",
        (campaignId,),
    )
    records = [
        {"appealedAt": row["appealed_at"], "appealReason": row["reason"], "fromStatus": row["from_status"]}
        for row in rows
    ]
    return json_response({"records": records})


ROUTES = [
    Rule("/10dlc/campaign", endpoint=list_campaigns, methods=["GET"]),
    Rule("/10dlc/campaign/<campaignId>", endpoint=get_campaign, methods=["GET"]),
    Rule("/10dlc/campaign/<campaignId>", endpoint=update_campaign, methods=["PUT"]),
    Rule("/10dlc/campaign/<campaignId>", endpoint=deactivate_campaign, methods=["DELETE"]),
    Rule("/10dlc/campaign/<campaignId>/appeal", endpoint=submit_appeal, methods=["POST"]),
    Rule("/10dlc/campaign/<campaignId>/mnoMetadata", endpoint=get_mno_metadata, methods=["GET"]),
    Rule("/10dlc/campaign/<campaignId>/operationStatus", endpoint=get_operation_status, methods=["GET"]),
    Rule("/10dlc/campaign/<campaignId>/osr/attributes", endpoint=get_osr_attributes, methods=["GET"]),
    Rule("/10dlc/campaign/<campaignId>/osr_attributes", endpoint=get_osr_attributes, methods=["GET"]),
    Rule("/10dlc/campaign/<campaignId>/sharing", endpoint=get_sharing_status, methods=["GET"]),
]

CONTROL_ROUTES = [Rule("/campaigns/<campaignId>/appeals", endpoint=list_appeals, methods=["GET"])]
