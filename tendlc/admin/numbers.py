"""Numbers in the admin: assignments (assign one, move, remove), assignment of a messaging profile's numbers
with the task's live progress, and CSV uploads with their reports.

Pages route input to ``tendlc.services.numbers`` and show what it answers. The records are the API's, so
their forms never save a row themselves: adding assigns, changing moves, and Django's own delete (which
would drop the row and leave the number assigned) is replaced by a confirmed removal through the API.
"""

import csv
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import ngettext

from tendlc.admin.display import TONES, badge
from tendlc.admin.errors import SUBMIT_ERRORS, error_message
from tendlc.admin.export import cell, csv_export_action
from tendlc.admin.object_actions import ObjectAction, has_perm, object_or_404
from tendlc.admin.object_links import admin_link
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.service_form import ServiceFormAdmin
from tendlc.client import TenDLCClient
from tendlc.conf import api_session
from tendlc.forms.numbers import (
    AssignmentAssignForm,
    AssignmentMoveForm,
    AssignmentTaskForm,
    NumberUploadForm,
)
from tendlc.models import AssignmentTask, NumberUpload, PhoneNumberAssignment
from tendlc.services.assignments import OPEN_NUMBER_STATUSES, assignment_task_poll
from tendlc.services.errors import WorkflowError
from tendlc.services.number_input import MAX_UPLOAD_BYTES
from tendlc.services.numbers import (
    APPLIED,
    TaskProgress,
    assignment_task_create,
    assignment_task_poll_due,
    assignment_task_progress,
    number_assign,
    number_assignment_move,
    number_assignment_remove,
    number_upload_apply,
)

REMOVE_PERMISSION = "tendlc.delete_phonenumberassignment"
# Rows a page lists inline; its CSV download holds them all.
PAGE_ROWS = 500


def _campaign_column(assignment: PhoneNumberAssignment | AssignmentTask) -> Any:
    if assignment.campaign_id is not None:
        return admin_link(assignment.campaign)
    partner = getattr(assignment, "partner_campaign", None)
    if partner is not None:
        return admin_link(partner)
    return assignment.tcr_campaign_id or "-"


def _csv_response(
    filename: str, columns: tuple[str, ...], entries: Iterable[Mapping[str, Any]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(columns)
    for entry in entries:
        writer.writerow([cell(entry, itemgetter(column)) for column in columns])
    return response


# --- assignments -----------------------------------------------------------------------------------------

REMOVAL_PAGE = "admin/tendlc/numbers/remove_confirmation.html"


def removal_requested(count: int) -> str:
    return ngettext(
        "Removal of %(count)d number requested.", "Removal of %(count)d numbers requested.", count
    ) % {"count": count}


def remove_one(assignment: PhoneNumberAssignment, *, user: Any, client: TenDLCClient) -> str:
    """One number off its campaign; a refusal names the number, as in a removal of several."""
    try:
        number_assignment_remove(assignment=assignment, user=user, client=client)
    except SUBMIT_ERRORS as error:
        raise WorkflowError(f"Not removed: {assignment.phone_number}: {error_message(error)}") from error
    return removal_requested(1)


def removal_page(assignments: list[PhoneNumberAssignment], action: str | None) -> dict[str, Any]:
    """The confirmation's context: ``action`` names the changelist action that asks for several, or None."""
    return {
        "title": "Remove numbers from their campaigns?",
        "assignments": assignments,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }


def is_assigned(assignment: PhoneNumberAssignment) -> bool:
    return assignment.remote_deleted_at is None


# One number's removal, confirmed on its own page; the changelist action (remove_selected) confirms several.
REMOVE = ObjectAction(
    "remove",
    "Remove from campaign",
    remove_one,
    has_perm(REMOVE_PERMISSION),
    applies=is_assigned,
    confirm=True,
    template=REMOVAL_PAGE,
    context=lambda assignment: removal_page([assignment], None),
)


@admin.register(PhoneNumberAssignment)
class PhoneNumberAssignmentAdmin(ServiceFormAdmin, PortalAdmin):
    form = AssignmentAssignForm
    object_actions_declared = (REMOVE,)
    change_list_template = "admin/tendlc/numbers/assignment_change_list.html"
    list_display = (
        "phone_number",
        "campaign_column",
        "brand_column",
        "status_column",
        "tcr_campaign_id",
        "updated_at",
    )
    list_filter = (
        "assignment_status",
        ("campaign__brand", admin.RelatedOnlyFieldListFilter),
        ("campaign", admin.RelatedOnlyFieldListFilter),
        ("partner_campaign", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("phone_number", "telnyx_campaign_id", "tcr_campaign_id", "brand_id", "tcr_brand_id")
    list_select_related = ("campaign", "campaign__brand", "partner_campaign")
    actions = [
        csv_export_action(
            [
                ("phone_number", "phone_number"),
                ("status", "assignment_status"),
                ("telnyx_campaign_id", "telnyx_campaign_id"),
                ("tcr_campaign_id", "tcr_campaign_id"),
                ("brand_id", "brand_id"),
                ("tcr_brand_id", "tcr_brand_id"),
                ("failure_reasons", "failure_reasons"),
                ("updated_at", "updated_at"),
                ("removed_at", "remote_deleted_at"),
            ]
        ),
        "remove_selected",
    ]
    status_fields = [
        "phone_number",
        "campaign_column",
        "brand_column",
        "status_column",
        "failure_reasons",
        "tmobile_number_mapping_status",
        "non_tmobile_number_mapping_status",
        "telnyx_campaign_id",
        "tcr_campaign_id",
        "brand_id",
        "tcr_brand_id",
        "created_at",
        "updated_at",
        "synced_at",
        "remote_deleted_at",
    ]

    @admin.display(description="campaign", ordering="tcr_campaign_id")
    def campaign_column(self, obj: PhoneNumberAssignment) -> Any:
        return _campaign_column(obj)

    @admin.display(description="brand")
    def brand_column(self, obj: PhoneNumberAssignment) -> Any:
        if obj.campaign is not None:
            return admin_link(obj.campaign.brand)
        if obj.partner_campaign is not None:
            return obj.partner_campaign.brand_display_name or obj.partner_campaign.tcr_brand_id
        return obj.tcr_brand_id or obj.brand_id or "-"

    @admin.display(description="status", ordering="assignment_status")
    def status_column(self, obj: PhoneNumberAssignment) -> Any:
        if obj.remote_deleted_at is not None:
            return badge("EXPIRED", "Removed")
        return badge(obj.assignment_status, obj.get_assignment_status_display())

    def has_change_permission(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> bool:
        # A removed number has nothing left to move: it is assigned again from the add page.
        removed = obj is not None and obj.remote_deleted_at is not None
        return not removed and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> bool:
        return False

    def has_remove_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REMOVE_PERMISSION)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = AssignmentAssignForm
        elif self.has_change_permission(request, obj):
            kwargs["form"] = AssignmentMoveForm
        else:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> Any:
        if obj is None:
            return [(None, {"fields": ["phone_number", "campaign_id"]})]
        fieldsets: list[Any] = [("Assignment", {"fields": self.status_fields})]
        if self.has_change_permission(request, obj):
            fieldsets.insert(0, (None, {"fields": ["campaign_id"]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> Any:
        return self.status_fields if obj is not None else []

    def form_submit(self, request: HttpRequest, form: Any, obj: Any) -> PhoneNumberAssignment:
        with api_session() as client:
            if obj is None:
                return number_assign(
                    phone_number=form.cleaned_data["phone_number"],
                    campaign_id=form.cleaned_data["campaign_id"],
                    user=request.user,
                    client=client,
                )
            return number_assignment_move(
                assignment=obj, campaign_id=form.cleaned_data["campaign_id"], user=request.user, client=client
            )

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> Any:
        return self._requested(request, obj, "Assignment")

    def response_change(self, request: HttpRequest, obj: Any) -> Any:
        return self._requested(request, obj, "Move")

    def _requested(self, request: HttpRequest, obj: PhoneNumberAssignment, what: str) -> HttpResponseRedirect:
        self.message_user(
            request,
            f"{what} of {obj.phone_number} requested: the API answered {obj.assignment_status or 'no status'}.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tendlc_phonenumberassignment_change", args=[obj.pk]))

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "can_upload": request.user.has_perm("tendlc.add_numberupload"),
            "can_assign_profile": request.user.has_perm("tendlc.add_assignmenttask"),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description="Remove selected numbers from their campaigns", permissions=["remove"])
    def remove_selected(self, request: HttpRequest, queryset: QuerySet[PhoneNumberAssignment]) -> Any:
        assignments = list(queryset)
        if request.POST.get("post"):
            self._remove(request, assignments)
            return None
        return self._remove_confirmation(request, assignments, action="remove_selected")

    def _remove_confirmation(
        self, request: HttpRequest, assignments: list[PhoneNumberAssignment], action: str | None
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": self.media,
            **removal_page(assignments, action),
        }
        return TemplateResponse(request, REMOVAL_PAGE, context)

    def _remove(self, request: HttpRequest, assignments: list[PhoneNumberAssignment]) -> None:
        removed, failures = 0, []
        try:
            with api_session() as client:
                for assignment in assignments:
                    try:
                        remove_one(assignment, user=request.user, client=client)
                    except WorkflowError as error:
                        failures.append(error.message)
                    else:
                        removed += 1
        except SUBMIT_ERRORS as error:
            self.message_user(request, error_message(error), messages.ERROR)
            return
        if removed:
            self.message_user(request, removal_requested(removed), messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)


# --- assignment by messaging profile ---------------------------------------------------------------------


def _progress_payload(task: AssignmentTask, progress: TaskProgress, error: str = "") -> dict[str, Any]:
    numbers = task.numbers.order_by("phone_number").values_list("phone_number", "status")[:PAGE_ROWS]
    return {
        "status": progress.status,
        "status_label": task.get_status_display(),
        "status_tone": TONES.get(progress.status, "neutral"),
        "finished": progress.finished,
        "total": progress.total,
        "done": progress.done,
        "percent": progress.percent,
        "counts": [
            {"status": status, "count": count, "tone": TONES.get(status, "neutral")}
            for status, count in progress.counts.items()
        ],
        "numbers": [{"phone_number": number, "status": status} for number, status in numbers],
        "error": error,
    }


@admin.register(AssignmentTask)
class AssignmentTaskAdmin(ServiceFormAdmin, PortalAdmin):
    form = AssignmentTaskForm
    list_display = (
        "task_id",
        "status_column",
        "messaging_profile_id",
        "campaign_column",
        "progress_column",
        "created_at",
    )
    list_filter = ("status",)
    search_fields = (
        "task_id",
        "messaging_profile_id",
        "campaign__campaign_id",
        "campaign__tcr_campaign_id",
        "tcr_campaign_id",
    )
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
        "status_column",
        "messaging_profile_id",
        "campaign_column",
        "tcr_campaign_id",
        "created_at",
        "updated_at",
        "synced_at",
    ]

    class Media:
        js = ["tendlc/task_progress.js"]
        css = {"all": ["tendlc/numbers.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[AssignmentTask]:
        return (
            super()
            .get_queryset(request)
            .annotate(
                numbers_total=Count("numbers"),
                numbers_done=Count("numbers", filter=~Q(numbers__status__in=OPEN_NUMBER_STATUSES)),
            )
        )

    @admin.display(description="status", ordering="status")
    def status_column(self, obj: AssignmentTask) -> Any:
        return badge(obj.status, obj.get_status_display())

    @admin.display(description="campaign")
    def campaign_column(self, obj: AssignmentTask) -> Any:
        return _campaign_column(obj)

    @admin.display(description="progress")
    def progress_column(self, obj: AssignmentTask) -> str:
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
        """Every number of the task with its status, as last polled."""
        task = self._task(request, object_id)
        numbers = task.numbers.order_by("phone_number").values("phone_number", "status")
        return _csv_response(
            f"task-{task.task_id}-numbers.csv", ("phone_number", "status"), numbers.iterator()
        )

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


# --- uploads ---------------------------------------------------------------------------------------------

INVALID_ROWS_COLUMNS = ("phone_number", "campaign", "reason")
REPORT_COLUMNS = ("line", "phone_number", "campaign", "outcome", "reason", "assignment_status")


@admin.register(NumberUpload)
class NumberUploadAdmin(ServiceFormAdmin, PortalAdmin):
    form = NumberUploadForm
    list_display = ("uploaded_at", "filename", "uploaded_by", "rows_total", "rows_applied", "failed_column")
    list_filter = (("uploaded_by", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("filename", "uploaded_by__username")
    date_hierarchy = "uploaded_at"
    list_select_related = ("uploaded_by",)
    actions = [
        csv_export_action(
            [
                ("uploaded_at", "uploaded_at"),
                ("filename", "filename"),
                ("uploaded_by", "uploaded_by"),
                ("rows", "rows_total"),
                ("applied", "rows_applied"),
                ("failed", "rows_failed"),
            ]
        )
    ]
    detail_fields = ["filename", "uploaded_by", "uploaded_at", "rows_total", "rows_applied", "rows_failed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[NumberUpload]:
        # A report holds up to 10,000 rows; lists never need it.
        return super().get_queryset(request).defer("report")

    @admin.display(description="failed", ordering="rows_failed")
    def failed_column(self, obj: NumberUpload) -> Any:
        if not obj.rows_failed:
            return 0
        return format_html('<span class="tendlc-badge tendlc-badge-bad">{}</span>', obj.rows_failed)

    def has_change_permission(self, request: HttpRequest, obj: NumberUpload | None = None) -> bool:
        # An upload's report is what happened: it is read and downloaded, not edited.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: NumberUpload | None = None) -> bool:
        return False

    def get_fieldsets(self, request: HttpRequest, obj: NumberUpload | None = None) -> Any:
        if obj is None:
            return [(None, {"fields": ["file"]})]
        return [(None, {"fields": self.detail_fields})]

    def get_readonly_fields(self, request: HttpRequest, obj: NumberUpload | None = None) -> Any:
        return self.detail_fields if obj is not None else []

    def form_submit(self, request: HttpRequest, form: Any, obj: Any) -> NumberUpload:
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough for the service to refuse a file as too big.
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        with api_session() as client:
            return number_upload_apply(filename=upload.name, data=data, user=request.user, client=client)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> Any:
        self.message_user(
            request,
            f"{obj.filename}: {obj.rows_total} rows, {obj.rows_applied} applied, {obj.rows_failed} not applied.",
            messages.WARNING if obj.rows_failed else messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tendlc_numberupload_change", args=[obj.pk]))

    def object_panels(self, request: HttpRequest, obj: NumberUpload) -> list[Panel]:
        applied = [entry for entry in obj.report if entry["outcome"] == APPLIED]
        not_applied = [entry for entry in obj.report if entry["outcome"] != APPLIED]
        return [
            Panel(
                "Report",
                "admin/tendlc/numbers/upload_report.html",
                {
                    "upload": obj,
                    "not_applied": not_applied[:PAGE_ROWS],
                    "not_applied_more": max(len(not_applied) - PAGE_ROWS, 0),
                    "applied": applied[:PAGE_ROWS],
                    "applied_more": max(len(applied) - PAGE_ROWS, 0),
                },
            )
        ]

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/invalid.csv",
                view(self.invalid_rows_view),
                name="tendlc_numberupload_invalid",
            ),
            path("<path:object_id>/report.csv", view(self.report_view), name="tendlc_numberupload_report"),
            *super().get_urls(),
        ]

    def _upload(self, request: HttpRequest, object_id: str) -> NumberUpload:
        upload: NumberUpload = object_or_404(self, request, object_id)
        if not self.has_view_permission(request, upload):
            raise PermissionDenied
        return upload

    def invalid_rows_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The rows not applied, with why, as a CSV to fix and upload again."""
        upload = self._upload(request, object_id)
        rows = [entry for entry in upload.report if entry["outcome"] != APPLIED]
        return _csv_response(f"upload-{upload.pk}-not-applied.csv", INVALID_ROWS_COLUMNS, rows)

    def report_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        upload = self._upload(request, object_id)
        return _csv_response(f"upload-{upload.pk}-report.csv", REPORT_COLUMNS, upload.report)
