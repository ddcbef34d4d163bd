"""The campaigns we shared with partners, listed read-only."""

from typing import TYPE_CHECKING, Any, TypedDict

from django.contrib import admin
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils.html import format_html
from django_stubs_ext import WithAnnotations

from tendlc.admin.display import BadgeColumn, LabelColumn, LongColumn
from tendlc.admin.export import csv_export_action
from tendlc.admin.filters import LabelledValuesFilter
from tendlc.admin.object_links import change_url
from tendlc.admin.panels import PortalAdmin
from tendlc.choices import CampaignActivity, SharingStatus, Usecase
from tendlc.models import Campaign, SharedCampaign
from tendlc.selectors import search


class OurCampaign(TypedDict):
    """What the list's queryset adds to each shared campaign: our campaign's pk, when it is one of ours."""

    our_campaign_pk: int | None


if TYPE_CHECKING:
    # A type checker's alias only: at run time on Python 3.11 django-stubs-ext's alias takes one argument.
    LinkedSharedCampaign = WithAnnotations[SharedCampaign, OurCampaign]


@admin.register(SharedCampaign)
class SharedCampaignAdmin(PortalAdmin[SharedCampaign]):
    # The brand id is a UUID, cut short; the campaign's creation date is on the record's page.
    list_display = (
        "campaign_id",
        "our_campaign_column",
        "brand_column",
        "usecase_label",
        "status_badge",
        "sharing_status_badge",
        "downstream_cnp_id",
        "shared_date",
    )
    list_filter = ("status", "sharing_status", ("usecase", LabelledValuesFilter.of(Usecase)))
    usecase_label = LabelColumn("usecase", Usecase, description="use case")

    search_fields = search.SHARED_CAMPAIGNS
    actions = [
        csv_export_action(
            [
                ("campaign_id", "campaign_id"),
                ("brand_id", "brand_id"),
                ("usecase", "usecase"),
                ("status", "status"),
                ("sharing_status", "sharing_status"),
                ("downstream_cnp_id", "downstream_cnp_id"),
                ("shared_date", "shared_date"),
            ]
        )
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet["LinkedSharedCampaign"]:
        # The campaign's own page, when it is one of ours (the wire id here is its TCR id).
        ours = Campaign.objects.filter(tcr_campaign_id=OuterRef("campaign_id")).values("pk")[:1]
        return super().get_queryset(request).annotate(our_campaign_pk=Subquery(ours))

    def get_readonly_fields(self, request: HttpRequest, obj: SharedCampaign | None = None) -> Any:
        return [field.name for field in SharedCampaign._meta.fields if field.name != "id"]

    @admin.display(description="our campaign")
    def our_campaign_column(self, obj: "LinkedSharedCampaign") -> Any:
        if obj.our_campaign_pk is None:
            return "-"
        url = change_url(Campaign, obj.our_campaign_pk)
        return format_html('<a href="{}">{}</a>', url, obj.campaign_id) if url else obj.campaign_id

    brand_column = LongColumn("brand_id", description="brand id")
    status_badge = BadgeColumn("status", CampaignActivity, description="status")
    sharing_status_badge = BadgeColumn("sharing_status", SharingStatus, description="sharing")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SharedCampaign | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: SharedCampaign | None = None) -> bool:
        return False
