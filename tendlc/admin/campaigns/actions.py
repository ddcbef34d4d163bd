"""The object actions on a campaign's page (``tendlc.admin.object_actions``): refresh from the API, check
compliance, check the pages it links to, appeal (admins, rejected campaigns only), reactivate a campaign suspended for dormancy (with its
follow-up: check now, assign the number again) and deactivate (admins, after a confirmation page).

The view checks each permission on every request, so a hidden button is never the only guard; the services
check the admin-only rules again.
"""

from typing import Any

from django.contrib import messages
from django.http import QueryDict
from django.utils.translation import ngettext

from tendlc.admin.object_actions import Done, ObjectAction, has_perm
from tendlc.client import TenDLCClient, TenDLCError
from tendlc.client.errors import APIError
from tendlc.forms.campaigns import AppealForm
from tendlc.forms.reactivations import ReactivationForm
from tendlc.models import Campaign, ReactivationState
from tendlc.selectors.dormancy import campaign_is_dormant
from tendlc.selectors.reactivations import campaign_reactivation_latest
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
from tendlc.services.link_checks import campaign_link_check_start
from tendlc.services.reactivations import (
    campaign_reactivation_assign_again,
    campaign_reactivation_follow,
    campaign_reactivation_start,
)

PAGES = "admin/tendlc/campaigns"
# Reactivating is assigning a number: whoever may assign numbers may bring a dormant campaign back.
ASSIGN_PERMISSION = "tendlc.add_phonenumberassignment"


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


def check_links(campaign: Campaign, *, user: User, client: None) -> Done:
    run = campaign_link_check_start(campaign=campaign, user=user)
    if not run.url_count:
        return Done("The campaign gives no links to check.", messages.WARNING)
    return Done(f"Checking {run.url_count} link(s): the Links panel shows each as it is opened.")


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


def failure_detail(error: TenDLCError | None) -> str:
    """What went wrong with a read, in a few words: the HTTP status and request id, or that none came."""
    if isinstance(error, APIError):
        reference = f", request id {error.request_id}" if error.request_id else ""
        return f"HTTP {error.status}{reference}"
    return "no answer"


def deactivate(campaign: Campaign, *, user: User, client: TenDLCClient) -> Done:
    """Deactivate, then say in counted words what the API lists on the campaign since: nothing is promised
    about the numbers, which Telnyx does not document."""
    done = campaign_deactivate(campaign=campaign, user=user, client=client)
    said = f"Campaign {campaign} deactivated."
    if done.numbers is None:
        return Done(
            f"{said} Its phone numbers could not be read again from the 10DLC API"
            f" ({failure_detail(done.numbers_failure)}): they are shown as last read, and the next sync reads"
            " them again.",
            messages.WARNING,
        )
    listed, dropped = done.numbers.listed, done.numbers.no_longer_listed
    parts = [
        ngettext(
            "The 10DLC API still lists %(count)d number on this campaign.",
            "The 10DLC API still lists %(count)d numbers on this campaign.",
            listed,
        )
        % {"count": listed}
        if listed
        else "The 10DLC API lists no numbers on this campaign."
    ]
    if dropped:
        parts.append(
            ngettext(
                "It no longer lists %(count)d number that was on it here: it is now shown as removed.",
                "It no longer lists %(count)d numbers that were on it here: they are now shown as removed.",
                dropped,
            )
            % {"count": dropped}
        )
    return Done(" ".join([said, *parts]))


def reactivation_form(data: QueryDict | None, campaign: Campaign, client: TenDLCClient) -> ReactivationForm:
    return ReactivationForm(data, campaign=campaign)


def reactivate(
    campaign: Campaign,
    *,
    user: User,
    client: TenDLCClient,
    phone_number: str,
    retry: bool,
) -> str:
    reactivation = campaign_reactivation_start(
        campaign=campaign, phone_number=phone_number, retry=retry, user=user, client=client
    )
    return f"{reactivation.phone_number} was sent to the campaign. {REACTIVATION_FOLLOWED}"


REACTIVATION_FOLLOWED = "Its first assignment fails as expected; this page shows how the campaign comes back."


def not_dormant(campaign: Campaign) -> str:
    return (
        "Only a campaign suspended for dormancy (T-Mobile suspended, no numbers on it) comes back by assigning"
        " a number; this one is not."
    )


def reactivation_under_way(campaign: Campaign) -> bool:
    latest = campaign_reactivation_latest(campaign=campaign)
    return latest is not None and latest.state in (ReactivationState.WAITING, ReactivationState.BACK)


def reactivation_check(campaign: Campaign, *, user: User, client: TenDLCClient) -> Done:
    reactivation = campaign_reactivation_latest(campaign=campaign)
    if reactivation is None:
        return Done("No reactivation to check.", messages.WARNING)
    campaign_reactivation_follow(reactivation=reactivation, client=client)
    return Done(f"{reactivation.get_state_display()}. {reactivation.note}", STATE_LEVELS[reactivation.state])


def reactivation_assign_again(campaign: Campaign, *, user: User, client: TenDLCClient) -> Done:
    reactivation = campaign_reactivation_latest(campaign=campaign)
    if reactivation is None:
        return Done("No reactivation to finish.", messages.WARNING)
    campaign_reactivation_assign_again(reactivation=reactivation, user=user, client=client)
    return Done(reactivation.note, STATE_LEVELS[reactivation.state])


def back_without_number(campaign: Campaign) -> bool:
    latest = campaign_reactivation_latest(campaign=campaign)
    return latest is not None and latest.state == ReactivationState.BACK


STATE_LEVELS: dict[str, int] = {
    ReactivationState.WAITING: messages.INFO,
    ReactivationState.BACK: messages.WARNING,
    ReactivationState.DONE: messages.SUCCESS,
    ReactivationState.STUCK: messages.ERROR,
    ReactivationState.FAILED: messages.ERROR,
}


def deactivation_page(campaign: Campaign) -> dict[str, Any]:
    return {"title": f"Deactivate {campaign}"}


ACTIONS = (
    # A read: offered on a deactivated campaign too, whose page is read-only.
    ObjectAction("refresh", "Refresh from API", refresh, has_perm("tendlc.change_campaign")),
    # Reads only what is stored: it works without API settings too.
    ObjectAction(
        "compliance",
        "Check compliance",
        check_compliance,
        has_perm("tendlc.add_compliancecheck"),
        uses_api=False,
    ),
    # Opens the campaign's pages in a task, not the 10DLC API: it works without API settings too.
    ObjectAction(
        "check-links",
        "Check links",
        check_links,
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
        "reactivate",
        "Reactivate",
        reactivate,
        has_perm(ASSIGN_PERMISSION),
        applies=campaign_is_dormant,
        refusal=not_dormant,
        form=reactivation_form,
        template=f"{PAGES}/reactivate.html",
        context=lambda campaign: {"title": f"Reactivate {campaign}"},
        once=True,
    ),
    ObjectAction(
        "reactivation-check",
        "Check reactivation now",
        reactivation_check,
        has_perm(ASSIGN_PERMISSION),
        applies=reactivation_under_way,
        refusal=lambda campaign: "No reactivation of this campaign is under way.",
    ),
    ObjectAction(
        "reactivation-assign-again",
        "Assign the number again",
        reactivation_assign_again,
        has_perm(ASSIGN_PERMISSION),
        applies=back_without_number,
        refusal=lambda campaign: "The campaign is not back without its number: nothing to assign again.",
        once=True,
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
