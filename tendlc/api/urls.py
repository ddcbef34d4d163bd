"""``/api/v1/``: the read endpoints (a router of list/retrieve viewsets) and the workflow actions."""

from django.urls import include, path

from tendlc.api import actions, reads

app_name = "api"

urlpatterns = [
    path("", include(reads.router.urls)),
    path("", include(actions.urlpatterns)),
]
