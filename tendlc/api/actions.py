"""Workflow actions, through the same services the admin calls, with the same permissions and forms.

Each resource's actions are a viewset mixin (``BrandWriteMixin``, ``CampaignActionsMixin``, ...) composed with
that resource's read viewset, so one URL is served by one view: ``POST /brands/`` and ``GET /brands/`` are the
same viewset's ``create`` and ``list``. The mixin goes first among the bases (``class BrandViewSet(
BrandWriteMixin, <read viewset>)``), so its ``get_permissions`` decides for its actions. A view here validates the request with the admin's form for the action
(``form_cleaned_data``: same messages at the same field names), calls the one service the admin calls, with
the API client of one request (``api_session``), and answers what it made. The service audits and decides;
its refusals (``WorkflowError``, the 10DLC API's errors) become the one error format in
``tendlc.api.errors``.

Every action names the permissions the admin checks for it (``action_permissions``), checked on the server
before anything runs; the services check the admin-only ones again.
"""

import copy
import csv
import io
import secrets
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.forms import modelform_factory
from django.forms.models import model_to_dict
from django.urls import URLPattern
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.admin.api_session import api_session
from tendlc.admin.brand_forms import (
    CREATE_FIELDS,
    UPDATE_FIELDS,
    BrandForm,
    SmsOtpTriggerForm,
    SmsOtpVerifyForm,
)
from tendlc.admin.campaign_forms import (
    AppealForm,
    BrandStepForm,
    ContentStepForm,
    ReviewForm,
    UsecaseStepForm,
)
from tendlc.admin.number_forms import AssignmentAssignForm, AssignmentTaskForm, NumberUploadForm
from tendlc.api import errors
from tendlc.api.action_serializers import (
    BrandSavedSerializer,
    BulkRowsSerializer,
    CampaignAppealSerializer,
    CampaignSubmittedSerializer,
    ComplianceCheckSerializer,
    DraftErrorSerializer,
    NumberUploadResultSerializer,
    QualificationSerializer,
    SubmissionErrorSerializer,
    SubmissionReferenceForm,
    SyncStartedSerializer,
    findings_data,
    form_cleaned_data,
    form_serializer,
)
from tendlc.api.permissions import requires
from tendlc.api.serializers import (
    AssignmentTaskSerializer,
    BrandSerializer,
    CampaignSerializer,
    ErrorSerializer,
    PhoneNumberAssignmentSerializer,
    SmsOtpVerificationSerializer,
)
from tendlc.client import TenDLCError
from tendlc.models import Brand
from tendlc.services.brands import (
    brand_create,
    brand_sms_otp_trigger,
    brand_sms_otp_verify,
    brand_update,
)
from tendlc.services.campaign_actions import (
    APPEAL_PERMISSION,
    DEACTIVATE_PERMISSION,
    campaign_appeal,
    campaign_deactivate,
)
from tendlc.services.campaign_builder import (
    CONTENT_FIELDS,
    campaign_builder_compliance,
    campaign_builder_qualify,
    campaign_builder_submit,
    sub_usecase_options,
    usecase_list,
)
from tendlc.services.compliance import (
    brand_compliance_record,
    compliance_check_list,
    compliance_override_allowed,
)
from tendlc.services.errors import DraftKept, WorkflowError
from tendlc.services.number_input import MAX_UPLOAD_BYTES
from tendlc.services.numbers import assignment_task_create, number_assign, number_upload_apply
from tendlc.services.sync import running_run, sync_request

# The actions are composed with the read viewsets (tendlc.api.reads): no URL of their own.
urlpatterns: list[URLPattern] = []

# What JSON rows are stored as, where an upload keeps its file name.
API_ROWS_FILENAME = "api-rows.csv"

BRAND_CREATE_INPUT = form_serializer(
    "BrandCreateInput", (modelform_factory(Brand, BrandForm, CREATE_FIELDS),)
)
BRAND_UPDATE_INPUT = form_serializer(
    "BrandUpdateInput", (modelform_factory(Brand, BrandForm, UPDATE_FIELDS),), partial=True
)
QUALIFY_INPUT = form_serializer("CampaignQualifyInput", (BrandStepForm, UsecaseStepForm))
SUBMIT_INPUT = form_serializer(
    "CampaignSubmitInput",
    (BrandStepForm, UsecaseStepForm, ContentStepForm, ReviewForm, SubmissionReferenceForm),
)
# Beside the 4xx answers the schema class documents for every operation (tendlc.api.schema).
REFUSED = {
    502: OpenApiResponse(ErrorSerializer, "The 10DLC API answered unexpectedly."),
    503: OpenApiResponse(ErrorSerializer, "The 10DLC API could not be reached."),
}


def request_values(request: Request) -> Mapping[str, Any]:
    """The request's fields; a body that is not an object is refused as DRF's serializers refuse it."""
    data = request.data
    if not isinstance(data, Mapping):
        message = f"Invalid data. Expected a dictionary, but got {type(data).__name__}."
        raise ValidationError({"non_field_errors": [ErrorDetail(message, code="invalid")]})
    return data


class ActionPermissionsMixin:
    """Each action of ``action_permissions`` needs every permission it names, whatever the viewset it is
    composed with checks for its own actions."""

    action_permissions: dict[str, tuple[str, ...]] = {}

    def get_permissions(self) -> list[BasePermission]:
        name = getattr(self, "action", None)
        for klass in type(self).__mro__:
            needed = vars(klass).get("action_permissions", {}).get(name)
            if needed:
                return [requires(*needed)()]
        return super().get_permissions()  # type: ignore[misc]


# --- brands ---------------------------------------------------------------------------------------------


class BrandWriteMixin(ActionPermissionsMixin):
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
            **REFUSED,
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
        responses={200: BrandSavedSerializer, **REFUSED, 422: DraftErrorSerializer},
    )
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        stored: Brand = self.get_object()  # type: ignore[attr-defined]
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
        responses={201: SmsOtpVerificationSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="otp", url_name="otp")
    def otp(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        brand: Brand = self.get_object()  # type: ignore[attr-defined]
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
        responses={200: BrandSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"], url_path="otp/verify", url_name="otp-verify")
    def otp_verify(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        brand: Brand = self.get_object()  # type: ignore[attr-defined]
        values = form_cleaned_data(SmsOtpVerifyForm(request_values(request)))
        with api_session() as client:
            brand_sms_otp_verify(user=request.user, brand=brand, otp_pin=values["otp_pin"], client=client)
        return Response(BrandSerializer(brand).data)


# --- campaigns ------------------------------------------------------------------------------------------


class CampaignActionsMixin(ActionPermissionsMixin):
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
        responses={200: QualificationSerializer, **REFUSED},
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
        "a refusal carries the findings. reference_id (generated when left out) makes a retry safe: the API "
        "refuses a second campaign with the same one.",
        request=SUBMIT_INPUT,
        responses={
            201: CampaignSubmittedSerializer,
            400: SubmissionErrorSerializer,
            422: SubmissionErrorSerializer,
            **REFUSED,
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
                    run_id=values["reference_id"] or secrets.token_hex(16),
                    override_reason=override_reason,
                    user=request.user,
                    client=client,
                )
            except (WorkflowError, TenDLCError) as error:
                response = errors.exception_handler(error, self.get_exception_handler_context())  # type: ignore[attr-defined]
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
        responses={201: CampaignAppealSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def appeal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = self.get_object()  # type: ignore[attr-defined]
        values = form_cleaned_data(AppealForm(request_values(request)))
        with api_session() as client:
            appeal = campaign_appeal(
                campaign=campaign, reason=values["appeal_reason"], user=request.user, client=client
            )
        return Response(CampaignAppealSerializer(appeal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Deactivate a campaign, irreversibly (Compliance admins)",
        request=None,
        responses={200: CampaignSerializer, **REFUSED},
    )
    @action(detail=True, methods=["post"])
    def deactivate(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = self.get_object()  # type: ignore[attr-defined]
        with api_session() as client:
            campaign_deactivate(campaign=campaign, user=request.user, client=client)
        return Response(CampaignSerializer(campaign).data)


# --- phone numbers ----------------------------------------------------------------------------------------


class NumberAssignmentWriteMixin(ActionPermissionsMixin):
    """``POST /number-assignments/`` (one number) and ``POST /number-assignments/bulk/`` (a CSV file, or the
    same rows as JSON)."""

    action_permissions = {
        "create": ("tendlc.add_phonenumberassignment",),
        "bulk": ("tendlc.add_numberupload",),
    }

    @extend_schema(
        summary="Put a number on a campaign",
        request=form_serializer("NumberAssignInput", (AssignmentAssignForm,)),
        responses={201: PhoneNumberAssignmentSerializer, **REFUSED},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = form_cleaned_data(AssignmentAssignForm(request_values(request)))
        with api_session() as client:
            assignment = number_assign(
                phone_number=values["phone_number"],
                campaign_id=values["campaign_id"],
                user=request.user,
                client=client,
            )
        return Response(PhoneNumberAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Put many numbers on campaigns: a CSV file, or its rows as JSON",
        description='multipart/form-data with a CSV ``file`` (as the admin\'s upload), or JSON ``{"rows": '
        '[{"phone_number", "campaign"}, ...]}``. Each row is checked and sent on its own: the answer is the '
        "report of every row (line 2 is the first row, after the header).",
        request={
            "multipart/form-data": form_serializer("NumberUploadInput", (NumberUploadForm,)),
            "application/json": BulkRowsSerializer,
        },
        responses={201: NumberUploadResultSerializer, **REFUSED},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.content_type.startswith("multipart/"):
            upload = form_cleaned_data(NumberUploadForm(request.data, request.FILES))["file"]
            # One byte past the limit is enough for the service to refuse a file as too big.
            filename, data = upload.name, upload.read(MAX_UPLOAD_BYTES + 1)
        else:
            rows = BulkRowsSerializer(data=request_values(request))
            rows.is_valid(raise_exception=True)
            filename, data = API_ROWS_FILENAME, rows_csv(rows.validated_data["rows"])
        with api_session() as client:
            report = number_upload_apply(filename=filename, data=data, user=request.user, client=client)
        return Response(NumberUploadResultSerializer(report).data, status=status.HTTP_201_CREATED)


def rows_csv(rows: list[dict[str, str]]) -> bytes:
    """JSON rows as the CSV the admin's upload takes: a header, then one line per row in order."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["phone_number", "campaign"])
    writer.writerows([row["phone_number"], row["campaign"]] for row in rows)
    return text.getvalue().encode()


class AssignmentTaskWriteMixin(ActionPermissionsMixin):
    """``POST /assignment-tasks/``: every number of a messaging profile onto a campaign."""

    action_permissions = {"create": ("tendlc.add_assignmenttask",)}

    @extend_schema(
        summary="Put every number of a messaging profile on a campaign",
        request=form_serializer("AssignmentTaskInput", (AssignmentTaskForm,)),
        responses={201: AssignmentTaskSerializer, **REFUSED},
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        values = form_cleaned_data(AssignmentTaskForm(request_values(request)))
        with api_session() as client:
            task = assignment_task_create(
                messaging_profile_id=values["messaging_profile_id"],
                campaign_id=values["campaign_id"],
                user=request.user,
                client=client,
            )
        return Response(AssignmentTaskSerializer(task).data, status=status.HTTP_201_CREATED)


# --- sync ----------------------------------------------------------------------------------------------


class SyncRunStartMixin(ActionPermissionsMixin):
    """``POST /sync-runs/``: queue a full sync, as the dashboard's "Sync now"."""

    action_permissions = {"create": ("tendlc.start_syncrun",)}

    @extend_schema(
        summary="Start a full sync",
        request=None,
        responses={
            202: SyncStartedSerializer,
            409: OpenApiResponse(ErrorSerializer, "A sync is running: wait for it to finish."),
            503: OpenApiResponse(ErrorSerializer, "The task queue cannot be reached."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            task_id = sync_request(user=request.user)
        except WorkflowError as error:
            # The service refuses for one of two causes; a running sync is a conflict with the resource's
            # state, a queue that is down is the service being unavailable.
            code, status_code = (
                ("sync_running", status.HTTP_409_CONFLICT)
                if running_run() is not None
                else ("queue_unavailable", status.HTTP_503_SERVICE_UNAVAILABLE)
            )
            item = {"field": None, "code": code, "message": error.message}
            return Response(errors.body(status_code, [item]), status=status_code)
        return Response(SyncStartedSerializer({"task_id": task_id}).data, status=status.HTTP_202_ACCEPTED)


__all__ = [
    "AssignmentTaskWriteMixin",
    "BrandWriteMixin",
    "CampaignActionsMixin",
    "NumberAssignmentWriteMixin",
    "SyncRunStartMixin",
    "urlpatterns",
]
