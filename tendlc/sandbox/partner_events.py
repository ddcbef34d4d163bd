"""What happens to a partner (shared) campaign after we accepted it, forced through the control plane: a status
change, a carrier action, and the partner CSP's ``CAMPAIGN_NUDGE`` (reference §4.4, §5.6).

Each sends the event a native campaign would send, to the partner campaign's own webhook URLs (set by S3), with
``campaignId`` its TCR id: a partner campaign has no Telnyx id in any answer (S1-S3 carry only
``tcrCampaignId``), the one partner event the reference shows (``CAMPAIGN_NUDGE``) is keyed by the TCR id, and
number events of shared campaigns already are. ``brandId`` is likewise its ``tcrBrandId``.

A nudge appeals a rejection: a TELNYX_FAILED or MNO_REJECTED partner campaign goes back to TCR_ACCEPTED (§5.6).
Partner campaigns have no scheduled review; their next status is forced again.
"""

import json
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import campaign_lifecycle as lifecycle
from tendlc.sandbox import carrier_actions
from tendlc.sandbox.catalog import APPEALABLE_CAMPAIGN_STATUSES, CAMPAIGN_STATUSES, CARRIERS_BY_ID
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, bad_request, invalid, json_body, json_response, not_found
from tendlc.sandbox.store import dumps

# The partner CSP that registered the campaign at TCR and sends its nudges.
PARTNER_CSP_ID = "PARTNERCSP"
NUDGE_INTENTS = ("APPEAL_REJECTION",)
NUDGE_DESCRIPTION = "The campaign has been reviewed and approved after appeal."


def _load(context: Context, tcr_campaign_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    row = context.store.one(
        "SELECT doc, internal FROM partner_campaigns WHERE tcr_campaign_id = ? AND accepted = 1",
        (tcr_campaign_id,),
    )
    if row is None:
        raise not_found("Partner campaign not found")
    return json.loads(row["doc"]), json.loads(row["internal"])


def _save(context: Context, doc: dict[str, Any], internal: dict[str, Any]) -> None:
    doc["updatedAt"] = context.clock.naive_iso()
    context.store.execute(
        "UPDATE partner_campaigns SET doc = ?, internal = ?, campaign_status = ? WHERE tcr_campaign_id = ?",
        (dumps(doc), dumps(internal), doc.get("campaignStatus"), doc["tcrCampaignId"]),
    )


def partner_record(doc: dict[str, Any], internal: dict[str, Any]) -> lifecycle.CampaignRecord:
    """The partner campaign as the lifecycle's payload builders read a campaign: keyed by its TCR ids."""
    t_mobile = CARRIERS_BY_ID[lifecycle.T_MOBILE]
    view = {
        **doc,
        "campaignId": doc["tcrCampaignId"],
        "brandId": doc.get("tcrBrandId"),
        "cspId": PARTNER_CSP_ID,
        "createDate": doc.get("createdAt"),
    }
    record = lifecycle.CampaignRecord(view, internal, 0)
    view["isTMobileRegistered"] = record.supports(t_mobile)
    return record


def _emit(context: Context, doc: dict[str, Any], payloads: list[dict[str, Any]]) -> None:
    for payload in payloads:
        context.webhooks.emit(
            lifecycle.EVENT_TYPE, payload, doc.get("webhookURL"), doc.get("webhookFailoverURL")
        )


def _enter(
    context: Context, doc: dict[str, Any], internal: dict[str, Any], status: str
) -> list[dict[str, Any]]:
    """Put the partner campaign in ``status`` (not saved); answer the payloads a native campaign would send."""
    record = partner_record(doc, internal)
    outcome = lifecycle.forced_outcome(context, record, status)
    doc["campaignStatus"] = record.doc["campaignStatus"] = status
    doc["failureReasons"] = record.doc["failureReasons"] = lifecycle.failure_reasons(status, outcome)
    internal["operationStatus"] = lifecycle.derived_operation_status(record)
    return lifecycle.status_payloads(record, status, outcome)


def nudge_event(doc: dict[str, Any], intent: str, description: str) -> dict[str, Any]:
    """``CAMPAIGN_NUDGE`` as the event page shows it: keyed by the TCR id, with the nudging CSP."""
    return {
        "campaignId": doc["tcrCampaignId"],
        "type": "CAMPAIGN_NUDGE",
        "nudgeIntent": intent,
        "description": description,
        "cspId": PARTNER_CSP_ID,
    }


# --- control plane --------------------------------------------------------------------------------


def force_partner_transition(context: Context, request: Request, campaignId: str) -> Response:
    """``POST /sandbox/partner_campaigns/{tcrCampaignId}/transition {"campaignStatus": ...}``."""
    status = json_body(request).get("campaignStatus")
    if status not in CAMPAIGN_STATUSES:
        raise ApiError(
            422,
            [invalid("campaignStatus", f"campaignStatus must be one of: {', '.join(CAMPAIGN_STATUSES)}.")],
        )
    with context.store.transaction():
        doc, internal = _load(context, campaignId)
        payloads = _enter(context, doc, internal, status)
        _save(context, doc, internal)
        _emit(context, doc, payloads)
    return json_response(doc)


def force_partner_carrier_action(
    context: Context, request: Request, campaignId: str, networkId: str
) -> Response:
    """``POST /sandbox/partner_campaigns/{tcrCampaignId}/carriers/{networkId} {"action", "reason"?}``."""
    action, reason = carrier_actions.parse_action(json_body(request))
    with context.store.transaction():
        doc, internal = _load(context, campaignId)
        record = partner_record(doc, internal)
        carrier = carrier_actions.carrier_of(record.carriers, networkId)
        payloads = carrier_actions.act(record, carrier, action, reason)
        _save(context, doc, record.internal)
        _emit(context, doc, payloads)
    return json_response({"operationStatus": lifecycle.operation_status(record)})


def send_nudge(context: Context, request: Request, campaignId: str) -> Response:
    """``POST /sandbox/partner_campaigns/{tcrCampaignId}/nudge {"nudgeIntent"?, "description"?}``: the partner
    CSP appeals the campaign's rejection."""
    body = json_body(request)
    intent = body.get("nudgeIntent", NUDGE_INTENTS[0])
    description = body.get("description", NUDGE_DESCRIPTION)
    errors = []
    if intent not in NUDGE_INTENTS:
        errors.append(invalid("nudgeIntent", f"nudgeIntent must be one of: {', '.join(NUDGE_INTENTS)}."))
    if not isinstance(description, str) or not description.strip():
        errors.append(invalid("description", "description must be a non-empty string."))
    if errors:
        raise ApiError(422, errors)
    with context.store.transaction():
        doc, internal = _load(context, campaignId)
        status = doc.get("campaignStatus")
        if status not in APPEALABLE_CAMPAIGN_STATUSES:
            raise bad_request(
                f"Only a rejected campaign ({' or '.join(APPEALABLE_CAMPAIGN_STATUSES)}) is nudged to appeal;"
                f" this one is {status}."
            )
        _enter(context, doc, internal, "TCR_ACCEPTED")
        _save(context, doc, internal)
        _emit(context, doc, [nudge_event(doc, intent, description)])
    return json_response(doc)


CONTROL_ROUTES = [
    Rule("/partner_campaigns/<campaignId>/transition", endpoint=force_partner_transition, methods=["POST"]),
    Rule(
        "/partner_campaigns/<campaignId>/carriers/<networkId>",
        endpoint=force_partner_carrier_action,
        methods=["POST"],
    ),
    Rule("/partner_campaigns/<campaignId>/nudge", endpoint=send_nudge, methods=["POST"]),
]
