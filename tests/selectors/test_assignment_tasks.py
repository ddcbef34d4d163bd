"""An assignment task's progress as its page shows it, from the numbers last polled."""

import pytest

from tendlc.selectors.assignment_tasks import TaskProgress, assignment_task_progress
from tests.factories import AssignmentTaskFactory

pytestmark = pytest.mark.django_db


def test_a_tasks_progress_counts_its_numbers_by_status():
    task = AssignmentTaskFactory(status="processing")
    for number, status in [
        ("+13125550101", "success"),
        ("+13125550102", "failed"),
        ("+13125550103", "processing"),
    ]:
        task.numbers.create(phone_number=number, status=status)

    progress = assignment_task_progress(task=task)

    assert progress == TaskProgress("processing", False, 3, 2, {"failed": 1, "processing": 1, "success": 1})
    assert progress.percent == 66


@pytest.mark.parametrize(("status", "percent"), [("pending", 0), ("completed", 100)])
def test_a_task_without_numbers_is_at_zero_until_it_ends(status, percent):
    assert assignment_task_progress(task=AssignmentTaskFactory(status=status)).percent == percent
