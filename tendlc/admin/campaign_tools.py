"""The object actions on a campaign's page, each its own admin URL with a plain form: refresh from the API,
check compliance, appeal (admins, rejected campaigns only) and deactivate (admins, after a confirmation page).

Every view checks its permission itself, so a hidden button is never the only guard; the services check the
admin-only rules again.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path

from tendlc.admin.errors import error_apply, error_message
from tendlc.client import TenDLCError
from tendlc.conf import api_session
from tendlc.forms.campaigns import AppealForm
from tendlc.models import Campaign
from tendlc.services.campaign_actions import (
    APPEAL_PERMISSION,
    DEACTIVATE_PERMISSION,
    campaign_appeal,
    campaign_deactivate,
    campaign_is_active,
    campaign_is_appealable,
    campaign_reload,
)
from tendlc.services.compliance import campaign_compliance_check
from tendlc.services.errors import WorkflowError

View = Callable[[HttpRequest, Campaign], HttpResponse]


class CampaignTools:
    def __init__(self, model_admin: ModelAdmin) -> None:
        self.model_admin = model_admin
        self.admin_site = model_admin.admin_site

    def urls(self) -> list[URLPattern]:
        def route(name: str, view: View) -> URLPattern:
            return path(
                f"<path:object_id>/{name}/",
                self.admin_site.admin_view(self._with_campaign(view)),
                name=f"tendlc_campaign_{name}",
            )

        return [
            route("refresh", self.refresh),
            route("compliance", self.compliance),
            route("appeal", self.appeal),
            route("deactivate", self.deactivate),
        ]

    def _with_campaign(self, view: View) -> Callable[..., HttpResponse]:
        def wrapped(request: HttpRequest, object_id: str) -> HttpResponse:
            campaign = self.model_admin.get_object(request, unquote(object_id))
            if campaign is None:
                raise Http404("No such campaign")
            if not self.model_admin.has_view_or_change_permission(request, campaign):
                raise PermissionDenied
            return view(request, campaign)

        return wrapped

    def _back(self, campaign: Campaign) -> HttpResponse:
        return redirect("admin:tendlc_campaign_change", campaign.pk)

    def _page(
        self, request: HttpRequest, campaign: Campaign, template: str, context: dict[str, Any]
    ) -> HttpResponse:
        return TemplateResponse(
            request,
            f"admin/tendlc/campaigns/{template}.html",
            {
                **self.admin_site.each_context(request),
                "opts": Campaign._meta,
                "original": campaign,
                "has_view_permission": True,
                **context,
            },
        )

    def refresh(self, request: HttpRequest, campaign: Campaign) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.model_admin.has_change_permission(request, campaign):
            raise PermissionDenied
        try:
            with api_session() as client:
                refreshed = campaign_reload(campaign=campaign, user=request.user, client=client)
        except (TenDLCError, WorkflowError) as error:
            messages.error(request, error_message(error))
        else:
            messages.success(
                request,
                f"Refreshed from the API: {refreshed.campaign_status or 'no status'},"
                f" {refreshed.carriers_written} carrier row(s) updated.",
            )
        return self._back(campaign)

    def compliance(self, request: HttpRequest, campaign: Campaign) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not request.user.has_perm("tendlc.add_compliancecheck"):
            raise PermissionDenied
        check = campaign_compliance_check(campaign=campaign, user=request.user)
        level = messages.WARNING if check.error_count else messages.SUCCESS
        messages.add_message(
            request,
            level,
            f"Compliance checked: {check.error_count} error(s), {check.warning_count} warning(s).",
        )
        return self._back(campaign)

    def appeal(self, request: HttpRequest, campaign: Campaign) -> HttpResponse:
        if not request.user.has_perm(APPEAL_PERMISSION):
            raise PermissionDenied
        if not campaign_is_appealable(campaign):
            messages.error(
                request,
                "Only a campaign rejected by Telnyx or a carrier (TELNYX_FAILED or MNO_REJECTED) can be appealed;"
                f" this one is {campaign.campaign_status or 'of unknown status'}.",
            )
            return self._back(campaign)
        form = AppealForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                with api_session() as client:
                    campaign_appeal(
                        campaign=campaign,
                        reason=form.cleaned_data["appeal_reason"],
                        user=request.user,
                        client=client,
                    )
            except (TenDLCError, WorkflowError) as error:
                error_apply(form, error)
            else:
                messages.success(
                    request, f"Appeal submitted: the campaign is now {campaign.campaign_status}."
                )
                return self._back(campaign)
        return self._page(request, campaign, "appeal", {"title": f"Appeal {campaign}", "form": form})

    def deactivate(self, request: HttpRequest, campaign: Campaign) -> HttpResponse:
        if not request.user.has_perm(DEACTIVATE_PERMISSION):
            raise PermissionDenied
        if not campaign_is_active(campaign):
            messages.error(request, "This campaign is already deactivated.")
            return self._back(campaign)
        if request.method == "POST" and request.POST.get("post") == "yes":
            try:
                with api_session() as client:
                    campaign_deactivate(campaign=campaign, user=request.user, client=client)
            except (TenDLCError, WorkflowError) as error:
                messages.error(request, error_message(error))
            else:
                messages.success(request, f"Campaign {campaign} deactivated.")
            return self._back(campaign)
        return self._page(
            request,
            campaign,
            "deactivate",
            {"title": f"Deactivate {campaign}", "numbers": campaign.assignments.count()},
        )
