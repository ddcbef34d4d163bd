"""The status timeline over the API, read-only: the list with the admin's filters, and how long a record
spent in each status of a field (``time-in-status``)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api.fields import label
from tendlc.api.filters import TimeFilter
from tendlc.api.schema import documented
from tendlc.models import StatusChange, StatusSubject
from tendlc.selectors import search
from tendlc.selectors.timeline import (
    PERIODS,
    period_start,
    record_of,
    record_started_at,
    status_spells,
    time_in_status,
)
from tendlc.services.timeline import TRACKED, status_text


class StatusChangeSerializer(serializers.ModelSerializer[StatusChange]):
    subject_label = label("subject")
    cause_label = label("cause")

    class Meta:
        model = StatusChange
        fields = [
            "id",
            "changed_at",
            "subject",
            "subject_label",
            "record_id",
            "brand_id",
            "campaign_id",
            "carrier",
            "field",
            "old_value",
            "new_value",
            "cause",
            "cause_label",
            "cause_detail",
            "webhook_event",
            "sync_run",
            "audit_entry",
        ]
        read_only_fields = fields


class StatusChangeFilter(filters.FilterSet):
    period = filters.ChoiceFilter(
        choices=list(PERIODS.items()), method="in_period", label="today, week (past 7 days) or month"
    )
    changed_after = TimeFilter(field_name="changed_at", lookup_expr="gte", label="at or after (ISO 8601)")
    changed_before = TimeFilter(field_name="changed_at", lookup_expr="lt", label="before (ISO 8601)")

    class Meta:
        model = StatusChange
        fields = ["subject", "field", "carrier", "new_value", "cause", "brand_id", "campaign_id", "record_id"]

    def in_period(self, queryset: QuerySet[StatusChange], name: str, value: str) -> QuerySet[StatusChange]:
        return queryset.filter(changed_at__gte=period_start(value, now=timezone.now()))


class TimeInStatusQuery(serializers.Serializer[Any]):
    subject = serializers.ChoiceField(choices=StatusSubject.choices, help_text="The kind of record.")
    record_id = serializers.CharField(help_text="The record's remote id (a carrier's: its campaign's id).")
    field = serializers.CharField(help_text="The status field, e.g. campaign_status or operation_status.")
    carrier = serializers.CharField(
        required=False, default="", help_text="The carrier's name, for a carrier's operation status."
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        fields = {
            name
            for tracked in TRACKED.values()
            if tracked.subject == attrs["subject"]
            for name in tracked.fields
        }
        if attrs["field"] not in fields:
            raise serializers.ValidationError(
                {"field": f"Not a status of this record type: {', '.join(sorted(fields))}."}
            )
        if attrs["subject"] == StatusSubject.CARRIER_STATUS and not attrs["carrier"]:
            raise serializers.ValidationError({"carrier": "Name the carrier whose status to measure."})
        return attrs


class StatusSpellSerializer(serializers.Serializer[Any]):
    value = serializers.CharField(help_text="The status.")
    since = serializers.DateTimeField(help_text="When the record entered it.")
    until = serializers.DateTimeField(allow_null=True, help_text="When it left it; null for the current one.")
    seconds = serializers.SerializerMethodField(
        help_text="How long it stayed, in seconds (until now if current)."
    )

    def get_seconds(self, spell: Any) -> int:
        return int(spell.duration.total_seconds())


@documented("status-changes")
class StatusChangeViewSet(viewsets.ReadOnlyModelViewSet[StatusChange]):
    queryset = StatusChange.objects.all()
    serializer_class = StatusChangeSerializer
    filterset_class = StatusChangeFilter
    search_fields = search.STATUS_CHANGES
    ordering_fields = ["id", "changed_at"]
    ordering = ["-changed_at", "-id"]

    @extend_schema(
        summary="How long a record spent in each status of a field",
        parameters=[TimeInStatusQuery],
        responses={200: StatusSpellSerializer(many=True)},
    )
    @action(detail=False, url_path="time-in-status", pagination_class=None, filter_backends=[])
    def time_in_status(self, request: Request) -> Response:
        query = TimeInStatusQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        subject, record_id = query.validated_data["subject"], query.validated_data["record_id"]
        field, carrier = query.validated_data["field"], query.validated_data["carrier"]
        record = record_of(subject=subject, record_id=record_id)
        if record is None:
            raise NotFound("No such record is stored.")
        if subject == StatusSubject.CARRIER_STATUS:
            row = record.mno_statuses.filter(mno=carrier).first()  # type: ignore[attr-defined]
            current = status_text(row.operation_status if row is not None else "")
        else:
            current = status_text(getattr(record, field))
        entries = list(StatusChange.objects.filter(subject=subject, record_id=record_id, field=field))
        now = timezone.now()
        spells = status_spells(
            entries,
            field=field,
            carrier=carrier,
            current=current,
            created_at=record_started_at(record),
            now=now,
        )
        totals = time_in_status(spells)
        return Response(
            {
                "spells": StatusSpellSerializer(spells, many=True).data,
                "totals": {value: int(duration.total_seconds()) for value, duration in totals.items()},
            }
        )
