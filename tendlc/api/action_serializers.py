"""What the action endpoints take and answer.

Input is validated by the admin's own forms (``form_cleaned_data``), so the API and the admin refuse the same
input with the same messages at the same field names; the request serializers here are built from those
forms (``form_serializer``) and only describe the input in the OpenAPI schema. A record an action made or
changed is answered as its read endpoint shows it (``tendlc.api.serializers``), with what only the action
knows beside it (the compliance check of a save, a bulk upload's report, a sync's task id).
"""

from collections.abc import Iterable
from typing import Any

from django import forms
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError

from tendlc.api.serializers import BrandSerializer, CampaignSerializer, ErrorSerializer
from tendlc.models import CampaignAppeal, ComplianceCheck, NumberUpload
from tendlc.services.compliance import field_name
from tendlc.services.number_input import MAX_UPLOAD_ROWS

# A JSON row becomes one CSV line: a line break inside a cell would shift the report's line numbers.
ONE_LINE = r"^[^\r\n]*$"
ONE_LINE_MESSAGE = "Enter the value on one line."


# --- input: the admin's forms ----------------------------------------------------------------------------


def form_errors(form: forms.BaseForm) -> dict[str, list[ErrorDetail]]:
    """The form's errors by field, with their codes; errors about no field go to ``non_field_errors``."""
    return {
        "non_field_errors" if name == forms.forms.NON_FIELD_ERRORS else name: [
            ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]
        for name, errors in form.errors.as_data().items()
    }


SCALARS = (str, int, float, bool, type(None))
LIST_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)
NUMBER_FIELDS = (forms.IntegerField, forms.FloatField, forms.DecimalField, forms.ModelChoiceField)


def shape_errors(form: forms.BaseForm) -> dict[str, list[ErrorDetail]]:
    """JSON values a form field cannot take: the admin's forms see only text from a browser, and an object,
    or a list where one value is expected, would reach their cleaning code as something it cannot handle."""
    errors: dict[str, list[ErrorDetail]] = {}
    for name, field in form.fields.items():
        if name not in form.data:
            continue
        value = form.data[name]
        if isinstance(field, LIST_FIELDS) and hasattr(form.data, "getlist"):
            value = form.data.getlist(name)  # a multipart form's repeated field
        if isinstance(field, LIST_FIELDS):
            ok = isinstance(value, list | tuple) and all(isinstance(item, SCALARS) for item in value)
            expected = "a list of values"
        elif isinstance(field, forms.FileField):
            continue
        elif isinstance(field, forms.BooleanField):
            ok, expected = isinstance(value, bool | str | type(None)), "true or false"
        elif isinstance(field, NUMBER_FIELDS):
            ok = isinstance(value, int | float | str | type(None)) and not isinstance(value, bool)
            expected = "a number"
        else:
            ok, expected = isinstance(value, str | type(None)), "text"
        if not ok:
            errors[name] = [ErrorDetail(f"Expected {expected}.", code="invalid")]
    return errors


def form_cleaned_data(*forms_: forms.BaseForm) -> dict[str, Any]:
    """The cleaned data of every form, or one 400 with all their errors."""
    errors: dict[str, list[ErrorDetail]] = {}
    for form in forms_:
        shapes = shape_errors(form)
        found = shapes or (form_errors(form) if not form.is_valid() else {})
        for name, items in found.items():
            errors.setdefault(name, []).extend(items)
    if errors:
        raise ValidationError(errors)
    return {name: value for form in forms_ for name, value in form.cleaned_data.items()}


def _serializer_field(field: forms.Field, required: bool) -> serializers.Field:
    options: dict[str, Any] = {"required": required, "help_text": str(field.help_text or "") or None}
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**options)
    if isinstance(field, forms.FileField):
        return serializers.FileField(**options)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(**options)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.CharField(), **options)
    if isinstance(field, forms.ChoiceField) and field.choices:
        return serializers.ChoiceField(
            choices=[choice for choice in field.choices if choice[0] != ""], **options
        )
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=not required, **options)
    if isinstance(field, forms.URLField):
        return serializers.URLField(allow_blank=not required, **options)
    return serializers.CharField(allow_blank=not required, **options)


def form_serializer(
    name: str, form_classes: tuple[type[forms.BaseForm], ...], *, partial: bool = False
) -> type[serializers.Serializer]:
    """A serializer describing the fields of ``form_classes`` for the schema; with ``partial`` every field is
    optional (a PATCH)."""
    fields: dict[str, Any] = {}
    for form_class in form_classes:
        for field_name_, field in form_class.base_fields.items():
            fields[field_name_] = _serializer_field(field, field.required and not partial)
    return type(name, (serializers.Serializer,), fields)


class SubmissionReferenceForm(forms.Form):
    """What a campaign submission through the API takes besides the builder's forms."""

    reference_id = forms.CharField(
        label="Reference id",
        max_length=100,
        required=False,
        help_text="Your own id of this submission, unique per campaign: sending it again cannot submit (and pay"
        " for) a second campaign. One is made up when left out.",
    )


class BulkRowSerializer(serializers.Serializer):
    phone_number = serializers.RegexField(
        ONE_LINE,
        max_length=64,
        error_messages={"invalid": ONE_LINE_MESSAGE},
        help_text="E.164, e.g. +13125550101.",
    )
    campaign = serializers.RegexField(
        ONE_LINE,
        max_length=64,
        allow_blank=True,
        error_messages={"invalid": ONE_LINE_MESSAGE},
        help_text="Our campaign id or its TCR campaign id.",
    )


class BulkRowsSerializer(serializers.Serializer):
    """The JSON form of a CSV upload: the rows it would hold, in order."""

    rows = BulkRowSerializer(many=True, min_length=1, max_length=MAX_UPLOAD_ROWS)


# --- output ------------------------------------------------------------------------------------------------


class DraftErrorSerializer(ErrorSerializer):
    draft_id = serializers.IntegerField(
        help_text="The draft kept with what was sent (a brand without brand_id): PATCH it to submit again."
    )


class FindingSerializer(serializers.Serializer):
    """One finding of the compliance checks (schema only: ``findings_data`` writes them)."""

    rule = serializers.CharField()
    severity = serializers.ChoiceField(choices=["error", "warning"])
    fields = serializers.ListField(child=serializers.CharField(), help_text="The fields it names, ours.")
    message = serializers.CharField()
    reference = serializers.CharField()


def findings_data(findings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Findings as the API answers them: the engine names wire fields, the API speaks ours."""
    return [
        {**finding, "fields": [field_name(wire) for wire in finding.get("fields", ())]}
        for finding in findings
    ]


class ComplianceCheckSerializer(serializers.ModelSerializer):
    findings = serializers.SerializerMethodField()

    class Meta:
        model = ComplianceCheck
        fields = ["id", "checked_at", "error_count", "warning_count", "findings", "override_reason"]

    @extend_schema_field(FindingSerializer(many=True))
    def get_findings(self, check: ComplianceCheck) -> list[dict[str, Any]]:
        return findings_data(check.findings)


class ComplianceResultSerializer(serializers.Serializer):
    """Schema only: the findings of content that was not submitted."""

    error_count = serializers.IntegerField()
    warning_count = serializers.IntegerField()
    findings = FindingSerializer(many=True)


class SubmissionErrorSerializer(ErrorSerializer):
    compliance = ComplianceResultSerializer(
        required=False, help_text="The checks' findings on the content sent, when it was checked."
    )


class BrandSavedSerializer(BrandSerializer):
    """Schema only: the view adds ``compliance`` to the brand as its read endpoint shows it."""

    compliance = ComplianceCheckSerializer(
        read_only=True, help_text="The brand's checks, run after saving; they never block it."
    )

    class Meta(BrandSerializer.Meta):
        fields = [*BrandSerializer.Meta.fields, "compliance"]
        read_only_fields = fields


class CampaignSubmittedSerializer(CampaignSerializer):
    """Schema only: the view adds ``compliance`` to the campaign as its read endpoint shows it."""

    compliance = ComplianceCheckSerializer(
        read_only=True, allow_null=True, help_text="The checks the submission passed (or overrode)."
    )

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "compliance"]
        read_only_fields = fields


class CarrierTermsSerializer(serializers.Serializer):
    network_id = serializers.CharField()
    name = serializers.CharField()
    qualifies = serializers.BooleanField(allow_null=True)
    supported = serializers.BooleanField(allow_null=True)
    reviews = serializers.BooleanField(allow_null=True)
    min_samples = serializers.IntegerField(allow_null=True)
    requires_help = serializers.BooleanField(allow_null=True)
    requires_optin = serializers.BooleanField(allow_null=True)
    requires_optout = serializers.BooleanField(allow_null=True)
    no_embedded_link = serializers.BooleanField(allow_null=True)
    no_embedded_phone = serializers.BooleanField(allow_null=True)


class QualificationSerializer(serializers.Serializer):
    """A brand's qualification for a use case; a brand that does not qualify is an answer (``eligible``
    false, ``refusal`` says why), not an error."""

    brand_id = serializers.CharField(help_text="The brand's Telnyx id.")
    usecase = serializers.CharField()
    eligible = serializers.BooleanField()
    refusal = serializers.CharField()
    annual_fee = serializers.FloatField(allow_null=True)
    monthly_fee = serializers.FloatField(allow_null=True)
    quarterly_fee = serializers.FloatField(allow_null=True)
    min_sub_usecases = serializers.IntegerField()
    max_sub_usecases = serializers.IntegerField()
    carriers = CarrierTermsSerializer(many=True)
    up_front_cost = serializers.CharField()
    monthly_cost = serializers.CharField()
    cost_description = serializers.CharField()


class CampaignAppealSerializer(serializers.ModelSerializer):
    campaign = CampaignSerializer(read_only=True, help_text="The campaign, read again after the appeal.")

    class Meta:
        model = CampaignAppeal
        fields = ["id", "appeal_reason", "appealed_at", "status_before", "campaign"]
        read_only_fields = fields


class UploadReportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="The CSV line; JSON rows follow a header: rows[0] is line 2.")
    phone_number = serializers.CharField()
    campaign = serializers.CharField()
    outcome = serializers.ChoiceField(
        choices=["applied", "invalid", "refused"],
        help_text="invalid: refused by our checks, never sent; refused: by the 10DLC API (or not sent once it"
        " stopped answering).",
    )
    reason = serializers.CharField()
    assignment_status = serializers.CharField()


class NumberUploadResultSerializer(serializers.ModelSerializer):
    report = UploadReportRowSerializer(many=True, read_only=True)

    class Meta:
        model = NumberUpload
        fields = ["id", "filename", "rows_total", "rows_applied", "rows_failed", "report"]
        read_only_fields = fields


class SyncStartedSerializer(serializers.Serializer):
    task_id = serializers.CharField(
        help_text="The queued sync's task id; its run then shows under sync runs."
    )
