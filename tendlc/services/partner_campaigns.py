"""Campaigns other CSPs share with us: accepting a sharing (C12), changing where their status webhooks go
(S3), and reading one again (S2 with its sharing status, S5).

Accepting and changing webhooks act on the partner's registration as Telnyx holds it, so they are for
compliance admins only (``tendlc.change_partnercampaign``), checked here as well as in the admin. A pending
sharing is not in the API's list of partner campaigns (S1), so it is accepted by the TCR campaign id the
partner gave, and the campaign is mirrored once accepted.
"""

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tendlc.client import NotFoundError, TenDLCClient
from tendlc.mapping.records import partner_campaign_values, sharing_status_values
from tendlc.models import PartnerCampaign
from tendlc.services.audit import User, audited, user_may
from tendlc.services.errors import WorkflowError
from tendlc.services.mirror import remote_record_gone, remote_record_update

CHANGE_PERMISSION = "tendlc.change_partnercampaign"
# The accept operation's path pattern (reference C12).
TCR_CAMPAIGN_ID = re.compile(r"^C[A-Z0-9]{5,8}$")
# S5's keys are not documented; C11 names the sharing with us "sharedWithMe" (reference §2.5 S5).
SHARED_WITH_ME = "sharedWithMe"


def _require_admin(user: User) -> None:
    if not user_may(user, CHANGE_PERMISSION):
        raise PermissionDenied("Only compliance admins may change partner campaigns.")


def partner_campaign_accept(
    *, tcr_campaign_id: str, user: User, client: TenDLCClient
) -> PartnerCampaign | None:
    """Accept the campaign a partner shared with us under ``tcr_campaign_id`` (C12) and mirror it; None when
    the API does not show the accepted campaign yet (a later sync brings it)."""
    tcr_campaign_id = tcr_campaign_id.strip().upper()
    with audited(
        user=user, action="partner_campaign.accept", summary={"tcr_campaign_id": tcr_campaign_id}
    ) as audit:
        _require_admin(user)
        if not TCR_CAMPAIGN_ID.match(tcr_campaign_id):
            raise WorkflowError(
                "A TCR campaign id is C and 5 to 8 capital letters or digits, e.g. C26F1KLZN.",
                field="tcr_campaign_id",
            )
        audit.target = PartnerCampaign.objects.filter(tcr_campaign_id=tcr_campaign_id).first()
        client.messaging_10dlc.campaign.accept_sharing(tcr_campaign_id)
        accepted = _partner_campaign_read(tcr_campaign_id, client)
        audit.target = accepted or audit.target
    return accepted


def partner_campaign_webhooks_update(
    *,
    partner_campaign: PartnerCampaign,
    webhook_url: str,
    webhook_failover_url: str,
    user: User,
    client: TenDLCClient,
) -> PartnerCampaign:
    """Set where the campaign's status webhooks go (S3); a blank URL clears it."""
    with audited(
        user=user,
        action="partner_campaign.webhooks_update",
        target=partner_campaign,
        summary={"webhook_url": webhook_url, "webhook_failover_url": webhook_failover_url},
    ):
        _require_admin(user)
        answer = client.messaging_10dlc.partner_campaigns.update(
            partner_campaign.tcr_campaign_id,
            webhook_url=webhook_url,
            webhook_failover_url=webhook_failover_url,
        )
        remote_record_update(partner_campaign, partner_campaign_values(answer.raw), answer.raw)
    return partner_campaign


def partner_campaign_refresh(
    *, partner_campaign: PartnerCampaign, user: User, client: TenDLCClient
) -> PartnerCampaign:
    """Read the campaign and its sharing status again; one the API no longer shares is marked gone."""
    with audited(user=user, action="partner_campaign.refresh", target=partner_campaign) as audit:
        refreshed = _partner_campaign_read(partner_campaign.tcr_campaign_id, client)
        audit.summary["found"] = refreshed is not None
    return refreshed or PartnerCampaign.objects.get(pk=partner_campaign.pk)


def _partner_campaign_read(tcr_campaign_id: str, client: TenDLCClient) -> PartnerCampaign | None:
    """Mirror the campaign (S2) and its sharing with us (S5) into its row, made when new. None, and the row
    marked gone, when the API no longer shares it."""
    resource = client.messaging_10dlc.partner_campaigns
    try:
        payload = resource.retrieve(tcr_campaign_id).raw
    except NotFoundError:
        known = PartnerCampaign.objects.filter(tcr_campaign_id=tcr_campaign_id).first()
        if known is not None:
            remote_record_gone(known)
        return None
    try:
        sharing: dict[str, Any] = (
            resource.retrieve_sharing_status(tcr_campaign_id).raw.get(SHARED_WITH_ME) or {}
        )
    except NotFoundError:
        sharing = {}
    values = {**partner_campaign_values(payload), **sharing_status_values(PartnerCampaign, sharing)}
    with transaction.atomic():
        partner, created = PartnerCampaign.objects.select_for_update().get_or_create(
            tcr_campaign_id=tcr_campaign_id,
            defaults={**values, "raw": dict(payload), "synced_at": timezone.now()},
        )
        if not created:
            remote_record_update(partner, values, payload)
    return partner
