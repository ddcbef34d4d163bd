"""CSV uploads of numbers to assign, with their reports (what was applied, what was not and why)."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import URLPattern, path, reverse

from tendlc.admin.display import BAD, choice_label, tone_badge, tone_of
from tendlc.admin.export import csv_export_action
from tendlc.admin.numbers.columns import PAGE_ROWS, csv_response
from tendlc.admin.object_actions import object_or_404
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.service_form import ServiceFormAdmin
from tendlc.choices import AssignmentStatus
from tendlc.conf import api_session
from tendlc.forms.numbers import (
    NumberUploadForm,
)
from tendlc.models import NumberUpload
from tendlc.models.assignments import APPLIED
from tendlc.selectors import search
from tendlc.selectors.number_uploads import PENDING_STATUSES, number_upload_applied
from tendlc.services.number_input import MAX_UPLOAD_BYTES
from tendlc.services.numbers import number_upload_apply

INVALID_ROWS_COLUMNS = ("phone_number", "campaign", "reason")
REPORT_COLUMNS = ("line", "phone_number", "campaign", "outcome", "reason", "assignment_status")


@admin.register(NumberUpload)
class NumberUploadAdmin(ServiceFormAdmin[NumberUpload], PortalAdmin[NumberUpload]):
    tabbed = False  # the page is its report, which must not hide behind a tab
    save_and_continue = False  # saving lands on the record's page
    form = NumberUploadForm
    list_display = ("uploaded_at", "filename", "uploaded_by", "rows_total", "rows_applied", "failed_column")
    list_filter = (("uploaded_by", admin.RelatedOnlyFieldListFilter),)
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
    detail_fields = ["filename", "uploaded_by", "uploaded_at", "rows_total", "rows_applied", "rows_failed"]

    class Media:
        js = ["tendlc/progress.js"]

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
        # Not opening with the file name: the admin shows messages through capfirst, which would change it.
        self.message_user(
            request,
            f"Upload of {obj.filename}: {obj.rows_total} rows, {obj.rows_applied} applied, {obj.rows_failed} not applied.",
            messages.WARNING if obj.rows_failed else messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tendlc_numberupload_change", args=[obj.pk]))

    def object_panels(self, request: HttpRequest, obj: NumberUpload) -> list[Panel]:
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
