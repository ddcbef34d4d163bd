"""Reads about sync runs."""

from tendlc.models import SyncRun, SyncRunState


def sync_run_running() -> SyncRun | None:
    """The run under way, if any (the newest, should a dead one not be closed yet)."""
    return SyncRun.objects.filter(state=SyncRunState.RUNNING).order_by("-started_at", "-id").first()
