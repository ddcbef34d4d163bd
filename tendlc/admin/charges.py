"""The cost ledger in the admin: each charge, filtered by fee, brand and month, with the totals per month of
what is shown; a CSV of the selected charges; and the forecast of the next months' charges.

Charges are recorded by the portal (``tendlc.services.charges``), never typed in: the pages are read-only.
Whoever may see the campaigns may see what they cost.
"""

from datetime import date
from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.formats import date_format

from tendlc.admin.autocomplete_filter import AutocompleteFilter, autocomplete_filter_media
from tendlc.admin.display import LabelColumn, LongColumn
from tendlc.admin.export import csv_export_action
from tendlc.admin.money import money
from tendlc.choices import Usecase, label_of
from tendlc.models import Charge, ChargeKind, ChargeSource
from tendlc.selectors.charges import charge_list, charge_list_in_month, charge_totals_by_month
from tendlc.selectors.renewals import charges_forecast

VIEW_PERMISSION = "tendlc.view_campaign"


def month_label(month: date) -> str:
    return date_format(month, "F Y")


class ChargeMonthFilter(admin.SimpleListFilter):
    """Charges of one calendar month, among the months that have any."""

    title = "month"
    parameter_name = "month"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        return [
            (f"{row.month:%Y-%m}", month_label(row.month)) for row in charge_totals_by_month(charge_list())
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if not value:
            return queryset
        try:
            year, month = (int(part) for part in value.split("-"))
            return charge_list_in_month(queryset, date(year, month, 1))
        except ValueError:
            return queryset.none()


def _kind(charge: Charge) -> str:
    return label_of(ChargeKind, charge.kind)


CSV_COLUMNS = (
    ("charged", lambda charge: charge.charged_at.isoformat()),
    ("fee", _kind),
    ("amount (USD)", lambda charge: f"{charge.amount:.2f}"),
    ("brand id", "remote_brand_id"),
    ("brand", lambda charge: str(charge.brand) if charge.brand else ""),
    ("campaign id", "remote_campaign_id"),
    ("TCR campaign id", lambda charge: charge.campaign.tcr_campaign_id if charge.campaign else ""),
    ("use case", lambda charge: label_of(Usecase, charge.usecase) if charge.usecase else ""),
    ("recorded from", lambda charge: label_of(ChargeSource, charge.source)),
    ("event id", lambda charge: charge.webhook_event.event_id or "" if charge.webhook_event else ""),
    ("action", "operation"),
    ("description", "description"),
)


@admin.register(Charge)
class ChargeAdmin(admin.ModelAdmin[Charge]):
    change_list_template = "admin/tendlc/charges/change_list.html"
    list_display = (
        "charged_at",
        "kind_column",
        "amount_column",
        "brand",
        "campaign",
        "source_column",
        "description_column",
    )
    list_display_links = ("charged_at",)
    list_filter = ("kind", ("brand", AutocompleteFilter), ChargeMonthFilter, "source")
    list_select_related = ("brand", "campaign")
    search_fields = ("remote_brand_id", "remote_campaign_id", "campaign__tcr_campaign_id", "description")
    # The charge key is the ledger's bookkeeping, not something a reader acts on: it stays off the page.
    fields = (
        "charged_at",
        "kind",
        "amount_column",
        "brand",
        "remote_brand_id",
        "campaign",
        "remote_campaign_id",
        "usecase_column",
        "description",
        "source",
        "webhook_event",
        "operation",
        "user",
        "recorded_at",
    )
    readonly_fields = fields
    actions = [csv_export_action(CSV_COLUMNS)]
    kind_column = LabelColumn("kind", ChargeKind, description="fee")
    source_column = LabelColumn("source", ChargeSource, description="recorded from")
    description_column = LongColumn("description", description="description")

    @property
    def media(self) -> Any:
        return super().media + autocomplete_filter_media()

    @admin.display(description="amount", ordering="amount")
    def amount_column(self, charge: Charge) -> str:
        return money(charge.amount)

    @admin.display(description="use case")
    def usecase_column(self, charge: Charge) -> str:
        return label_of(Usecase, charge.usecase) if charge.usecase else "-"

    def has_view_permission(self, request: HttpRequest, obj: Charge | None = None) -> bool:
        return request.user.has_perm(VIEW_PERMISSION) or super().has_view_permission(request, obj)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Charge | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Charge | None = None) -> bool:
        return False

    def get_urls(self) -> list[URLPattern]:
        forecast = path(
            "forecast/", self.admin_site.admin_view(self.forecast_view), name="tendlc_charge_forecast"
        )
        return [forecast, *super().get_urls()]

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        response = super().changelist_view(request, extra_context)
        # The totals of what the list shows, filters applied: read from the list Django built.
        if not isinstance(response, TemplateResponse) or response.context_data is None:
            return response  # a redirect (an action done, a bad filter)
        changelist = response.context_data.get("cl")
        if changelist is not None:
            response.context_data["month_totals"] = [
                {"month": month_label(row.month), "total": money(row.total), "count": row.count}
                for row in charge_totals_by_month(changelist.queryset)
            ]
        return response

    def forecast_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        forecast = charges_forecast(today=timezone.localdate())
        context = {
            **self.admin_site.each_context(request),
            "title": "Forecast of charges",
            "opts": self.opts,
            "months": [month_label(month) for month in forecast.months],
            "sections": [
                ("By brand", "brand", _rows(forecast.by_brand)),
                ("By use case", "use case", _rows(forecast.by_usecase)),
            ],
            "totals": [money(total) for total in forecast.totals],
            "total": money(forecast.total),
        }
        return TemplateResponse(request, "admin/tendlc/charges/forecast.html", context)


def _rows(rows: Any) -> list[dict[str, Any]]:
    return [
        {
            "label": row.label,
            "campaigns": row.campaigns,
            "amounts": [money(amount) for amount in row.amounts],
            "total": money(row.total),
        }
        for row in rows
    ]
