"""Reads about the prunes of old records."""

from tendlc.models import PruneRun


def prune_run_latest() -> PruneRun | None:
    """The newest prune, finished or not."""
    return PruneRun.objects.order_by("-started_at", "-id").first()
