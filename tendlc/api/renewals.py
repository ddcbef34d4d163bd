"""Renewals over the API: campaigns renewing or expiring soon, and switching a campaign's auto-renewal (the
admin's renewals list and its switch, through the same form and the same campaign update service)."""

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api.actions import ActionPermissionsMixin
from tendlc.api.errors import UPSTREAM_REFUSALS
from tendlc.api.inputs import form_cleaned_data, form_serializer, request_values
from tendlc.api.permissions import requires
from tendlc.api.schema import documented
from tendlc.conf import api_session
from tendlc.forms.renewals import AutoRenewalForm
from tendlc.models import CampaignRenewal
from tendlc.selectors.renewals import (
    RENEWAL_WINDOWS,
    campaign_list_renewing,
    campaign_monthly_charge,
    campaign_renews,
)
from tendlc.services.campaign_actions import campaign_update

VIEW_PERMISSION = "tendlc.view_campaign"
CHANGE_PERMISSION = "tendlc.change_campaign"


class RenewalSerializer(serializers.ModelSerializer[CampaignRenewal]):
    brand = serializers.IntegerField(source="brand.pk", read_only=True, help_text="The brand's id.")
    brand_id = serializers.CharField(read_only=True, help_text="The brand's Telnyx id.")
    renews = serializers.SerializerMethodField(
        help_text="Whether it renews at its date (auto-renewal on); false: it expires there."
    )
    monthly_charge = serializers.SerializerMethodField(help_text="What one month costs, in US dollars.")

    class Meta:
        model = CampaignRenewal
        fields = [
            "id",
            "campaign_id",
            "tcr_campaign_id",
            "brand",
            "brand_id",
            "usecase",
            "next_renewal_or_expiration_date",
            "auto_renewal",
            "renews",
            "monthly_charge",
            "billed_date",
        ]
        read_only_fields = fields

    def get_renews(self, campaign: CampaignRenewal) -> bool:
        return campaign_renews(campaign)

    def get_monthly_charge(self, campaign: CampaignRenewal) -> str:
        return f"{campaign_monthly_charge(campaign):.2f}"


class RenewalFilter(filters.FilterSet):
    within = filters.TypedChoiceFilter(
        method="filter_within",
        choices=[(str(days), f"{days} days") for days in RENEWAL_WINDOWS],
        coerce=int,
        label="renewing or expiring within this many days",
    )

    class Meta:
        model = CampaignRenewal
        fields = ["usecase"]

    def filter_within(self, queryset: QuerySet[CampaignRenewal], name: str, value: int) -> QuerySet[Any]:
        return queryset & campaign_list_renewing(now=timezone.now(), days=value, model=CampaignRenewal)


@documented("renewals")
class RenewalViewSet(ActionPermissionsMixin[CampaignRenewal], viewsets.ReadOnlyModelViewSet[CampaignRenewal]):
    """Live campaigns with a renewal date from now on, soonest first."""

    serializer_class = RenewalSerializer
    filterset_class = RenewalFilter
    permission_classes = [requires(VIEW_PERMISSION)]
    action_permissions = {"auto_renewal": (CHANGE_PERMISSION,)}
    ordering_fields = ["next_renewal_or_expiration_date", "id"]
    ordering = ["next_renewal_or_expiration_date", "id"]

    def get_queryset(self) -> QuerySet[CampaignRenewal]:
        return campaign_list_renewing(now=timezone.now(), days=None, model=CampaignRenewal)

    @extend_schema(
        summary="Switch a campaign's auto-renewal on or off",
        request=form_serializer("AutoRenewalInput", (AutoRenewalForm,)),
        responses={200: RenewalSerializer, **UPSTREAM_REFUSALS},
    )
    @action(detail=True, methods=["post"], url_path="auto-renewal")
    def auto_renewal(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        campaign = self.get_object()
        values = form_cleaned_data(AutoRenewalForm(request_values(request)))
        with api_session() as client:
            campaign_update(
                campaign=campaign,
                values={"auto_renewal": values["auto_renewal"]},
                user=request.user,
                client=client,
            )
        return Response(RenewalSerializer(campaign).data)
