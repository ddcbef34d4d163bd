"""Who may call what: the admin's model permissions and roles, enforced per request and per action."""

from typing import TYPE_CHECKING, Any

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


def requires(*permissions: str) -> type:
    """A permission class for an action view that needs each of ``permissions`` (``app_label.codename``),
    e.g. ``requires("tendlc.appeal_campaign")``: the same permissions the admin checks for that action."""

    class Requires(PortalModelPermissions):
        def has_permission(self, request: Request, view: "APIView") -> bool:
            user: Any = request.user
            return bool(user and user.is_authenticated and user.has_perms(permissions))

    Requires.__name__ = f"Requires({', '.join(permissions)})"
    return Requires


class ActionPermissionsMixin:
    """Each action of ``action_permissions`` needs every permission it names (the permissions the admin checks
    for that action), whatever the viewset it is composed with checks for its own actions."""

    action_permissions: dict[str, tuple[str, ...]] = {}

    def get_permissions(self) -> list[BasePermission]:
        name = getattr(self, "action", None)
        for klass in type(self).__mro__:
            needed = vars(klass).get("action_permissions", {}).get(name)
            if needed:
                return [requires(*needed)()]
        return super().get_permissions()  # type: ignore[misc]
