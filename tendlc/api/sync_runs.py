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
from tendlc.models import SyncRun
from tendlc.selectors.sync_runs import sync_run_started_by, sync_runs_with_requester
from tendlc.services.sync import API, SyncQueueUnavailable, SyncRunning, sync_request


class SyncRunSerializer(serializers.ModelSerializer[SyncRun]):
    state_label = label("state")
    started_by = serializers.SerializerMethodField(
        help_text='Who or what started it, in words: "Sync now by <user>", "API by <user>", "Schedule", '
        '"Command line".'
    )
    progress = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Share of the work done, 0 to 1: 1 once the run has ended; null while its total is not known yet.",
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
            "started_by",
            "phase",
            "pages_done",
            "pages_known",
            "progress",
            "units_pending",
            "counts",
            "errors",
        ]
        read_only_fields = fields

    def get_started_by(self, run: SyncRun) -> str:
        return sync_run_started_by(run)


class SyncRunLinkSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField(help_text="The sync run's id.")
    url = serializers.URLField(help_text="Where the sync run is read, with its progress.")


class SyncStartedSerializer(serializers.Serializer[dict[str, Any]]):
    task_id = serializers.CharField(help_text="The queued sync's task id.")
    run = SyncRunLinkSerializer(help_text="The sync's run, opened at once; its progress shows there.")


class SyncRunningSerializer(ErrorSerializer):
    run = SyncRunLinkSerializer(
        allow_null=True, help_text="The sync that is running; null in the instant before it is recorded."
    )


def run_link(request: Request, run: SyncRun | None) -> dict[str, Any] | None:
    # This action answers at the collection's address; a run is read one level below it.
    return (
        None if run is None else {"id": run.pk, "url": request.build_absolute_uri(f"{request.path}{run.pk}/")}
    )


class SyncRunStartMixin(ActionPermissionsMixin[SyncRun]):
    """``POST /sync-runs/``: open a full sync's run and queue it, as the dashboard's "Sync now"."""

    action_permissions = {"create": ("tendlc.start_syncrun",)}

    @extend_schema(
        summary="Start a full sync",
        request=None,
        responses={
            202: SyncStartedSerializer,
            409: OpenApiResponse(SyncRunningSerializer, "A sync is running: wait for it to finish."),
            503: OpenApiResponse(ErrorSerializer, "The task queue cannot be reached."),
        },
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            queued = sync_request(user=request.user, trigger=API)
        except SyncRunning as running:
            conflict = status.HTTP_409_CONFLICT
            item = {"field": None, "code": "sync_running", "message": running.message}
            body = errors.body(conflict, [item], run=run_link(request, running.run))
            return Response(body, status=conflict)
        except SyncQueueUnavailable as down:
            unavailable = status.HTTP_503_SERVICE_UNAVAILABLE
            item = {"field": None, "code": "queue_unavailable", "message": down.message}
            return Response(errors.body(unavailable, [item]), status=unavailable)
        started = {"task_id": queued.task_id, "run": run_link(request, queued.run)}
        return Response(SyncStartedSerializer(started).data, status=status.HTTP_202_ACCEPTED)


@documented("sync-runs")
class SyncRunViewSet(SyncRunStartMixin, viewsets.ReadOnlyModelViewSet[SyncRun]):
    # The units done are the run's own bookkeeping, large and never shown.
    queryset = sync_runs_with_requester(SyncRun.objects.defer("units_done", "lock_token"))
    serializer_class = SyncRunSerializer
    filterset_class = filters.SyncRunFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "started_at", "finished_at", "state"]
    ordering = ["-started_at", "-id"]
