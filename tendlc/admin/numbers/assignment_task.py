"""Assignment of a messaging profile's numbers to a campaign: the task's page follows its live progress."""

from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import URLPattern, path, reverse
from django_stubs_ext import WithAnnotations

from tendlc.admin.attention import attention_filter
from tendlc.admin.campaign_picker import with_campaign_picker
from tendlc.admin.display import BadgeColumn, LongColumn, tone_of
from tendlc.admin.errors import SUBMIT_ERRORS, error_message
from tendlc.admin.export import csv_export_action
from tendlc.admin.numbers.columns import PAGE_ROWS, campaign_column, csv_response
from tendlc.admin.object_actions import object_or_404
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.service_form import ServiceFormAdmin
from tendlc.choices import TaskStatus
from tendlc.conf import api_session
from tendlc.forms.numbers import (
    AssignmentTaskForm,
)
from tendlc.models import AssignmentTask
from tendlc.selectors import search
from tendlc.selectors.assignment_tasks import OPEN_NUMBER_STATUSES, TaskProgress, assignment_task_progress
from tendlc.services.assignments import assignment_task_poll
from tendlc.services.numbers import (
    assignment_task_create,
    assignment_task_poll_due,
)


class NumberCounts(TypedDict):
    """What the list's queryset counts on each task."""

    numbers_total: int
    numbers_done: int


if TYPE_CHECKING:
    # A type checker's alias only: at run time on Python 3.11 django-stubs-ext's alias takes one argument.
    CountedTask = WithAnnotations[AssignmentTask, NumberCounts]


def _progress_payload(task: AssignmentTask, progress: TaskProgress, error: str = "") -> dict[str, Any]:
    numbers = list(
        task.numbers.order_by("phone_number").values("phone_number", "status", "failure_reason")[:PAGE_ROWS]
    )
    return {
        "status": progress.status,
        "status_label": task.get_status_display(),
        "status_tone": tone_of(progress.status),
        "finished": progress.finished,
        "total": progress.total,
        "done": progress.done,
        "percent": progress.percent,
        "counts": [
            {"status": status, "count": count, "tone": tone_of(status)}
            for status, count in progress.counts.items()
        ],
        "numbers": numbers,
        "more": progress.total > len(numbers),
        "error": error,
    }


@admin.register(AssignmentTask)
class AssignmentTaskAdmin(ServiceFormAdmin[AssignmentTask], PortalAdmin[AssignmentTask]):
    tabbed = False  # the page is its progress, which must not hide behind a tab
    save_and_continue = False  # saving lands on the record's page
    form = with_campaign_picker(AssignmentTaskForm)
    list_display = (
        "task_column",
        "status_badge",
        "messaging_profile_column",
        "campaign_column",
        "progress_column",
        "created_at",
    )
    list_display_links = ("task_column",)
    list_filter = (attention_filter(AssignmentTask), "status")
    search_fields = search.ASSIGNMENT_TASKS
    list_select_related = ("campaign",)
    actions = [
        csv_export_action(
            [
                ("task_id", "task_id"),
                ("status", "status"),
                ("messaging_profile_id", "messaging_profile_id"),
                ("campaign_id", "campaign_id"),
                ("tcr_campaign_id", "tcr_campaign_id"),
                ("numbers", "numbers_total"),
                ("done", "numbers_done"),
                ("created_at", "created_at"),
            ]
        )
    ]
    detail_fields = [
        "task_id",
        "status_badge",
        "messaging_profile_id",
        "campaign_column",
        "tcr_campaign_id",
        "created_at",
        "updated_at",
        "synced_at",
    ]

    class Media:
        js = ["tendlc/progress.js"]
        css = {"all": ["tendlc/numbers.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet["CountedTask"]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                numbers_total=Count("numbers"),
                numbers_done=Count("numbers", filter=~Q(numbers__status__in=OPEN_NUMBER_STATUSES)),
            )
        )

    status_badge = BadgeColumn("status", TaskStatus, description="status")
    task_column = LongColumn("task_id", description="task")
    messaging_profile_column = LongColumn("messaging_profile_id", description="messaging profile")

    @admin.display(description="campaign")
    def campaign_column(self, obj: AssignmentTask) -> Any:
        return campaign_column(obj)

    @admin.display(description="progress")
    def progress_column(self, obj: "CountedTask") -> str:
        return f"{obj.numbers_done} of {obj.numbers_total} numbers done"

    def has_change_permission(self, request: HttpRequest, obj: AssignmentTask | None = None) -> bool:
        # A task is the API's record, followed by polling; nothing on it is edited here.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AssignmentTask | None = None) -> bool:
        return False

    def get_fieldsets(self, request: HttpRequest, obj: AssignmentTask | None = None) -> Any:
        if obj is None:
            return [(None, {"fields": ["messaging_profile_id", "campaign_id"]})]
        return [(None, {"fields": self.detail_fields})]

    def get_readonly_fields(self, request: HttpRequest, obj: AssignmentTask | None = None) -> Any:
        return self.detail_fields if obj is not None else []

    def form_submit(self, request: HttpRequest, form: Any, obj: Any) -> AssignmentTask:
        with api_session() as client:
            return assignment_task_create(
                messaging_profile_id=form.cleaned_data["messaging_profile_id"],
                campaign_id=form.cleaned_data["campaign_id"],
                user=request.user,
                client=client,
            )

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> Any:
        self.message_user(
            request,
            f"Task {obj.task_id} started: the numbers of messaging profile {obj.messaging_profile_id} are being"
            " assigned. This page follows its progress.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tendlc_assignmenttask_change", args=[obj.pk]))

    def object_panels(self, request: HttpRequest, obj: AssignmentTask) -> list[Panel]:
        return [
            Panel(
                "Progress",
                "admin/tendlc/numbers/task_progress.html",
                {
                    "progress": _progress_payload(obj, assignment_task_progress(task=obj)),
                    "progress_url": reverse("admin:tendlc_assignmenttask_progress", args=[obj.pk]),
                    "numbers_url": reverse("admin:tendlc_assignmenttask_numbers", args=[obj.pk]),
                    "page_rows": PAGE_ROWS,
                },
            )
        ]

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<path:object_id>/progress/",
                self.admin_site.admin_view(self.progress_view),
                name="tendlc_assignmenttask_progress",
            ),
            path(
                "<path:object_id>/numbers.csv",
                self.admin_site.admin_view(self.numbers_view),
                name="tendlc_assignmenttask_numbers",
            ),
            *super().get_urls(),
        ]

    def _task(self, request: HttpRequest, object_id: str) -> AssignmentTask:
        task: AssignmentTask = object_or_404(self, request, object_id)
        if not self.has_view_permission(request, task):
            raise PermissionDenied
        return task

    def numbers_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """Every number of the task with its status and, for a failed one, why, as last polled."""
        task = self._task(request, object_id)
        columns = ("phone_number", "status", "failure_reason")
        numbers = task.numbers.order_by("phone_number").values(*columns)
        return csv_response(f"task-{task.task_id}-numbers.csv", columns, numbers.iterator())

    def progress_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """The task's status and counts for its page's polling; the API is polled first when due."""
        task = self._task(request, object_id)
        error = ""
        if assignment_task_poll_due(task=task):
            try:
                with api_session() as client:
                    assignment_task_poll(task=task, client=client)
            except SUBMIT_ERRORS as failure:
                error = error_message(failure)
        return JsonResponse(_progress_payload(task, assignment_task_progress(task=task), error))
