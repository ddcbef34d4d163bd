"""The object actions on a campaign's page (``tendlc.admin.object_actions``): refresh from the API, check
compliance, appeal (admins, rejected campaigns only) and deactivate (admins, after a confirmation page).

The view checks each permission on every request, so a hidden button is never the only guard; the services
check the admin-only rules again.
"""

from typing import Any

from django.contrib import messages
from django.http import QueryDict

from tendlc.admin.object_actions import Done, ObjectAction, has_perm, may_change
from tendlc.client import TenDLCClient
from tendlc.forms.campaigns import AppealForm
from tendlc.models import Campaign
from tendlc.services.audit import User
from tendlc.services.campaign_actions import (
    APPEAL_PERMISSION,
    DEACTIVATE_PERMISSION,
    campaign_appeal,
    campaign_deactivate,
    campaign_is_active,
    campaign_is_appealable,
    campaign_reload,
)
from tendlc.services.compliance import campaign_compliance_check

PAGES = "admin/tendlc/campaigns"


def refresh(campaign: Campaign, *, user: User, client: TenDLCClient) -> str:
    refreshed = campaign_reload(campaign=campaign, user=user, client=client)
    return (
        f"Refreshed from the API: {refreshed.campaign_status or 'no status'},"
        f" {refreshed.carriers_written} carrier row(s) updated."
    )


def check_compliance(campaign: Campaign, *, user: User, client: None) -> Done:
    check = campaign_compliance_check(campaign=campaign, user=user)
    return Done(
        f"Compliance checked: {check.error_count} error(s), {check.warning_count} warning(s).",
        messages.WARNING if check.error_count else messages.SUCCESS,
    )


def appeal_form(data: QueryDict | None, campaign: Campaign, client: TenDLCClient) -> AppealForm:
    return AppealForm(data)


def appeal(campaign: Campaign, *, user: User, client: TenDLCClient, appeal_reason: str) -> str:
    campaign_appeal(campaign=campaign, reason=appeal_reason, user=user, client=client)
    return f"Appeal submitted: the campaign is now {campaign.campaign_status}."


def not_appealable(campaign: Campaign) -> str:
    return (
        "Only a campaign rejected by Telnyx or a carrier (TELNYX_FAILED or MNO_REJECTED) can be appealed;"
        f" this one is {campaign.campaign_status or 'of unknown status'}."
    )


def deactivate(campaign: Campaign, *, user: User, client: TenDLCClient) -> str:
    campaign_deactivate(campaign=campaign, user=user, client=client)
    return f"Campaign {campaign} deactivated."


def deactivation_page(campaign: Campaign) -> dict[str, Any]:
    return {"title": f"Deactivate {campaign}", "numbers": campaign.assignments.count()}


ACTIONS = (
    ObjectAction("refresh", "Refresh from API", refresh, may_change),
    # Reads only what is stored: it works without API settings too.
    ObjectAction(
        "compliance",
        "Check compliance",
        check_compliance,
        has_perm("tendlc.add_compliancecheck"),
        uses_api=False,
    ),
    ObjectAction(
        "appeal",
        "Appeal",
        appeal,
        has_perm(APPEAL_PERMISSION),
        applies=campaign_is_appealable,
        refusal=not_appealable,
        form=appeal_form,
        template=f"{PAGES}/appeal.html",
        context=lambda campaign: {"title": f"Appeal {campaign}"},
    ),
    ObjectAction(
        "deactivate",
        "Deactivate",
        deactivate,
        has_perm(DEACTIVATE_PERMISSION),
        applies=campaign_is_active,
        refusal=lambda campaign: "This campaign is already deactivated.",
        confirm=True,
        template=f"{PAGES}/deactivate.html",
        context=deactivation_page,
    ),
)
