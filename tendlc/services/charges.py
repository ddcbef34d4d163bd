"""Recording what the account is charged: from Telnyx's billing events and from the portal's own actions.

Telnyx sends an event for one charge only, the monthly renewal (``TCR_EVENT`` / ``CAMPAIGN_BILLED``); its
description states the amount, which is recorded as stated, and the fee table (``tendlc.fees``) when it does
not. Every other fee is charged by an action, and recorded by the service that takes it once the API has
accepted it: brand registration, an external vetting order, a campaign submission (three months up front,
the review, the number pool when asked for), and a campaign sent back to review (an appeal, or an update of
a campaign Telnyx rejected). Mock brands and their campaigns cost nothing, so nothing is recorded for them.

Each charge has a key naming what it pays for; recording a key already taken answers the line stored and
writes nothing, so an event delivered or replayed twice, or an action repeated, charges once. A billing
event is keyed by its campaign and the renewal date it states, so even a copy under another event id is
the same charge.
"""

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from tendlc import fees
from tendlc.models import (
    Brand,
    Campaign,
    CampaignAppeal,
    Charge,
    ChargeKind,
    ChargeSource,
    ExternalVetting,
    WebhookEvent,
)
from tendlc.services.audit import User, user_recorded
from tendlc.services.notification_events import charge_notice

logger = logging.getLogger(__name__)

BILLED_TYPE = "TCR_EVENT"
BILLED_EVENT = "CAMPAIGN_BILLED"
BILLED_AMOUNT = re.compile(r"billed \$?(\d+(?:\.\d+)?)")
BILLED_PERIOD = re.compile(r"next renewal is (\S+?)[.,;]?(?:\s|$)")


@dataclass(frozen=True)
class ChargeLine:
    """One charge to record: what for, how much, and the key it is recorded under once."""

    kind: ChargeKind
    amount: Decimal
    key: str
    description: str


def charge_is_free(*, brand: Brand | None, campaign: Campaign | None) -> bool:
    """Mock brands and their campaigns pay nothing (MOCK)."""
    return bool((campaign is not None and campaign.mock) or (brand is not None and brand.mock))


def _charges_record(
    *,
    lines: list[ChargeLine],
    brand: Brand | None,
    campaign: Campaign | None,
    charged_at: datetime,
    source: ChargeSource,
    operation: str = "",
    event: WebhookEvent | None = None,
    user: User = None,
    remote_campaign_id: str = "",
) -> list[Charge]:
    """Store each line whose key is not taken yet; answer the stored lines, repeats included."""
    if charge_is_free(brand=brand, campaign=campaign):
        return []
    common = {
        "brand": brand,
        "remote_brand_id": (brand.brand_id or "") if brand is not None else "",
        "campaign": campaign,
        "remote_campaign_id": campaign.campaign_id if campaign is not None else remote_campaign_id,
        "usecase": campaign.usecase if campaign is not None else "",
        "charged_at": charged_at,
        "source": source,
        "operation": operation,
        "webhook_event": event,
        "user": user_recorded(user),
    }
    stored = []
    for line in lines:
        try:
            with transaction.atomic():
                charge, created = Charge.objects.get_or_create(
                    idempotency_key=line.key,
                    defaults={
                        **common,
                        "kind": line.kind,
                        "amount": line.amount,
                        "description": line.description,
                    },
                )
                if created:
                    charge_notice(charge)
        except IntegrityError:
            # Recorded meanwhile by a concurrent delivery of the same charge.
            charge = Charge.objects.get(idempotency_key=line.key)
        stored.append(charge)
    return stored


# --- from events ----------------------------------------------------------------------------------------------


def charges_record_for_event(*, event: WebhookEvent) -> list[Charge]:
    """Record the charge a billing event reports; any other event charges nothing."""
    payload: Mapping[str, Any] = event.payload if isinstance(event.payload, dict) else {}
    if event.payload_type != BILLED_TYPE or payload.get("eventType") != BILLED_EVENT:
        return []
    if str(payload.get("status") or "success").lower() != "success":
        return []
    campaign = (
        Campaign.objects.select_related("brand").filter(campaign_id=event.campaign_id).first()
        if event.campaign_id
        else None
    )
    description = str(payload.get("description") or "")
    line = ChargeLine(
        kind=ChargeKind.CAMPAIGN_MONTHLY,
        amount=_billed_amount(description, campaign),
        key=_billed_key(event, description),
        description=description[:300] or "One month of the campaign",
    )
    return _charges_record(
        lines=[line],
        brand=campaign.brand if campaign is not None else None,
        campaign=campaign,
        charged_at=event.occurred_at or event.received_at or timezone.now(),
        source=ChargeSource.EVENT,
        event=event,
        remote_campaign_id=event.campaign_id,
    )


def _billed_amount(description: str, campaign: Campaign | None) -> Decimal:
    """The amount the event states, or the use case's monthly fee when it states none."""
    found = BILLED_AMOUNT.search(description)
    if found:
        try:
            return Decimal(found.group(1)).quantize(Decimal("0.01"))
        except InvalidOperation:
            logger.warning("Billing event amount %r is not a number: the fee table is used", found.group(1))
    return fees.monthly_fee(campaign.usecase if campaign is not None else "")


def _billed_key(event: WebhookEvent, description: str) -> str:
    """The campaign and the period billed (the renewal date the event names), or the event itself."""
    period = BILLED_PERIOD.search(description)
    if event.campaign_id and period:
        return f"campaign_monthly:{event.campaign_id}:{period.group(1)}"
    return f"campaign_monthly:event:{event.event_id or event.body_hash}"


# --- from the portal's actions ----------------------------------------------------------------------------------


def charges_record_for_brand_registration(*, brand: Brand, user: User) -> list[Charge]:
    line = ChargeLine(
        ChargeKind.BRAND_REGISTRATION,
        fees.BRAND_REGISTRATION.amount,
        f"brand_registration:{brand.brand_id}",
        "Brand registration",
    )
    return _charges_record(
        lines=[line],
        brand=brand,
        campaign=None,
        charged_at=timezone.now(),
        source=ChargeSource.OPERATION,
        operation="brand.create",
        user=user,
    )


def charges_record_for_vetting_order(*, vetting: ExternalVetting, user: User) -> list[Charge]:
    brand = vetting.brand
    line = ChargeLine(
        ChargeKind.EXTERNAL_VETTING,
        fees.EXTERNAL_VETTING.amount,
        f"external_vetting:{brand.brand_id}:{vetting.evp_id}:{vetting.vetting_id or vetting.pk}",
        f"External vetting by {vetting.evp_id}",
    )
    return _charges_record(
        lines=[line],
        brand=brand,
        campaign=None,
        charged_at=vetting.create_date or timezone.now(),
        source=ChargeSource.OPERATION,
        operation="brand.order_vetting",
        user=user,
    )


def charges_record_for_campaign_submission(*, campaign: Campaign, user: User) -> list[Charge]:
    """Three months of the use case's monthly fee, the carrier review, and the number pool when asked for."""
    cid = campaign.campaign_id
    lines = [
        ChargeLine(
            ChargeKind.CAMPAIGN_UPFRONT,
            fees.upfront_fee(campaign.usecase),
            f"campaign_upfront:{cid}",
            f"Three months up front at {fees.monthly_fee(campaign.usecase)} a month",
        ),
        ChargeLine(
            ChargeKind.CAMPAIGN_REVIEW,
            fees.CAMPAIGN_REVIEW.amount,
            f"campaign_review:{cid}:submission",
            "Campaign review at submission",
        ),
    ]
    if campaign.number_pool:
        lines.append(
            ChargeLine(
                ChargeKind.NUMBER_POOL, fees.NUMBER_POOL.amount, f"number_pool:{cid}", "T-Mobile number pool"
            )
        )
    return _charges_record(
        lines=lines,
        brand=campaign.brand,
        campaign=campaign,
        charged_at=campaign.create_date or timezone.now(),
        source=ChargeSource.OPERATION,
        operation="campaign.submit",
        user=user,
    )


def charges_record_for_appeal(*, appeal: CampaignAppeal, user: User) -> list[Charge]:
    """An appeal sends the campaign back to carrier review, which is charged again."""
    campaign = appeal.campaign
    line = ChargeLine(
        ChargeKind.CAMPAIGN_REVIEW,
        fees.CAMPAIGN_REVIEW.amount,
        f"campaign_review:{campaign.campaign_id}:appeal:{appeal.pk}",
        "Campaign review after an appeal",
    )
    return _charges_record(
        lines=[line],
        brand=campaign.brand,
        campaign=campaign,
        charged_at=appeal.appealed_at,
        source=ChargeSource.OPERATION,
        operation="campaign.appeal",
        user=user,
    )


def charges_record_for_resubmission(*, campaign: Campaign, user: User, at: datetime) -> list[Charge]:
    """An update of a campaign Telnyx rejected sends it back to review (a resubmission), charged again."""
    line = ChargeLine(
        ChargeKind.CAMPAIGN_REVIEW,
        fees.CAMPAIGN_REVIEW.amount,
        f"campaign_review:{campaign.campaign_id}:resubmission:{at.isoformat()}",
        "Campaign review after a resubmission",
    )
    return _charges_record(
        lines=[line],
        brand=campaign.brand,
        campaign=campaign,
        charged_at=at,
        source=ChargeSource.OPERATION,
        operation="campaign.update",
        user=user,
    )
