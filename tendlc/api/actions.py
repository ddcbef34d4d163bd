"""What a workflow action of the API is: a viewset mixin composed first among its viewset's bases, whose
``action_permissions`` (the permissions the admin checks for each action) decide who may take it.

It lives apart from ``tendlc.api.permissions`` because it is a viewset (so its actions see the viewset's
typed ``get_object``), and DRF imports that module, named in its settings, while ``rest_framework.views`` is
still loading, before a viewset can be imported.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model
from rest_framework import viewsets

from tendlc.api.permissions import requires

if TYPE_CHECKING:
    # What DRF's stubs say a view's permissions are: anything with has_permission.
    from rest_framework.permissions import _SupportsHasPermission

_MT = TypeVar("_MT", bound=Model)


class ActionPermissionsMixin(viewsets.GenericViewSet[_MT]):
    """Each action of ``action_permissions`` needs every permission it names (the permissions the admin checks
    for that action), whatever the viewset it is composed with checks for its own actions."""

    action_permissions: dict[str, tuple[str, ...]] = {}

    def get_permissions(self) -> Sequence["_SupportsHasPermission"]:
        name = getattr(self, "action", None)
        for klass in type(self).__mro__:
            needed = vars(klass).get("action_permissions", {}).get(name)
            if needed:
                return [requires(*needed)()]
        return super().get_permissions()
