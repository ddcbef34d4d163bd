"""Number uploads over the API, read-only: each upload with what its preview planned and how far its sending
has come, and its rows' outcomes page by page, so a caller of ``POST /number-assignments/bulk/`` can follow
the upload it started to its end."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api.fields import label
from tendlc.api.pagination import PortalPagination
from tendlc.api.schema import documented
from tendlc.models import NumberUpload, NumberUploadRow, UploadStatus
from tendlc.selectors import search
from tendlc.selectors.number_uploads import number_uploads_counted


class NumberUploadPreviewSerializer(serializers.Serializer[NumberUpload]):
    to_assign = serializers.IntegerField(read_only=True, help_text="Rows whose number would be assigned.")
    to_move = serializers.IntegerField(
        read_only=True, help_text="Rows whose number would be moved from the campaign it is on."
    )
    refused = serializers.IntegerField(
        source="invalid", read_only=True, help_text="Rows refused by our checks: never sent."
    )


class NumberUploadProgressSerializer(serializers.Serializer[NumberUpload]):
    sent = serializers.IntegerField(read_only=True, help_text="Rows sent to the 10DLC API and answered.")
    applied = serializers.IntegerField(read_only=True, help_text="Rows the 10DLC API applied.")
    refused = serializers.IntegerField(read_only=True, help_text="Rows the 10DLC API refused.")


class NumberUploadSerializer(serializers.ModelSerializer[NumberUpload]):
    url = serializers.SerializerMethodField(
        help_text="This upload in the API: follow it until it is finished."
    )
    status_label = label("status")
    is_finished = serializers.SerializerMethodField(
        help_text="Every row is answered and the report written: following it has ended."
    )
    uploaded_by = serializers.CharField(
        source="uploaded_by.username", read_only=True, allow_null=True, help_text="Who uploaded the file."
    )
    preview = NumberUploadPreviewSerializer(
        source="*", read_only=True, help_text="What the upload was checked to do, before anything was sent."
    )
    progress = NumberUploadProgressSerializer(
        source="*", read_only=True, help_text="Where the sending stands; all zero until it is sent."
    )

    class Meta:
        model = NumberUpload
        fields = [
            "id",
            "url",
            "filename",
            "uploaded_at",
            "uploaded_by",
            "status",
            "status_label",
            "is_finished",
            "rows_total",
            "preview",
            "progress",
        ]
        read_only_fields = fields

    def get_url(self, upload: NumberUpload) -> str:
        request: Request = self.context["request"]
        # The API is mounted under a namespace in the portal and without one in tests of its actions.
        namespace = request.resolver_match.namespace if request.resolver_match else ""
        name = f"{namespace}:numberupload-detail" if namespace else "numberupload-detail"
        return request.build_absolute_uri(reverse(name, args=[upload.pk]))

    def get_is_finished(self, upload: NumberUpload) -> bool:
        return upload.status == UploadStatus.FINISHED


class NumberUploadRowSerializer(serializers.ModelSerializer[NumberUploadRow]):
    campaign = serializers.CharField(
        source="campaign_text", read_only=True, help_text="The campaign as written in the file."
    )
    action_label = label("action")
    state_label = label("state")

    class Meta:
        model = NumberUploadRow
        fields = [
            "line",
            "phone_number",
            "campaign",
            "action",
            "action_label",
            "moved_from",
            "state",
            "state_label",
            "reason",
            "assignment_status",
        ]
        read_only_fields = fields


@documented("number-uploads")
class NumberUploadViewSet(viewsets.ReadOnlyModelViewSet[NumberUpload]):
    queryset = number_uploads_counted().select_related("uploaded_by")
    serializer_class = NumberUploadSerializer
    filterset_fields = ["status"]
    search_fields = search.NUMBER_UPLOADS
    ordering_fields = ["id", "uploaded_at", "status"]
    ordering = ["-uploaded_at", "-id"]

    @extend_schema(
        summary="The rows of one of the number-uploads, in file order",
        description="Each row's state: to send, applied or refused (by our checks or by the 10DLC API), with"
        " why. Line 2 is the first row, after the header.",
        responses=NumberUploadRowSerializer(many=True),
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def rows(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        upload = self.get_object()
        # Paged as every list of the API, by a paginator of its own: the viewset's pages uploads.
        paginator = PortalPagination()
        page = paginator.paginate_queryset(upload.rows.order_by("line"), request, view=self)
        return paginator.get_paginated_response(NumberUploadRowSerializer(page, many=True).data)
