"""The OpenAPI schema's view of failures: every operation documents the one error format (the ``Error``
component) for the 4xx answers it can give, so clients generate one error type and read it everywhere. And
the tags and summaries of each resource's list and retrieve, and how a caller authenticates."""

from collections.abc import Callable
from typing import Any

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import Direction, extend_schema, extend_schema_view

from tendlc.api import idempotency
from tendlc.api.actions import ActionPermissionsMixin
from tendlc.api.authentication import ApiTokenAuthentication
from tendlc.api.errors import ErrorSerializer

ERRORS = {
    "400": "Invalid input or filter: each error names our field it is about.",
    "401": "No token, or one that is unknown, revoked or expired.",
    "403": "The user's role lacks the permission this needs.",
    "404": "No such object.",
    "409": "A request with this Idempotency-Key is still being processed: retry shortly.",
    "413": "The body is larger than the API reads (DATA_UPLOAD_MAX_MEMORY_SIZE).",
    "422": "The 10DLC API refused the request.",
    "429": "Too many requests for this token; retry after the Retry-After header's seconds.",
}


class PortalAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction: Direction = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        # drf-spectacular leaves this hook unannotated; it answers one response object.
        error = self._get_response_for_code(ErrorSerializer, "400", direction=direction)  # type: ignore[no-untyped-call]
        for code in self.error_codes():
            if code not in responses:
                responses[code] = {**error, "description": ERRORS[code]}
        return responses

    def get_override_parameters(self) -> list[Any]:
        parameters = list(super().get_override_parameters())
        if self.takes_idempotency_key():
            parameters.append(idempotency.PARAMETER)
        return parameters

    def takes_idempotency_key(self) -> bool:
        """A workflow action sent as POST or PATCH (``tendlc.api.actions``)."""
        return (
            self.method in idempotency.METHODS
            and isinstance(self.view, ActionPermissionsMixin)
            and bool(self.view.action_permissions_needed())
        )

    def error_codes(self) -> list[str]:
        codes = ["401", "403", "429"]
        if self.method != "GET" or self._is_list_view():
            codes.append("400")
        if "{" in self.path:
            codes.append("404")
        if self.method != "GET":
            codes.extend(["413", "422"])
        if self.takes_idempotency_key():
            codes.append("409")
        return sorted(codes)


def documented(resource: str) -> Callable[[type], type]:
    """Tag and describe a viewset's two operations for the schema."""
    return extend_schema_view(
        list=extend_schema(summary=f"List {resource}", tags=[resource]),
        retrieve=extend_schema(summary=f"One of the {resource}, by id", tags=[resource]),
    )


# drf-spectacular registers extensions as they are defined, in an unannotated __init_subclass__.
class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The schema's description of ``ApiTokenAuthentication``, as drf-spectacular gives DRF's own token."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: AutoSchema) -> dict[str, Any]:
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=ApiTokenAuthentication.keyword
        )


class TwoFactorSessionScheme(SessionScheme):  # type: ignore[no-untyped-call]
    """The admin's session cookie, as drf-spectacular describes DRF's own session authentication."""

    target_class = "tendlc.api.authentication.TwoFactorSessionAuthentication"
