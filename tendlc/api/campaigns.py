"""Our campaigns over the API: list and retrieve; qualify a brand for a use case and submit a campaign (the
campaign builder in one request each); appeal and deactivate (Compliance admins)."""

import secrets
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api import errors, filters
from tendlc.api.actions import ActionPermissionsMixin
from tendlc.api.compliance import ComplianceCheckSerializer, ComplianceResultSerializer, findings_data
from tendlc.api.errors import UPSTREAM_REFUSALS, ErrorSerializer
from tendlc.api.fields import label
from tendlc.api.idempotency import key_reference
from tendlc.api.inputs import form_cleaned_data, form_serializer, request_values
from tendlc.api.schema import documented
from tendlc.client import TenDLCError
from tendlc.conf import api_session
from tendlc.forms.campaigns import (
    AppealForm,
    BrandStepForm,
    ContentStepForm,
    ReviewForm,
    UsecaseStepForm,
)
from tendlc.models import (
    Campaign,
    CampaignAppeal,
    CampaignMnoStatus,
)
from tendlc.models.campaign_content import CONTENT_FIELDS
from tendlc.selectors import search
from tendlc.selectors.compliance_checks import compliance_check_list
from tendlc.selectors.dormancy import DormancyRisk, campaign_dormancy_risk
from tendlc.services.campaign_actions import (
    APPEAL_PERMISSION,
    DEACTIVATE_PERMISSION,
    campaign_appeal,
    campaign_deactivate,
)
from tendlc.services.campaign_builder import (
    campaign_builder_compliance,
    campaign_builder_qualify,
    campaign_builder_submit,
    sub_usecase_options,
    usecase_list,
)
from tendlc.services.compliance import (
    compliance_override_allowed,
)
from tendlc.services.errors import WorkflowError


class CarrierStatusSerializer(serializers.ModelSerializer[CampaignMnoStatus]):
    class Meta:
        model = CampaignMnoStatus
        fields = ["network_id", "mno", "operation_status", "qualify", "mno_review", "refreshed_at"]
        read_only_fields = fields


class CampaignSerializer(serializers.ModelSerializer[Campaign]):
    brand = serializers.IntegerField(source="brand.pk", read_only=True, help_text="The brand's id.")
    brand_id = serializers.CharField(read_only=True, help_text="The brand's Telnyx id (brandId).")
    campaign_status_label = label("campaign_status")
    status_label = label("status")
    carriers = CarrierStatusSerializer(
        source="mno_statuses", many=True, read_only=True, help_text="Each carrier's operation status."
    )

    class Meta:
        model = Campaign
        fields = [
            "id",
            "campaign_id",
            "tcr_campaign_id",
            "brand",
            "brand_id",
            "tcr_brand_id",
            "brand_display_name",
            "reference_id",
            "csp_id",
            "reseller_id",
            "usecase",
            *CONTENT_FIELDS,
            "mock",
            "campaign_status",
            "campaign_status_label",
            "status",
            "status_label",
            "submission_status",
            "failure_reasons",
            "carriers",
            "is_t_mobile_registered",
            "is_t_mobile_suspended",
            "is_t_mobile_number_pooling_enabled",
            "assigned_phone_numbers_count",
            "create_date",
            "billed_date",
            "next_renewal_or_expiration_date",
            "synced_at",
            "remote_deleted_at",
        ]
        read_only_fields = fields


class DormancyRiskSerializer(serializers.Serializer[DormancyRisk]):
    since = serializers.DateTimeField(
        help_text="Since when the campaign has had no numbers: its provisioning, or its last number leaving."
    )
    suspends_at = serializers.DateTimeField(
        help_text="When Telnyx suspends it for dormancy unless a number is assigned first."
    )
    days_left = serializers.IntegerField(help_text="Whole days left before then; 0 once the time is up.")


class CampaignDetailSerializer(CampaignSerializer):
    dormancy = serializers.SerializerMethodField(
        help_text="For a provisioned campaign without numbers, when Telnyx suspends it for dormancy; null"
        " otherwise."
    )

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "dormancy"]
        read_only_fields = fields

    @extend_schema_field(DormancyRiskSerializer(allow_null=True))
    def get_dormancy(self, campaign: Campaign) -> dict[str, Any] | None:
        risk = campaign_dormancy_risk(campaign=campaign)
        return None if risk is None else dict(DormancyRiskSerializer(risk).data)


class CampaignSubmittedSerializer(CampaignSerializer):
    """Schema only: the view adds ``compliance`` to the campaign as its read endpoint shows it."""

    compliance = ComplianceCheckSerializer(
        read_only=True, allow_null=True, help_text="The checks the submission passed (or overrode)."
    )

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "compliance"]
        read_only_fields = fields


class SubmissionErrorSerializer(ErrorSerializer):
    compliance = ComplianceResultSerializer(
        required=False, help_text="The checks' findings on the content sent, when it was checked."
    )


class CarrierTermsSerializer(serializers.Serializer[dict[str, Any]]):
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


class QualificationSerializer(serializers.Serializer[dict[str, Any]]):
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


class CampaignAppealSerializer(serializers.ModelSerializer[CampaignAppeal]):
    campaign = CampaignSerializer(read_only=True, help_text="The campaign, read again after the appeal.")

    class Meta:
        model = CampaignAppeal
        fields = ["id", "appeal_reason", "appealed_at", "status_before", "campaign"]
        read_only_fields = fields


class SubmissionReferenceForm(forms.Form):
    """What a campaign submission through the API takes besides the builder's forms."""

    reference_id = forms.CharField(
        label="Reference id",
        max_length=100,
        required=False,
        help_text="Your own id of this submission, unique per campaign: sending it again cannot submit (and pay"
        " for) a second campaign. Left out, it is made from the request's Idempotency-Key, or made up.",
    )


QUALIFY_INPUT = form_serializer("CampaignQualifyInput", (BrandStepForm, UsecaseStepForm))


SUBMIT_INPUT = form_serializer(
    "CampaignSubmitInput",
    (BrandStepForm, UsecaseStepForm, ContentStepForm, ReviewForm, SubmissionReferenceForm),
)


class CampaignActionsMixin(ActionPermissionsMixin[Campaign]):
    """``POST /campaigns/qualify/``, ``POST /campaigns/`` (submit), ``POST /campaigns/{id}/appeal/`` and
    ``POST /campaigns/{id}/deactivate/``: the campaign builder's qualification and submission in one request
    each, and the admins' actions."""

    action_permissions = {
        "create": ("tendlc.add_campaign",),
        "qualify": ("tendlc.add_campaign",),
        "appeal": (APPEAL_PERMISSION,),
        "deactivate": (DEACTIVATE_PERMISSION,),
    }

    @extend_schema(
        summary="A brand's qualification for a use case, with its fees, carriers and cost",
        request=QUALIFY_INPUT,
        responses={200: QualificationSerializer, **UPSTREAM_REFUSALS},
    )
    @action(detail=False, methods=["post"])
    def qualify(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = request_values(request)
        with api_session() as client:
            values = form_cleaned_data(
                BrandStepForm(data), UsecaseStepForm(data, usecases=usecase_list(client=client))
            )
            qualification = campaign_builder_qualify(
                brand=values["brand"], usecase=values["usecase"], client=client
            )
        return Response(QualificationSerializer(qualification.as_dict()).data)

    @extend_schema(
        summary="Submit a campaign (the campaign builder in one request)",
        description="Qualifies the brand for the use case, checks the content as the builder's pages do, and "
        "submits it. Compliance errors block the submission unless a Compliance admin gives override_reason; "
        "a refusal carries the findings. reference_id makes a retry safe: the API refuses a second campaign "
        "with the same one. Left out, it is made from the Idempotency-Key header when one is sent (so a retry "
        "after a lost answer is refused too), otherwise made up.",
        request=SUBMIT_INPUT,
        responses={
            201: CampaignSubmittedSerializer,
            400: SubmissionErrorSerializer,
            422: SubmissionErrorSerializer,
            **UPSTREAM_REFUSALS,
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = request_values(request)
        with api_session() as client:
            usecases = usecase_list(client=client)
            values = form_cleaned_data(
                BrandStepForm(data),
                UsecaseStepForm(data, usecases=usecases),
                ReviewForm(data),
                SubmissionReferenceForm(data),
            )
            override_reason = values["override_reason"]
            if override_reason.strip() and not compliance_override_allowed(request.user):
                raise PermissionDenied("Only a Compliance admin may submit despite compliance errors.")
            brand = values["brand"]
            qualification = campaign_builder_qualify(brand=brand, usecase=values["usecase"], client=client)
            content: dict[str, Any] = {}
            # As in the builder, content is judged against an eligible qualification; the submission refuses
            # an ineligible one at the use case.
            if qualification.eligible:
                typed = form_cleaned_data(
                    ContentStepForm(
                        data, qualification=qualification, sub_usecases=sub_usecase_options(usecases)
                    )
                )
                content = {name: typed[name] for name in CONTENT_FIELDS}
            try:
                campaign = campaign_builder_submit(
                    brand=brand,
                    qualification=qualification,
                    content=content,
                    run_id=values["reference_id"] or key_reference(request) or secrets.token_hex(16),
                    override_reason=override_reason,
                    user=request.user,
                    client=client,
                )
            except (WorkflowError, TenDLCError) as error:
                response = errors.exception_handler(error, self.get_exception_handler_context())
                if response is None or not content:
                    raise
                result = campaign_builder_compliance(
                    brand=brand, qualification=qualification, content=content
                )
                response.data["compliance"] = {
                    "error_count": len(result.errors),
                    "warning_count": len(result.warnings),
                    "findings": findings_data(finding.to_dict() for finding in result.findings),
                }
                return response
        check = compliance_check_list(campaign=campaign).first()
        return Response(
            {
                **CampaignSerializer(campaign).data,
                "compliance": ComplianceCheckSerializer(check).data if check is not None else None,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        summary="Appeal a rejected campaign (Compliance admins)",
        request=form_serializer("CampaignAppealInput", (AppealForm,)),
        responses={201: CampaignAppealSerializer, **UPSTREAM_REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = self.get_object()
        values = form_cleaned_data(AppealForm(request_values(request)))
        with api_session() as client:
            appeal = campaign_appeal(
                campaign=campaign, reason=values["appeal_reason"], user=request.user, client=client
            )
        return Response(CampaignAppealSerializer(appeal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Deactivate a campaign, irreversibly (Compliance admins)",
        request=None,
        responses={200: CampaignSerializer, **UPSTREAM_REFUSALS},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = self.get_object()
        with api_session() as client:
            campaign_deactivate(campaign=campaign, user=request.user, client=client)
        return Response(CampaignSerializer(campaign).data)


@documented("campaigns")
class CampaignViewSet(CampaignActionsMixin, viewsets.ReadOnlyModelViewSet[Campaign]):
    queryset = Campaign.objects.select_related("brand").prefetch_related(
        Prefetch("mno_statuses", queryset=CampaignMnoStatus.objects.order_by("network_id"))
    )
    serializer_class = CampaignSerializer
    filterset_class = filters.CampaignFilter
    search_fields = search.CAMPAIGNS
    ordering_fields = ["id", "tcr_campaign_id", "create_date", "campaign_status", "status", "usecase"]
    ordering = ["-create_date", "-id"]

    def get_serializer_class(self) -> type[serializers.BaseSerializer[Campaign]]:
        # The detail alone reads the dormancy risk: a query per campaign would cost a list page one per row.
        return CampaignDetailSerializer if self.action == "retrieve" else super().get_serializer_class()

    def get_queryset(self) -> QuerySet[Campaign]:
        # The carrier filter joins carrier statuses: a campaign matches once.
        queryset = super().get_queryset()
        return queryset.distinct() if self.request.query_params.get("carrier") else queryset
