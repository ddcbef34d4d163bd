"""Moving a rejected campaign's numbers to the new campaign registered in its place, once the carriers
approve the new one (``tendlc.services.resubmissions`` records the pending move).

Whatever writes the new campaign's status (a webhook's processing, a poll, a sync, a person's refresh) records
the change on the timeline, and the timeline hands its campaign status changes here: a change to an approved
status queues the move's task after the write commits. The task runs a move once: it claims the pending move
before sending anything, so the same approval seen twice (a webhook and the poll after it, a redelivered
event) moves nothing twice, and a number already on the new campaign is not sent again. Each number goes
through the assignment service (N4), audited there in the name of whoever registered the new campaign.
"""

from collections.abc import Iterable, Sequence

from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from tendlc.choices import CampaignStatus
from tendlc.client import TenDLCClient, TenDLCError
from tendlc.models import NumberMove, NumberMoveState, PhoneNumberAssignment, StatusChange, StatusSubject
from tendlc.services.audit import User, audited, error_text, user_recorded
from tendlc.services.errors import WorkflowError
from tendlc.services.numbers import HOLDING_STATUSES, number_assignment_move
from tendlc.services.sync import campaign_numbers_read

# Approved by the carriers: the new campaign may take the numbers and send.
MOVE_STATUSES = (CampaignStatus.MNO_ACCEPTED, CampaignStatus.MNO_PROVISIONED)


def number_moves_due(changes: Sequence[StatusChange]) -> None:
    """Queue the pending moves to the campaigns ``changes`` approve (called with every timeline write)."""
    approved = [
        change.campaign_id
        for change in changes
        if change.subject == StatusSubject.CAMPAIGN
        and change.field == "campaign_status"
        and change.new_value in MOVE_STATUSES
    ]
    if approved:
        number_moves_queue(approved)


def number_moves_queue(campaign_ids: Iterable[str]) -> None:
    """Queue the task of each pending move to one of ``campaign_ids`` once the current write commits. A queue
    that is down leaves the move pending: the campaign's page offers to move the numbers now."""
    ids = list(campaign_ids)
    if not ids:
        return
    # Imported here: the task module imports this one.
    from tendlc.tasks.number_moves import move_campaign_numbers

    def publish() -> None:
        pending = NumberMove.objects.filter(state=NumberMoveState.PENDING, to_campaign__campaign_id__in=ids)
        for pk in pending.values_list("pk", flat=True):
            try:
                move_campaign_numbers.apply_async((pk,), retry=False)
            except OperationalError:
                return

    transaction.on_commit(publish)


def number_move_run(*, move: NumberMove, client: TenDLCClient) -> NumberMove:
    """Move the old campaign's numbers to the new one, if the move is still pending and the new campaign is
    approved; answer the move as it ends. The old campaign's numbers are read again first."""
    if move.state != NumberMoveState.PENDING or move.to_campaign.campaign_status not in MOVE_STATUSES:
        return move
    campaign_numbers_read(campaign=move.from_campaign, client=client)
    claimed = NumberMove.objects.filter(pk=move.pk, state=NumberMoveState.PENDING).update(
        state=NumberMoveState.DONE, ended_at=timezone.now()
    )
    move.refresh_from_db()
    if not claimed:
        return move
    numbers = PhoneNumberAssignment.objects.filter(
        campaign=move.from_campaign, remote_deleted_at=None, assignment_status__in=HOLDING_STATUSES
    ).order_by("phone_number")
    with audited(
        user=None,
        action="number_move.run",
        target=move.to_campaign,
        summary={"number_move": move.pk, "from_campaign": move.from_campaign.campaign_id},
    ) as audit:
        for assignment in numbers:
            try:
                number_assignment_move(
                    assignment=assignment,
                    campaign_id=move.to_campaign.campaign_id,
                    user=move.requested_by,
                    client=client,
                )
            except (WorkflowError, TenDLCError) as error:
                move.refused[assignment.phone_number] = error_text(error)
            else:
                move.moved.append(assignment.phone_number)
        audit.summary.update(moved=move.moved, refused=move.refused)
    move.save(update_fields=["moved", "refused"])
    return move


def number_move_cancel(*, move: NumberMove, user: User) -> NumberMove:
    """Cancel a pending move: the numbers stay on the rejected campaign."""
    with audited(
        user=user, action="number_move.cancel", target=move.to_campaign, summary={"number_move": move.pk}
    ):
        cancelled = NumberMove.objects.filter(pk=move.pk, state=NumberMoveState.PENDING).update(
            state=NumberMoveState.CANCELLED, ended_at=timezone.now(), ended_by=user_recorded(user)
        )
        move.refresh_from_db()
        if not cancelled:
            raise WorkflowError(
                f"This move is {move.get_state_display().lower()}: there is nothing to cancel."
            )
    return move
