"""The portal's admin site: Django's, with the 10DLC dashboard as its home page."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse


class PortalAdminSite(admin.AdminSite):
    site_header = "10DLC compliance portal"
    site_title = "10DLC compliance"
    index_title = "Dashboard"
    index_template = "admin/tendlc/dashboard.html"

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # Imported here: tendlc.admin registers its ModelAdmins on this site, so it loads after it.
        from tendlc.admin.dashboard import dashboard_context

        return super().index(request, {**dashboard_context(request), **(extra_context or {})})
