"""The audit log over the API, read-only."""

from rest_framework import serializers, viewsets

from tendlc.api import filters
from tendlc.api.fields import label
from tendlc.api.schema import documented
from tendlc.models import (
    AuditEntry,
)
from tendlc.selectors import search


class AuditEntrySerializer(serializers.ModelSerializer[AuditEntry]):
    user = serializers.IntegerField(
        source="user_id", read_only=True, allow_null=True, help_text="The user's id; null for the system."
    )
    target_type = serializers.SerializerMethodField(help_text="The kind of object acted on, e.g. brand.")
    outcome_label = label("outcome")

    class Meta:
        model = AuditEntry
        fields = [
            "id",
            "at",
            "user",
            "username",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "request_summary",
            "outcome",
            "outcome_label",
            "error",
            "api_request_id",
        ]
        read_only_fields = fields

    def get_target_type(self, entry: AuditEntry) -> str | None:
        return entry.target_type.model if entry.target_type else None


@documented("audit-log")
class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet[AuditEntry]):
    queryset = AuditEntry.objects.select_related("target_type")
    serializer_class = AuditEntrySerializer
    filterset_class = filters.AuditEntryFilter
    search_fields = search.AUDIT_ENTRIES
    ordering_fields = ["id", "at", "action", "outcome", "username"]
    ordering = ["-at", "-id"]
