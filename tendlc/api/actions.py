"""What a workflow action of the API is: a viewset mixin composed first among its viewset's bases, whose
``action_permissions`` (the permissions the admin checks for each action) decide who may take it, and whose
POST and PATCH actions honour the ``Idempotency-Key`` header (``tendlc.api.idempotency``), so a retry cannot
register, submit or send twice.

It lives apart from ``tendlc.api.permissions`` because it is a viewset (so its actions see the viewset's
typed ``get_object``), and DRF imports that module, named in its settings, while ``rest_framework.views`` is
still loading, before a viewset can be imported.
"""

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from tendlc.api import idempotency
from tendlc.api.permissions import requires
from tendlc.models import IdempotencyKey
from tendlc.services.idempotency import (
    Answered,
    KeyInFlight,
    KeyReused,
    idempotency_key_claim,
    idempotency_key_complete,
    idempotency_key_release,
)

if TYPE_CHECKING:
    # What DRF's stubs say a view's permissions are: anything with has_permission.
    from rest_framework.permissions import _SupportsHasPermission

_MT = TypeVar("_MT", bound=Model)


class ActionPermissionsMixin(viewsets.GenericViewSet[_MT]):
    """Each action of ``action_permissions`` needs every permission it names (the permissions the admin checks
    for that action), whatever the viewset it is composed with checks for its own actions; sent as a POST or
    PATCH with an ``Idempotency-Key``, it runs once per key."""

    action_permissions: dict[str, tuple[str, ...]] = {}
    # The key this request claimed, until its answer is kept or the key released.
    idempotency_claimed: IdempotencyKey | None = None

    def action_permissions_needed(self) -> tuple[str, ...]:
        name = getattr(self, "action", None)
        for klass in type(self).__mro__:
            needed: tuple[str, ...] = vars(klass).get("action_permissions", {}).get(name, ())
            if needed:
                return needed
        return ()

    def get_permissions(self) -> Sequence["_SupportsHasPermission"]:
        needed = self.action_permissions_needed()
        if needed:
            return [requires(*needed)()]
        return super().get_permissions()

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        # After authentication, permissions and throttling: a refused request claims no key.
        super().initial(request, *args, **kwargs)
        if request.method not in idempotency.METHODS or not self.action_permissions_needed():
            return
        key = idempotency.request_key(request)
        if key is None:
            return
        try:
            claim = idempotency_key_claim(
                user=request.user,
                endpoint=idempotency.request_endpoint(request),
                key=key,
                fingerprint=idempotency.request_fingerprint(request),
            )
        except KeyReused as reused:
            raise idempotency.KeyReusedError(reused.message) from None
        except KeyInFlight as in_flight:
            raise idempotency.KeyInFlightError(in_flight.message) from None
        if isinstance(claim, Answered):
            raise idempotency.Replay(claim)
        self.idempotency_claimed = claim

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, idempotency.Replay):
            return idempotency.replay_response(exc.answered)
        response = super().handle_exception(exc)
        if isinstance(exc, idempotency.KeyInFlightError):
            response["Retry-After"] = "1"
        return response

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        claimed, self.idempotency_claimed = self.idempotency_claimed, None
        if claimed is not None:
            if idempotency.answer_kept(response.status_code):
                idempotency_key_complete(
                    claimed=claimed, status=response.status_code, body=idempotency.answer_body(response)
                )
            else:
                idempotency_key_release(claimed=claimed)
        return super().finalize_response(request, response, *args, **kwargs)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            # An action that raised past the error handler (a 500) gave no answer to keep.
            if self.idempotency_claimed is not None:
                idempotency_key_release(claimed=self.idempotency_claimed)
                self.idempotency_claimed = None
