"""The partners' campaigns shared with us, in the admin: read-only, with accepting a sharing (a page of the
list) and the object actions of ``actions`` (changing their webhook URLs, reading them again).

Their content is the partner's registration: nobody edits it here, so the pages are read-only whatever the
user's permissions. Accepting and changing webhooks need ``change_partnercampaign`` (compliance admins),
checked here on every request and again in the services.
"""

from typing import TYPE_CHECKING, Any, TypedDict, cast

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django_stubs_ext import WithAnnotations

from tendlc.admin.content import content_fieldsets
from tendlc.admin.display import BadgeColumn, LabelColumn
from tendlc.admin.errors import SUBMIT_ERRORS, api_failure, error_apply
from tendlc.admin.export import csv_export_action
from tendlc.admin.filters import LabelledValuesFilter
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.partner_campaigns.actions import ACTIONS
from tendlc.admin.summary import Fact, Summary, known, status_fact
from tendlc.admin.tabs import TECHNICAL
from tendlc.admin.timeline import timeline_panels
from tendlc.choices import CampaignStatus, SharingStatus, Usecase
from tendlc.conf import api_session
from tendlc.forms.partner_campaigns import PartnerCampaignAcceptForm
from tendlc.models import PartnerCampaign
from tendlc.models.campaign_content import CAMPAIGN_ONLY_FIELDS, content_groups
from tendlc.selectors import search
from tendlc.selectors.next_steps import partner_campaign_next_steps
from tendlc.services.partner_campaigns import (
    CHANGE_PERMISSION,
    partner_campaign_accept,
)

ACCEPTED = "ACCEPTED"


class NumberCount(TypedDict):
    """What the list's queryset counts on each partner campaign: its numbers assigned here."""

    numbers_here: int


if TYPE_CHECKING:
    # A type checker's alias only: at run time on Python 3.11 django-stubs-ext's alias takes one argument.
    CountedPartnerCampaign = WithAnnotations[PartnerCampaign, NumberCount]


@admin.register(PartnerCampaign)
class PartnerCampaignAdmin(PortalAdmin[PartnerCampaign]):
    object_actions_declared = ACTIONS
    object_action_post_only = True
    change_form_template = "admin/tendlc/partner_campaigns/change_form.html"
    change_list_template = "admin/tendlc/partner_campaigns/change_list.html"
    # The brand's TCR id is searched, exported and on the record's page; the list names the brand.
    list_display = (
        "tcr_campaign_id",
        "brand_display_name",
        "usecase_label",
        "campaign_status_badge",
        "sharing_status_badge",
        "numbers_column",
        "assigned_phone_numbers_count",
        "created_at",
    )
    list_filter = ("campaign_status", "sharing_status", ("usecase", LabelledValuesFilter.of(Usecase)))
    usecase_label = LabelColumn("usecase", Usecase, description="use case")

    search_fields = search.PARTNER_CAMPAIGNS

    class Media:
        css = {"all": ["tendlc/numbers.css"]}

    actions = [
        csv_export_action(
            [
                ("tcr_campaign_id", "tcr_campaign_id"),
                ("tcr_brand_id", "tcr_brand_id"),
                ("brand_display_name", "brand_display_name"),
                ("usecase", "usecase"),
                ("campaign_status", "campaign_status"),
                ("sharing_status", "sharing_status"),
                ("numbers_here", "numbers_here"),
                ("numbers_reported", "assigned_phone_numbers_count"),
                ("webhook_url", "webhook_url"),
                ("webhook_failover_url", "webhook_failover_url"),
            ]
        )
    ]
    fieldsets = [
        (
            "Campaign",
            {
                "fields": [
                    "tcr_campaign_id",
                    "tcr_brand_id",
                    "brand_display_name",
                    "usecase_label",
                    "campaign_status_badge",
                    "failure_reasons",
                    "is_number_pooling_enabled",
                    "numbers_column",
                    "assigned_phone_numbers_count",
                ]
            },
        ),
        *content_fieldsets(leaving_out=CAMPAIGN_ONLY_FIELDS),
        (
            "Sharing",
            {
                "fields": [
                    "sharing_status_badge",
                    "shared_date",
                    "status_date",
                    "upstream_cnp_id",
                    "downstream_cnp_id",
                ]
            },
        ),
        ("Record", {"fields": ["created_at", "updated_at", "synced_at", "remote_deleted_at"]}),
    ]
    fieldset_tabs = {
        **{group.title: "Content" for group in content_groups(leaving_out=CAMPAIGN_ONLY_FIELDS)},
        "Record": TECHNICAL,
    }

    def get_readonly_fields(self, request: HttpRequest, obj: PartnerCampaign | None = None) -> Any:
        return [name for _, options in self.fieldsets for name in options["fields"]]

    def get_queryset(self, request: HttpRequest) -> QuerySet["CountedPartnerCampaign"]:
        return (
            super()
            .get_queryset(request)
            .annotate(numbers_here=Count("assignments", filter=Q(assignments__remote_deleted_at=None)))
        )

    campaign_status_badge = BadgeColumn("campaign_status", CampaignStatus, description="status")
    sharing_status_badge = BadgeColumn("sharing_status", SharingStatus, description="sharing")

    @admin.display(description="numbers here", ordering="numbers_here")
    def numbers_column(self, obj: "CountedPartnerCampaign") -> Any:
        url = reverse("admin:tendlc_phonenumberassignment_changelist")
        return format_html(
            '<a href="{}?partner_campaign__id__exact={}">{}</a>', url, obj.pk, obj.numbers_here
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Partner campaigns come from the API; a sharing is accepted on its own page.
        return False

    def has_change_permission(self, request: HttpRequest, obj: PartnerCampaign | None = None) -> bool:
        # The content is the partner's: the page is read-only; the allowed changes are workflow pages.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: PartnerCampaign | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra_context = {**(extra_context or {}), "can_accept": request.user.has_perm(CHANGE_PERMISSION)}
        return super().changelist_view(request, extra_context)

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> Any:
        obj = kwargs.get("obj")
        context["can_accept"] = (
            request.user.has_perm(CHANGE_PERMISSION) and obj is not None and obj.sharing_status != ACCEPTED
        )
        return super().render_change_form(request, context, *args, **kwargs)

    def object_panels(self, request: HttpRequest, obj: PartnerCampaign) -> list[Panel]:
        return timeline_panels(request, obj)

    def summary(self, request: HttpRequest, obj: PartnerCampaign) -> Summary:
        return Summary(
            statuses=[
                status_fact("Campaign status", obj.campaign_status, CampaignStatus),
                status_fact("Sharing", obj.sharing_status, SharingStatus),
            ],
            next_steps=partner_campaign_next_steps(campaign=obj),
            ids=known(
                Fact("TCR campaign id", obj.tcr_campaign_id),
                Fact("Brand", obj.brand_display_name or obj.tcr_brand_id),
                # The page's object comes from get_queryset, which counts them.
                Fact("Numbers here", self.numbers_column(cast("CountedPartnerCampaign", obj))),
            ),
        )

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view
        return [
            path("accept/", view(self.accept_view), name="tendlc_partnercampaign_accept"),
            *super().get_urls(),
        ]

    def _form_page(
        self, request: HttpRequest, form: Form, title: str, obj: PartnerCampaign | None, submit: str
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.opts,
            "original": obj,
            "form": form,
            "api_failure": api_failure(form),
            "submit": submit,
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/tendlc/partner_campaigns/form_page.html", context)

    def accept_view(self, request: HttpRequest) -> HttpResponse:
        """Accept a sharing by the TCR id the partner gave (pending sharings are not listed by the API)."""
        if not request.user.has_perm(CHANGE_PERMISSION):
            raise PermissionDenied
        if request.method == "POST":
            form = PartnerCampaignAcceptForm(request.POST)
            if form.is_valid():
                try:
                    with api_session() as client:
                        accepted = partner_campaign_accept(
                            tcr_campaign_id=form.cleaned_data["tcr_campaign_id"],
                            user=request.user,
                            client=client,
                        )
                except SUBMIT_ERRORS as error:
                    error_apply(form, error)
                else:
                    return self._done(request, accepted, form.cleaned_data["tcr_campaign_id"])
        else:
            form = PartnerCampaignAcceptForm(
                initial={"tcr_campaign_id": request.GET.get("tcr_campaign_id", "")}
            )
        return self._form_page(request, form, "Accept a campaign shared with us", None, "Accept sharing")

    def _done(
        self, request: HttpRequest, accepted: PartnerCampaign | None, tcr_campaign_id: str
    ) -> HttpResponse:
        if accepted is None:
            self.message_user(
                request,
                f"Sharing of {tcr_campaign_id} accepted, but the API does not show the campaign yet: a sync will"
                " bring it.",
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:tendlc_partnercampaign_changelist"))
        self.message_user(
            request,
            f"Sharing of {tcr_campaign_id} accepted: its numbers can now be assigned.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tendlc_partnercampaign_change", args=[accepted.pk]))
