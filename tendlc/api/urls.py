"""``/api/v1/``: one router over the resources, each a viewset of its own module (list, retrieve and its
workflow actions)."""

from django.urls import include, path
from rest_framework.permissions import IsAuthenticated
from rest_framework.routers import APIRootView, DefaultRouter

from tendlc.api.audit_log import AuditEntryViewSet
from tendlc.api.brands import BrandViewSet, SmsOtpVerificationViewSet
from tendlc.api.campaigns import CampaignViewSet
from tendlc.api.charges import ChargeForecastViewSet, ChargeViewSet
from tendlc.api.notifications import NotificationSubscriptionViewSet, NotificationViewSet
from tendlc.api.number_uploads import NumberUploadViewSet
from tendlc.api.numbers import AssignmentTaskViewSet, PhoneNumberAssignmentViewSet
from tendlc.api.renewals import RenewalViewSet
from tendlc.api.status_changes import StatusChangeViewSet
from tendlc.api.sync_runs import SyncRunViewSet
from tendlc.api.webhook_events import WebhookEventViewSet

app_name = "api"


class APIRoot(APIRootView):
    """The index of the API's resources, for signed-in callers only, like everything else here."""

    permission_classes = [IsAuthenticated]


router = DefaultRouter()
router.APIRootView = APIRoot
router.register("brands", BrandViewSet)
router.register("campaigns", CampaignViewSet)
router.register("number-assignments", PhoneNumberAssignmentViewSet)
router.register("assignment-tasks", AssignmentTaskViewSet)
router.register("number-uploads", NumberUploadViewSet)
router.register("otp-verifications", SmsOtpVerificationViewSet)
router.register("sync-runs", SyncRunViewSet)
router.register("webhook-events", WebhookEventViewSet)
router.register("audit-log", AuditEntryViewSet)
router.register("charges/forecast", ChargeForecastViewSet, basename="charge-forecast")
router.register("charges", ChargeViewSet)
router.register("renewals", RenewalViewSet, basename="renewal")
router.register("status-changes", StatusChangeViewSet)
router.register("notifications", NotificationViewSet)
router.register("notification-subscriptions", NotificationSubscriptionViewSet)

urlpatterns = [path("", include(router.urls))]
