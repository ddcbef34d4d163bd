"""Why a finished number of a profile assignment is not on the task's campaign, from its assignment."""

import pytest

from tendlc.models import AssignmentTask
from tendlc.services.assignments import task_number_failure_reason

OURS = AssignmentTask(campaign_id="4b30-ours", tcr_campaign_id="CS0001")
PARTNERS = AssignmentTask(tcr_campaign_id="CPART01")


@pytest.mark.parametrize(
    ("task", "assignment", "reason"),
    [
        (
            OURS,
            {"telnyx_campaign_id": "4b30-ours", "assignment_status": "ASSIGNED", "failure_reasons": ""},
            "",
        ),
        (
            OURS,
            {
                "telnyx_campaign_id": "4b30-ours",
                "assignment_status": "FAILED_ASSIGNMENT",
                "failure_reasons": "Only US and Canadian numbers can be assigned",
            },
            "Only US and Canadian numbers can be assigned",
        ),
        (
            OURS,
            {
                "telnyx_campaign_id": "9c1f-other",
                "tcr_campaign_id": "CS0002",
                "assignment_status": "ASSIGNED",
            },
            "Already on campaign CS0002 (ASSIGNED): remove or move it there first.",
        ),
        (
            PARTNERS,
            {
                "tcr_campaign_id": "CPART01",
                "assignment_status": "FAILED_ASSIGNMENT",
                "failure_reasons": "No.",
            },
            "No.",
        ),
        (
            PARTNERS,
            {"tcr_campaign_id": "CPART02", "assignment_status": "PENDING_ASSIGNMENT"},
            "Already on campaign CPART02 (PENDING_ASSIGNMENT): remove or move it there first.",
        ),
    ],
)
def test_the_reason_comes_from_the_numbers_assignment(task, assignment, reason):
    assert task_number_failure_reason(task, assignment) == reason
