"""Compliance checks as the brand and campaign endpoints answer them: findings naming our fields, not wire
names."""

from collections.abc import Iterable
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tendlc.models import (
    ComplianceCheck,
)
from tendlc.services.compliance import (
    field_name,
)


class FindingSerializer(serializers.Serializer[dict[str, Any]]):
    """One finding of the compliance checks (schema only: ``findings_data`` writes them)."""

    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    # The metaclass moves declared fields off the class, so this never shadows Serializer.fields.
    fields = serializers.ListField(  # type: ignore[assignment]
        child=serializers.CharField(), help_text="The fields it names, ours."
    )
    message = serializers.CharField()
    reference = serializers.CharField()


def findings_data(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings as the API answers them: the engine names wire fields, the API speaks ours."""
    return [
        {**finding, "fields": [field_name(wire) for wire in finding.get("fields", ())]}
        for finding in findings
    ]


class ComplianceCheckSerializer(serializers.ModelSerializer[ComplianceCheck]):
    findings = serializers.SerializerMethodField()

    class Meta:
        model = ComplianceCheck
        fields = ["id", "checked_at", "error_count", "warning_count", "findings", "override_reason"]

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, check: ComplianceCheck) -> list[dict[str, Any]]:
        return findings_data(check.findings)


class ComplianceResultSerializer(serializers.Serializer[dict[str, Any]]):
    """Schema only: the findings of content that was not submitted."""

    error_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    findings = FindingSerializer(many=True)
