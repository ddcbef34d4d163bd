"""Moving a rejected campaign's numbers to its replacement once approved: one service call, queued by the
service when the replacement's approval is recorded."""

from typing import Any

from celery import Task, shared_task

from tendlc.models import NumberMove
from tendlc.services.number_moves import number_move_run
from tendlc.tasks.polling import ON_DEMAND, run_with_client


@shared_task(name="tendlc.move_campaign_numbers", **ON_DEMAND)
def move_campaign_numbers(self: Task[Any, str | None], move_pk: int) -> str | None:
    """Run the pending move; answer its state (None when the row is gone)."""
    move = NumberMove.objects.select_related("from_campaign", "to_campaign", "requested_by").filter(
        pk=move_pk
    )
    found = move.first()
    if found is None:
        return None
    return run_with_client(self, lambda client: number_move_run(move=found, client=client)).state
