"""Webhook deliveries to ``WebhookEvent`` columns: the event envelope (reference §4.3) or a bare payload (§4.2).

The reference's sources disagree on the campaign status callback: a flat ``campaignStatusUpdate`` object, or
that object as ``data.payload`` of a ``10dlc.campaign.update`` envelope. Both are taken: a body whose
``data`` holds a ``payload`` is an envelope, any other JSON object is a bare campaign payload.

An event is identified by ``data.id``; one without (every bare payload) by the SHA-256 of its canonical JSON.
The hash covers ``data`` and never ``meta``, whose ``attempt`` changes on every redelivery.
"""

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tendlc.mapping.convert import column, parse_datetime
from tendlc.models import WebhookEvent

BRAND_UPDATE = "10dlc.brand.update"
CAMPAIGN_UPDATE = "10dlc.campaign.update"
PHONE_NUMBER_UPDATE = "10dlc.phone_number.update"


class MalformedEvent(ValueError):
    """The body is JSON but not an event the portal can store."""


def _limit(field: str) -> int:
    return column(WebhookEvent, field).max_length or 0


def _text(value: Any, field: str) -> str:
    """A scalar as column text, cut to the column: the whole payload is kept beside it."""
    if value is None or isinstance(value, dict | list):
        return ""
    return str(value)[: _limit(field)]


def body_hash(part: Mapping[str, Any]) -> str:
    canonical = json.dumps(part, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def registry_event_type(payload: Any) -> str:
    """The registry's ``eventType`` a payload carries (``TCR_EVENT``, ``TCR_BRAND_UPDATE``), or ''."""
    value = payload.get("eventType") if isinstance(payload, dict) else None
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class EventParts:
    payload: dict[str, Any]
    # What identifies the event when it has no id: ``data``, or the whole of a bare payload.
    identified: dict[str, Any]
    event_id: str | None
    event_type: str
    occurred_at: Any


def webhook_event_parts(document: Any) -> EventParts:
    """The parts of the event ``document`` (the parsed body) its columns are read from; ``MalformedEvent``
    when it is no event the portal can store. Cheap: what a delivery is checked with before it is kept."""
    if not isinstance(document, dict):
        raise MalformedEvent("The body is not a JSON object.")
    data = document.get("data")
    if isinstance(data, dict) and "payload" in data:
        payload = data["payload"]
        if not isinstance(payload, dict):
            raise MalformedEvent("data.payload is not an object.")
        event_id = data.get("id")
        if not isinstance(event_id, str) or not event_id or len(event_id) > _limit("event_id"):
            # An id the column cannot hold is no id: the hash of data, which contains it, still identifies it.
            event_id = None
        return EventParts(
            payload, data, event_id, _text(data.get("event_type"), "event_type"), data.get("occurred_at")
        )
    return EventParts(document, document, None, CAMPAIGN_UPDATE, None)


def webhook_event_values(document: Any) -> dict[str, Any]:
    """Column values of the event ``document`` (the parsed body), without ``body``."""
    parts = webhook_event_parts(document)
    payload, occurred_at = parts.payload, parts.occurred_at
    return {
        "event_id": parts.event_id,
        "body_hash": body_hash(parts.identified),
        "event_type": parts.event_type,
        "payload_type": _text(payload.get("type"), "payload_type"),
        "campaign_id": _text(payload.get("campaignId"), "campaign_id"),
        "brand_id": _text(payload.get("brandId"), "brand_id"),
        "phone_number": _text(payload.get("phoneNumber"), "phone_number"),
        "occurred_at": parse_datetime(occurred_at) if isinstance(occurred_at, str) else None,
        "payload": payload,
    }


def event_said(payload: Any) -> str:
    """What Telnyx wrote about the event, for a person: its ``description``, else the descriptions of its
    ``reasons`` (a failed registration or assignment carries only those); "" when it wrote neither."""
    if not isinstance(payload, dict):
        return ""
    description = payload.get("description")
    if isinstance(description, str) and description.strip():
        return description.strip()
    reasons = payload.get("reasons")
    if not isinstance(reasons, list):
        return ""
    said = (reason.get("description") for reason in reasons if isinstance(reason, dict))
    return "; ".join(text.strip() for text in said if isinstance(text, str) and text.strip())


# A campaign event that says the campaign, or one carrier's operation of it, was rejected.
_REJECTED_REVIEWS = frozenset({"TELNYX_REVIEW", "MNO_REVIEW"})
_REJECTED_OPERATION = "MNO_CAMPAIGN_OPERATION_REJECTED"
# Registry events after which a campaign is in review again: an earlier rejection is history.
_REREVIEW_EVENTS = frozenset({"CAMPAIGN_RESUBMISSION", "CAMPAIGN_UPDATE"})


def is_rejection(payload: Any) -> bool:
    """Whether a campaign event reports a rejection: a failed registration, a review that rejected the
    campaign, or a carrier rejecting its operation."""
    if not isinstance(payload, dict) or not payload.get("campaignId"):
        return False
    kind, status = payload.get("type"), payload.get("status")
    if kind == "REGISTRATION":
        return status == "failed"
    if kind in _REJECTED_REVIEWS:
        return status == "REJECTED"
    return kind == "TCR_EVENT" and registry_event_type(payload) == _REJECTED_OPERATION


def is_rereview(payload: Any) -> bool:
    """Whether a campaign event puts the campaign back in review (updated, resubmitted or appealed)."""
    return (
        isinstance(payload, dict)
        and payload.get("type") == "TCR_EVENT"
        and registry_event_type(payload) in _REREVIEW_EVENTS
    )


def reported_fields(payload: Any) -> tuple[str, ...]:
    """The wire fields a failed registration's ``reasons`` point at (``[{"fields": ["sample1"], ...}]``)."""
    reasons = payload.get("reasons") if isinstance(payload, dict) else None
    if not isinstance(reasons, list):
        return ()
    named = (
        field
        for reason in reasons
        if isinstance(reason, dict) and isinstance(reason.get("fields"), list)
        for field in reason["fields"]
        if isinstance(field, str) and field
    )
    return tuple(dict.fromkeys(named))
