"""The portal's admin site: Django's, with the 10DLC dashboard as its home page.

Every admin page refuses a NUL in its query or form values with a 400 before the page runs: PostgreSQL keeps
NUL in no text, and Django's list filters pass a value to the query as it came (``?state=%00`` was a 500).
Form fields refuse it themselves; a filter, a sort or a selected object's id would not.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest


class PortalAdminSite(admin.AdminSite):
    site_header = "10DLC compliance portal"
    site_title = "10DLC compliance"
    index_title = "Dashboard"
    index_template = "admin/tendlc/dashboard.html"

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Callable[..., Any]:
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def without_nul(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            values = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" else [])]
            if any("\x00" in text for name, texts in values for text in [name, *texts]):
                return HttpResponseBadRequest(
                    "The request contains a NUL character, which nothing here takes: remove it and try again.",
                    content_type="text/plain; charset=utf-8",
                )
            return guarded(request, *args, **kwargs)

        return without_nul

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        from tendlc.admin.time_zone import time_zone_media

        return {**super().each_context(request), "time_zone_media": time_zone_media()}

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # Imported here: tendlc.admin registers its ModelAdmins on this site, so it loads after it.
        from tendlc.admin.dashboard import dashboard_context

        return super().index(request, {**dashboard_context(request), **(extra_context or {})})
