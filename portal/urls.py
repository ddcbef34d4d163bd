from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.functional import lazy
from django.views.generic import RedirectView

from portal.health import healthz, healthz_detail
from tendlc.api.docs import DocsView, SchemaView
from tendlc.webhooks.views import telnyx_webhook

# A refusal anywhere is shown in the admin's layout, saying who may do what was refused.
handler403 = "tendlc.admin.refusals.permission_denied"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("healthz/detail", healthz_detail, name="healthz-detail"),
    # Browsers ask for /favicon.ico wherever a page names no icon (the API's JSON, a plain-text refusal). Lazy:
    # the static file's hashed name is known only once the storage's manifest can be read.
    path("favicon.ico", RedirectView.as_view(url=lazy(static, str)("tendlc/favicon.svg"))),
    path("admin/", admin.site.urls),
    path("webhooks/telnyx/", telnyx_webhook, name="telnyx-webhook"),
    path("api/v1/", include("tendlc.api.urls")),
    path("api/schema/", SchemaView.as_view(), name="api-schema"),
    path("api/docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
]
