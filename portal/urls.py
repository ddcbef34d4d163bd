from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

from portal.health import healthz
from tendlc.webhooks.views import telnyx_webhook

admin.site.site_header = "10DLC compliance portal"
admin.site.site_title = "10DLC compliance portal"
admin.site.index_title = "Brands, campaigns and numbers"

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False)),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("webhooks/telnyx/", telnyx_webhook, name="telnyx-webhook"),
]
