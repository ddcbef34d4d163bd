"""``/api/schema/`` and ``/api/docs/``: the OpenAPI schema and its Swagger UI, read by signed-in callers
(token or admin session) unless ``API_SCHEMA_PUBLIC`` publishes them.

The docs are drf-spectacular's split view: the page loads its start-up script as a file of its own rather
than inline, so the Content-Security-Policy needs no inline script. A person who is not signed in is sent to
the admin's login page and back, rather than shown a JSON error.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBase
from django.urls import reverse
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.exceptions import NotAuthenticated

from tendlc.api.permissions import SchemaReaders


class SchemaView(SpectacularAPIView):
    permission_classes = [SchemaReaders]


class DocsView(SpectacularSwaggerSplitView):
    permission_classes = [SchemaReaders]
    # drf-spectacular's page, its inline style moved to a static file.
    template_name = "api/docs.html"

    # DRF's stubs narrow the answer to a Response; DRF itself finalizes any HttpResponse, a redirect included.
    def handle_exception(self, exc: Exception) -> HttpResponseBase:  # type: ignore[override]
        if isinstance(exc, NotAuthenticated):
            return redirect_to_login(self.request.get_full_path(), reverse("admin:login"))
        return super().handle_exception(exc)
