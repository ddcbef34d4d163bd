"""Number assignments in the admin: assign one, move, remove (one after its confirmation page, or several
from the list).

The records are the API's, so their forms never save a row themselves: adding assigns, changing moves, and
Django's own delete (which would drop the row and leave the number assigned) is replaced by a confirmed
removal through the API.
"""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from tendlc.admin.attention import attention_filter
from tendlc.admin.autocomplete_filter import AutocompleteFilter, autocomplete_filter_media
from tendlc.admin.campaign_picker import CHOICES_URL_NAME, campaign_choices_view, with_campaign_picker
from tendlc.admin.display import badge, choice_badge
from tendlc.admin.errors import SUBMIT_ERRORS, error_message
from tendlc.admin.export import csv_export_action
from tendlc.admin.numbers.actions import (
    REMOVAL_PAGE,
    REMOVE,
    REMOVE_PERMISSION,
    removal_page,
    removal_requested,
    remove_one,
)
from tendlc.admin.numbers.columns import campaign_column
from tendlc.admin.object_links import admin_link
from tendlc.admin.pagination import CappedPaginator
from tendlc.admin.panels import Panel, PortalAdmin
from tendlc.admin.risks import risk_filter
from tendlc.admin.rule_search import RuleSearchAdmin
from tendlc.admin.service_form import ServiceFormAdmin
from tendlc.admin.summary import Fact, Summary, known
from tendlc.admin.tabs import TECHNICAL
from tendlc.admin.timeline import timeline_panels
from tendlc.choices import AssignmentStatus, CampaignActivity
from tendlc.conf import api_session
from tendlc.forms.numbers import (
    AssignmentAssignForm,
    AssignmentMoveForm,
)
from tendlc.models import PhoneNumberAssignment
from tendlc.selectors import search
from tendlc.selectors.next_steps import assignment_next_steps
from tendlc.selectors.number_search import number_search_filter, number_search_prefix
from tendlc.services.errors import WorkflowError
from tendlc.services.numbers import (
    number_assign,
    number_assignment_move,
)

ASSIGN_FORM = with_campaign_picker(AssignmentAssignForm)
MOVE_FORM = with_campaign_picker(AssignmentMoveForm)


@admin.register(PhoneNumberAssignment)
class PhoneNumberAssignmentAdmin(
    RuleSearchAdmin, ServiceFormAdmin[PhoneNumberAssignment], PortalAdmin[PhoneNumberAssignment]
):
    save_and_continue = False  # saving lands on the record's page
    form = AssignmentAssignForm
    object_actions_declared = (REMOVE,)
    change_list_template = "admin/tendlc/numbers/assignment_change_list.html"
    list_display = (
        "phone_number",
        "campaign_column",
        "brand_column",
        "assignment_status_badge",
        "tcr_campaign_id",
        "updated_at",
    )
    list_filter = (
        attention_filter(PhoneNumberAssignment),
        risk_filter(PhoneNumberAssignment),
        "assignment_status",
        ("campaign__brand", AutocompleteFilter),
        ("campaign", AutocompleteFilter),
        ("partner_campaign", AutocompleteFilter),
    )
    # A million numbers: counted up to a cap, never in full (tendlc.admin.pagination).
    paginator = CappedPaginator
    show_full_result_count = False
    search_fields = search.NUMBER_ASSIGNMENTS
    search_rule = staticmethod(number_search_filter)
    search_help_text = (
        "A phone number as you write it, or its start (503555 finds +1 503 555 ...); "
        "or a whole campaign or brand id, Telnyx's or the registry's."
    )
    list_select_related = ("campaign", "campaign__brand", "partner_campaign")
    actions = [
        csv_export_action(
            [
                ("phone_number", "phone_number"),
                ("status", "assignment_status"),
                ("telnyx_campaign_id", "telnyx_campaign_id"),
                ("tcr_campaign_id", "tcr_campaign_id"),
                ("brand_id", "brand_id"),
                ("tcr_brand_id", "tcr_brand_id"),
                ("failure_reasons", "failure_reasons"),
                ("updated_at", "updated_at"),
                ("removed_at", "remote_deleted_at"),
            ]
        ),
        "remove_selected",
    ]
    status_fields = [
        "phone_number",
        "campaign_column",
        "brand_column",
        "assignment_status_badge",
        "failure_reasons",
        "tmobile_number_mapping_status",
        "non_tmobile_number_mapping_status",
    ]
    record_fields = [
        "telnyx_campaign_id",
        "tcr_campaign_id",
        "brand_id",
        "tcr_brand_id",
        "created_at",
        "updated_at",
        "synced_at",
        "remote_deleted_at",
    ]
    fieldset_tabs = {"Registry ids and dates": TECHNICAL}

    @admin.display(description="campaign", ordering="tcr_campaign_id")
    def campaign_column(self, obj: PhoneNumberAssignment) -> Any:
        return campaign_column(obj)

    @admin.display(description="brand")
    def brand_column(self, obj: PhoneNumberAssignment) -> Any:
        if obj.campaign is not None:
            return admin_link(obj.campaign.brand)
        if obj.partner_campaign is not None:
            return obj.partner_campaign.brand_display_name or obj.partner_campaign.tcr_brand_id
        return obj.tcr_brand_id or obj.brand_id or "-"

    @admin.display(description="status", ordering="assignment_status")
    def assignment_status_badge(self, obj: PhoneNumberAssignment) -> Any:
        if obj.remote_deleted_at is not None:
            # Gone from Telnyx: over, whatever its last status said.
            return badge(CampaignActivity.EXPIRED, "Removed")
        return choice_badge(obj.assignment_status, AssignmentStatus)

    @property
    def media(self) -> Any:
        return super().media + autocomplete_filter_media()

    def get_ordering(self, request: HttpRequest) -> Any:
        # Numbers found by their start are listed in number order: read along the index that found them,
        # where the newest-first order made PostgreSQL walk every number to fill a page of a common prefix.
        if number_search_prefix(request.GET.get("q", "")) is not None:
            return ["phone_number"]
        return super().get_ordering(request)

    def object_panels(self, request: HttpRequest, obj: PhoneNumberAssignment) -> list[Panel]:
        return timeline_panels(request, obj)

    def summary(self, request: HttpRequest, obj: PhoneNumberAssignment) -> Summary:
        return Summary(
            statuses=[Fact("Status", self.assignment_status_badge(obj))],
            next_steps=assignment_next_steps(assignment=obj),
            ids=known(
                Fact("Phone number", obj.phone_number),
                Fact("Campaign", self.campaign_column(obj)),
                Fact("Brand", self.brand_column(obj)),
                Fact("Why it failed", obj.failure_reasons),
            ),
        )

    def has_change_permission(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> bool:
        # A removed number has nothing left to move: it is assigned again from the add page.
        removed = obj is not None and obj.remote_deleted_at is not None
        return not removed and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> bool:
        return False

    def has_remove_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm(REMOVE_PERMISSION)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = ASSIGN_FORM
        elif self.has_change_permission(request, obj):
            kwargs["form"] = MOVE_FORM
        else:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> Any:
        if obj is None:
            return [(None, {"fields": ["phone_number", "campaign_id"]})]
        fieldsets: list[Any] = [
            ("Assignment", {"fields": self.status_fields}),
            ("Registry ids and dates", {"fields": self.record_fields}),
        ]
        if self.has_change_permission(request, obj):
            fieldsets.insert(0, (None, {"fields": ["campaign_id"]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: PhoneNumberAssignment | None = None) -> Any:
        return [*self.status_fields, *self.record_fields] if obj is not None else []

    def form_submit(self, request: HttpRequest, form: Any, obj: Any) -> PhoneNumberAssignment:
        with api_session() as client:
            if obj is None:
                return number_assign(
                    phone_number=form.cleaned_data["phone_number"],
                    campaign_id=form.cleaned_data["campaign_id"],
                    user=request.user,
                    client=client,
                )
            return number_assignment_move(
                assignment=obj, campaign_id=form.cleaned_data["campaign_id"], user=request.user, client=client
            )

    def response_add(self, request: HttpRequest, obj: Any, post_url_continue: str | None = None) -> Any:
        return self._requested(request, obj, "Assignment")

    def response_change(self, request: HttpRequest, obj: Any) -> Any:
        return self._requested(request, obj, "Move")

    def _requested(self, request: HttpRequest, obj: PhoneNumberAssignment, what: str) -> HttpResponseRedirect:
        self.message_user(
            request,
            f"{what} of {obj.phone_number} requested: the API answered {obj.assignment_status or 'no status'}.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:tendlc_phonenumberassignment_change", args=[obj.pk]))

    def get_urls(self) -> list[URLPattern]:
        # The campaign box of every numbers page asks here (tendlc.admin.campaign_picker).
        choices = self.admin_site.admin_view(self.campaign_choices_view)
        return [path("campaign-choices/", choices, name=CHOICES_URL_NAME), *super().get_urls()]

    def campaign_choices_view(self, request: HttpRequest) -> Any:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return campaign_choices_view(request)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> Any:
        extra_context = {
            **(extra_context or {}),
            "can_upload": request.user.has_perm("tendlc.add_numberupload"),
            "can_assign_profile": request.user.has_perm("tendlc.add_assignmenttask"),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(description="Remove selected numbers from their campaigns", permissions=["remove"])
    def remove_selected(self, request: HttpRequest, queryset: QuerySet[PhoneNumberAssignment]) -> Any:
        assignments = list(queryset)
        if request.POST.get("post"):
            self._remove(request, assignments)
            return None
        return self._remove_confirmation(request, assignments, action="remove_selected")

    def _remove_confirmation(
        self, request: HttpRequest, assignments: list[PhoneNumberAssignment], action: str | None
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "media": self.media,
            **removal_page(assignments, action),
        }
        return TemplateResponse(request, REMOVAL_PAGE, context)

    def _remove(self, request: HttpRequest, assignments: list[PhoneNumberAssignment]) -> None:
        removed, failures = 0, []
        try:
            with api_session() as client:
                for assignment in assignments:
                    try:
                        remove_one(assignment, user=request.user, client=client)
                    except WorkflowError as error:
                        failures.append(error.message)
                    else:
                        removed += 1
        except SUBMIT_ERRORS as error:
            self.message_user(request, error_message(error), messages.ERROR)
            return
        if removed:
            self.message_user(request, removal_requested(removed), messages.SUCCESS)
        for failure in failures:
            self.message_user(request, failure, messages.ERROR)
