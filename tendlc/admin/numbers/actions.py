"""The object action of a number's page (``tendlc.admin.object_actions``): its removal from its campaign,
confirmed first; the changelist's ``remove_selected`` confirms and reports several with the same pieces."""

from typing import Any

from django.contrib.admin import helpers
from django.utils.translation import ngettext

from tendlc.admin.errors import SUBMIT_ERRORS, error_message
from tendlc.admin.object_actions import ObjectAction, has_perm
from tendlc.client import TenDLCClient
from tendlc.models import PhoneNumberAssignment
from tendlc.services.errors import WorkflowError
from tendlc.services.numbers import (
    number_assignment_remove,
)

REMOVE_PERMISSION = "tendlc.delete_phonenumberassignment"

REMOVAL_PAGE = "admin/tendlc/numbers/remove_confirmation.html"


def removal_requested(count: int) -> str:
    return ngettext(
        "Removal of %(count)d number requested.", "Removal of %(count)d numbers requested.", count
    ) % {"count": count}


def remove_one(assignment: PhoneNumberAssignment, *, user: Any, client: TenDLCClient) -> str:
    """One number off its campaign; a refusal names the number, as in a removal of several."""
    try:
        number_assignment_remove(assignment=assignment, user=user, client=client)
    except SUBMIT_ERRORS as error:
        raise WorkflowError(f"Not removed: {assignment.phone_number}: {error_message(error)}") from error
    return removal_requested(1)


def removal_page(assignments: list[PhoneNumberAssignment], action: str | None) -> dict[str, Any]:
    """The confirmation's context: ``action`` names the changelist action that asks for several, or None."""
    return {
        "title": "Remove numbers from their campaigns?",
        "assignments": assignments,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }


def is_assigned(assignment: PhoneNumberAssignment) -> bool:
    return assignment.remote_deleted_at is None


# One number's removal, confirmed on its own page; the changelist action (remove_selected) confirms several.
REMOVE = ObjectAction(
    "remove",
    "Remove from campaign",
    remove_one,
    has_perm(REMOVE_PERMISSION),
    applies=is_assigned,
    confirm=True,
    template=REMOVAL_PAGE,
    context=lambda assignment: removal_page([assignment], None),
)
