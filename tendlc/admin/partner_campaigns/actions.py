"""The object actions on a partner campaign's page (``tendlc.admin.object_actions``): read it again from the
API (anyone who sees it) and change its webhook URLs (``change_partnercampaign``, compliance admins; the
service checks it again)."""

from typing import Any

from django.contrib import messages
from django.http import QueryDict

from tendlc.admin.object_actions import Done, ObjectAction, has_perm, may_view
from tendlc.client import TenDLCClient
from tendlc.forms.partner_campaigns import PartnerCampaignWebhooksForm
from tendlc.models import PartnerCampaign
from tendlc.services.audit import User
from tendlc.services.partner_campaigns import (
    CHANGE_PERMISSION,
    partner_campaign_refresh,
    partner_campaign_webhooks_update,
)


def refresh(partner_campaign: PartnerCampaign, *, user: User, client: TenDLCClient) -> Done:
    """Read the campaign and its sharing status from the API again (a POST: it writes the mirror)."""
    refreshed = partner_campaign_refresh(partner_campaign=partner_campaign, user=user, client=client)
    if refreshed.remote_deleted_at is not None:
        return Done(
            f"{partner_campaign.tcr_campaign_id} is no longer shared with us: marked gone.", messages.WARNING
        )
    return Done(f"{partner_campaign.tcr_campaign_id} read again from the API.")


def webhooks_form(
    data: QueryDict | None, partner_campaign: PartnerCampaign, client: TenDLCClient
) -> PartnerCampaignWebhooksForm:
    if data is not None:
        return PartnerCampaignWebhooksForm(data)
    return PartnerCampaignWebhooksForm(
        initial={
            "webhook_url": partner_campaign.webhook_url,
            "webhook_failover_url": partner_campaign.webhook_failover_url,
        }
    )


def webhooks_update(
    partner_campaign: PartnerCampaign,
    *,
    user: User,
    client: TenDLCClient,
    webhook_url: str,
    webhook_failover_url: str,
) -> str:
    partner_campaign_webhooks_update(
        partner_campaign=partner_campaign,
        webhook_url=webhook_url,
        webhook_failover_url=webhook_failover_url,
        user=user,
        client=client,
    )
    return f"Webhook URLs of {partner_campaign.tcr_campaign_id} updated."


def webhooks_page(partner_campaign: PartnerCampaign) -> dict[str, Any]:
    return {"title": f"Webhook URLs of {partner_campaign.tcr_campaign_id}", "submit": "Save URLs"}


def is_shared(partner_campaign: PartnerCampaign) -> bool:
    return partner_campaign.remote_deleted_at is None


ACTIONS = (
    ObjectAction("refresh", "Read again from the API", refresh, may_view),
    ObjectAction(
        "webhooks",
        "Update webhook URLs",
        webhooks_update,
        has_perm(CHANGE_PERMISSION),
        applies=is_shared,
        form=webhooks_form,
        template="admin/tendlc/partner_campaigns/form_page.html",
        context=webhooks_page,
    ),
)
