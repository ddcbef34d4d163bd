"""Phone numbers over the API: assignments (list, retrieve, assign one, assign many from a CSV file or its
rows as JSON, checked at once and sent in the background) and assignment tasks (every number of a messaging profile onto a
campaign)."""

import io
from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api import filters
from tendlc.api.actions import ActionPermissionsMixin
from tendlc.api.errors import UPSTREAM_REFUSALS
from tendlc.api.fields import label
from tendlc.api.inputs import form_cleaned_data, form_serializer, request_values
from tendlc.api.number_uploads import NumberUploadSerializer
from tendlc.api.schema import documented
from tendlc.conf import api_session
from tendlc.forms.numbers import (
    AssignmentAssignForm,
    AssignmentTaskForm,
    NumberUploadForm,
    NumberUploadOptionsForm,
)
from tendlc.models import (
    AssignmentTask,
    AssignmentTaskNumber,
    PhoneNumberAssignment,
)
from tendlc.selectors import search
from tendlc.selectors.number_uploads import number_uploads_counted
from tendlc.services.csv_cells import csv_writer
from tendlc.services.number_input import MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS
from tendlc.services.number_uploads import number_upload_confirm, number_upload_preview
from tendlc.services.numbers import assignment_task_create, number_assign


class PhoneNumberAssignmentSerializer(serializers.ModelSerializer[PhoneNumberAssignment]):
    campaign = serializers.IntegerField(
        source="campaign_id", read_only=True, allow_null=True, help_text="Our campaign's id, if one."
    )
    brand = serializers.SerializerMethodField(help_text="Our brand's id, when the campaign is ours.")
    partner_campaign = serializers.IntegerField(
        source="partner_campaign_id",
        read_only=True,
        allow_null=True,
        help_text="The partner campaign's id, if one.",
    )
    assignment_status_label = label("assignment_status")

    class Meta:
        model = PhoneNumberAssignment
        fields = [
            "id",
            "phone_number",
            "campaign",
            "brand",
            "partner_campaign",
            "telnyx_campaign_id",
            "tcr_campaign_id",
            "brand_id",
            "tcr_brand_id",
            "assignment_status",
            "assignment_status_label",
            "failure_reasons",
            "tmobile_number_mapping_status",
            "non_tmobile_number_mapping_status",
            "created_at",
            "updated_at",
            "synced_at",
            "remote_deleted_at",
        ]
        read_only_fields = fields

    def get_brand(self, assignment: PhoneNumberAssignment) -> int | None:
        return assignment.campaign.brand.pk if assignment.campaign else None


class AssignmentTaskNumberSerializer(serializers.ModelSerializer[AssignmentTaskNumber]):
    class Meta:
        model = AssignmentTaskNumber
        fields = ["phone_number", "status", "updated_at"]
        read_only_fields = fields


class AssignmentTaskSerializer(serializers.ModelSerializer[AssignmentTask]):
    campaign = serializers.IntegerField(
        source="campaign.pk", read_only=True, allow_null=True, help_text="Our campaign's id."
    )
    campaign_id = serializers.CharField(
        read_only=True, allow_null=True, help_text="The campaign's Telnyx id (campaignId)."
    )
    status_label = label("status")
    is_finished = serializers.BooleanField(
        read_only=True, help_text="Completed or failed: polling has ended."
    )
    numbers = AssignmentTaskNumberSerializer(
        many=True, read_only=True, help_text="Each number's status in the task."
    )

    class Meta:
        model = AssignmentTask
        fields = [
            "id",
            "task_id",
            "messaging_profile_id",
            "campaign",
            "campaign_id",
            "tcr_campaign_id",
            "status",
            "status_label",
            "is_finished",
            "numbers",
            "created_at",
            "updated_at",
            "synced_at",
        ]
        read_only_fields = fields


# A JSON row becomes one CSV line: a line break inside a cell would shift the report's line numbers.
ONE_LINE = r"^[^\r\n]*$"


ONE_LINE_MESSAGE = "Enter the value on one line."


class BulkRowSerializer(serializers.Serializer[dict[str, str]]):
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


class BulkRowsSerializer(serializers.Serializer[dict[str, Any]]):
    """The JSON form of a CSV upload: the rows it would hold, in order."""

    rows: serializers.ListSerializer[list[dict[str, str]]] = serializers.ListSerializer(
        child=BulkRowSerializer(), min_length=1, max_length=MAX_UPLOAD_ROWS
    )
    dry_run = serializers.BooleanField(
        default=False, help_text=NumberUploadOptionsForm.base_fields["dry_run"].help_text
    )


# What JSON rows are stored as, where an upload keeps its file name.
API_ROWS_FILENAME = "api-rows.csv"


class NumberAssignmentWriteMixin(ActionPermissionsMixin[PhoneNumberAssignment]):
    """``POST /number-assignments/`` (one number) and ``POST /number-assignments/bulk/`` (a CSV file, or the
    same rows as JSON)."""

    action_permissions = {
        "create": ("tendlc.add_phonenumberassignment",),
        "bulk": ("tendlc.add_numberupload",),
    }

    @extend_schema(
        summary="Put a number on a campaign",
        request=form_serializer("NumberAssignInput", (AssignmentAssignForm,)),
        responses={201: PhoneNumberAssignmentSerializer, **UPSTREAM_REFUSALS},
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
        summary="Put many numbers on campaigns: a CSV or Excel file, or its rows as JSON, sent in the background",
        description='multipart/form-data with a CSV or XLSX ``file`` (as the admin\'s upload), or JSON ``{"rows":'
        ' [{"phone_number", "campaign"}, ...]}``. Every row is checked and stored at once; the answer (202) is'
        " the upload with what it would do (assign, move, refused by our checks) and its ``url``. Then its rows"
        " are sent in the background at the 10DLC API's rate: follow the ``url`` until ``is_finished``, and read"
        " each row's outcome at ``rows/`` (line 2 is the first row, after the header). With ``dry_run`` true,"
        " nothing is sent: the answer is the preview alone.",
        request={
            "multipart/form-data": form_serializer(
                "NumberUploadInput", (NumberUploadForm, NumberUploadOptionsForm)
            ),
            "application/json": BulkRowsSerializer,
        },
        responses={202: NumberUploadSerializer},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if request.content_type.startswith("multipart/"):
            values = form_cleaned_data(
                NumberUploadForm(request.data, request.FILES), NumberUploadOptionsForm(request.data)
            )
            # One byte past the limit is enough for the service to refuse a file as too big.
            filename, data = values["file"].name, values["file"].read(MAX_UPLOAD_BYTES + 1)
            dry_run = values["dry_run"]
        else:
            rows = BulkRowsSerializer(data=request_values(request))
            rows.is_valid(raise_exception=True)
            filename, data = API_ROWS_FILENAME, rows_csv(rows.validated_data["rows"])
            dry_run = rows.validated_data["dry_run"]
        if not dry_run:
            # Refused before anything is stored: the worker could not send without the API's settings either.
            with api_session():
                pass
        upload = number_upload_preview(filename=filename, data=data, user=request.user)
        if not dry_run:
            number_upload_confirm(upload=upload, user=request.user)
        counted = number_uploads_counted().select_related("uploaded_by").get(pk=upload.pk)
        answer = NumberUploadSerializer(counted, context={"request": request}).data
        return Response(answer, status=status.HTTP_202_ACCEPTED, headers={"Location": answer["url"]})


def rows_csv(rows: list[dict[str, str]]) -> bytes:
    """JSON rows as the CSV the admin's upload takes: a header, then one line per row in order (written and
    read back as every CSV of the portal, so each cell arrives as sent)."""
    text = io.StringIO()
    writer = csv_writer(text)
    writer.writerow(["phone_number", "campaign"])
    writer.writerows([row["phone_number"], row["campaign"]] for row in rows)
    return text.getvalue().encode()


@documented("number-assignments")
class PhoneNumberAssignmentViewSet(
    NumberAssignmentWriteMixin, viewsets.ReadOnlyModelViewSet[PhoneNumberAssignment]
):
    queryset = PhoneNumberAssignment.objects.select_related("campaign__brand")
    serializer_class = PhoneNumberAssignmentSerializer
    filter_backends = [DjangoFilterBackend, filters.NumberSearchFilter, OrderingFilter]
    filterset_class = filters.PhoneNumberAssignmentFilter
    search_fields = search.NUMBER_ASSIGNMENTS
    ordering_fields = ["id", "phone_number", "assignment_status", "created_at", "tcr_campaign_id"]
    ordering = ["-created_at", "-id"]


class AssignmentTaskWriteMixin(ActionPermissionsMixin[AssignmentTask]):
    """``POST /assignment-tasks/``: every number of a messaging profile onto a campaign."""

    action_permissions = {"create": ("tendlc.add_assignmenttask",)}

    @extend_schema(
        summary="Put every number of a messaging profile on a campaign",
        request=form_serializer("AssignmentTaskInput", (AssignmentTaskForm,)),
        responses={201: AssignmentTaskSerializer, **UPSTREAM_REFUSALS},
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


@documented("assignment-tasks")
class AssignmentTaskViewSet(AssignmentTaskWriteMixin, viewsets.ReadOnlyModelViewSet[AssignmentTask]):
    queryset = AssignmentTask.objects.select_related("campaign").prefetch_related("numbers")
    serializer_class = AssignmentTaskSerializer
    filterset_class = filters.AssignmentTaskFilter
    search_fields = search.ASSIGNMENT_TASKS
    ordering_fields = ["id", "created_at", "status"]
    ordering = ["-created_at", "-id"]
