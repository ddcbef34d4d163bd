"""The action mixins mounted on viewsets of the tests' own, as the read viewsets will carry them: the tests of
the actions depend on nothing of the read endpoints but a queryset to find objects in."""

from django.urls import include, path
from rest_framework import viewsets
from rest_framework.routers import DefaultRouter

from tendlc.api.brands import BrandWriteMixin
from tendlc.api.campaigns import CampaignActionsMixin
from tendlc.api.number_uploads import NumberUploadViewSet
from tendlc.api.numbers import AssignmentTaskWriteMixin, NumberAssignmentWriteMixin
from tendlc.api.sync_runs import SyncRunStartMixin
from tendlc.models import AssignmentTask, Brand, Campaign, PhoneNumberAssignment, SyncRun


class BrandViewSet(BrandWriteMixin, viewsets.GenericViewSet):
    queryset = Brand.objects.all()


class CampaignViewSet(CampaignActionsMixin, viewsets.GenericViewSet):
    queryset = Campaign.objects.all()


class NumberAssignmentViewSet(NumberAssignmentWriteMixin, viewsets.GenericViewSet):
    queryset = PhoneNumberAssignment.objects.all()


class AssignmentTaskViewSet(AssignmentTaskWriteMixin, viewsets.GenericViewSet):
    queryset = AssignmentTask.objects.all()


class SyncRunViewSet(SyncRunStartMixin, viewsets.GenericViewSet):
    queryset = SyncRun.objects.all()


router = DefaultRouter()
router.register("brands", BrandViewSet)
router.register("campaigns", CampaignViewSet)
router.register("number-assignments", NumberAssignmentViewSet)
router.register("assignment-tasks", AssignmentTaskViewSet)
router.register("sync-runs", SyncRunViewSet)
# Where a bulk upload's answer points to follow it.
router.register("number-uploads", NumberUploadViewSet)

urlpatterns = [path("api/v1/", include(router.urls))]
