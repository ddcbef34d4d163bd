"""Bringing back a campaign Telnyx suspended for dormancy, and following it until it is back.

Telnyx's way back (10dlc-estate-life.md, SUSP): assign a number; that first assignment fails and starts the
reactivation; retry it after about a minute, then ten minutes, then an hour. The follow-up reads the
campaign, its carriers and the number again on that schedule:

| the campaign   | the number                         | then                                              |
|----------------|------------------------------------|---------------------------------------------------|
| still suspended| any                                | check again at the next delay; STUCK after the last |
| provisioned    | assigned, or pending after a retry | DONE                                              |
| provisioned    | first assignment still pending     | check again: it may yet fail                      |
| provisioned    | failed or gone, retry asked        | assign again (audited, as the person who asked): DONE, or FAILED with the refusal |
| provisioned    | failed or gone, no retry asked     | BACK: the page offers to assign it again          |
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from tendlc.choices import AssignmentStatus, CampaignStatus
from tendlc.client import NotFoundError, TenDLCClient, TenDLCError
from tendlc.mapping.records import phone_number_assignment_values
from tendlc.models import Campaign, CampaignReactivation, PhoneNumberAssignment, ReactivationState
from tendlc.selectors.dormancy import campaign_is_dormant
from tendlc.services.audit import User, audited, error_text, user_recorded
from tendlc.services.campaigns import campaign_refresh
from tendlc.services.errors import WorkflowError
from tendlc.services.mirror import remote_record_gone, remote_record_update
from tendlc.services.numbers import number_assign

# Telnyx: retry after about 1 minute, then 10 minutes, then an hour. The first check leaves the minute some
# slack; each later one is that long after the one before.
FOLLOW_UP_DELAYS = (timedelta(seconds=90), timedelta(minutes=10), timedelta(hours=1))
ON_CAMPAIGN = (AssignmentStatus.ASSIGNED, AssignmentStatus.PENDING_ASSIGNMENT)


def campaign_reactivation_start(
    *, campaign: Campaign, phone_number: str, retry: bool, user: User, client: TenDLCClient
) -> CampaignReactivation:
    """Assign ``phone_number`` to the dormant ``campaign`` through the assignment service (audited there
    too), record the reactivation and schedule its follow-up."""
    with audited(
        user=user,
        action="campaign.reactivate",
        target=campaign,
        summary={"phone_number": phone_number, "retry": retry},
    ) as audit:
        if not campaign_is_dormant(campaign):
            raise WorkflowError(
                f"Campaign {campaign} is not suspended for dormancy: assigning a number would not bring it back."
            )
        assignment = number_assign(
            phone_number=phone_number, campaign_id=campaign.campaign_id, user=user, client=client
        )
        reactivation = CampaignReactivation.objects.create(
            campaign=campaign,
            phone_number=assignment.phone_number,
            retry=retry,
            requested_by=user_recorded(user),
            next_check_at=timezone.now() + FOLLOW_UP_DELAYS[0],
            note=(
                f"{assignment.phone_number} was sent to the campaign. Telnyx fails this first assignment and"
                " starts bringing the campaign back; the portal checks again in about 90 seconds."
            ),
        )
        audit.summary["reactivation"] = reactivation.pk
        _follow_up_schedule(reactivation, FOLLOW_UP_DELAYS[0])
    return reactivation


def campaign_reactivation_follow(*, reactivation: CampaignReactivation, client: TenDLCClient) -> None:
    """Read the campaign, its carriers and the number again, and move the reactivation on (the table above).
    A reactivation already over is left as it is."""
    if reactivation.state not in (ReactivationState.WAITING, ReactivationState.BACK):
        return
    campaign = reactivation.campaign
    campaign_refresh(campaign=campaign, client=client)
    assignment = _number_read(reactivation.phone_number, client)
    reactivation.checks += 1
    reactivation.checked_at = timezone.now()
    reactivation.next_check_at = None
    number = reactivation.phone_number
    status = _status_on(assignment, campaign)
    if campaign.campaign_status != CampaignStatus.MNO_PROVISIONED:
        if reactivation.checks < len(FOLLOW_UP_DELAYS):
            delay = FOLLOW_UP_DELAYS[reactivation.checks]
            reactivation.next_check_at = reactivation.checked_at + delay
            reactivation.note = (
                f"The campaign is still suspended; the portal checks again in {_words(delay)}."
            )
            _follow_up_schedule(reactivation, delay)
        else:
            reactivation.state = ReactivationState.STUCK
            reactivation.note = (
                "The campaign is still suspended an hour after the number was assigned: ask Telnyx support."
            )
    elif status == AssignmentStatus.ASSIGNED or (
        status == AssignmentStatus.PENDING_ASSIGNMENT and reactivation.retried_at
    ):
        reactivation.state = ReactivationState.DONE
        reactivation.note = (
            f"The campaign is provisioned again and {number} is on it ({status.label.lower()})."
        )
    elif status == AssignmentStatus.PENDING_ASSIGNMENT:
        delay = FOLLOW_UP_DELAYS[min(reactivation.checks, len(FOLLOW_UP_DELAYS) - 1)]
        reactivation.next_check_at = reactivation.checked_at + delay
        reactivation.note = (
            f"The campaign is provisioned again; {number}'s first assignment has not finished yet. The portal"
            f" checks again in {_words(delay)}."
        )
        _follow_up_schedule(reactivation, delay)
    elif reactivation.retry:
        _assign_again(reactivation, user=reactivation.requested_by, client=client)
    else:
        reactivation.state = ReactivationState.BACK
        reactivation.note = (
            f"The campaign is provisioned again. {number}'s first assignment failed, as Telnyx said it would:"
            " assign it again."
        )
    reactivation.save()


def campaign_reactivation_assign_again(
    *, reactivation: CampaignReactivation, user: User, client: TenDLCClient
) -> CampaignReactivation:
    """The person's own retry, for a reactivation whose campaign is back without its number."""
    if reactivation.state != ReactivationState.BACK:
        raise WorkflowError("The campaign is not back without its number: nothing to assign again.")
    _assign_again(reactivation, user=user, client=client)
    reactivation.save()
    return reactivation


def _assign_again(reactivation: CampaignReactivation, *, user: User, client: TenDLCClient) -> None:
    number = reactivation.phone_number
    try:
        number_assign(
            phone_number=number, campaign_id=reactivation.campaign.campaign_id, user=user, client=client
        )
    except (WorkflowError, TenDLCError) as error:
        reactivation.state = ReactivationState.FAILED
        reactivation.note = f"The campaign is provisioned again, but assigning {number} again was refused: {error_text(error)}"
        return
    reactivation.retried_at = timezone.now()
    reactivation.state = ReactivationState.DONE
    reactivation.note = f"The campaign is provisioned again and {number} was assigned to it again."


def _number_read(phone_number: str, client: TenDLCClient) -> PhoneNumberAssignment | None:
    """The number's assignment as the API has it now, mirrored; None when the API has none."""
    stored = PhoneNumberAssignment.objects.filter(phone_number=phone_number).first()
    try:
        answer = client.messaging_10dlc.phone_number_campaigns.retrieve(phone_number)
    except NotFoundError:
        if stored is not None:
            remote_record_gone(stored)
        return stored
    if stored is None:
        return None
    with transaction.atomic():
        remote_record_update(stored, phone_number_assignment_values(answer.raw), answer.raw)
    return stored


def _status_on(assignment: PhoneNumberAssignment | None, campaign: Campaign) -> AssignmentStatus | None:
    """The number's status on ``campaign``: None when it is gone or on another campaign."""
    if (
        assignment is None
        or assignment.remote_deleted_at is not None
        or assignment.campaign_id != campaign.pk
    ):
        return None
    status = assignment.assignment_status
    return AssignmentStatus(status) if status in AssignmentStatus.values else None


def _words(delay: timedelta) -> str:
    seconds = int(delay.total_seconds())
    if seconds < 120:
        return f"{seconds} seconds"
    if seconds < 7200:
        return f"{seconds // 60} minutes"
    return f"{seconds // 3600} hours"


def _follow_up_schedule(reactivation: CampaignReactivation, delay: timedelta) -> None:
    """Queue the follow-up once the reactivation is stored. A queue that is down loses only the automatic
    check: the campaign's page offers to check now."""
    # Imported here: the task module imports this one.
    from tendlc.tasks.reactivations import follow_campaign_reactivation

    def publish() -> None:
        try:
            follow_campaign_reactivation.apply_async(
                (reactivation.pk,), countdown=delay.total_seconds(), retry=False
            )
        except OperationalError:
            CampaignReactivation.objects.filter(pk=reactivation.pk).update(next_check_at=None)

    transaction.on_commit(publish)
