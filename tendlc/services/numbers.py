"""Putting phone numbers on campaigns from the admin: one number (N2), the checks of an upload's rows (sent by
``tendlc.services.number_uploads``), every number of a messaging profile (A1, through
``tendlc.services.assignments``), moving a number to another campaign (N4) and removing it (N5).

Each action is audited and mirrors what the API answered onto the number's PhoneNumberAssignment row. Our own
checks come first and refuse at the field concerned: a well-formed number, a campaign that takes numbers, and
not the campaign the number is already on. What only the API knows (a number held by another campaign, not in
the account, a sole proprietor's second number) is the API's to refuse: its message is shown as it is.

A campaign is named as the API names it in ``campaignId``: ours by its Telnyx id, a partner's (shared with us)
by its TCR id. A CSV may also name ours by its TCR id.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from tendlc.choices import AssignmentStatus, CampaignActivity, CampaignStatus, Usecase, label_of
from tendlc.client import APIConnectionError, NotFoundError, TenDLCClient, TenDLCError
from tendlc.client.errors import APIStatusError
from tendlc.compliance.limits import number_limit_problem
from tendlc.mapping.records import phone_number_assignment_values
from tendlc.models import AssignmentTask, Campaign, PartnerCampaign, PhoneNumberAssignment
from tendlc.models.assignments import INVALID
from tendlc.selectors.campaigns import NUMBER_TAKING_STATUSES
from tendlc.selectors.dormancy import campaign_is_dormant
from tendlc.services.assignments import assignment_task_start
from tendlc.services.audit import User, audited
from tendlc.services.errors import WorkflowError
from tendlc.services.mirror import remote_record_gone, remote_record_update
from tendlc.services.number_input import (
    UploadRow,
    phone_number_e164,
)

# A failed assignment no longer holds its number: assigning it again is how it is retried.
HOLDING_STATUSES = tuple(
    status for status in AssignmentStatus.values if status != AssignmentStatus.FAILED_ASSIGNMENT
)

AnyCampaign = Campaign | PartnerCampaign


def campaign_wire_id(campaign: AnyCampaign) -> str:
    """The ``campaignId`` the API knows ``campaign`` by."""
    return campaign.campaign_id if isinstance(campaign, Campaign) else campaign.tcr_campaign_id


def campaign_label(campaign: AnyCampaign) -> str:
    usecase = label_of(Usecase, campaign.usecase)
    if isinstance(campaign, Campaign):
        return (
            f"{campaign.tcr_campaign_id or campaign.campaign_id} ({campaign.brand_display_name or usecase})"
        )
    return f"{campaign.tcr_campaign_id} ({campaign.brand_display_name or usecase}, shared with us)"


def campaigns_named(names: Iterable[str]) -> dict[str, AnyCampaign]:
    """The campaigns ``names`` name, by name: ours by Telnyx or TCR id, a partner's by TCR id. Records gone
    remotely are not found. Two queries, however many names."""
    wanted = {name for name in names if name}
    found: dict[str, AnyCampaign] = {}
    for campaign in Campaign.objects.filter(
        Q(campaign_id__in=wanted) | Q(tcr_campaign_id__in=wanted), remote_deleted_at=None
    ):
        found[campaign.campaign_id] = campaign
        if campaign.tcr_campaign_id in wanted:
            found.setdefault(campaign.tcr_campaign_id, campaign)
    partners = PartnerCampaign.objects.filter(tcr_campaign_id__in=wanted - set(found), remote_deleted_at=None)
    found.update((partner.tcr_campaign_id, partner) for partner in partners)
    return {name: campaign for name, campaign in found.items() if name in wanted}


def campaign_refusal(campaign: AnyCampaign) -> str | None:
    """Why ``campaign`` takes no numbers now, or None."""
    name = campaign.tcr_campaign_id or campaign_wire_id(campaign)
    if isinstance(campaign, Campaign) and campaign.status != CampaignActivity.ACTIVE:
        return f"Campaign {name} is deactivated ({campaign.status or 'no status'}) and takes no numbers."
    if isinstance(campaign, PartnerCampaign) and campaign.sharing_status == "PENDING":
        return f"Shared campaign {name} has not been accepted yet: accept the sharing first."
    if campaign.campaign_status == CampaignStatus.TCR_SUSPENDED and isinstance(campaign, Campaign):
        return None if campaign_is_dormant(campaign) else suspension_refusal(campaign)
    if campaign.campaign_status not in NUMBER_TAKING_STATUSES:
        return (
            f"Campaign {name} is {campaign.campaign_status or 'not yet reviewed'}; it takes numbers once the"
            " registry has accepted it, until it is rejected, suspended or expired."
        )
    return None


def suspension_refusal(campaign: Campaign) -> str:
    """Why a suspended campaign takes no number: only a dormancy suspension is lifted by assigning one."""
    by = "T-Mobile" if campaign.is_t_mobile_suspended else "the registry or a carrier"
    return (
        f"Campaign {campaign.tcr_campaign_id or campaign.campaign_id} is suspended by {by}, not for dormancy"
        " (it still has numbers, or T-Mobile has not suspended it): a number assigned would not bring it back."
        " Read the carriers' reasons on its page, or ask Telnyx support."
    )


def numbers_held(campaign: AnyCampaign) -> int:
    """Numbers on ``campaign`` or on their way to it, as mirrored: one query."""
    return campaign.assignments.filter(remote_deleted_at=None, assignment_status__in=HOLDING_STATUSES).count()


def is_pooled(campaign: AnyCampaign) -> bool:
    if isinstance(campaign, Campaign):
        return bool(campaign.is_t_mobile_number_pooling_enabled)
    return bool(campaign.is_number_pooling_enabled)


def number_limit_refusal(campaign: AnyCampaign, *, adding: int = 1) -> str | None:
    """Why ``adding`` numbers would pass the campaign's limit (``tendlc.compliance.limits``), or None."""
    return number_limit_problem(
        name=campaign.tcr_campaign_id or campaign_wire_id(campaign),
        numbers=numbers_held(campaign),
        adding=adding,
        pooled=is_pooled(campaign),
    )


def _campaign_with_room(campaign: AnyCampaign) -> None:
    refusal = number_limit_refusal(campaign)
    if refusal:
        raise WorkflowError(refusal, field="campaign_id")


def _campaign_to_take_numbers(campaign_id: str) -> AnyCampaign:
    campaign = campaigns_named([campaign_id]).get(campaign_id)
    if campaign is None:
        raise WorkflowError(f"No campaign {campaign_id} is known here.", field="campaign_id")
    refusal = campaign_refusal(campaign)
    if refusal:
        raise WorkflowError(refusal, field="campaign_id")
    return campaign


def _is_on(assignment: PhoneNumberAssignment, campaign: AnyCampaign) -> bool:
    if isinstance(campaign, Campaign):
        return assignment.campaign_id == campaign.pk
    return assignment.campaign_id is None and assignment.partner_campaign_id == campaign.pk


def _holds(assignment: PhoneNumberAssignment | None, campaign: AnyCampaign) -> bool:
    """Whether ``assignment`` (as mirrored) already puts its number on ``campaign``."""
    return (
        assignment is not None
        and assignment.remote_deleted_at is None
        and assignment.assignment_status in HOLDING_STATUSES
        and _is_on(assignment, campaign)
    )


def assignment_write(payload: dict[str, Any], campaign: AnyCampaign) -> PhoneNumberAssignment:
    """Mirror the record the API answered for a number it put on ``campaign``."""
    values = {
        **phone_number_assignment_values(payload),
        "campaign_id": campaign.pk if isinstance(campaign, Campaign) else None,
        "partner_campaign_id": campaign.pk if isinstance(campaign, PartnerCampaign) else None,
    }
    with transaction.atomic():
        assignment, created = PhoneNumberAssignment.objects.select_for_update().get_or_create(
            phone_number=values["phone_number"],
            defaults={**values, "raw": dict(payload), "synced_at": timezone.now()},
        )
        if not created:
            remote_record_update(assignment, values, payload)
    return assignment


def number_assign(
    *, phone_number: str, campaign_id: str, user: User, client: TenDLCClient
) -> PhoneNumberAssignment:
    """Put one number on a campaign (N2); answer its mirrored assignment (PENDING_ASSIGNMENT, as a rule)."""
    with audited(
        user=user, action="number.assign", summary={"phone_number": phone_number, "campaign_id": campaign_id}
    ) as audit:
        try:
            number = phone_number_e164(phone_number)
        except ValueError as error:
            raise WorkflowError(str(error), field="phone_number") from None
        campaign = _campaign_to_take_numbers(campaign_id)
        existing = PhoneNumberAssignment.objects.filter(phone_number=number).first()
        audit.target = existing
        if existing is not None and _holds(existing, campaign):
            raise WorkflowError(
                f"{number} is already on campaign {campaign_label(campaign)} ({existing.assignment_status}).",
                field="phone_number",
            )
        _campaign_with_room(campaign)
        answer = client.messaging_10dlc.phone_number_campaigns.create(
            campaign_id=campaign_wire_id(campaign), phone_number=number
        )
        assignment = assignment_write(answer.raw, campaign)
        audit.target = assignment
    return assignment


def number_assignment_move(
    *, assignment: PhoneNumberAssignment, campaign_id: str, user: User, client: TenDLCClient
) -> PhoneNumberAssignment:
    """Move the number to another campaign (N4); answer the assignment as the API now has it."""
    with audited(
        user=user, action="number.move", target=assignment, summary={"campaign_id": campaign_id}
    ) as audit:
        if assignment.remote_deleted_at is not None:
            raise WorkflowError(
                f"{assignment.phone_number} was removed from its campaign: assign it again instead."
            )
        campaign = _campaign_to_take_numbers(campaign_id)
        if _is_on(assignment, campaign):
            raise WorkflowError(
                f"{assignment.phone_number} is already on campaign {campaign_label(campaign)}.",
                field="campaign_id",
            )
        _campaign_with_room(campaign)
        answer = client.messaging_10dlc.phone_number_campaigns.update(
            assignment.phone_number,
            campaign_id=campaign_wire_id(campaign),
            phone_number=assignment.phone_number,
        )
        moved = assignment_write(answer.raw, campaign)
        audit.target = moved
    return moved


def number_assignment_remove(
    *, assignment: PhoneNumberAssignment, user: User, client: TenDLCClient
) -> PhoneNumberAssignment:
    """Take the number off its campaign (N5). The API answers the record, now PENDING_UNASSIGNMENT, and
    removes it shortly after; one it no longer knows is marked gone here, which is what was asked."""
    with audited(user=user, action="number.remove", target=assignment) as audit:
        if assignment.remote_deleted_at is not None:
            raise WorkflowError(f"{assignment.phone_number} is already removed from its campaign.")
        try:
            answer = client.messaging_10dlc.phone_number_campaigns.delete(assignment.phone_number)
        except NotFoundError:
            remote_record_gone(assignment)
            audit.summary["found"] = False
        else:
            remote_record_update(assignment, phone_number_assignment_values(answer.raw), answer.raw)
    return assignment


def assignment_task_create(
    *, messaging_profile_id: str, campaign_id: str, user: User, client: TenDLCClient
) -> AssignmentTask:
    """Start assigning every number of a messaging profile to a campaign (A1); the task's page follows it."""
    with audited(
        user=user,
        action="assignment_task.start",
        summary={"messaging_profile_id": messaging_profile_id, "campaign_id": campaign_id},
    ) as audit:
        campaign = _campaign_to_take_numbers(campaign_id)
        # How many numbers the profile has is known only to the API: a campaign already full is refused here.
        _campaign_with_room(campaign)
        task = assignment_task_start(
            messaging_profile_id=messaging_profile_id, campaign=campaign, client=client
        )
        audit.target = task
    return task


# --- a task's progress ----------------------------------------------------------------------------------

# A task's page asks every two seconds; the API is asked at most this often per task, whoever is watching.
TASK_POLL_INTERVAL_SECONDS = 5


def assignment_task_poll_due(*, task: AssignmentTask) -> bool:
    """Whether the caller should poll the unfinished ``task`` now; claiming it holds off other callers for
    ``TASK_POLL_INTERVAL_SECONDS``, in every web process that shares the cache (``CACHE_URL``)."""
    if task.is_finished:
        return False
    return cache.add(f"tendlc:assignment-task-poll:{task.task_id}", True, TASK_POLL_INTERVAL_SECONDS)


# --- bulk assignment from a CSV --------------------------------------------------------------------------


@dataclass
class CheckedRow:
    """One upload row on its way through our checks, which refuse it (``outcome``) or find its number and
    campaign (``tendlc.services.number_uploads`` stores it for sending)."""

    row: UploadRow
    number: str = ""
    campaign: AnyCampaign | None = None
    outcome: str = ""
    reason: str = ""

    def refuse(self, outcome: str, reason: str) -> None:
        self.outcome, self.reason = outcome, reason


def upload_rows_check(rows: list[CheckedRow]) -> None:
    """Refuse (INVALID) each row our checks can: its number, its campaign, a number repeated in the file, a
    number already on the campaign named. A number repeated counts against the later rows only, among rows
    otherwise valid, so fixing an invalid row never makes another one a duplicate."""
    campaigns = campaigns_named(row.row.campaign for row in rows if not row.row.problem)
    for row in rows:
        if row.row.problem:
            row.refuse(INVALID, row.row.problem)
            continue
        try:
            row.number = phone_number_e164(row.row.phone_number)
        except ValueError as error:
            row.refuse(INVALID, str(error))
            continue
        if not row.row.campaign:
            row.refuse(INVALID, "No campaign given: add our campaign id or its TCR campaign id.")
            continue
        row.campaign = campaigns.get(row.row.campaign)
        if row.campaign is None:
            row.refuse(
                INVALID, f"No campaign {row.row.campaign} is known here: give our campaign id or its TCR id."
            )
            continue
        refusal = campaign_refusal(row.campaign)
        if refusal:
            row.refuse(INVALID, refusal)
    first_lines: dict[str, int] = {}
    for row in rows:
        if row.outcome:
            continue
        if row.number in first_lines:
            row.refuse(
                INVALID,
                f"{row.number} is also on line {first_lines[row.number]}: a number goes on one campaign.",
            )
        else:
            first_lines[row.number] = row.row.line
    stored = PhoneNumberAssignment.objects.in_bulk(list(first_lines), field_name="phone_number")
    for row in rows:
        if not row.outcome and row.campaign is not None and _holds(stored.get(row.number), row.campaign):
            row.refuse(
                INVALID,
                f"{row.number} is already on campaign {row.row.campaign} ({stored[row.number].assignment_status}).",
            )
    _rows_within_limits(rows)


def _rows_within_limits(rows: list[CheckedRow]) -> None:
    """Refuse (INVALID) the rows, in file order, that would take a campaign past its number limit, counting
    the rows before them: one query per campaign named."""
    held: dict[AnyCampaign, int] = {}
    accepted: dict[AnyCampaign, int] = {}
    for row in rows:
        campaign = row.campaign
        if row.outcome or campaign is None:
            continue
        if campaign not in held:
            held[campaign], accepted[campaign] = numbers_held(campaign), 0
        refusal = number_limit_problem(
            name=row.row.campaign,
            numbers=held[campaign] + accepted[campaign],
            adding=1,
            pooled=is_pooled(campaign),
        )
        if refusal is None:
            accepted[campaign] += 1
        else:
            earlier = f"With the {accepted[campaign]} earlier in this file: " if accepted[campaign] else ""
            row.refuse(INVALID, f"{earlier}{refusal}")


def api_reason(error: TenDLCError) -> str:
    """What the API said, in one line for a report."""
    if isinstance(error, APIConnectionError):
        if error.reached_server:
            return "The API did not answer; the number may have been assigned: check it before sending again."
        return "The API could not be reached."
    if isinstance(error, APIStatusError):
        details = [
            *(f"{name}: {message}" for name, messages in error.field_errors.items() for message in messages),
            *error.non_field_errors,
        ]
        reference = f" (request id {error.request_id})" if error.request_id else ""
        return f"Refused by the API (HTTP {error.status}): {'; '.join(details) or error.message}{reference}"
    return error.message
