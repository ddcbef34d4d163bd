"""Reads about assignment tasks (numbers put on a campaign by messaging profile): how far a task has got."""

from dataclasses import dataclass

from django.db.models import Count

from tendlc.models import AssignmentTask

# A3's per-number values are not documented; these are the ones seen before a number is done. Any other value
# counts as done, so an unknown one costs a read of the number's assignment rather than missing it.
OPEN_NUMBER_STATUSES = frozenset({"pending", "processing"})


@dataclass(frozen=True)
class TaskProgress:
    status: str
    finished: bool
    total: int  # numbers the task has reported so far
    done: int  # of which no longer pending or processing
    counts: dict[str, int]  # numbers by their status in the task

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.finished else 0
        return self.done * 100 // self.total


def assignment_task_progress(*, task: AssignmentTask) -> TaskProgress:
    """What the task's numbers are doing, as last polled: one query."""
    counts = dict(task.numbers.values_list("status").annotate(count=Count("id")).order_by("status"))
    done = sum(count for status, count in counts.items() if status not in OPEN_NUMBER_STATUSES)
    return TaskProgress(task.status, task.is_finished, sum(counts.values()), done, counts)
