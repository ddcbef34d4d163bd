"""Our campaigns in the admin: the list, the change form (only what the API lets change after submission),
the object actions, and the read-only panels (carriers, registry and sharing, numbers, compliance checks,
appeals). A campaign is added through the campaign builder, never through a plain add form.
"""

from collections import Counter
from functools import partial
from typing import Any, cast

from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Field, QuerySet
from django.forms import Media, ModelForm
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from tendlc.admin.autocomplete_filter import AutocompleteFilter, autocomplete_filter_media
from tendlc.admin.campaigns.actions import ACTIONS
from tendlc.admin.campaigns.builder import CampaignBuilder
from tendlc.admin.campaigns.evidence import EvidencePages, evidence_may_add, evidence_panel
from tendlc.admin.campaigns.links import PANEL_TEMPLATE as LINKS_PANEL
from tendlc.admin.campaigns.links import link_panel
from tendlc.admin.content import content_fieldsets
from tendlc.admin.display import BadgeColumn, LabelColumn, badge
from tendlc.admin.errors import SUBMIT_ERRORS, error_message
from tendlc.admin.export import csv_export_action
from tendlc.admin.filters import LabelledValuesFilter
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.refusals import who_may
from tendlc.admin.risks import dormancy_words, risk_filter
from tendlc.admin.row_filters import RowsChoice, rows_filter
from tendlc.admin.service_form import ServiceFormAdmin
from tendlc.admin.summary import Fact, Summary, carrier_facts, known, status_fact
from tendlc.admin.tabs import TECHNICAL
from tendlc.admin.timeline import timeline_panels
from tendlc.choices import CampaignActivity, CampaignStatus, Usecase
from tendlc.compliance.rejections import what_to_do_lines
from tendlc.conf import api_session
from tendlc.forms.campaigns import CampaignChangeForm
from tendlc.models import (
    Brand,
    Campaign,
    CampaignMnoStatus,
    LinkCheckRun,
    PhoneNumberAssignment,
    SharedCampaign,
)
from tendlc.models.campaign_content import CAMPAIGN_UPDATABLE_FIELDS, content_groups
from tendlc.selectors import search
from tendlc.selectors.campaigns import CAMPAIGN_STAGES, campaign_list_in_stage
from tendlc.selectors.compliance_checks import compliance_check_list
from tendlc.selectors.dormancy import campaign_dormancy_risk, campaign_is_dormant
from tendlc.selectors.link_checks import link_check_progress
from tendlc.selectors.next_steps import campaign_next_steps
from tendlc.selectors.number_moves import number_move_list_for_campaign
from tendlc.selectors.reactivations import campaign_reactivation_latest
from tendlc.services.campaign_actions import (
    APPEAL_PERMISSION,
    campaign_change_refusal,
    campaign_is_appealable,
    campaign_registry_view,
    campaign_update,
)
from tendlc.services.compliance import campaign_compliance_result, field_name
from tendlc.services.rejections import rejection_explain
from tendlc.services.resubmissions import campaign_is_rejected

# The newest checks kept are listed under the findings; the older ones stay in the database.
COMPLIANCE_PANEL_ROWS = 5
CONTENT = "Content"
REGISTRY_PARAMETER = "registry"
EDITABLE = "Editable after submission"
# The same fields on a campaign that can no longer change: the heading must not promise otherwise.
NO_LONGER_EDITABLE = ("Editable until deactivation", {"fields": CAMPAIGN_UPDATABLE_FIELDS})


# The stages the dashboard counts: its cards open this list filtered by one.
CampaignStageFilter = rows_filter(
    "stage",
    "stage",
    [RowsChoice(stage.key, stage.label, partial(campaign_list_in_stage, stage)) for stage in CAMPAIGN_STAGES],
)


class CarrierStatusFilter(admin.SimpleListFilter):
    """Campaigns by one carrier's operation status (CampaignMnoStatus), e.g. those T-Mobile rejected."""

    title = "carrier status"
    parameter_name = "carrier"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Campaign]) -> list[tuple[str, str]]:
        combinations = (
            CampaignMnoStatus.objects.exclude(operation_status="")
            .order_by("network_id", "operation_status")
            .values_list("network_id", "mno", "operation_status")
            .distinct()
        )
        return [
            (f"{network_id}:{status}", f"{mno or network_id}: {status}")
            for network_id, mno, status in combinations
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Campaign]) -> QuerySet[Campaign]:
        value = self.value()
        if not value:
            return queryset
        network_id, _, status = value.partition(":")
        if not network_id.isdigit():
            return queryset.none()
        # One filter() call: the carrier and its status must be the same CampaignMnoStatus row.
        return queryset.filter(
            mno_statuses__network_id=int(network_id), mno_statuses__operation_status=status
        )


def carriers_summary(campaign: Campaign) -> str:
    """Operation statuses counted over the carriers, e.g. "APPROVED 4, REVIEW 1" (from prefetched rows)."""
    counts = Counter(row.operation_status or "unknown" for row in campaign.mno_statuses.all())
    return ", ".join(f"{status} {count}" for status, count in sorted(counts.items()))


def field_labels(wire_names: list[str]) -> str:
    """A finding's fields as the campaign page labels them (``helpMessage`` -> "help message")."""
    labels = []
    for name in map(field_name, wire_names):
        try:
            # A wire name maps to a concrete field, never to a relation's reverse side.
            labels.append(str(cast(Field[Any, Any], Campaign._meta.get_field(name)).verbose_name))
        except FieldDoesNotExist:
            labels.append(name.replace("_", " "))
    return ", ".join(labels)


def labelled(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**finding, "labels": field_labels(finding["fields"])} for finding in findings]


@admin.register(Campaign)
class CampaignAdmin(ServiceFormAdmin[Campaign], PortalAdmin[Campaign]):
    form = CampaignChangeForm
    object_actions_declared = ACTIONS
    object_action_post_only = True
    change_form_template = "admin/tendlc/campaigns/change_form.html"
    change_list_template = "admin/tendlc/campaigns/change_list.html"

    list_display = (
        "tcr_campaign_id",
        "brand_link",
        "usecase_label",
        "campaign_status_badge",
        "status_badge",
        "carriers",
        "create_date",
    )
    list_display_links = ("tcr_campaign_id",)
    usecase_label = LabelColumn("usecase", Usecase, description="use case")
    list_select_related = ("brand",)
    list_filter = (
        CampaignStageFilter,
        risk_filter(Campaign),
        "campaign_status",
        "status",
        ("usecase", LabelledValuesFilter.of(Usecase)),
        ("brand", AutocompleteFilter),
        "brand__vertical",
        CarrierStatusFilter,
    )
    search_fields = search.CAMPAIGNS
    show_full_result_count = False
    actions = [
        csv_export_action(
            [
                ("TCR campaign id", "tcr_campaign_id"),
                ("Campaign id", "campaign_id"),
                ("Brand", lambda campaign: campaign.brand.display_name),
                ("Use case", "usecase"),
                ("Campaign status", "campaign_status"),
                ("Status", "status"),
                ("Carriers", carriers_summary),
                ("Created", "create_date"),
            ]
        )
    ]
    # What may change after submission comes first; the rest of the content follows in the builder's groups.
    fieldsets = (
        (
            "Campaign",
            {
                "fields": (
                    "campaign_id", "tcr_campaign_id", "brand", "usecase_label", "status", "campaign_status",
                    "submission_status", "failure_reasons", "mock",
                )
            },
        ),
        (
            EDITABLE,
            {
                "description": "Only these fields can change once the campaign is submitted.",
                "fields": CAMPAIGN_UPDATABLE_FIELDS,
            },
        ),
        *content_fieldsets(leaving_out=CAMPAIGN_UPDATABLE_FIELDS),
        (
            "Registry and billing",
            {
                "fields": (
                    "tcr_brand_id", "csp_id", "reference_id", "brand_display_name", "vertical",
                    "is_t_mobile_registered", "is_t_mobile_suspended", "is_t_mobile_number_pooling_enabled",
                    "create_date", "billed_date", "next_renewal_or_expiration_date",
                    "assigned_phone_numbers_count",
                )
            },
        ),
        ("Mirror", {"classes": ("collapse",), "fields": ("synced_at", "recorded_at", "changed_at", "remote_deleted_at")}),
    )  # fmt: skip
    # Details say what the campaign is and where it stands; its content (what may change first) and the
    # registry's ids and dates have tabs of their own.
    fieldset_tabs = {
        "Editable after submission": CONTENT,
        **{group.title: CONTENT for group in content_groups(leaving_out=CAMPAIGN_UPDATABLE_FIELDS)},
        "Registry and billing": TECHNICAL,
        "Mirror": TECHNICAL,
    }

    def get_queryset(self, request: HttpRequest) -> QuerySet[Campaign]:
        return super().get_queryset(request).select_related("brand").prefetch_related("mno_statuses")

    @property
    def media(self) -> Any:
        # Defined here, a Media class would be ignored: the Links panel follows a running link check, and the
        # brand filter is a box to type in.
        return super().media + Media(js=["tendlc/progress.js"]) + autocomplete_filter_media()

    def get_readonly_fields(self, request: HttpRequest, obj: Campaign | None = None) -> list[str]:
        return [name for name in flatten_fieldsets(self.fieldsets) if name not in CAMPAIGN_UPDATABLE_FIELDS]

    def has_change_permission(self, request: HttpRequest, obj: Campaign | None = None) -> bool:
        # A deactivated campaign's page is read-only rather than a form refused on save.
        return super().has_change_permission(request, obj) and (
            obj is None or not campaign_change_refusal(obj)
        )

    def change_refusal(self, obj: Campaign) -> str:
        return campaign_change_refusal(obj)

    def get_fieldsets(self, request: HttpRequest, obj: Campaign | None = None) -> Any:
        if obj is None or not campaign_change_refusal(obj):
            return self.fieldsets
        return [
            NO_LONGER_EDITABLE if title == EDITABLE else (title, options) for title, options in self.fieldsets
        ]

    def has_delete_permission(self, request: HttpRequest, obj: Campaign | None = None) -> bool:
        # A campaign is deactivated at Telnyx (an admin's object action), never deleted here.
        return False

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        return redirect("admin:tendlc_campaign_build")

    def get_urls(self) -> list[URLPattern]:
        # Before the admin's own: its "<path:object_id>/" would take "build/" for an object id.
        link_check = path(
            "link-checks/<int:run_id>/progress/",
            self.admin_site.admin_view(self.link_check_progress_view),
            name="tendlc_campaign_link_check",
        )
        return [*CampaignBuilder(self).urls(), *EvidencePages(self).urls(), link_check, *super().get_urls()]

    def link_check_progress_view(self, request: HttpRequest, run_id: int) -> JsonResponse:
        """Where a link check stands, for the Links panel (a campaign's) or the builder (content not yet
        submitted) to follow: a campaign's check to whoever may see the campaign, a builder's to who started
        it."""
        run = get_object_or_404(LinkCheckRun.objects.select_related("campaign"), pk=run_id)
        if run.campaign is not None:
            allowed = self.has_view_or_change_permission(request, run.campaign)
        else:
            allowed = self.has_add_permission(request) and run.started_by_id == request.user.pk
        if not allowed:
            raise PermissionDenied
        return JsonResponse(link_check_progress(run=run))

    def form_submit(self, request: HttpRequest, form: ModelForm[Campaign], obj: Campaign | None) -> Campaign:
        if obj is None:
            raise PermissionDenied("Campaigns are added through the campaign builder.")
        with api_session() as client:
            return campaign_update(campaign=obj, values=form.cleaned_data, user=request.user, client=client)

    # --- list columns -----------------------------------------------------------------------------------

    @admin.display(description="brand", ordering="brand__display_name")
    def brand_link(self, campaign: Campaign) -> SafeString:
        if not self.admin_site.is_registered(Brand):
            return format_html("{}", campaign.brand.display_name)
        url = reverse("admin:tendlc_brand_change", args=[campaign.brand.pk])
        return format_html('<a href="{}">{}</a>', url, campaign.brand.display_name)

    campaign_status_badge = BadgeColumn("campaign_status", CampaignStatus, description="campaign status")
    status_badge = BadgeColumn("status", CampaignActivity, description="status")

    @admin.display(description="carriers")
    def carriers(self, campaign: Campaign) -> SafeString:
        counts = Counter(row.operation_status for row in campaign.mno_statuses.all())
        return format_html_join(
            " ",
            "{}",
            ((badge(status, f"{status or 'unknown'} {count}"),) for status, count in sorted(counts.items())),
        )

    # --- change page ------------------------------------------------------------------------------------

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Campaign | None = None,
    ) -> HttpResponse:
        if obj is not None:
            context.update(self._dormancy_notices(obj))
            context["rejection"] = self._rejection(obj)
            if evidence_may_add(request, self, obj):
                context["evidence_upload_url"] = reverse("admin:tendlc_campaign_evidence_add", args=[obj.pk])
        if obj is not None and self.has_add_permission(request) and campaign_is_rejected(obj):
            context["resubmit_url"] = reverse("admin:tendlc_campaign_resubmit", args=[obj.pk])
        if obj is not None and campaign_is_appealable(obj):
            context["appeal_notice"] = (
                "This campaign was rejected: appeal it with the Appeal button once its content is fixed."
                if request.user.has_perm(APPEAL_PERMISSION)
                else f"This campaign was rejected. {who_may(APPEAL_PERMISSION, 'appeal a campaign')}"
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _rejection(self, campaign: Campaign) -> dict[str, Any] | None:
        """Why the campaign was rejected and what to change, shown at the top of its page while it is."""
        explanation = rejection_explain(campaign=campaign)
        if explanation is None:
            return None
        return {
            "explanation": explanation,
            "findings": labelled([finding.to_dict() for finding in explanation.findings]),
            "what_to_do": what_to_do_lines(explanation),
        }

    def _dormancy_notices(self, campaign: Campaign) -> dict[str, str]:
        """The days left before a dormancy suspension; or, once suspended, the way back and how it goes."""
        notices = {}
        risk = campaign_dormancy_risk(campaign=campaign)
        if risk is not None:
            notices["dormancy_notice"] = (
                f"No phone numbers are on this campaign: Telnyx suspends it for dormancy after 15 days without"
                f" any ({dormancy_words(risk)}). Assign a number to keep it."
            )
        elif campaign_is_dormant(campaign):
            notices["dormancy_notice"] = (
                "Telnyx suspended this campaign for dormancy (no phone numbers for 15 days). Reactivate brings"
                " it back by assigning a number."
            )
        reactivation = campaign_reactivation_latest(campaign=campaign)
        if reactivation is not None:
            checked = (
                f" Last checked {timezone.localtime(reactivation.checked_at):%b %d, %H:%M}."
                if reactivation.checked_at
                else ""
            )
            notices["reactivation_notice"] = (
                f"Reactivation with {reactivation.phone_number}: {reactivation.get_state_display()}."
                f" {reactivation.note}{checked}"
            )
            notices["reactivation_state"] = reactivation.state
        return notices

    def object_panels(self, request: HttpRequest, obj: Campaign) -> list[Panel]:
        carriers = list(obj.mno_statuses.all())
        return [
            Panel(
                "Carriers",
                "admin/tendlc/campaigns/panels/carriers.html",
                {"rows": [(row, badge(row.operation_status)) for row in carriers]},
            ),
            Panel(
                "Registry and sharing",
                "admin/tendlc/campaigns/panels/registry.html",
                self._registry(request, obj),
            ),
            Panel("Phone numbers", "admin/tendlc/campaigns/panels/numbers.html", self._numbers(obj)),
            Panel("Compliance checks", "admin/tendlc/campaigns/panels/compliance.html", self._checks(obj)),
            evidence_panel(request, self, obj),
            Panel(
                "Links", LINKS_PANEL, link_panel(obj, progress_url_name="admin:tendlc_campaign_link_check")
            ),
            Panel(
                "Appeals",
                "admin/tendlc/campaigns/panels/appeals.html",
                {"appeals": list(obj.appeals.select_related("requested_by"))},
            ),
            *self._number_moves(request, obj),
            *timeline_panels(request, obj, carriers=carriers),
        ]

    def _number_moves(self, request: HttpRequest, campaign: Campaign) -> list[Panel]:
        """The moves of numbers a resubmission asked for, from or to this campaign: shown only where any is."""
        moves = number_move_list_for_campaign(campaign=campaign)
        if not moves:
            return []
        context = {
            "moves": moves,
            "campaign_pk": campaign.pk,
            "may_cancel": self.has_change_permission(request, campaign),
        }
        return [Panel("Number moves", "admin/tendlc/campaigns/panels/number_moves.html", context)]

    def summary(self, request: HttpRequest, obj: Campaign) -> Summary:
        numbers = self._numbers(obj)
        return Summary(
            statuses=[
                status_fact("Campaign status", obj.campaign_status, CampaignStatus),
                status_fact("Status", obj.status, CampaignActivity),
            ],
            next_steps=campaign_next_steps(campaign=obj),
            carriers=carrier_facts(list(obj.mno_statuses.all())),
            ids=known(
                Fact("TCR campaign id", obj.tcr_campaign_id),
                Fact("Brand", self.brand_link(obj)),
                Fact(
                    "Numbers",
                    format_html('<a href="{}">{}</a>', numbers["url"], numbers["count"])
                    if numbers["url"]
                    else numbers["count"],
                ),
                Fact("Failure reasons", obj.failure_reasons),
            ),
        )

    def _registry(self, request: HttpRequest, campaign: Campaign) -> dict[str, Any]:
        """Sharing as the last sync stored it; OSR attributes and live sharing only when asked for, since they
        are read from the API."""
        context: dict[str, Any] = {
            "shared": SharedCampaign.objects.filter(campaign_id=campaign.tcr_campaign_id).first()
            if campaign.tcr_campaign_id
            else None,
            "read_url": f"?{REGISTRY_PARAMETER}=1",
        }
        if request.GET.get(REGISTRY_PARAMETER):
            try:
                with api_session() as client:
                    context["live"] = campaign_registry_view(campaign=campaign, client=client)
            except SUBMIT_ERRORS as error:
                context["error"] = error_message(error)
        return context

    def _checks(self, campaign: Campaign) -> dict[str, Any]:
        """The findings on the campaign as stored now, then the newest checks kept (who ran them, overrides),
        each finding naming its fields as the page labels them.

        The findings are computed here, on every view, rather than read from the newest check: the content
        changes through the change form, the builder, webhooks and the sync, and a check stored by one of
        them would go stale through the others. One run of the rules costs a few queries; a stored check is
        kept for what it records (who checked, and an override of its errors)."""
        now = campaign_compliance_result(campaign=campaign)
        checks = compliance_check_list(campaign=campaign)[:COMPLIANCE_PANEL_ROWS]
        return {
            "errors": len(now.errors),
            "warnings": len(now.warnings),
            "findings": labelled([finding.to_dict() for finding in now.findings]),
            "checks": [(check, labelled(check.findings)) for check in checks],
        }

    def _numbers(self, campaign: Campaign) -> dict[str, Any]:
        url = None
        if self.admin_site.is_registered(PhoneNumberAssignment):
            url = f"{reverse('admin:tendlc_phonenumberassignment_changelist')}?campaign__id__exact={campaign.pk}"
        return {
            "count": campaign.assignments.filter(remote_deleted_at=None).count(),
            "reported": campaign.assigned_phone_numbers_count,
            "url": url,
        }
