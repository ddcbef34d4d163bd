"""Every webhook payload Telnyx documents, and nothing else: ``Dispatcher.emit`` checks each payload here.

The source is Telnyx's 10DLC event-notifications page (EVT, reference §4.4): its tables of payload types and
TCR events, and the fields its examples carry. A kind is ``(event_type, payload type, eventType)``; the
fields listed are the ones every payload of that kind carries, so a receiver written against the page finds
them. ``statuses`` are the documented ``status`` values where the page names them.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

BRAND = "10dlc.brand.update"
CAMPAIGN = "10dlc.campaign.update"
PHONE_NUMBER = "10dlc.phone_number.update"

BRAND_TCR_EVENTS = ("BRAND_ADD", "BRAND_APPEAL_ADD", "BRAND_APPEAL_COMPLETE", "BRAND_REVET")
CAMPAIGN_TCR_EVENTS = (
    "CAMPAIGN_ADD",
    "CAMPAIGN_BILLED",
    "CAMPAIGN_DCA_COMPLETE",
    "CAMPAIGN_EXPIRED",
    "CAMPAIGN_NUDGE",
    "CAMPAIGN_RESUBMISSION",
    "CAMPAIGN_UPDATE",
    "MNO_CAMPAIGN_OPERATION_APPROVED",
    "MNO_CAMPAIGN_OPERATION_REJECTED",
    "MNO_CAMPAIGN_OPERATION_REVIEW",
    "MNO_CAMPAIGN_OPERATION_SUSPENDED",
    "MNO_CAMPAIGN_OPERATION_UNSUSPENDED",
)


@dataclass(frozen=True)
class Kind:
    event_type: str
    type: str
    event_type_values: tuple[str, ...] = ()
    fields: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()


class UndocumentedEvent(ValueError):
    """A payload the Telnyx event catalogue does not describe: a bug in the sandbox, never a client error."""


_RESULT = ("brandId", "status", "type", "reasons")
_TCR_BRAND = ("brandId", "brandName", "description", "eventType", "status", "tcrBrandId", "type")
_REVIEW = ("campaignId", "description", "status", "type")
_NUMBER_RESULT = ("campaignId", "phoneNumber", "status", "type", "reasons")

KINDS = (
    Kind(BRAND, "REGISTRATION", fields=_RESULT, statuses=("failed",)),
    Kind(BRAND, "REVET", fields=_RESULT, statuses=("success", "failed")),
    Kind(BRAND, "ORDER_EXTERNAL_VETTING", fields=_RESULT, statuses=("success", "failed")),
    Kind(BRAND, "TCR_BRAND_UPDATE", BRAND_TCR_EVENTS, _TCR_BRAND),
    Kind(CAMPAIGN, "REGISTRATION", fields=("campaignId", "status", "type", "reasons"), statuses=("failed",)),
    Kind(CAMPAIGN, "TELNYX_REVIEW", fields=_REVIEW, statuses=("ACCEPTED", "REJECTED")),
    Kind(CAMPAIGN, "MNO_REVIEW", fields=_REVIEW, statuses=("ACCEPTED", "REJECTED")),
    Kind(CAMPAIGN, "TELNYX_EVENT", fields=_REVIEW, statuses=("DORMANT",)),
    Kind(CAMPAIGN, "NUMBER_POOL_PROVISIONED", fields=("brandId", "campaignId", "type")),
    Kind(CAMPAIGN, "NUMBER_POOL_DEPROVISIONED", fields=("brandId", "campaignId", "type")),
    # The page's example writes ``createdDate``; the SDK's CampaignStatusUpdate (§4.2) names it
    # ``createDate``, which is what an SDK-typed receiver reads.
    Kind(
        CAMPAIGN,
        "VERIFIED",
        fields=("brandId", "campaignId", "createDate", "cspId", "isTMobileRegistered", "type"),
    ),
    Kind(CAMPAIGN, "TCR_EVENT", CAMPAIGN_TCR_EVENTS, ("campaignId", "type", "eventType", "description")),
    # ``campaignId`` is the TCR id here (EVT, "Partner Campaign Nudging").
    Kind(CAMPAIGN, "CAMPAIGN_NUDGE", fields=("campaignId", "type", "nudgeIntent", "description", "cspId")),
    Kind(PHONE_NUMBER, "ASSIGNMENT", fields=_NUMBER_RESULT, statuses=("success", "failed")),
    Kind(PHONE_NUMBER, "DELETION", fields=_NUMBER_RESULT, statuses=("success", "failed")),
    Kind(
        PHONE_NUMBER,
        "STATUS_UPDATE",
        fields=("campaignId", "tcrCampaignId", "phoneNumber", "status", "type"),
        statuses=("ADDED", "DELETED", "PENDING", "FAILED"),
    ),
)
_BY_TYPE = {(kind.event_type, kind.type): kind for kind in KINDS}


def kind_of(event_type: str, payload: Mapping[str, Any]) -> Kind:
    """The documented kind of ``payload``; raises ``UndocumentedEvent`` if it has none or breaks it."""
    kind = _BY_TYPE.get((event_type, payload.get("type")))
    if kind is None:
        raise UndocumentedEvent(f"{event_type} has no payload type {payload.get('type')!r}")
    if kind.event_type_values and payload.get("eventType") not in kind.event_type_values:
        raise UndocumentedEvent(f"{event_type} {kind.type} has no eventType {payload.get('eventType')!r}")
    missing = [name for name in kind.fields if name not in payload]
    if missing:
        raise UndocumentedEvent(f"{event_type} {kind.type} lacks {', '.join(missing)}")
    if kind.statuses and payload.get("status") not in kind.statuses:
        raise UndocumentedEvent(f"{event_type} {kind.type} has no status {payload.get('status')!r}")
    return kind
