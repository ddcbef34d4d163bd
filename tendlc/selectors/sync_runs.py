"""Reads about sync runs, and who asked for one."""

from django.db.models import CharField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast

from tendlc.models import AuditEntry, AuditOutcome, SyncRun, SyncRunState

# The audit action of a person asking for a sync ("Sync now", the API): its entry names the run and the user.
REQUEST_ACTION = "sync.request"


def sync_run_running() -> SyncRun | None:
    """The run under way, if any (the newest, should a dead one not be closed yet)."""
    return SyncRun.objects.filter(state=SyncRunState.RUNNING).order_by("-started_at", "-id").first()


def sync_runs_with_requester(runs: QuerySet[SyncRun]) -> QuerySet[SyncRun]:
    """``runs``, each with ``requested_by``: the username of whoever asked for it, "" for a run nobody asked
    for (the schedule, the command line). One subquery, whatever the number of runs."""
    asked = AuditEntry.objects.filter(
        action=REQUEST_ACTION,
        outcome=AuditOutcome.SUCCEEDED,
        target_type__app_label="tendlc",
        target_type__model="syncrun",
        target_id=Cast(OuterRef("pk"), CharField()),
    ).order_by("at")
    return runs.annotate(requested_by=Subquery(asked.values("username")[:1]))


def sync_run_latest() -> SyncRun | None:
    """The newest run, with who asked for it, for the dashboard."""
    return (
        sync_runs_with_requester(SyncRun.objects.defer("units_done")).order_by("-started_at", "-id").first()
    )


# What started a run, in the words its readers use; a trigger not listed is shown as it is.
TRIGGER_WORDS = {"schedule": "Schedule", "command": "Command line", "admin": "Sync now", "api": "API"}


def sync_run_started_by(run: SyncRun) -> str:
    """Who or what started ``run``: "Sync now by ada", "API by ada", "Schedule", "Command line". The person is
    read from ``requested_by`` (``sync_runs_with_requester``) when the run has it."""
    words = TRIGGER_WORDS.get(run.trigger, run.trigger or "Unknown")
    requested_by = getattr(run, "requested_by", None)
    return f"{words} by {requested_by}" if requested_by else words


def sync_run_last_finished() -> SyncRun | None:
    """The newest run that has ended, succeeded or failed."""
    return (
        SyncRun.objects.exclude(state=SyncRunState.RUNNING)
        .defer("units_done")
        .order_by("-started_at", "-id")
        .first()
    )
