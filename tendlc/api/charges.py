"""The cost ledger over the API: each charge, read-only, and the forecast of the next months' charges.

Whoever may see campaigns may see what they cost (``tendlc.view_campaign``), as in the admin.
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api.fields import label
from tendlc.api.filters import TimeFilter
from tendlc.api.permissions import requires
from tendlc.api.schema import documented
from tendlc.models import Charge
from tendlc.selectors.charges import charge_list, charge_list_in_month
from tendlc.selectors.renewals import Forecast, ForecastRow, charges_forecast

VIEW_PERMISSION = "tendlc.view_campaign"


class ChargeSerializer(serializers.ModelSerializer[Charge]):
    kind_label = label("kind")
    source_label = label("source")
    brand_id = serializers.CharField(
        source="remote_brand_id", read_only=True, help_text="The brand's Telnyx id."
    )
    campaign_id = serializers.CharField(
        source="remote_campaign_id",
        read_only=True,
        help_text="The campaign's Telnyx id, if the fee was for one.",
    )

    class Meta:
        model = Charge
        fields = [
            "id",
            "kind",
            "kind_label",
            "amount",
            "charged_at",
            "brand",
            "brand_id",
            "campaign",
            "campaign_id",
            "usecase",
            "description",
            "source",
            "source_label",
            "webhook_event",
            "operation",
            "recorded_at",
        ]
        read_only_fields = fields


class ChargeFilter(filters.FilterSet):
    brand_id = filters.CharFilter(field_name="remote_brand_id", label="the brand's Telnyx id")
    campaign_id = filters.CharFilter(field_name="remote_campaign_id", label="the campaign's Telnyx id")
    month = filters.DateFilter(
        method="filter_month", input_formats=["%Y-%m"], label="a calendar month (UTC), e.g. 2027-02"
    )
    charged_after = TimeFilter(
        field_name="charged_at", lookup_expr="gte", label="charged at or after (ISO 8601)"
    )
    charged_before = TimeFilter(field_name="charged_at", lookup_expr="lt", label="charged before (ISO 8601)")

    class Meta:
        model = Charge
        fields = ["kind", "source", "brand", "campaign"]

    def filter_month(self, queryset: QuerySet[Charge], name: str, value: date) -> QuerySet[Charge]:
        return charge_list_in_month(queryset, value)


@documented("charges")
class ChargeViewSet(viewsets.ReadOnlyModelViewSet[Charge]):
    queryset = charge_list()
    serializer_class = ChargeSerializer
    filterset_class = ChargeFilter
    permission_classes = [requires(VIEW_PERMISSION)]
    ordering_fields = ["id", "charged_at", "amount", "kind"]
    ordering = ["-charged_at", "-id"]


# --- forecast ---------------------------------------------------------------------------------------------------


class ForecastRowSerializer(serializers.Serializer[ForecastRow]):
    key = serializers.CharField(help_text="The brand's Telnyx id, or the use case.")
    name = serializers.CharField(source="label", help_text="The brand's name, or the use case in words.")
    campaigns = serializers.IntegerField(help_text="How many of its campaigns are still active.")
    amounts = serializers.ListField(
        child=serializers.DecimalField(max_digits=12, decimal_places=2),
        help_text="The charges in each month of ``months``, in US dollars.",
    )
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class ForecastSerializer(serializers.Serializer[Forecast]):
    months = serializers.ListField(
        child=serializers.DateField(), help_text="The first day of each month forecast."
    )
    by_brand = ForecastRowSerializer(many=True)
    by_usecase = ForecastRowSerializer(many=True)
    totals = serializers.ListField(
        child=serializers.DecimalField(max_digits=12, decimal_places=2), help_text="All charges per month."
    )
    total = serializers.DecimalField(max_digits=12, decimal_places=2)


class ChargeForecastViewSet(viewsets.ViewSet):
    """The monthly charges active campaigns will incur, this month (from today) and the next two."""

    permission_classes = [requires(VIEW_PERMISSION)]

    @extend_schema(
        summary="Forecast of the next months' charges", tags=["charges"], responses=ForecastSerializer
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return Response(ForecastSerializer(charges_forecast(today=timezone.localdate())).data)
