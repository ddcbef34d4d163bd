"""What a record needs next, in one or two plain sentences for the summary at the top of its page.

This module owns the decision, one table per kind of record, read top to bottom, the first row that matches
answering:

| brand                                            | next                                                |
|--------------------------------------------------|-----------------------------------------------------|
| deleted at Telnyx                                | nothing (kept for its history)                      |
| not submitted (Telnyx refused the create)        | correct it and save it to submit it again           |
| registration pending                             | wait for the registry                               |
| registration failed                              | fix what the feedback names, save, revet            |
| sole proprietor, identity not verified           | verify by SMS OTP (enter the PIN once one is sent)  |
| public company, identity not verified            | the business contact answers the verification mail |
| other, identity unverified                       | fix what the feedback names and revet, or vet it    |
| no campaign yet                                  | build a campaign                                    |
| otherwise                                        | nothing                                             |

| campaign                                         | next                                                |
|--------------------------------------------------|-----------------------------------------------------|
| deactivated, expired or deleted at Telnyx        | nothing; build a new campaign to send again         |
| rejected by Telnyx or a carrier                  | fix what the rejection names, then appeal           |
| rejected by TCR                                  | build a new campaign (no appeal)                    |
| suspended for dormancy (T-Mobile, no numbers)    | reactivate it (Reactivate assigns a number)         |
| suspended by TCR                                 | ask Telnyx support                                  |
| provisioning failed                              | refresh it; ask Telnyx support if it stays failed   |
| in review, taking numbers, none assigned         | assign numbers (live once provisioned)              |
| in review                                        | wait for the review                                 |
| provisioned, no number                           | assign numbers                                      |
| otherwise                                        | nothing                                             |

A partner's campaign: sharing pending, accept it; declined or gone, nothing; accepted and taking numbers with
none here, assign numbers. A number assignment: pending, wait; failed, read the reason and assign or move it
again (or remove it again); removed or assigned, nothing.

The sentences name the page's buttons and tabs as the user sees them; who may press a button is the page's
business (a refusal names the role).
"""

from tendlc.choices import (
    APPEALABLE_CAMPAIGN_STATUSES,
    AssignmentStatus,
    BrandStatus,
    CampaignActivity,
    CampaignStatus,
    EntityType,
    OperationStatus,
    OtpDeliveryStatus,
    SharingStatus,
)
from tendlc.compliance.terms import VERIFIED_IDENTITIES
from tendlc.models import Brand, Campaign, PartnerCampaign, PhoneNumberAssignment
from tendlc.selectors.campaigns import NUMBER_TAKING_STATUSES
from tendlc.selectors.dormancy import campaign_is_dormant

NOTHING = "Nothing needs doing now."
# A PIN sent and not yet failed or expired is waiting to be typed in.
PIN_WAITING = (OtpDeliveryStatus.PENDING, OtpDeliveryStatus.DELIVERED_HANDSET)
IN_REVIEW = (
    CampaignStatus.TCR_PENDING,
    CampaignStatus.TCR_ACCEPTED,
    CampaignStatus.TELNYX_ACCEPTED,
    CampaignStatus.MNO_PENDING,
    CampaignStatus.MNO_ACCEPTED,
)


def brand_next_steps(*, brand: Brand) -> list[str]:
    if brand.remote_deleted_at is not None:
        return ["Nothing: Telnyx deleted this brand; its record is kept for its history."]
    if not brand.is_submitted:
        return ["Correct the brand and save it: saving submits it to Telnyx again."]
    if brand.status == BrandStatus.REGISTRATION_PENDING:
        return ["Wait for the registry to register the brand: its status arrives by itself."]
    if brand.status == BrandStatus.REGISTRATION_FAILED:
        return ["Fix what the registry feedback names, save the brand, then ask for a revet."]
    if brand.identity_status not in VERIFIED_IDENTITIES:
        return _identity_steps(brand)
    if not brand.campaigns.exists():
        return ["Build a campaign for this brand: it is registered and verified."]
    return [NOTHING]


def _identity_steps(brand: Brand) -> list[str]:
    if brand.entity_type == EntityType.SOLE_PROPRIETOR:
        otp = brand.sms_otps.order_by("-recorded_at", "-pk").first()
        if otp is not None and otp.delivery_status in PIN_WAITING:
            return ["Verify the brand by SMS OTP: enter the PIN sent to its mobile phone (Enter PIN)."]
        return ["Verify the brand by SMS OTP: send a PIN to its mobile phone (Send SMS OTP), then enter it."]
    if brand.entity_type == EntityType.PUBLIC_PROFIT:
        return [
            "Ask the business contact to answer the verification e-mail; resend it if it was lost"
            " (Resend 2FA e-mail)."
        ]
    return [
        "Verify the brand's identity: fix what the registry feedback names and ask for a revet,"
        " or order an external vetting."
    ]


def campaign_next_steps(*, campaign: Campaign) -> list[str]:
    status = campaign.campaign_status
    if campaign.status == CampaignActivity.EXPIRED or campaign.remote_deleted_at is not None:
        return ["Nothing: the campaign no longer runs. Build a new campaign to send again."]
    if status in APPEALABLE_CAMPAIGN_STATUSES:
        return [_rejection(campaign), "Fix the campaign as the rejection asks, then appeal it (Appeal)."]
    if status == CampaignStatus.TCR_FAILED:
        return ["The registry rejected the campaign, which cannot be appealed: build a new one, fixed."]
    if status == CampaignStatus.TCR_SUSPENDED and campaign_is_dormant(campaign):
        return [
            "Telnyx suspended the campaign for dormancy (no numbers for 15 days): bring it back with"
            " Reactivate, which assigns it a number."
        ]
    if status == CampaignStatus.TCR_SUSPENDED:
        return ["The registry suspended the campaign: ask Telnyx support why and what it needs."]
    if status == CampaignStatus.MNO_PROVISIONING_FAILED:
        return ["Refresh the campaign from the API; if provisioning still failed, ask Telnyx support."]
    suspending = _suspending_carriers(campaign)
    if suspending:
        return [
            f"Suspended by {', '.join(suspending)}: its messages there are blocked. The Timeline tab says why,"
            " in the carrier's words; fix what it names, then ask Telnyx support to have the suspension lifted."
        ]
    rejecting = _carriers_with(campaign, OperationStatus.REJECTED)
    if rejecting:
        # The others may carry it, but numbers assigned now send nothing through these carriers.
        return [
            f'Rejected by {", ".join(rejecting)}: its messages there are blocked. "Why it was rejected" above'
            " says what to change; then send it back with Fix and resubmit."
        ]
    has_numbers = campaign.assignments.filter(remote_deleted_at=None).exists()
    if status in IN_REVIEW:
        waiting = "Wait for the review: the registry and the carriers report by themselves."
        if status in NUMBER_TAKING_STATUSES and not has_numbers:
            return [waiting, "Assign numbers now: they go live once the carriers provision the campaign."]
        return [waiting]
    if status == CampaignStatus.MNO_PROVISIONED and not has_numbers:
        return ["Assign numbers to the campaign: it is provisioned and has none."]
    return [NOTHING]


def _suspending_carriers(campaign: Campaign) -> list[str]:
    """The carriers suspending the campaign (T-Mobile by its flag too, which a campaign read carries before
    the carriers are read)."""
    carriers = _carriers_with(campaign, OperationStatus.SUSPENDED)
    if campaign.is_t_mobile_suspended and not any("T-Mobile" in carrier for carrier in carriers):
        carriers.append("T-Mobile")
    return carriers


def _carriers_with(campaign: Campaign, operation_status: str) -> list[str]:
    return [
        row.mno or str(row.network_id)
        for row in campaign.mno_statuses.all()
        if row.operation_status == operation_status
    ]


def _rejection(campaign: Campaign) -> str:
    if campaign.campaign_status == CampaignStatus.TELNYX_FAILED:
        return "Telnyx rejected the campaign."
    carriers = _carriers_with(campaign, OperationStatus.REJECTED)
    return f"Rejected by {', '.join(carriers)}." if carriers else "A carrier rejected the campaign."


def partner_campaign_next_steps(*, campaign: PartnerCampaign) -> list[str]:
    if campaign.remote_deleted_at is not None:
        return ["Nothing: the partner's campaign is gone from Telnyx."]
    if campaign.sharing_status == SharingStatus.PENDING:
        return ["Accept the sharing (Accept sharing): then numbers can be assigned to the campaign."]
    if campaign.sharing_status == SharingStatus.DECLINED:
        return ["Nothing: the sharing was declined."]
    taking = campaign.campaign_status in NUMBER_TAKING_STATUSES
    if taking and not campaign.assignments.filter(remote_deleted_at=None).exists():
        return ["Assign numbers to the campaign: it takes numbers and has none here."]
    return [NOTHING]


def assignment_next_steps(*, assignment: PhoneNumberAssignment) -> list[str]:
    status = assignment.assignment_status
    if assignment.remote_deleted_at is not None:
        return ["Nothing: the number was removed. Assign it again from the list if it should send."]
    if status == AssignmentStatus.PENDING_ASSIGNMENT:
        return ["Wait: Telnyx is assigning the number; its status arrives by itself."]
    if status == AssignmentStatus.PENDING_UNASSIGNMENT:
        return ["Wait: Telnyx is removing the number from its campaign; its status arrives by itself."]
    if status == AssignmentStatus.FAILED_ASSIGNMENT:
        return [
            "Read why the assignment failed, then move the number to a campaign that takes numbers"
            " or assign it again."
        ]
    if status == AssignmentStatus.FAILED_UNASSIGNMENT:
        return ["Remove the number again (Remove); if it fails again, ask Telnyx support."]
    return [NOTHING]
