"""Uploads of numbers to assign (CSV or XLSX): a preview of what would be done, nothing sent until it is
confirmed; then the rows are sent in the background while the page follows; then the report (what was
applied, what was not and why)."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.urls import URLPattern, path, reverse

from tendlc.admin.display import BAD, BadgeColumn, choice_label, tone_badge, tone_of
from tendlc.admin.export import csv_export_action
from tendlc.admin.numbers.columns import PAGE_ROWS, csv_response
from tendlc.admin.object_actions import ObjectAction, object_or_404
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.service_form import ServiceFormAdmin
from tendlc.choices import AssignmentStatus
from tendlc.forms.numbers import (
    NumberUploadForm,
)
from tendlc.models import NumberUpload, UploadStatus
from tendlc.models.assignments import APPLIED
from tendlc.models.number_upload_rows import RowAction, RowState
from tendlc.selectors import search
from tendlc.selectors.number_uploads import PENDING_STATUSES, number_upload_applied
from tendlc.services.number_input import MAX_UPLOAD_BYTES
from tendlc.services.number_uploads import number_upload_confirm, number_upload_preview

SEND_LABEL = "Send the numbers"
INVALID_ROWS_COLUMNS = ("phone_number", "campaign", "reason")
REPORT_COLUMNS = ("line", "phone_number", "campaign", "outcome", "reason", "assignment_status")


def may_upload(request: HttpRequest, model_admin: admin.ModelAdmin[Any], obj: Any) -> bool:
    return model_admin.has_add_permission(request)


def upload_send(upload: NumberUpload, *, user: Any, client: Any) -> str:
    number_upload_confirm(upload=upload, user=user)
    return "Sending has started: this page follows it and shows the report at the end."


@admin.register(NumberUpload)
class NumberUploadAdmin(ServiceFormAdmin[NumberUpload], PortalAdmin[NumberUpload]):
    tabbed = False  # the page is its report, which must not hide behind a tab
    save_and_continue = False  # saving lands on the record's page
    form = NumberUploadForm
    list_display = (
        "uploaded_at",
        "filename",
        "uploaded_by",
        "status_badge",
        "rows_total",
        "rows_applied",
        "failed_column",
    )
    list_filter = ("status", ("uploaded_by", admin.RelatedOnlyFieldListFilter))
    search_fields = search.NUMBER_UPLOADS
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
    detail_fields = [
        "filename",
        "uploaded_by",
        "uploaded_at",
        "status_badge",
        "rows_total",
        "rows_applied",
        "rows_failed",
    ]
    status_badge = BadgeColumn("status", UploadStatus, description="status")
    object_actions_declared = (
        ObjectAction(
            "send",
            SEND_LABEL,
            run=upload_send,
            allowed=may_upload,
            applies=lambda upload: upload.status == UploadStatus.PREVIEW,
            refusal=lambda upload: "This upload has already been confirmed.",
            uses_api=False,
        ),
    )
    object_action_post_only = True

    class Media:
        js = ["tendlc/progress.js"]
        css = {"all": ["tendlc/numbers.css"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet[NumberUpload]:
        # A report holds up to 10,000 rows; lists never need it.
        return super().get_queryset(request).defer("report")

    @admin.display(description="failed", ordering="rows_failed")
    def failed_column(self, obj: NumberUpload) -> Any:
        if not obj.rows_failed:
            return 0
        return tone_badge(BAD, obj.rows_failed)

    def has_change_permission(self, request: HttpRequest, obj: NumberUpload | None = None) -> bool:
        # An upload's report is what happened: it is read and downloaded, not edited.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: NumberUpload | None = None) -> bool:
        return False

    def get_fieldsets(self, request: HttpRequest, obj: NumberUpload | None = None) -> Any:
        if obj is None:
            return [(None, {"fields": ["file"]})]
        if obj.status != UploadStatus.FINISHED:
            # Counted once every row is answered: until then the panel says where the rows stand.
            counts = ("rows_applied", "rows_failed")
            return [(None, {"fields": [name for name in self.detail_fields if name not in counts]})]
        return [(None, {"fields": self.detail_fields})]

    def get_readonly_fields(self, request: HttpRequest, obj: NumberUpload | None = None) -> Any:
        return self.detail_fields if obj is not None else []

    def form_submit(self, request: HttpRequest, form: Any, obj: Any) -> NumberUpload:
        upload = form.cleaned_data["file"]
        # One byte past the limit is enough for the service to refuse a file as too big.
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        return number_upload_preview(filename=upload.name, data=data, user=request.user)

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> Any:
        # Not opening with the file name: the admin shows messages through capfirst, which would change it.
        self.message_user(
            request,
            f"Upload of {obj.filename} checked: {obj.rows_total} rows. Nothing is sent yet: read what would be"
            " done below, then send it.",
            messages.INFO,
        )
        return HttpResponseRedirect(reverse("admin:tendlc_numberupload_change", args=[obj.pk]))

    def object_panels(self, request: HttpRequest, obj: NumberUpload) -> list[Panel]:
        if obj.status == UploadStatus.PREVIEW:
            preview = {**upload_preview(obj), "send_label": SEND_LABEL}
            return [Panel("What would be done", "admin/tendlc/numbers/upload_preview.html", preview)]
        if obj.status != UploadStatus.FINISHED:
            return [
                Panel(
                    "Sending",
                    "admin/tendlc/numbers/upload_sending.html",
                    {
                        "progress": upload_sending(obj),
                        "progress_url": reverse("admin:tendlc_numberupload_sending", args=[obj.pk]),
                    },
                )
            ]
        not_applied = [entry for entry in obj.report if entry["outcome"] != APPLIED]
        return [
            Panel(
                "Report",
                "admin/tendlc/numbers/upload_report.html",
                {
                    "upload": obj,
                    "not_applied": not_applied[:PAGE_ROWS],
                    "not_applied_more": max(len(not_applied) - PAGE_ROWS, 0),
                    "progress": upload_progress(obj),
                    "progress_url": reverse("admin:tendlc_numberupload_progress", args=[obj.pk]),
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
            path("<path:object_id>/progress/", view(self.progress_view), name="tendlc_numberupload_progress"),
            path("<path:object_id>/sending/", view(self.sending_view), name="tendlc_numberupload_sending"),
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
        return csv_response(f"upload-{upload.pk}-not-applied.csv", INVALID_ROWS_COLUMNS, rows)

    def report_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        upload = self._upload(request, object_id)
        return csv_response(f"upload-{upload.pk}-report.csv", REPORT_COLUMNS, upload.report)

    def sending_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """How many rows are sent, for the page's polling while the upload is sent in the background."""
        return JsonResponse(upload_sending(self._upload(request, object_id)))

    def progress_view(self, request: HttpRequest, object_id: str) -> JsonResponse:
        """Where the upload's applied numbers stand now, for its page's polling, from the mirrored rows."""
        return JsonResponse(upload_progress(self._upload(request, object_id)))


def upload_progress(upload: NumberUpload) -> dict[str, Any]:
    """The applied numbers' assignment status now, in words, and whether any is still pending: the report's
    first render and the JSON its page polls until the carriers have finished with every number."""
    applied = number_upload_applied(upload=upload)
    statuses = [number.assignment_status for number in applied]
    pending = sum(status in PENDING_STATUSES for status in statuses)
    return {
        "finished": pending == 0,
        "error": "",
        "total": len(applied),
        "assigned": statuses.count(AssignmentStatus.ASSIGNED),
        "pending": pending,
        "failed": statuses.count(AssignmentStatus.FAILED_ASSIGNMENT),
        "applied": [
            {
                "line": number.line,
                "phone_number": number.phone_number,
                "campaign": number.campaign,
                "status": choice_label(number.assignment_status, AssignmentStatus),
                "tone": tone_of(number.assignment_status),
            }
            for number in applied[:PAGE_ROWS]
        ],
        "more": max(len(applied) - PAGE_ROWS, 0),
    }


def upload_preview(upload: NumberUpload) -> dict[str, Any]:
    """What sending a previewed upload would do: counts, then the first rows of each kind."""
    rows = upload.rows.order_by("line")
    planned = rows.filter(state=RowState.PLANNED)
    refused = rows.filter(state=RowState.INVALID)
    moves = planned.filter(action=RowAction.MOVE)
    columns = ("line", "phone_number", "campaign_text", "moved_from", "reason")
    return {
        "upload": upload,
        "assigning": planned.filter(action=RowAction.ASSIGN).count(),
        "moving": moves.count(),
        "refusing": refused.count(),
        "moves": list(moves.values(*columns)[:PAGE_ROWS]),
        "refused": list(refused.values(*columns)[:PAGE_ROWS]),
        "assigned": list(planned.filter(action=RowAction.ASSIGN).values(*columns)[:PAGE_ROWS]),
        "page_rows": PAGE_ROWS,
    }


def upload_sending(upload: NumberUpload) -> dict[str, Any]:
    """Rows sent so far, in words: the first render of the sending page and the JSON it polls until done."""
    upload.refresh_from_db(fields=["status"])
    states = dict(
        upload.rows.order_by().values_list("state").annotate(count=Count("id")).values_list("state", "count")
    )
    to_send = sum(
        states.get(state, 0)
        for state in (RowState.APPLIED, RowState.REFUSED, RowState.PLANNED, RowState.SENDING)
    )
    done = states.get(RowState.APPLIED, 0) + states.get(RowState.REFUSED, 0)
    return {
        "finished": upload.status == UploadStatus.FINISHED,
        "error": "",
        "status_label": choice_label(upload.status, UploadStatus),
        "total": to_send,
        "done": done,
        "percent": round(100 * done / to_send) if to_send else 100,
        "applied": states.get(RowState.APPLIED, 0),
        "refused": states.get(RowState.REFUSED, 0),
    }
