"""Sync runs in the admin: the list with live progress, a run's counts and errors, and "Sync now"."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import pluralize
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from tendlc.admin.attention import attention_filter
from tendlc.admin.display import BadgeColumn
from tendlc.admin.panels import PortalAdmin
from tendlc.models import SyncRun, SyncRunState
from tendlc.selectors.sync_runs import TRIGGER_WORDS, sync_run_started_by, sync_runs_with_requester
from tendlc.services.errors import WorkflowError
from tendlc.services.sync import SyncRunning, counts_table, sync_request

COUNT_KINDS = ("created", "updated", "unchanged", "deleted", "skipped")
# The bar the list and the dashboard show, which progress.js (this admin's Media) keeps current.
PROGRESS_TEMPLATE = "admin/tendlc/sync/progress.html"


def progress(run: SyncRun) -> dict[str, Any]:
    """What the progress bar shows; the page polls it while the run is running. ``percent`` is None while the
    run's total is not known yet (the bar then shows work under way, not 0%)."""
    share = run.progress
    percent = None if share is None else round(100 * share)
    return {
        "id": run.pk,
        "state": run.state,
        "finished": run.state != SyncRunState.RUNNING,
        "phase": run.phase,
        "pages_done": run.pages_done,
        "pages_known": run.pages_known,
        "percent": percent,
        "label": "counting the work" if percent is None else f"{percent}%",
        "title": progress_title(run, percent),
        "errors": len(run.errors),
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
        "summary": status_line(run),
    }


def status_line(run: SyncRun) -> str:
    """The run's state in a sentence, as the dashboard says it and keeps it current."""
    parts = [str(run.get_state_display())]
    if run.finished_at:
        parts.append(f"finished {timezone.localtime(run.finished_at):%Y-%m-%d %H:%M}")
    if run.errors:
        parts.append(f"{len(run.errors)} error{pluralize(len(run.errors))}")
    return ", ".join(parts) + "."


def progress_title(run: SyncRun, percent: int | None) -> str:
    if run.state != SyncRunState.RUNNING:
        return f"{run.pages_done} pages read"
    if percent is None:
        return f"{run.pages_done} pages read, total not known yet"
    return f"{run.pages_done} of {run.pages_known} pages"


class TriggerFilter(admin.SimpleListFilter):
    """Runs by what started them, in the words the list shows."""

    title = "started by"
    parameter_name = "trigger"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[SyncRun]) -> list[tuple[str, str]]:
        triggers = SyncRun.objects.order_by("trigger").values_list("trigger", flat=True).distinct()
        return [(trigger, TRIGGER_WORDS.get(trigger, trigger or "Unknown")) for trigger in triggers]

    def queryset(self, request: HttpRequest, queryset: QuerySet[SyncRun]) -> QuerySet[SyncRun]:
        value = self.value()
        return queryset if value is None else queryset.filter(trigger=value)


@admin.register(SyncRun)
class SyncRunAdmin(PortalAdmin[SyncRun]):
    list_display = (
        "started_at",
        "state_badge",
        "started_by",
        "phase",
        "progress_bar",
        "duration",
        "errors_count",
    )
    list_filter = (attention_filter(SyncRun), "state", TriggerFilter)
    date_hierarchy = "started_at"
    readonly_fields = (
        "started_at",
        "finished_at",
        "heartbeat_at",
        "state",
        "started_by",
        "phase",
        "progress_bar",
        "pages_done",
        "pages_known",
        "units_pending",
        "counts_display",
        "errors_display",
    )
    fields = readonly_fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SyncRun | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SyncRun | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        return [
            path("start/", self.admin_site.admin_view(self.start_view), name="tendlc_syncrun_start"),
            path(
                "<int:run_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="tendlc_syncrun_progress",
            ),
            *super().get_urls(),
        ]

    def start_view(self, request: HttpRequest) -> HttpResponse:
        return require_POST(self._start)(request)

    def _start(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("tendlc.start_syncrun"):
            raise PermissionDenied
        try:
            queued = sync_request(user=request.user)
        except SyncRunning as running:
            self.message_user(request, self._with_link(running.message, running.run), messages.ERROR)
        except WorkflowError as error:
            self.message_user(request, error.message, messages.ERROR)
        else:
            message = f"Sync #{queued.run.pk} was queued; its progress shows below."
            self.message_user(request, self._with_link(message, queued.run), messages.SUCCESS)
        target = request.POST.get("next") or reverse("admin:tendlc_syncrun_changelist")
        return HttpResponseRedirect(target if target.startswith("/") and not target.startswith("//") else "/")

    def _with_link(self, message: str, run: SyncRun | None) -> str:
        """``message`` with a link to ``run``'s page, where its progress and errors show."""
        if run is None:
            return message
        url = reverse("admin:tendlc_syncrun_change", args=[run.pk])
        return format_html('{} <a href="{}">Open sync #{}</a>.', message, url, run.pk)

    def progress_view(self, request: HttpRequest, run_id: int) -> JsonResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return JsonResponse(progress(get_object_or_404(SyncRun, pk=run_id)))

    state_badge = BadgeColumn("state", SyncRunState, description="state")

    @admin.display(description="progress")
    def progress_bar(self, run: SyncRun) -> str:
        return render_to_string(PROGRESS_TEMPLATE, {"run": run, "progress": progress(run)})

    @admin.display(description="started by", ordering="trigger")
    def started_by(self, run: SyncRun) -> str:
        return sync_run_started_by(run)

    @admin.display(description="duration")
    def duration(self, run: SyncRun) -> str:
        if run.finished_at is None:
            return "-"
        seconds = int((run.finished_at - run.started_at).total_seconds())
        return f"{seconds // 60} min {seconds % 60} s"

    @admin.display(description="errors")
    def errors_count(self, run: SyncRun) -> int:
        return len(run.errors)

    @admin.display(description="counts")
    def counts_display(self, run: SyncRun) -> str:
        rows = counts_table(run.counts)
        if not rows:
            return "-"
        header = format_html_join("", "<th>{}</th>", ((kind,) for kind in COUNT_KINDS))
        body = format_html_join(
            "",
            "<tr><th>{}</th>{}</tr>",
            (
                (name, format_html_join("", "<td>{}</td>", ((values.get(kind, 0),) for kind in COUNT_KINDS)))
                for name, values in rows
            ),
        )
        return format_html("<table><tr><th></th>{}</tr>{}</table>", header, body)

    @admin.display(description="errors")
    def errors_display(self, run: SyncRun) -> str:
        if not run.errors:
            return "-"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((error,) for error in run.errors))
        )

    def get_queryset(self, request: HttpRequest) -> QuerySet[SyncRun]:
        return sync_runs_with_requester(super().get_queryset(request).defer("units_done"))

    class Media:
        js = ["tendlc/progress.js"]
