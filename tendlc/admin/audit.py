"""The audit log in the admin: everyone with view permission can read and filter it; nobody can change it."""

from django.contrib import admin
from django.http import HttpRequest

from tendlc.admin.display import LongColumn
from tendlc.admin.technical import TechnicalDetailsAdmin
from tendlc.models import AuditEntry
from tendlc.selectors import search


@admin.register(AuditEntry)
class AuditEntryAdmin(TechnicalDetailsAdmin):
    list_display = ("at", "username", "action", "target_repr", "outcome", "error_column", "request_id_column")
    list_display_links = ("at",)
    list_filter = ("outcome", "action", "target_type")
    search_fields = search.AUDIT_ENTRIES
    date_hierarchy = "at"
    list_select_related = ("target_type",)
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
    technical_fields = ("request_summary",)
    error_column = LongColumn("error", description="error")
    request_id_column = LongColumn("api_request_id", description="request id")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
