"""The renewals list: campaigns renewing or expiring within 30, 60 or 90 days, with their date, whether they
renew, and what a month costs; each row's page switches auto-renewal on or off through the campaign update
service (``tendlc.services.campaign_actions.campaign_update``), which calls the API and audits it.

Rows are campaigns seen through the ``CampaignRenewal`` proxy, so the list has its own page and permissions
without a table: whoever may see campaigns sees their renewals; whoever may change them may switch it.
"""

from datetime import datetime, timedelta
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tendlc.admin.money import money
from tendlc.admin.object_actions import ObjectAction, has_perm
from tendlc.admin.panels import PortalAdmin
from tendlc.choices import Usecase, label_of
from tendlc.client import TenDLCClient
from tendlc.forms.renewals import OFF, ON, AutoRenewalForm
from tendlc.models import CampaignRenewal
from tendlc.selectors.renewals import (
    RENEWAL_WINDOWS,
    campaign_list_live,
    campaign_monthly_charge,
    campaign_renews,
)
from tendlc.services.audit import User
from tendlc.services.campaign_actions import campaign_change_refusal, campaign_update

VIEW_PERMISSION = "tendlc.view_campaign"
CHANGE_PERMISSION = "tendlc.change_campaign"


def day_words(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "j M Y") if moment else "-"


def renewal_words(campaign: CampaignRenewal) -> str:
    """ "Renews on 12 Feb 2027" or "Expires on 12 Feb 2027"."""
    moment = campaign.next_renewal_or_expiration_date
    if moment is None:
        return "No renewal date known"
    verb = "Renews" if campaign_renews(campaign) else "Expires"
    return f"{verb} on {day_words(moment)}"


class RenewalWindowFilter(admin.SimpleListFilter):
    title = "renews or expires"
    parameter_name = "within"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
        return [(str(days), f"within {days} days") for days in RENEWAL_WINDOWS]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        days = int(value) if value.isdigit() else 0
        return queryset.filter(next_renewal_or_expiration_date__lt=timezone.now() + timedelta(days=days))


def auto_renewal_form(
    data: QueryDict | None, campaign: CampaignRenewal, client: TenDLCClient
) -> AutoRenewalForm:
    return AutoRenewalForm(data, initial={"auto_renewal": ON if campaign_renews(campaign) else OFF})


def auto_renewal_switch(
    campaign: CampaignRenewal, *, user: User, client: TenDLCClient, auto_renewal: bool
) -> str:
    campaign_update(campaign=campaign, values={"auto_renewal": auto_renewal}, user=user, client=client)
    day = day_words(campaign.next_renewal_or_expiration_date)
    if campaign_renews(campaign):
        return f"Auto-renewal is on: the campaign renews on {day}, charged one more month."
    return f"Auto-renewal is off: the campaign expires on {day} and is charged nothing more."


ACTIONS = (
    ObjectAction(
        "auto-renewal",
        "Change auto-renewal",
        auto_renewal_switch,
        has_perm(CHANGE_PERMISSION),
        applies=lambda campaign: not campaign_change_refusal(campaign),
        refusal=campaign_change_refusal,
        form=auto_renewal_form,
        intro=(
            "Telnyx renews a campaign for one more month at each renewal date while auto-renewal is on, and"
            " charges the month; with auto-renewal off the campaign expires on its date."
        ),
        context=lambda campaign: {"title": f"Auto-renewal of {campaign}"},
    ),
)


@admin.register(CampaignRenewal)
class CampaignRenewalAdmin(PortalAdmin[CampaignRenewal]):
    list_display = (
        "campaign_column",
        "brand",
        "usecase_column",
        "renewal_column",
        "auto_renewal_column",
        "monthly_charge_column",
        "switch_column",
    )
    list_display_links = None
    list_filter = (RenewalWindowFilter,)
    list_select_related = ("brand",)
    search_fields = ("campaign_id", "tcr_campaign_id", "brand__display_name")
    fields = (
        "campaign_column",
        "brand",
        "usecase_column",
        "renewal_column",
        "auto_renewal_column",
        "monthly_charge_column",
        "billed_date",
    )
    readonly_fields = fields
    object_actions_declared = ACTIONS
    tabbed = False

    def get_list_display(self, request: HttpRequest) -> tuple[str, ...]:
        if request.user.has_perm(CHANGE_PERMISSION):
            return self.list_display
        return tuple(name for name in self.list_display if name != "switch_column")

    def get_queryset(self, request: HttpRequest) -> QuerySet[CampaignRenewal]:
        return campaign_list_live(CampaignRenewal).filter(next_renewal_or_expiration_date__gte=timezone.now())

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["next_renewal_or_expiration_date", "pk"]

    def has_view_permission(self, request: HttpRequest, obj: CampaignRenewal | None = None) -> bool:
        return request.user.has_perm(VIEW_PERMISSION)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: CampaignRenewal | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: CampaignRenewal | None = None) -> bool:
        return False

    @admin.display(description="campaign")
    def campaign_column(self, campaign: CampaignRenewal) -> SafeString:
        url = reverse("admin:tendlc_campaign_change", args=[campaign.pk])
        return format_html('<a href="{}">{}</a>', url, campaign.tcr_campaign_id or campaign.campaign_id)

    @admin.display(description="use case", ordering="usecase")
    def usecase_column(self, campaign: CampaignRenewal) -> str:
        return label_of(Usecase, campaign.usecase)

    @admin.display(description="renews or expires", ordering="next_renewal_or_expiration_date")
    def renewal_column(self, campaign: CampaignRenewal) -> str:
        return renewal_words(campaign)

    @admin.display(description="auto-renewal", ordering="auto_renewal")
    def auto_renewal_column(self, campaign: CampaignRenewal) -> str:
        return "On" if campaign_renews(campaign) else "Off"

    @admin.display(description="monthly charge")
    def monthly_charge_column(self, campaign: CampaignRenewal) -> str:
        return money(campaign_monthly_charge(campaign), per="month")

    @admin.display(description="")
    def switch_column(self, campaign: CampaignRenewal) -> SafeString | str:
        url = reverse("admin:tendlc_campaignrenewal_auto_renewal", args=[campaign.pk])
        return format_html(
            '<a href="{}">{}</a>', url, "Switch off" if campaign_renews(campaign) else "Switch on"
        )
