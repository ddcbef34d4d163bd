"""Reads about number uploads: where each number an upload applied stands now.

An upload's report keeps the status the API answered when the row was sent (most often "assignment pending");
the carriers finish the assignment later, and webhooks and syncs bring that into the mirrored assignments.
The upload's page follows those rows until none of its numbers is pending any more.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from tendlc.choices import AssignmentStatus
from tendlc.models import NumberUpload, PhoneNumberAssignment
from tendlc.models.assignments import APPLIED
from tendlc.models.number_upload_rows import RowAction, RowState

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


def number_uploads_counted() -> QuerySet[NumberUpload]:
    """Uploads with their rows counted by what was planned and where the sending stands (``to_assign``,
    ``to_move``, ``invalid``; ``sent``, ``applied``, ``refused``), in one query, without their reports."""
    checked = ~Q(rows__state=RowState.INVALID)
    return NumberUpload.objects.defer("report").annotate(
        to_assign=Count("rows", filter=checked & Q(rows__action=RowAction.ASSIGN)),
        to_move=Count("rows", filter=checked & Q(rows__action=RowAction.MOVE)),
        invalid=Count("rows", filter=Q(rows__state=RowState.INVALID)),
        sent=Count("rows", filter=Q(rows__state__in=[RowState.APPLIED, RowState.REFUSED])),
        applied=Count("rows", filter=Q(rows__state=RowState.APPLIED)),
        refused=Count("rows", filter=Q(rows__state=RowState.REFUSED)),
    )
