"""The API's resources: list (paginated, filtered, ordered) and retrieve, one viewset per resource, with the
workflow actions of ``tendlc.api.actions`` composed in (their mixins come first, so their permission checks
apply to their actions).

Each list filters by the admin's list filters and searches the admin's search fields; every page costs the
same few queries however many rows it holds (related rows joined or prefetched). Reading needs the model's
view permission, as in the admin: webhook events are for Compliance admins only.
"""

from collections.abc import Callable

from django.db.models import Prefetch, QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import APIRootView, DefaultRouter

from tendlc.api import filters, serializers
from tendlc.api.actions import (
    AssignmentTaskWriteMixin,
    BrandWriteMixin,
    CampaignActionsMixin,
    NumberAssignmentWriteMixin,
    SyncRunStartMixin,
)
from tendlc.models import (
    AssignmentTask,
    AuditEntry,
    Brand,
    Campaign,
    CampaignMnoStatus,
    PhoneNumberAssignment,
    SmsOtpVerification,
    SyncRun,
    WebhookEvent,
)

BRAND_SEARCH = ("brand__display_name", "brand__brand_id", "brand__tcr_brand_id")


def documented(resource: str) -> Callable[[type], type]:
    """Tag and describe a viewset's two operations for the schema."""
    return extend_schema_view(
        list=extend_schema(summary=f"List {resource}", tags=[resource]),
        retrieve=extend_schema(summary=f"One of the {resource}, by id", tags=[resource]),
    )


@documented("brands")
class BrandViewSet(BrandWriteMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Brand.objects.all()
    serializer_class = serializers.BrandSerializer
    filter_backends = [DjangoFilterBackend, filters.BrandSearchFilter, OrderingFilter]
    filterset_class = filters.BrandFilter
    search_fields = [
        "display_name",
        "company_name",
        "brand_id",
        "tcr_brand_id",
        "ein",
        "phone",
        "mobile_phone",
        "email",
    ]
    ordering_fields = ["id", "display_name", "created_at", "status", "identity_status", "entity_type"]
    ordering = ["-created_at", "-id"]


@documented("campaigns")
class CampaignViewSet(CampaignActionsMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Campaign.objects.select_related("brand").prefetch_related(
        Prefetch("mno_statuses", queryset=CampaignMnoStatus.objects.order_by("network_id"))
    )
    serializer_class = serializers.CampaignSerializer
    filterset_class = filters.CampaignFilter
    search_fields = ["tcr_campaign_id", "campaign_id", "brand__display_name", "description"]
    ordering_fields = ["id", "tcr_campaign_id", "create_date", "campaign_status", "status", "usecase"]
    ordering = ["-create_date", "-id"]

    def get_queryset(self) -> QuerySet[Campaign]:
        # The carrier filter joins carrier statuses: a campaign matches once.
        queryset = super().get_queryset()
        return queryset.distinct() if self.request.query_params.get("carrier") else queryset


@documented("number-assignments")
class PhoneNumberAssignmentViewSet(NumberAssignmentWriteMixin, viewsets.ReadOnlyModelViewSet):
    queryset = PhoneNumberAssignment.objects.select_related("campaign__brand")
    serializer_class = serializers.PhoneNumberAssignmentSerializer
    filterset_class = filters.PhoneNumberAssignmentFilter
    search_fields = ["phone_number", "telnyx_campaign_id", "tcr_campaign_id", "brand_id", "tcr_brand_id"]
    ordering_fields = ["id", "phone_number", "assignment_status", "created_at", "tcr_campaign_id"]
    ordering = ["-created_at", "-id"]


@documented("assignment-tasks")
class AssignmentTaskViewSet(AssignmentTaskWriteMixin, viewsets.ReadOnlyModelViewSet):
    queryset = AssignmentTask.objects.select_related("campaign").prefetch_related("numbers")
    serializer_class = serializers.AssignmentTaskSerializer
    filterset_class = filters.AssignmentTaskFilter
    search_fields = ["task_id", "messaging_profile_id", "campaign__campaign_id", "campaign__tcr_campaign_id"]
    ordering_fields = ["id", "created_at", "status"]
    ordering = ["-created_at", "-id"]


@documented("otp-verifications")
class SmsOtpVerificationViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = SmsOtpVerification.objects.select_related("brand")
    serializer_class = serializers.SmsOtpVerificationSerializer
    filterset_class = filters.SmsOtpVerificationFilter
    search_fields = ["reference_id", "mobile_phone", "brand__mobile_phone", *BRAND_SEARCH]
    ordering_fields = ["id", "request_date", "delivery_status"]
    ordering = ["-request_date", "-id"]


@documented("sync-runs")
class SyncRunViewSet(SyncRunStartMixin, viewsets.ReadOnlyModelViewSet):
    # The units done are the run's own bookkeeping, large and never shown.
    queryset = SyncRun.objects.defer("units_done", "lock_token")
    serializer_class = serializers.SyncRunSerializer
    filterset_class = filters.SyncRunFilter
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    ordering_fields = ["id", "started_at", "finished_at", "state"]
    ordering = ["-started_at", "-id"]


@documented("webhook-events")
class WebhookEventViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = WebhookEvent.objects.defer("body")
    serializer_class = serializers.WebhookEventSerializer
    filterset_class = filters.WebhookEventFilter
    search_fields = ["event_id", "campaign_id", "brand_id", "phone_number", "body_hash"]
    ordering_fields = ["id", "received_at", "occurred_at", "state", "event_type"]
    ordering = ["-received_at", "-id"]


@documented("audit-log")
class AuditEntryViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AuditEntry.objects.select_related("target_type")
    serializer_class = serializers.AuditEntrySerializer
    filterset_class = filters.AuditEntryFilter
    search_fields = ["username", "action", "target_repr", "target_id", "error", "api_request_id"]
    ordering_fields = ["id", "at", "action", "outcome", "username"]
    ordering = ["-at", "-id"]


class APIRoot(APIRootView):
    """The index of the API's resources, for signed-in callers only, like everything else here."""

    permission_classes = [IsAuthenticated]


router = DefaultRouter()
router.APIRootView = APIRoot
router.register("brands", BrandViewSet)
router.register("campaigns", CampaignViewSet)
router.register("number-assignments", PhoneNumberAssignmentViewSet)
router.register("assignment-tasks", AssignmentTaskViewSet)
router.register("otp-verifications", SmsOtpVerificationViewSet)
router.register("sync-runs", SyncRunViewSet)
router.register("webhook-events", WebhookEventViewSet)
router.register("audit-log", AuditEntryViewSet)
