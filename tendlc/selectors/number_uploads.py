"""Reads about number uploads: where each number an upload applied stands now.

An upload's report keeps the status the API answered when the row was sent (most often "assignment pending");
the carriers finish the assignment later, and webhooks and syncs bring that into the mirrored assignments.
The upload's page follows those rows until none of its numbers is pending any more.
"""

from dataclasses import dataclass

from tendlc.choices import AssignmentStatus
from tendlc.models import NumberUpload, PhoneNumberAssignment
from tendlc.models.assignments import APPLIED

PENDING_STATUSES = frozenset({AssignmentStatus.PENDING_ASSIGNMENT, AssignmentStatus.PENDING_UNASSIGNMENT})


@dataclass(frozen=True)
class AppliedNumber:
    line: int
    phone_number: str
    campaign: str
    assignment_status: str  # as mirrored now, or as the API answered the upload when no row mirrors it


def number_upload_applied(*, upload: NumberUpload) -> list[AppliedNumber]:
    """The numbers the upload applied, in file order, each with its assignment status now: one query."""
    entries = [entry for entry in upload.report if entry["outcome"] == APPLIED]
    now = dict(
        PhoneNumberAssignment.objects.filter(
            phone_number__in=[entry["phone_number"] for entry in entries]
        ).values_list("phone_number", "assignment_status")
    )
    return [
        AppliedNumber(
            line=entry["line"],
            phone_number=entry["phone_number"],
            campaign=entry["campaign"],
            assignment_status=now.get(entry["phone_number"]) or entry.get("assignment_status") or "",
        )
        for entry in entries
    ]
