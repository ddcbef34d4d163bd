"""Carrier actions after the carrier review: one carrier approves, rejects, puts in review, suspends or
unsuspends a campaign's operation on its network, each with its ``TCR_EVENT`` (reference §4.4), and the DCA
completes its review (``CAMPAIGN_DCA_COMPLETE``).

A campaign's status change sets every carrier's operation status afresh (``campaign_lifecycle._apply``);
actions then change one carrier's, which C9 answers and C8 reflects (``qualify`` false while the carrier
rejects or suspends it, ``mnoReview`` true while it reviews it). ``campaignStatus`` stays: it is the
registration's status, and a carrier's view of it is C9's. T-Mobile's suspension sets ``isTMobileSuspended``.

The carrier is named as TCR's own campaign events name it: ``mnoId`` (the network id) and ``mnoName``.
"""

from dataclasses import dataclass
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import campaign_lifecycle as lifecycle
from tendlc.sandbox.catalog import CARRIERS_BY_ID, Carrier
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, bad_request, invalid, json_body, json_response, not_found

# The campaign statuses a carrier acts in: after its review, until the campaign ends.
ACTING_STATUSES = ("MNO_ACCEPTED", "MNO_PROVISIONED", "MNO_REJECTED")
DCA_COMPLETE = "DCA_COMPLETE"
# What a TCR event about a carrier's decision says of the event itself: TCR delivered it (the operation's
# outcome is the eventType; the SDK's status values have no word for it).
EVENT_STATUS = "success"


@dataclass(frozen=True)
class CarrierAction:
    event_type: str
    becomes: str  # the carrier's operation status after the action
    acts_on: tuple[str, ...]  # the operation statuses it may act on
    verb: str  # how the event's description says it
    default_reason: str | None = None  # reasons are given for rejections and suspensions


CARRIER_ACTIONS = {
    "APPROVED": CarrierAction(
        "MNO_CAMPAIGN_OPERATION_APPROVED", "APPROVED", ("REVIEW", "REJECTED"), "approved"
    ),
    "REJECTED": CarrierAction(
        "MNO_CAMPAIGN_OPERATION_REJECTED",
        "REJECTED",
        ("REVIEW", "APPROVED"),
        "rejected",
        "Rejected through the sandbox control plane.",
    ),
    "REVIEW": CarrierAction(
        "MNO_CAMPAIGN_OPERATION_REVIEW", "REVIEW", ("APPROVED", "REJECTED"), "put in review"
    ),
    "SUSPENDED": CarrierAction(
        "MNO_CAMPAIGN_OPERATION_SUSPENDED",
        "SUSPENDED",
        ("APPROVED", "REVIEW"),
        "suspended",
        "Suspended through the sandbox control plane.",
    ),
    "UNSUSPENDED": CarrierAction(
        "MNO_CAMPAIGN_OPERATION_UNSUSPENDED", "APPROVED", ("SUSPENDED",), "unsuspended"
    ),
}
_VERBS = {action.event_type: action.verb for action in CARRIER_ACTIONS.values()}


def carrier_event(
    record: lifecycle.CampaignRecord, carrier: Carrier, event_type: str, reason: str | None = None
) -> dict[str, Any]:
    """The ``TCR_EVENT`` of one carrier's action (``event_type`` an ``MNO_CAMPAIGN_OPERATION_*``): the
    description names the campaign's TCR id, the carrier and the reason, if any."""
    description = f"Campaign {record.doc.get('tcrCampaignId')} {_VERBS[event_type]} by {carrier.name}"
    return {
        "campaignId": record.campaign_id,
        "type": "TCR_EVENT",
        "eventType": event_type,
        "description": f"{description}: {reason}" if reason else description,
        "status": EVENT_STATUS,
        "mnoId": carrier.network_id,
        "mnoName": carrier.name,
    }


def campaign_mno_metadata(record: lifecycle.CampaignRecord) -> dict[str, dict[str, Any]]:
    """C8: the use case's terms per carrier, with what the carriers' actions changed."""
    metadata = lifecycle.mno_metadata(record.doc.get("usecase", ""), record.carriers)
    if record.doc.get("campaignStatus") not in ACTING_STATUSES:
        return metadata
    for network_id, status in lifecycle.operation_status(record).items():
        terms = metadata[network_id]
        terms["qualify"] = terms["qualify"] and status not in ("REJECTED", "SUSPENDED")
        terms["mnoReview"] = terms["mnoReview"] or status == "REVIEW"
    return metadata


def act(
    record: lifecycle.CampaignRecord, carrier: Carrier, action_name: str, reason: str | None = None
) -> list[dict[str, Any]]:
    """Apply a carrier action to ``record`` (not saved) and answer its webhook payloads. Raises 400 when the
    campaign or the carrier's operation status refuses it."""
    status = record.doc.get("campaignStatus")
    if record.is_deactivated or status not in ACTING_STATUSES:
        raise bad_request(
            f"Carriers act on a campaign after their review ({', '.join(ACTING_STATUSES)}) while it is"
            f" active; this one is {status}{' and deactivated' if record.is_deactivated else ''}."
        )
    if not record.supports(carrier):
        raise bad_request(
            f"{carrier.name} does not carry the campaign's use case {record.doc.get('usecase')}."
        )
    if action_name == DCA_COMPLETE:
        return [lifecycle.tcr_event(record, lifecycle.CAMPAIGN_DCA_COMPLETE)]
    action = CARRIER_ACTIONS[action_name]
    operations = lifecycle.operation_status(record)
    key = str(carrier.network_id)
    if operations[key] not in action.acts_on:
        raise bad_request(
            f"{carrier.name} cannot mark the campaign {action_name}: its operation status there is"
            f" {operations[key]} (the action needs {' or '.join(action.acts_on)})."
        )
    operations[key] = action.becomes
    record.internal["operationStatus"] = operations
    if carrier.network_id == lifecycle.T_MOBILE and record.doc.get("isTMobileRegistered"):
        record.doc["isTMobileSuspended"] = action.becomes == "SUSPENDED"
    return [carrier_event(record, carrier, action.event_type, reason or action.default_reason)]


def parse_action(body: dict[str, Any]) -> tuple[str, str | None]:
    """``(action, reason)`` from a control-plane body, or 422."""
    action, reason = body.get("action"), body.get("reason")
    choices = (*CARRIER_ACTIONS, DCA_COMPLETE)
    errors = []
    if action not in choices:
        errors.append(invalid("action", f"action must be one of: {', '.join(choices)}."))
    if reason is not None and (not isinstance(reason, str) or not reason.strip()):
        errors.append(invalid("reason", "reason must be a non-empty string."))
    if errors:
        raise ApiError(422, errors)
    return action, reason


def carrier_of(record_carriers: tuple[Carrier, ...], network_id: str) -> Carrier:
    """The carrier ``network_id`` names among the campaign's, or 404."""
    carrier = CARRIERS_BY_ID.get(int(network_id)) if network_id.isdigit() else None
    if carrier is None or carrier not in record_carriers:
        raise not_found(f"Carrier {network_id} is not one the campaign was submitted to.")
    return carrier


# --- control plane --------------------------------------------------------------------------------


def force_carrier_action(context: Context, request: Request, campaignId: str, networkId: str) -> Response:
    """``POST /sandbox/campaigns/{campaignId}/carriers/{networkId} {"action": ..., "reason"?: ...}``."""
    action, reason = parse_action(json_body(request))
    with context.store.transaction():
        record = lifecycle.require_campaign(context, campaignId)
        carrier = carrier_of(record.carriers, networkId)
        payloads = act(record, carrier, action, reason)
        lifecycle.save_campaign(context, record)
        lifecycle.emit(context, record, payloads)
    return json_response(
        {"operationStatus": lifecycle.operation_status(record), "mnoMetadata": campaign_mno_metadata(record)}
    )


CONTROL_ROUTES = [
    Rule("/campaigns/<campaignId>/carriers/<networkId>", endpoint=force_carrier_action, methods=["POST"]),
]
