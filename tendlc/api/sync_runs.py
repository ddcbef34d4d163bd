"""Sync runs over the API: list and retrieve, and start a full sync as the dashboard's "Sync now"."""

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api import errors, filters
from tendlc.api.actions import ActionPermissionsMixin
from tendlc.api.errors import ErrorSerializer
from tendlc.api.fields import label
from tendlc.api.schema import documented
from tendlc.models import (
    SyncRun,
)
from tendlc.selectors.sync_runs import sync_run_running
from tendlc.services.errors import WorkflowError
from tendlc.services.sync import sync_request


class SyncRunSerializer(serializers.ModelSerializer[SyncRun]):
    state_label = label("state")
    progress = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Pages done of pages known so far, 0 to 1; null before any.",
    )

    class Meta:
        model = SyncRun
        fields = [
            "id",
            "started_at",
            "finished_at",
            "heartbeat_at",
            "state",
            "state_label",
            "trigger",
            "phase",
            "pages_done",
            "pages_known",
            "progress",
            "units_pending",
            "counts",
            "errors",
        ]
        read_only_fields = fields


class SyncStartedSerializer(serializers.Serializer[dict[str, str]]):
    task_id = serializers.CharField(
        help_text="The queued sync's task id; its run then shows under sync runs."
    )


class SyncRunStartMixin(ActionPermissionsMixin[SyncRun]):
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
                if sync_run_running() is not None
                else ("queue_unavailable", status.HTTP_503_SERVICE_UNAVAILABLE)
            )
            item = {"field": None, "code": code, "message": error.message}
            return Response(errors.body(status_code, [item]), status=status_code)
        return Response(SyncStartedSerializer({"task_id": task_id}).data, status=status.HTTP_202_ACCEPTED)


@documented("sync-runs")
class SyncRunViewSet(SyncRunStartMixin, viewsets.ReadOnlyModelViewSet[SyncRun]):
    # The units done are the run's own bookkeeping, large and never shown.
    queryset = SyncRun.objects.defer("units_done", "lock_token")
    serializer_class = SyncRunSerializer
    filterset_class = filters.SyncRunFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "started_at", "finished_at", "state"]
    ordering = ["-started_at", "-id"]
