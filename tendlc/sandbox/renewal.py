"""Renewal, billing and expiry of campaigns on the sandbox clock.

A submission pays ``fees.UPFRONT_MONTHS`` months; ``nextRenewalOrExpirationDate`` is that many calendar months
after ``createDate``, and a ``campaign.renewal`` step falls due then. At the date:

- ``autoRenewal`` true (the default), and the balance pays the use case's monthly fee: the month is charged
  (``fees.campaign_renewal``), ``billedDate`` is the renewal, the date moves on one month, a ``TCR_EVENT``
  ``CAMPAIGN_BILLED`` is sent and the next renewal is scheduled. A mock campaign renews free: no charge and
  no ``CAMPAIGN_BILLED`` (TCR bills nothing for it), but its date moves on all the same.
- ``autoRenewal`` false: the campaign expires (``campaign_lifecycle.deactivate``: ``status`` EXPIRED,
  ``campaignStatus`` TCR_EXPIRED, ``TCR_EVENT`` ``CAMPAIGN_EXPIRED``) and is never billed again.
- the balance cannot pay the month: the campaign expires the same way, and the event's description says why.

Every month is counted from ``createDate`` (its day, or the month's last day when shorter), so a campaign
created on 31 January renews on 30 April, then 31 May, never drifting to the 28th. An ACTIVE campaign renews
whatever its review stage, as the registry bills a campaign until it is deactivated.

The control plane plays the same step now: ``/bill`` renews the campaign as if its date had come (the date
then moves on one month from where it was), ``/expire`` ends it as if its date had come with ``autoRenewal``
false (``nextRenewalOrExpirationDate`` becomes now).
"""

import calendar
from datetime import UTC, datetime
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import account, fees
from tendlc.sandbox import campaign_lifecycle as lifecycle
from tendlc.sandbox.context import Context
from tendlc.sandbox.fees import wire
from tendlc.sandbox.http import bad_request, json_response

STEP = "campaign.renewal"
NOT_RENEWED = "Campaign {tcr} is expired: it was not renewed (autoRenewal is false)"
FORCED = "Campaign {tcr} is expired: it was not renewed"
UNPAID = "Campaign {tcr} is expired: the account balance {balance} cannot pay the monthly fee of {fee}"
BILLED = "Campaign {tcr} is billed {amount} for one month; the next renewal is {date}"


# --- dates ---------------------------------------------------------------------------------------------------


def add_months(moment: datetime, months: int) -> datetime:
    """``moment`` ``months`` calendar months later, on the same day or the month's last day."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def parse(naive_iso: str) -> datetime:
    """A date as the sandbox writes campaign dates: ISO-8601 in UTC without the zone."""
    return datetime.fromisoformat(naive_iso).replace(tzinfo=UTC)


def naive_iso(moment: datetime) -> str:
    return moment.replace(tzinfo=None).isoformat()


def first_renewal(created_at: float) -> str:
    """``nextRenewalOrExpirationDate`` of a campaign submitted at ``created_at``: the up-front months on."""
    return naive_iso(add_months(datetime.fromtimestamp(created_at, UTC), fees.UPFRONT_MONTHS))


def renewal_at(doc: dict[str, Any]) -> float:
    return parse(doc["nextRenewalOrExpirationDate"]).timestamp()


def following_renewal(doc: dict[str, Any]) -> datetime:
    """The renewal a month after the campaign's current one, counted from its ``createDate``."""
    created, current = parse(doc["createDate"]), parse(doc["nextRenewalOrExpirationDate"])
    months = (current.year - created.year) * 12 + current.month - created.month
    return add_months(created, months + 1)


# --- the step ------------------------------------------------------------------------------------------------


def schedule(context: Context, doc: dict[str, Any], from_time: float) -> None:
    """Schedule the renewal at the campaign's date, ``from_time`` being the scheduler's now (a step's due time
    inside a step, the clock's now elsewhere)."""
    context.scheduler.schedule(STEP, doc["campaignId"], renewal_at(doc) - from_time)


def renew(context: Context, record: lifecycle.CampaignRecord, at: float) -> None:
    """Play the renewal at sandbox time ``at``: bill the month and move the date on, or expire."""
    doc = record.doc
    charges = fees.campaign_renewal(doc)
    if doc.get("autoRenewal") is False:
        expire(context, record, NOT_RENEWED)
        return
    if not account.can_pay(context, charges):
        balance, fee = wire(account.balance(context)), wire(fees.total(charges))
        expire(context, record, UNPAID.format(tcr="{tcr}", balance=balance, fee=fee))
        return
    doc["nextRenewalOrExpirationDate"] = naive_iso(following_renewal(doc))
    if charges:  # a mock campaign renews free, and TCR sends no CAMPAIGN_BILLED for it
        account.campaign_charge(context, charges, doc, at)
        doc["billedDate"] = context.clock.naive_iso(at)
        url, failover = doc.get("webhookURL"), doc.get("webhookFailoverURL")
        context.webhooks.emit(lifecycle.EVENT_TYPE, _billed(record, charges), url, failover)
    lifecycle.save_campaign(context, record)
    schedule(context, doc, at)


def _billed(record: lifecycle.CampaignRecord, charges: list[fees.Charge]) -> dict[str, Any]:
    """The ``CAMPAIGN_BILLED`` payload: a ``TCR_EVENT`` with the documented description and status."""
    doc = record.doc
    date, amount = doc["nextRenewalOrExpirationDate"], wire(fees.total(charges))
    return {
        "campaignId": record.campaign_id,
        "type": "TCR_EVENT",
        "eventType": "CAMPAIGN_BILLED",
        "description": BILLED.format(tcr=doc.get("tcrCampaignId"), amount=amount, date=date),
        "status": "success",
    }


def expire(context: Context, record: lifecycle.CampaignRecord, description: str) -> None:
    """End the campaign at its renewal date; ``description`` (with ``{tcr}``) explains ``CAMPAIGN_EXPIRED``."""
    outcome = lifecycle.Outcome(tcr_event=lifecycle.TcrEvent("CAMPAIGN_EXPIRED", description))
    lifecycle.deactivate(context, record, outcome)


def _renewal_step(context: Context, campaign_id: str, data: dict[str, Any]) -> None:
    record = lifecycle.load_campaign(context, campaign_id)
    # A deactivated campaign is never billed again.
    if record is not None and not record.is_deactivated:
        renew(context, record, renewal_at(record.doc))


STEPS = {STEP: _renewal_step}


# --- control plane -------------------------------------------------------------------------------------------


def _active_campaign(context: Context, campaign_id: str) -> lifecycle.CampaignRecord:
    record = lifecycle.require_campaign(context, campaign_id)
    if record.is_deactivated:
        raise bad_request("Campaign is deactivated; it is no longer billed.")
    return record


def force_billing(context: Context, request: Request, campaignId: str) -> Response:
    """``POST /sandbox/campaigns/{campaignId}/bill``: the renewal due next, played now."""
    with context.store.transaction():
        record = _active_campaign(context, campaignId)
        context.scheduler.cancel(campaignId, (STEP,))
        renew(context, record, context.clock.now())
    return json_response(record.doc)


def force_expiry(context: Context, request: Request, campaignId: str) -> Response:
    """``POST /sandbox/campaigns/{campaignId}/expire``: the campaign expires now, as at a date not renewed."""
    with context.store.transaction():
        record = _active_campaign(context, campaignId)
        record.doc["nextRenewalOrExpirationDate"] = context.clock.naive_iso()
        expire(context, record, FORCED)
    return json_response(record.doc)


CONTROL_ROUTES = [
    Rule("/campaigns/<campaignId>/bill", endpoint=force_billing, methods=["POST"]),
    Rule("/campaigns/<campaignId>/expire", endpoint=force_expiry, methods=["POST"]),
]
