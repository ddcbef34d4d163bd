"""Who may call what: the admin's model permissions and roles, enforced per request and per action."""

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.permissions import BasePermission, DjangoModelPermissions
from rest_framework.request import Request

if TYPE_CHECKING:
    # Not at run time: DRF imports this module while rest_framework.views is still loading.
    from rest_framework.views import APIView


class PortalModelPermissions(DjangoModelPermissions):
    """The model permissions the admin uses; reading needs the view permission too (DRF lets any
    authenticated user read by default)."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }


def requires(*permissions: str) -> type[BasePermission]:
    """A permission class for an action view that needs each of ``permissions`` (``app_label.codename``),
    e.g. ``requires("tendlc.appeal_campaign")``: the same permissions the admin checks for that action."""

    class Requires(PortalModelPermissions):
        def has_permission(self, request: Request, view: "APIView") -> bool:
            user = request.user
            return bool(user and user.is_authenticated and user.has_perms(permissions))

    Requires.__name__ = f"Requires({', '.join(permissions)})"
    return Requires


class SchemaReaders(BasePermission):
    """The schema and its docs describe an API for signed-in callers, so they are too, unless
    ``API_SCHEMA_PUBLIC`` publishes them (read per request, so a test or an operator's change takes effect)."""

    def has_permission(self, request: Request, view: "APIView") -> bool:
        return bool(settings.API_SCHEMA_PUBLIC or (request.user and request.user.is_authenticated))
