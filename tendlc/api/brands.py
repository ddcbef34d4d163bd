"""Brands over the API: list and retrieve; register (``POST /brands/``), change or submit a draft again
(``PATCH /brands/{id}/``), the SMS OTP of a sole proprietor (``POST /brands/{id}/otp/`` and ``otp/verify/``);
and the SMS OTP verifications, read-only."""

import copy
from typing import Any

from django.forms import modelform_factory
from django.forms.models import model_to_dict
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api import errors, filters
from tendlc.api.actions import ActionPermissionsMixin
from tendlc.api.compliance import ComplianceCheckSerializer
from tendlc.api.errors import UPSTREAM_REFUSALS, ErrorSerializer
from tendlc.api.fields import label
from tendlc.api.inputs import form_cleaned_data, form_serializer, request_values
from tendlc.api.schema import documented
from tendlc.client import TenDLCError
from tendlc.conf import api_session
from tendlc.forms.brands import (
    CREATE_FIELDS,
    UPDATE_FIELDS,
    BrandForm,
    SmsOtpTriggerForm,
    SmsOtpVerifyForm,
)
from tendlc.models import (
    Brand,
    SmsOtpVerification,
)
from tendlc.selectors import search
from tendlc.services.brands import (
    brand_create,
    brand_sms_otp_trigger,
    brand_sms_otp_verify,
    brand_update,
)
from tendlc.services.compliance import (
    brand_compliance_record,
)
from tendlc.services.errors import DraftKept


class BrandSerializer(serializers.ModelSerializer[Brand]):
    entity_type_label = label("entity_type")
    status_label = label("status")
    identity_status_label = label("identity_status")
    is_submitted = serializers.BooleanField(
        read_only=True, help_text="Whether the API has created the brand."
    )

    class Meta:
        model = Brand
        fields = [
            "id",
            "brand_id",
            "tcr_brand_id",
            "reference_id",
            "csp_id",
            "is_submitted",
            "entity_type",
            "entity_type_label",
            "display_name",
            "company_name",
            "first_name",
            "last_name",
            "ein",
            "universal_ein",
            "alt_business_id",
            "alt_business_id_type",
            "phone",
            "mobile_phone",
            "email",
            "business_contact_email",
            "street",
            "city",
            "state",
            "postal_code",
            "country",
            "website",
            "stock_symbol",
            "stock_exchange",
            "ip_address",
            "vertical",
            "is_reseller",
            "mock",
            "identity_status",
            "identity_status_label",
            "status",
            "status_label",
            "brand_relationship",
            "failure_reasons",
            "optional_attributes",
            "assigned_campaigns_count",
            "webhook_url",
            "webhook_failover_url",
            "created_at",
            "updated_at",
            "last_error",
            "synced_at",
            "remote_deleted_at",
        ]
        read_only_fields = fields


class DraftErrorSerializer(ErrorSerializer):
    draft_id = serializers.IntegerField(
        help_text="The draft kept with what was sent (a brand without brand_id): PATCH it to submit again."
    )


class BrandSavedSerializer(BrandSerializer):
    """Schema only: the view adds ``compliance`` to the brand as its read endpoint shows it."""

    compliance = ComplianceCheckSerializer(
        read_only=True, help_text="The brand's checks, run after saving; they never block it."
    )

    class Meta(BrandSerializer.Meta):
        fields = [*BrandSerializer.Meta.fields, "compliance"]
        read_only_fields = fields


class SmsOtpVerificationSerializer(serializers.ModelSerializer[SmsOtpVerification]):
    brand = serializers.IntegerField(source="brand.pk", read_only=True, help_text="The brand's id.")
    brand_id = serializers.CharField(
        source="brand.brand_id", read_only=True, allow_null=True, help_text="The brand's Telnyx id."
    )
    delivery_status_label = label("delivery_status")

    class Meta:
        model = SmsOtpVerification
        fields = [
            "id",
            "reference_id",
            "brand",
            "brand_id",
            "mobile_phone",
            "request_date",
            "delivery_status",
            "delivery_status_label",
            "delivery_status_date",
            "delivery_status_details",
            "verify_date",
            "synced_at",
        ]
        read_only_fields = fields


BRAND_CREATE_INPUT = form_serializer(
    "BrandCreateInput", (modelform_factory(Brand, BrandForm, CREATE_FIELDS),)
)


BRAND_UPDATE_INPUT = form_serializer(
    "BrandUpdateInput", (modelform_factory(Brand, BrandForm, UPDATE_FIELDS),), partial=True
)


class BrandWriteMixin(ActionPermissionsMixin[Brand]):
    """``POST /brands/`` (create), ``PATCH /brands/{id}/`` (update; a draft is submitted again),
    ``POST /brands/{id}/otp/`` and ``POST /brands/{id}/otp/verify/``."""

    action_permissions = {
        "create": ("tendlc.add_brand",),
        "partial_update": ("tendlc.change_brand",),
        "otp": ("tendlc.add_smsotpverification",),
        "otp_verify": ("tendlc.add_smsotpverification",),
    }

    @extend_schema(
        summary="Register a brand",
        request=BRAND_CREATE_INPUT,
        responses={
            201: BrandSavedSerializer,
            **UPSTREAM_REFUSALS,
            422: OpenApiResponse(
                DraftErrorSerializer,
                "Refused by the 10DLC API: what was sent is kept as a draft (draft_id); PATCH it to submit again.",
            ),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = modelform_factory(Brand, BrandForm, CREATE_FIELDS)(request_values(request))
        form_cleaned_data(form)
        return self._brand_submit(request, form.instance, submitted=False, success=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a brand, or submit a draft again",
        description="Fields not sent keep their values. A registered brand is sent as an update; a draft (a "
        "create the API refused) is submitted again as a create, on the same row.",
        request=BRAND_UPDATE_INPUT,
        responses={200: BrandSavedSerializer, **UPSTREAM_REFUSALS, 422: DraftErrorSerializer},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stored = self.get_object()
        # The admin's fields for this brand: a draft is edited on the create form (tendlc.admin.brands).
        fields = UPDATE_FIELDS if stored.is_submitted else CREATE_FIELDS
        values = model_to_dict(stored, fields)
        sent = request_values(request)
        values.update((name, sent.get(name)) for name in sent)
        # The form writes onto its instance: a copy, so the stored row stays as it was if refused.
        form = modelform_factory(Brand, BrandForm, fields)(values, instance=copy.copy(stored))
        form_cleaned_data(form)
        return self._brand_submit(
            request, form.instance, submitted=stored.is_submitted, success=status.HTTP_200_OK
        )

    def _brand_submit(self, request: Request, brand: Brand, *, submitted: bool, success: int) -> Response:
        try:
            with api_session() as client:
                if submitted:
                    brand = brand_update(user=request.user, brand=brand, client=client)
                else:
                    brand = brand_create(user=request.user, brand=brand, client=client)
        except DraftKept as kept:
            if not isinstance(kept.error, TenDLCError):
                raise
            response = errors.upstream_response(kept.error)
            # DraftKept types its draft as any object until the services join strict checking.
            response.data["draft_id"] = kept.draft.pk  # type: ignore[attr-defined]
            return response
        check = brand_compliance_record(brand=brand, user=request.user)
        return Response(
            {**BrandSerializer(brand).data, "compliance": ComplianceCheckSerializer(check).data},
            status=success,
        )

    @extend_schema(
        summary="Text the sole proprietor a PIN",
        request=form_serializer("SmsOtpTriggerInput", (SmsOtpTriggerForm,)),
        responses={201: SmsOtpVerificationSerializer, **UPSTREAM_REFUSALS},
    )
    @action(detail=True, methods=["post"], url_path="otp", url_name="otp")
    def otp(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        brand = self.get_object()
        values = form_cleaned_data(SmsOtpTriggerForm(request_values(request)))
        with api_session() as client:
            verification = brand_sms_otp_trigger(
                user=request.user,
                brand=brand,
                pin_sms=values["pin_sms"],
                success_sms=values["success_sms"],
                client=client,
            )
        return Response(SmsOtpVerificationSerializer(verification).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Verify the PIN the sole proprietor received",
        request=form_serializer("SmsOtpVerifyInput", (SmsOtpVerifyForm,)),
        responses={200: BrandSerializer, **UPSTREAM_REFUSALS},
    )
    @action(detail=True, methods=["post"], url_path="otp/verify", url_name="otp-verify")
    def otp_verify(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        brand = self.get_object()
        values = form_cleaned_data(SmsOtpVerifyForm(request_values(request)))
        with api_session() as client:
            brand_sms_otp_verify(user=request.user, brand=brand, otp_pin=values["otp_pin"], client=client)
        return Response(BrandSerializer(brand).data)


@documented("brands")
class BrandViewSet(BrandWriteMixin, viewsets.ReadOnlyModelViewSet[Brand]):
    queryset = Brand.objects.all()
    serializer_class = BrandSerializer
    filter_backends = [DjangoFilterBackend, filters.BrandSearchFilter, OrderingFilter]
    filterset_class = filters.BrandFilter
    search_fields = search.BRANDS
    ordering_fields = ["id", "display_name", "created_at", "status", "identity_status", "entity_type"]
    ordering = ["-created_at", "-id"]


@documented("otp-verifications")
class SmsOtpVerificationViewSet(viewsets.ReadOnlyModelViewSet[SmsOtpVerification]):
    queryset = SmsOtpVerification.objects.select_related("brand")
    serializer_class = SmsOtpVerificationSerializer
    filterset_class = filters.SmsOtpVerificationFilter
    search_fields = search.SMS_OTP_VERIFICATIONS
    ordering_fields = ["id", "request_date", "delivery_status"]
    ordering = ["-request_date", "-id"]
