"""What staff and admins do to a campaign after submission: update what may change (C5), deactivate it (C6),
appeal a rejection (C7), refresh it from the API, and read its OSR attributes and sharing status (C10, C11).

Deactivating and appealing are for Compliance admins; the rule is enforced here as well as in the views, so no
other caller can skip it. After a change the campaign is read again rather than patched from the answer: a
deactivation answers only ``{time, message}``, and an appeal moves the campaign's status.

Telnyx does not document what a deactivation does to the campaign's numbers, so after one the numbers are
read again too (``tendlc.services.sync.campaign_numbers_read``) and the rows here show what the API lists.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tendlc.choices import APPEALABLE_CAMPAIGN_STATUSES, CampaignActivity, CampaignStatus
from tendlc.client import TenDLCClient, TenDLCError
from tendlc.client.fields import SNAKE_BY_WIRE
from tendlc.mapping.convert import parse_datetime
from tendlc.mapping.records import campaign_values
from tendlc.models import Campaign, CampaignAppeal
from tendlc.models.campaign_content import CAMPAIGN_UPDATABLE_FIELDS
from tendlc.services.audit import User, audited, user_may, user_recorded
from tendlc.services.campaigns import CampaignRefresh, campaign_refresh
from tendlc.services.charges import charges_record_for_appeal, charges_record_for_resubmission
from tendlc.services.errors import WorkflowError
from tendlc.services.mirror import remote_record_update
from tendlc.services.sync import CampaignNumbers, campaign_numbers_read

APPEAL_PERMISSION = "tendlc.appeal_campaign"
DEACTIVATE_PERMISSION = "tendlc.deactivate_campaign"


@dataclass(frozen=True)
class CampaignRegistryView:
    """What the registry and our partners see of a campaign, read on demand (nothing stores it)."""

    osr_attributes: dict[str, Any] = field(default_factory=dict)
    shared_by_me: dict[str, Any] = field(default_factory=dict)
    shared_with_me: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class CampaignDeactivation:
    """A deactivation done, and what the API lists on the campaign since: None when the numbers could not be
    read again (``numbers_failure`` says why), which leaves them to the next sync."""

    campaign: Campaign
    numbers: CampaignNumbers | None
    numbers_failure: TenDLCError | None = None


def campaign_is_appealable(campaign: Campaign) -> bool:
    return campaign.campaign_status in APPEALABLE_CAMPAIGN_STATUSES


def campaign_is_active(campaign: Campaign) -> bool:
    return campaign.status != CampaignActivity.EXPIRED and campaign.remote_deleted_at is None


def campaign_change_refusal(campaign: Campaign) -> str:
    """Why ``campaign`` can no longer be changed (C5), or "" while it can."""
    if campaign.remote_deleted_at is not None:
        return "The 10DLC API no longer knows this campaign: it can no longer be changed."
    if campaign.status == CampaignActivity.EXPIRED:
        return "This campaign is deactivated: it can no longer be changed."
    return ""


def _campaign_reread(campaign: Campaign, client: TenDLCClient) -> bool:
    """Read the campaign again after a change; False when the read failed. The change itself was made, so a
    failed read is not the action's failure: the next refresh, sync or webhook brings the new status."""
    try:
        payload = client.messaging_10dlc.campaign.retrieve(campaign.campaign_id).raw
    except TenDLCError:
        return False
    remote_record_update(campaign, campaign_values(payload), payload)
    return True


def campaign_update(
    *, campaign: Campaign, values: Mapping[str, Any], user: User, client: TenDLCClient
) -> Campaign:
    """Send the updatable fields (C5) that differ from the stored campaign; other names in ``values`` are
    ignored, so a posted read-only field changes nothing. An unset flag (None) is not sent."""
    changes = {
        name: values[name]
        for name in CAMPAIGN_UPDATABLE_FIELDS
        if name in values and values[name] is not None and values[name] != getattr(campaign, name)
    }
    status_before = campaign.campaign_status
    with audited(user=user, action="campaign.update", target=campaign, summary=changes):
        refusal = campaign_change_refusal(campaign)
        if refusal:
            raise WorkflowError(refusal)
        if changes:
            answer = client.messaging_10dlc.campaign.update(campaign.campaign_id, **changes)
            remote_record_update(campaign, campaign_values(answer.raw), answer.raw)
    # Any change to a campaign Telnyx rejected sends it back to review, which Telnyx charges again.
    if changes and status_before == CampaignStatus.TELNYX_FAILED:
        charges_record_for_resubmission(campaign=campaign, user=user, at=timezone.now())
    return campaign


def campaign_deactivate(*, campaign: Campaign, user: User, client: TenDLCClient) -> CampaignDeactivation:
    """Deactivate the campaign (C6, irreversible): Compliance admins only. The campaign and its numbers are
    read again; a failed read after the deactivation is answered, not raised, since the deactivation stands."""
    with audited(
        user=user,
        action="campaign.deactivate",
        target=campaign,
        summary={"campaign_id": campaign.campaign_id},
    ) as audit:
        if not user_may(user, DEACTIVATE_PERMISSION):
            raise PermissionDenied("Only a Compliance admin may deactivate a campaign.")
        if not campaign_is_active(campaign):
            raise WorkflowError("This campaign is already deactivated.")
        answer = client.messaging_10dlc.campaign.deactivate(campaign.campaign_id)
        audit.summary["answer"] = answer.message or ""
        audit.summary["reread"] = _campaign_reread(campaign, client)
        numbers: CampaignNumbers | None = None
        failure: TenDLCError | None = None
        try:
            numbers = campaign_numbers_read(campaign=campaign, client=client)
        except TenDLCError as error:
            failure = error
        audit.summary["numbers"] = (
            {"listed": numbers.listed, "no_longer_listed": numbers.no_longer_listed} if numbers else None
        )
    return CampaignDeactivation(campaign, numbers, failure)


def campaign_appeal(*, campaign: Campaign, reason: str, user: User, client: TenDLCClient) -> CampaignAppeal:
    """Appeal a rejection (C7): Compliance admins only, for a campaign Telnyx or a carrier rejected
    (TELNYX_FAILED, MNO_REJECTED), with the reason written down."""
    status_before = campaign.campaign_status
    with audited(
        user=user,
        action="campaign.appeal",
        target=campaign,
        summary={"appeal_reason": reason, "status_before": status_before},
    ) as audit:
        if not user_may(user, APPEAL_PERMISSION):
            raise PermissionDenied("Only a Compliance admin may appeal a campaign.")
        if not campaign_is_appealable(campaign):
            raise WorkflowError(
                "Only a campaign rejected by Telnyx or a carrier (TELNYX_FAILED or MNO_REJECTED) can be"
                f" appealed; this one is {status_before or 'of unknown status'}."
            )
        if not reason.strip():
            raise WorkflowError(
                "Say what changed and why the campaign should pass now.", field="appeal_reason"
            )
        answer = client.messaging_10dlc.campaign.submit_appeal(
            campaign.campaign_id, appeal_reason=reason.strip()
        )
        with transaction.atomic():
            appeal = CampaignAppeal.objects.create(
                campaign=campaign,
                appeal_reason=reason.strip(),
                appealed_at=parse_datetime(answer.appealed_at) or timezone.now(),
                status_before=status_before,
                requested_by=user_recorded(user),
            )
        audit.summary["reread"] = _campaign_reread(campaign, client)
    charges_record_for_appeal(appeal=appeal, user=user)
    return appeal


def campaign_reload(*, campaign: Campaign, user: User, client: TenDLCClient) -> CampaignRefresh:
    """Refresh the campaign and its carriers' view from the API, on a person's request."""
    with audited(user=user, action="campaign.refresh", target=campaign) as audit:
        refreshed = campaign_refresh(campaign=campaign, client=client)
        audit.summary = {
            "campaign_status": refreshed.campaign_status,
            "fields_written": refreshed.campaign_fields_written,
            "carriers_written": refreshed.carriers_written,
        }
    return refreshed


def campaign_registry_view(*, campaign: Campaign, client: TenDLCClient) -> CampaignRegistryView:
    """The campaign's OSR attributes (C10) and sharing status (C11), as the API says them now."""
    resource = client.messaging_10dlc.campaign
    osr = resource.osr.get_attributes(campaign.campaign_id)
    sharing = resource.get_sharing_status(campaign.campaign_id)
    return CampaignRegistryView(
        osr_attributes=dict(osr.raw),
        shared_by_me=_sharing_values(sharing.shared_by_me),
        shared_with_me=_sharing_values(sharing.shared_with_me),
    )


def _sharing_values(status: Any) -> dict[str, Any]:
    if status is None:
        return {}
    return {SNAKE_BY_WIRE.get(wire, wire): value for wire, value in status.raw.items()}
