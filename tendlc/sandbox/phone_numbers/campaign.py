"""The campaign an assignment goes on: a Telnyx campaign, or an accepted partner (shared) campaign, found by
the ``campaignId`` a request or a record names."""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tendlc.sandbox.context import Context
from tendlc.sandbox.dormancy.watch import is_dormant
from tendlc.sandbox.http import ApiError, bad_request


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
    number_pool: bool = False
    dormant: bool = False  # suspended for dormancy: an assignment reactivates it

    @property
    def telnyx_campaign_id(self) -> str:
        return "" if self.shared else self.campaign_id

    @property
    def count_table(self) -> tuple[str, str]:
        return ("partner_campaigns", "tcr_campaign_id") if self.shared else ("campaigns", "campaign_id")


def campaign_from_telnyx_doc(doc: Mapping[str, Any], internal: Mapping[str, Any] | None = None) -> Campaign:
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
        number_pool=bool(doc.get("numberPool")),
        dormant=is_dormant(doc, internal or {}),
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
        number_pool=bool(doc.get("numberPool")),
    )


def find_telnyx_campaign(context: Context, campaign_id: str) -> Campaign | None:
    row = context.store.one("SELECT doc, internal FROM campaigns WHERE campaign_id = ?", (campaign_id,))
    return (
        None if row is None else campaign_from_telnyx_doc(json.loads(row["doc"]), json.loads(row["internal"]))
    )


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


def campaign_of(context: Context, record: Mapping[str, Any]) -> Campaign | None:
    if record.get("telnyxCampaignId"):
        return find_telnyx_campaign(context, record["campaignId"])
    return find_shared_campaign(context, record["campaignId"])
