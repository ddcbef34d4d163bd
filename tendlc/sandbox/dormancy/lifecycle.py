"""The dormancy steps and the control route that plays one at once: a campaign goes dormant, and comes back."""

from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.campaign_lifecycle import (
    T_MOBILE,
    CampaignRecord,
    Outcome,
    load_campaign,
    move,
    require_campaign,
)
from tendlc.sandbox.carrier_actions import carrier_event
from tendlc.sandbox.catalog import CARRIERS_BY_ID
from tendlc.sandbox.context import Context
from tendlc.sandbox.dormancy.watch import (
    DORMANT_KEY,
    PROVISIONED_STATUS,
    STEP_CHECK,
    STEP_REACTIVATE,
    SUSPENDED_STATUS,
    can_go_dormant,
    is_dormant,
)
from tendlc.sandbox.http import bad_request, json_response

UNSUSPENDED = "MNO_CAMPAIGN_OPERATION_UNSUSPENDED"
REACTIVATION_REASON = "a number was assigned to the dormant campaign"


def dormancy_refusal(record: CampaignRecord) -> str | None:
    """Why the campaign cannot go dormant now, or None."""
    campaign_id = record.campaign_id
    if not can_go_dormant(record.doc):
        return (
            f"Campaign {campaign_id} is {record.doc.get('campaignStatus')}"
            f"{'' if record.doc.get('isTMobileRegistered') else ' and not registered with T-Mobile'};"
            f" only a {PROVISIONED_STATUS} campaign registered with T-Mobile goes dormant."
        )
    if record.number_count:
        return (
            f"Campaign {campaign_id} has {record.number_count} phone number(s); a campaign goes dormant only"
            " after 15 days with none."
        )
    return None


def suspend(context: Context, record: CampaignRecord) -> None:
    """TCR_SUSPENDED for dormancy: ``isTMobileSuspended`` and the TELNYX_EVENT / DORMANT event follow."""
    context.scheduler.cancel(record.campaign_id, (STEP_CHECK,))
    record.internal[DORMANT_KEY] = True
    move(context, record, SUSPENDED_STATUS)


def check(context: Context, campaign_id: str, data: dict[str, Any]) -> None:
    """Step ``campaign.dormancy_check``: 15 days after provisioning or after the count last dropped to zero."""
    record = load_campaign(context, campaign_id)
    if record is not None and dormancy_refusal(record) is None:
        suspend(context, record)


def reactivate(context: Context, campaign_id: str, data: dict[str, Any]) -> None:
    """Step ``campaign.reactivate``: a minute after the first assignment to the dormant campaign, T-Mobile
    lifts its suspension and the campaign is MNO_PROVISIONED again."""
    record = load_campaign(context, campaign_id)
    if record is None or record.is_deactivated or not is_dormant(record.doc, record.internal):
        return
    lifted = carrier_event(record, CARRIERS_BY_ID[T_MOBILE], UNSUSPENDED, REACTIVATION_REASON)
    move(context, record, PROVISIONED_STATUS, Outcome(payloads=(lifted,)))


def make_dormant(context: Context, request: Request, campaignId: str) -> Response:
    """``POST /sandbox/campaigns/{campaignId}/dormant``: what the dormancy check does, now."""
    with context.store.transaction():
        record = require_campaign(context, campaignId)
        refusal = dormancy_refusal(record)
        if refusal:
            raise bad_request(refusal)
        suspend(context, record)
    return json_response(record.doc)


STEPS = {STEP_CHECK: check, STEP_REACTIVATE: reactivate}
CONTROL_ROUTES = [Rule("/campaigns/<campaignId>/dormant", endpoint=make_dormant, methods=["POST"])]
