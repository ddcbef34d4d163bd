"""A campaign's evidence in the admin: the "Evidence" tab (files, dates, who added them, an upload form), the
page an upload lands on when it is refused, and the downloads.

Files are only ever sent by these views, which check the user may see the campaign (its admin's view
permission) on every request: the storage has no public address. Each is sent as an attachment, so an HTML
page kept as evidence is never opened as a page of the portal.
"""

from typing import Any

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from tendlc.admin.errors import SUBMIT_ERRORS, error_apply
from tendlc.admin.object_actions import object_or_404
from tendlc.admin.panels import Panel
from tendlc.forms.evidence import EvidenceForm
from tendlc.models import Campaign
from tendlc.selectors.evidence import evidence_get, evidence_list
from tendlc.services.audit import user_may
from tendlc.services.evidence import ADD_PERMISSION, evidence_add, evidence_zip

TITLE = "Evidence"
TEMPLATES = "admin/tendlc/campaigns"


def evidence_may_add(request: HttpRequest, model_admin: ModelAdmin[Campaign], campaign: Campaign) -> bool:
    """Adding needs the role's permission and a campaign whose page can still change: a deactivated
    campaign's page is read-only, and says so."""
    return user_may(request.user, ADD_PERMISSION) and model_admin.has_change_permission(request, campaign)


def evidence_panel(request: HttpRequest, model_admin: ModelAdmin[Campaign], campaign: Campaign) -> Panel:
    """The "Evidence" tab: the campaign's files newest first, the zip of all, and the upload form (whose
    form element sits outside the change form: ``evidence_upload_url`` in the page's context)."""
    rows = list(evidence_list(campaign=campaign))
    return Panel(
        TITLE,
        f"{TEMPLATES}/panels/evidence.html",
        {
            "rows": [
                (
                    evidence,
                    reverse("admin:tendlc_campaign_evidence_download", args=[campaign.pk, evidence.pk]),
                )
                for evidence in rows
            ],
            "zip_url": reverse("admin:tendlc_campaign_evidence_zip", args=[campaign.pk]) if rows else "",
            "form": EvidenceForm(auto_id="id_evidence_%s")
            if evidence_may_add(request, model_admin, campaign)
            else None,
        },
    )


class EvidencePages:
    def __init__(self, model_admin: ModelAdmin[Campaign]) -> None:
        self.model_admin = model_admin
        self.admin_site = model_admin.admin_site

    def urls(self) -> list[URLPattern]:
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/evidence/add/", wrap(self.add), name="tendlc_campaign_evidence_add"),
            path(
                "<path:object_id>/evidence/zip/", wrap(self.download_all), name="tendlc_campaign_evidence_zip"
            ),
            path(
                "<path:object_id>/evidence/<int:evidence_id>/download/",
                wrap(self.download),
                name="tendlc_campaign_evidence_download",
            ),
        ]

    def _campaign(self, request: HttpRequest, object_id: str) -> Campaign:
        campaign = object_or_404(self.model_admin, request, object_id)
        if not self.model_admin.has_view_or_change_permission(request, campaign):
            raise PermissionDenied
        return campaign

    def add(self, request: HttpRequest, object_id: str) -> HttpResponse:
        campaign = self._campaign(request, object_id)
        if not evidence_may_add(request, self.model_admin, campaign):
            raise PermissionDenied
        form = EvidenceForm(
            request.POST if request.method == "POST" else None,
            request.FILES if request.method == "POST" else None,
        )
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                evidence = evidence_add(
                    campaign=campaign,
                    name=upload.name or "",
                    upload=upload,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    user=request.user,
                )
            except SUBMIT_ERRORS as error:
                error_apply(form, error)
            else:
                messages.success(request, f"{evidence.original_name} was added to the campaign's evidence.")
                change = reverse("admin:tendlc_campaign_change", args=[campaign.pk])
                return redirect(f"{change}#panel-evidence")
        context: dict[str, Any] = {
            **self.admin_site.each_context(request),
            "title": f"Add evidence to {campaign}",
            "subtitle": str(campaign),
            "opts": Campaign._meta,
            "original": campaign,
            "has_view_permission": True,
            "form": form,
            "media": self.model_admin.media + form.media,
        }
        return TemplateResponse(request, f"{TEMPLATES}/evidence_add.html", context)

    def download(self, request: HttpRequest, object_id: str, evidence_id: int) -> HttpResponseBase:
        campaign = self._campaign(request, object_id)
        evidence = evidence_get(campaign=campaign, evidence_id=evidence_id)
        if evidence is None:
            raise Http404("No such file in this campaign's evidence.")
        return FileResponse(
            evidence.file.open("rb"),
            as_attachment=True,
            filename=evidence.original_name,
            content_type=evidence.content_type,
        )

    def download_all(self, request: HttpRequest, object_id: str) -> HttpResponseBase:
        campaign = self._campaign(request, object_id)
        bundle = evidence_zip(campaign=campaign, user=request.user)
        response = StreamingHttpResponse(bundle.chunks, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{bundle.filename}"'
        return response
