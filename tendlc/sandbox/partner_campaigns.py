"""Shared ("partner") campaigns (reference §2.5 S1-S5, §2.4 C12) and campaign sharing status (C11, S5).

A partner campaign is registered at TCR by another CSP and shared with us; it waits as pending until C12
accepts it, and only accepted ones are listed (S1), read (S2) or updated (S3, webhook URLs only). Campaigns
we share with a partner live in ``shared_by_me`` (S4). Both kinds exist through seeding and the control
plane, since no API operation creates them.

Sharing status (§2.1.10) is derived from those tables: ``sharedWithMe`` for a partner campaign (``PENDING``
until accepted, then ``ACCEPTED``), ``sharedByMe`` for a campaign we shared (``ACCEPTED``), each naming the
upstream and downstream connectivity partners.
"""

import json
import re
from collections.abc import Mapping
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.campaign_lifecycle import new_tcr_campaign_id, random_tcr_id, tcr_campaign_id_taken
from tendlc.sandbox.catalog import CAMPAIGN_STATUSES, USECASES_BY_NAME
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import (
    ApiError,
    bad_request,
    invalid,
    invalid_parameter,
    json_body,
    json_response,
    not_found,
)
from tendlc.sandbox.pagination import fetch_page, order_by, page_body, page_params
from tendlc.sandbox.store import dumps
from tendlc.sandbox.validation import Field, validate_body

TCR_CAMPAIGN_ID = re.compile(r"^C[A-Z0-9]{5,8}$")
OUR_CNP_ID = "TELNYX"
PARTNER_CNP_ID = "PARTNERCNP"
LIST_SORTS = {
    "assignedPhoneNumbersCount": "number_count",
    "brandDisplayName": "brand_display_name",
    "tcrBrandId": "tcr_brand_id",
    "tcrCampaignId": "tcr_campaign_id",
    "createdAt": "created_at",
    "campaignStatus": "campaign_status",
}
WEBHOOK_FIELDS = (Field("webhookURL", format="url"), Field("webhookFailoverURL", format="url"))
_TEXT_FIELDS = (
    "tcrBrandId", "brandDisplayName", "description", "embeddedLinkSample", "failureReasons", "helpKeywords",
    "helpMessage", "messageFlow", "optinKeywords", "optinMessage", "optoutKeywords", "optoutMessage",
    "privacyPolicyLink", "sample1", "sample2", "sample3", "sample4", "sample5", "termsAndConditionsLink",
)  # fmt: skip
_BOOLEAN_FIELDS = (
    "ageGated", "directLending", "embeddedLink", "embeddedPhone", "numberPool", "isNumberPoolingEnabled",
    "subscriberOptin", "subscriberOptout", "termsAndConditions",
)  # fmt: skip
PARTNER_FIELDS = (
    Field("tcrCampaignId"),
    *(Field(name) for name in _TEXT_FIELDS),
    *(Field(name, bool) for name in _BOOLEAN_FIELDS),
    Field("usecase", choices=tuple(USECASES_BY_NAME)),
    Field("campaignStatus", choices=CAMPAIGN_STATUSES),
    Field("subUsecases", "str_list"),
    *WEBHOOK_FIELDS,
    Field("accepted", bool),
)
SHARED_BY_ME_FIELDS = (
    Field("campaignId"),
    Field("brandId"),
    Field("usecase", choices=tuple(USECASES_BY_NAME)),
    Field("status", choices=("ACTIVE", "EXPIRED")),
)


def put_partner_campaign(context: Context, doc: Mapping[str, Any], created_at: float, accepted: bool) -> None:
    """Insert one partner campaign row. One inserted as accepted counts as accepted since it was shared (its
    sharing status dates both from ``createdAt``); ``accepted_at`` records acceptances through C12."""
    context.store.execute(
        "INSERT INTO partner_campaigns (tcr_campaign_id, tcr_brand_id, brand_display_name, campaign_status,"
        " created_at, accepted, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            doc["tcrCampaignId"],
            doc["tcrBrandId"],
            doc.get("brandDisplayName"),
            doc.get("campaignStatus"),
            created_at,
            int(accepted),
            dumps(doc),
        ),
    )


def _accepted_row(context: Context, tcr_campaign_id: str) -> Any:
    row = context.store.one(
        "SELECT doc, number_count FROM partner_campaigns WHERE tcr_campaign_id = ? AND accepted = 1",
        (tcr_campaign_id,),
    )
    if row is None:
        raise not_found("Partner campaign not found")
    return row


def _render(doc: dict[str, Any], number_count: int) -> dict[str, Any]:
    return {**doc, "assignedPhoneNumbersCount": number_count}


# --- sharing status -------------------------------------------------------------------------------


def sharing_status(context: Context, tcr_campaign_id: str) -> dict[str, dict[str, Any]]:
    """``{"sharedByMe": ..., "sharedWithMe": ...}`` for a TCR campaign id, each key only where it applies."""
    status: dict[str, dict[str, Any]] = {}
    partner = context.store.one(
        "SELECT doc, accepted, accepted_at FROM partner_campaigns WHERE tcr_campaign_id = ?",
        (tcr_campaign_id,),
    )
    if partner is not None:
        shared_date = json.loads(partner["doc"]).get("createdAt")
        accepted_at = partner["accepted_at"]
        status["sharedWithMe"] = {
            "upstreamCnpId": PARTNER_CNP_ID,
            "downstreamCnpId": OUR_CNP_ID,
            "sharingStatus": "ACCEPTED" if partner["accepted"] else "PENDING",
            "sharedDate": shared_date,
            "statusDate": context.clock.naive_iso(accepted_at) if accepted_at else shared_date,
        }
    shared = context.store.doc("shared_by_me", "campaign_id", tcr_campaign_id)
    if shared is not None:
        status["sharedByMe"] = {
            "upstreamCnpId": OUR_CNP_ID,
            "downstreamCnpId": PARTNER_CNP_ID,
            "sharingStatus": "ACCEPTED",
            "sharedDate": shared.get("createDate"),
            "statusDate": shared.get("createDate"),
        }
    return status


# --- C12, S1-S5 -----------------------------------------------------------------------------------


def accept_sharing(context: Context, request: Request, campaignId: str) -> Response:
    if not TCR_CAMPAIGN_ID.match(campaignId):
        raise ApiError(
            422, [invalid_parameter("campaignId", "campaignId must be a TCR campaign id: ^C[A-Z0-9]{5,8}$.")]
        )
    with context.store.transaction():
        row = context.store.one(
            "SELECT doc FROM partner_campaigns WHERE tcr_campaign_id = ? AND accepted = 0", (campaignId,)
        )
        if row is None:
            raise not_found("No campaign shared with you is pending acceptance under this id")
        doc = json.loads(row["doc"])
        doc["updatedAt"] = context.clock.naive_iso()
        context.store.execute(
            "UPDATE partner_campaigns SET accepted = 1, accepted_at = ?, doc = ? WHERE tcr_campaign_id = ?",
            (context.clock.now(), dumps(doc), campaignId),
        )
    return json_response({}, 202)


def list_partner_campaigns(context: Context, request: Request) -> Response:
    page, per_page = page_params(request.args, default_per_page=10)
    order = order_by(request.args, LIST_SORTS, tiebreak="tcr_campaign_id")
    store = context.store
    total = store.count("SELECT COUNT(*) FROM partner_campaigns WHERE accepted = 1")
    # The page's rows are picked from the sort index alone, then read: skipping a deep offset through the
    # index costs half of skipping it through the table.
    ids = [
        row[0]
        for row in store.all(
            f"SELECT rowid FROM partner_campaigns WHERE accepted = 1 ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608 - order from a fixed map
            (per_page, (page - 1) * per_page),
        )
    ]
    rows = {
        row["rowid"]: row
        for row in store.all(
            f"SELECT rowid, doc, number_count FROM partner_campaigns WHERE rowid IN ({','.join('?' * len(ids))})",  # noqa: S608 - placeholders only
            ids,
        )
    }
    records = [_render(json.loads(rows[i]["doc"]), rows[i]["number_count"]) for i in ids]
    return json_response(page_body(records, page, int(total)))


def get_partner_campaign(context: Context, request: Request, campaignId: str) -> Response:
    row = _accepted_row(context, campaignId)
    return json_response(_render(json.loads(row["doc"]), row["number_count"]))


def update_partner_campaign(context: Context, request: Request, campaignId: str) -> Response:
    """Only the webhook URLs are editable; other fields are ignored."""
    body = json_body(request)
    with context.store.transaction():
        row = _accepted_row(context, campaignId)
        changes = validate_body(body, WEBHOOK_FIELDS)
        doc = {**json.loads(row["doc"]), **changes, "updatedAt": context.clock.naive_iso()}
        context.store.execute(
            "UPDATE partner_campaigns SET doc = ? WHERE tcr_campaign_id = ?", (dumps(doc), campaignId)
        )
    return json_response(_render(doc, row["number_count"]))


def list_shared_by_me(context: Context, request: Request) -> Response:
    page, per_page = page_params(request.args, default_per_page=10)
    records, total = fetch_page(
        context.store, "shared_by_me", "", (), "created_at DESC, campaign_id DESC", page, per_page
    )
    return json_response(page_body(records, page, total))


def get_partner_sharing_status(context: Context, request: Request, campaignId: str) -> Response:
    status = sharing_status(context, campaignId)
    if not status:
        raise not_found("No campaign is shared with you or by you under this id")
    return json_response(status)


# --- control plane --------------------------------------------------------------------------------


def create_partner_campaign(context: Context, request: Request) -> Response:
    """``POST /sandbox/partner_campaigns``: a campaign another CSP shares with us, pending acceptance unless
    ``"accepted": true``. The body is a partial TelnyxDownstreamCampaign; ids are generated when absent."""
    fields = validate_body(json_body(request), PARTNER_FIELDS)
    accepted = fields.pop("accepted", False)
    with context.store.transaction():
        tcr_campaign_id = fields.get("tcrCampaignId")
        if tcr_campaign_id is None:
            tcr_campaign_id = new_tcr_campaign_id(context)
        else:
            _check_new_tcr_campaign_id(context, tcr_campaign_id)
        name = fields.get("brandDisplayName") or "Partner Brand"
        now = context.clock.naive_iso()
        doc = {
            "tcrCampaignId": tcr_campaign_id,
            "tcrBrandId": random_tcr_id("B"),
            "brandDisplayName": name,
            "usecase": "ACCOUNT_NOTIFICATION",
            "subUsecases": [],
            "description": f"{name} sends account notifications to its customers.",
            "campaignStatus": "MNO_PROVISIONED",
            "sample1": f"{name}: your statement is ready. Reply STOP to opt out.",
            "subscriberOptin": True,
            "subscriberOptout": True,
            "termsAndConditions": True,
            **fields,
            "createdAt": now,
            "updatedAt": now,
        }
        put_partner_campaign(context, doc, context.clock.now(), accepted)
    return json_response(_render(doc, 0), 201)


def create_shared_by_me(context: Context, request: Request) -> Response:
    """``POST /sandbox/shared_by_me``: a campaign we share with a partner. ``campaignId`` may name one of our
    campaigns (Telnyx or TCR id), whose ids, use case and status are then used; otherwise the body's values
    (or generated ones) make the record."""
    fields = validate_body(json_body(request), SHARED_BY_ME_FIELDS)
    with context.store.transaction():
        named = fields.get("campaignId")
        native = named and context.store.one(
            "SELECT doc FROM campaigns WHERE campaign_id = ? OR tcr_campaign_id = ?", (named, named)
        )
        if native:
            campaign = json.loads(native["doc"])
            if campaign.get("mock"):
                raise bad_request("A mock campaign cannot be shared with an upstream CNP.", "/campaignId")
            doc = {
                "brandId": campaign.get("tcrBrandId"),
                "campaignId": campaign.get("tcrCampaignId"),
                "usecase": campaign.get("usecase"),
                "createDate": campaign.get("createDate"),
                "status": campaign.get("status"),
            }
        else:
            doc = {
                "brandId": fields.get("brandId") or random_tcr_id("B"),
                "campaignId": named or new_tcr_campaign_id(context),
                "usecase": fields.get("usecase", "ACCOUNT_NOTIFICATION"),
                "createDate": context.clock.naive_iso(),
                "status": fields.get("status", "ACTIVE"),
            }
            if not TCR_CAMPAIGN_ID.match(doc["campaignId"]):
                raise ApiError(422, [invalid("campaignId", "campaignId must match ^C[A-Z0-9]{5,8}$.")])
        if context.store.one("SELECT 1 FROM shared_by_me WHERE campaign_id = ?", (doc["campaignId"],)):
            raise bad_request("This campaign is already shared.", "/campaignId")
        context.store.execute(
            "INSERT INTO shared_by_me (campaign_id, brand_id, created_at, doc) VALUES (?, ?, ?, ?)",
            (doc["campaignId"], doc["brandId"], context.clock.now(), dumps(doc)),
        )
    return json_response(doc, 201)


def _check_new_tcr_campaign_id(context: Context, tcr_campaign_id: str) -> None:
    if not TCR_CAMPAIGN_ID.match(tcr_campaign_id):
        raise ApiError(422, [invalid("tcrCampaignId", "tcrCampaignId must match ^C[A-Z0-9]{5,8}$.")])
    if tcr_campaign_id_taken(context, tcr_campaign_id):
        raise bad_request("tcrCampaignId is already in use.", "/tcrCampaignId")


ROUTES = [
    Rule("/10dlc/campaign/acceptSharing/<campaignId>", endpoint=accept_sharing, methods=["POST"]),
    Rule("/10dlc/partner_campaigns", endpoint=list_partner_campaigns, methods=["GET"]),
    Rule("/10dlc/partner_campaigns/<campaignId>", endpoint=get_partner_campaign, methods=["GET"]),
    Rule("/10dlc/partner_campaigns/<campaignId>", endpoint=update_partner_campaign, methods=["PATCH"]),
    Rule("/10dlc/partnerCampaign/sharedByMe", endpoint=list_shared_by_me, methods=["GET"]),
    Rule("/10dlc/partnerCampaign/<campaignId>/sharing", endpoint=get_partner_sharing_status, methods=["GET"]),
]

CONTROL_ROUTES = [
    Rule("/partner_campaigns", endpoint=create_partner_campaign, methods=["POST"]),
    Rule("/shared_by_me", endpoint=create_shared_by_me, methods=["POST"]),
]
