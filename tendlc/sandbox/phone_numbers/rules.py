"""Whether a number may go on a campaign and how a pending assignment or removal ends: deterministic, pure."""

from collections.abc import Mapping
from typing import Any

from tendlc.sandbox.dormancy.watch import REACTIVATING_REASON
from tendlc.sandbox.phone_numbers.campaign import Campaign

# From TCR acceptance on, a campaign can carry numbers; before it (TCR_PENDING) and in every failed,
# suspended or expired state it cannot.
ACCEPTING_CAMPAIGN_STATUSES = (
    "TCR_ACCEPTED",
    "TELNYX_ACCEPTED",
    "MNO_PENDING",
    "MNO_ACCEPTED",
    "MNO_PROVISIONED",
)
COUNTED_STATUSES = ("ASSIGNED", "PENDING_ASSIGNMENT")
SOLE_PROPRIETOR_USECASE = "SOLE_PROPRIETOR"
# At most 49 numbers on a campaign without a T-Mobile number pool (reference 10dlc-estate-life.md, ASSIGN).
MAX_NUMBERS_WITHOUT_POOL = 49
NOT_US_OR_CANADA = "Only US and Canadian numbers can be assigned"
NOT_IN_ACCOUNT = "Number is not in your account"


def campaign_refusal(campaign: Campaign | None) -> str | None:
    """Why the campaign takes no numbers now, or None."""
    if campaign is None:
        return "The campaign no longer exists."
    if not campaign.accepted:
        return (
            f"Shared campaign {campaign.campaign_id} has not been accepted; accept it first with"
            f" POST /10dlc/campaign/acceptSharing/{campaign.campaign_id}."
        )
    if not campaign.active:
        return f"Campaign {campaign.campaign_id} is deactivated (status EXPIRED) and takes no numbers."
    if campaign.dormant:
        return None
    if campaign.campaign_status not in ACCEPTING_CAMPAIGN_STATUSES:
        return (
            f"Campaign {campaign.campaign_id} is {campaign.campaign_status}; numbers can be assigned once"
            f" it is one of {', '.join(ACCEPTING_CAMPAIGN_STATUSES)}."
        )
    return None


def number_refusal(
    campaign: Campaign, phone_number: str, record: Mapping[str, Any] | None, moving: bool, number_count: int
) -> str | None:
    """Why ``phone_number`` cannot go on ``campaign`` (a move keeps its own record), or None; ``number_count``
    is the campaign's count of numbers now (pending assignments included)."""
    if record is not None and not moving and record["assignmentStatus"] != "FAILED_ASSIGNMENT":
        return (
            f"Phone number {phone_number} is already assigned to campaign {record['campaignId']}"
            f" ({record['assignmentStatus']}); move it with PUT /10dlc/phone_number_campaigns/{phone_number}"
            " or remove it with DELETE first."
        )
    taken = number_count
    if record is not None and counts_on(record, campaign):
        taken -= 1
    if campaign.usecase == SOLE_PROPRIETOR_USECASE and taken >= 1:
        return f"Sole proprietor campaign {campaign.campaign_id} already has its one phone number."
    if not campaign.number_pool and taken >= MAX_NUMBERS_WITHOUT_POOL:
        return (
            f"Campaign {campaign.campaign_id} already has {taken} phone numbers, the most a campaign can have"
            f" without a T-Mobile number pool ({MAX_NUMBERS_WITHOUT_POOL}); submit a campaign with numberPool"
            " true for more numbers, or remove one first."
        )
    return None


def assignment_failure(
    phone_number: str, campaign: Campaign | None, sent_while_dormant: bool = False
) -> str | None:
    """Why a pending assignment ends FAILED_ASSIGNMENT, or None for ASSIGNED; one sent to a dormant campaign
    fails however soon its reactivation completes."""
    if not phone_number.startswith("+1"):
        return NOT_US_OR_CANADA
    if phone_number.endswith("0000"):
        return NOT_IN_ACCOUNT
    if campaign is not None and (campaign.dormant or sent_while_dormant):
        return REACTIVATING_REASON.format(campaign_id=campaign.campaign_id)
    return campaign_refusal(campaign)


def unassignment_failure(phone_number: str, retry: bool) -> str | None:
    if phone_number.endswith("9999") and not retry:
        return f"The carriers did not confirm the removal of {phone_number}; retry the deletion."
    return None


def counts_on(record: Mapping[str, Any], campaign: Campaign) -> bool:
    return record["campaignId"] == campaign.campaign_id and record["assignmentStatus"] in COUNTED_STATUSES
