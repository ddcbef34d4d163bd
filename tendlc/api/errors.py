"""One error format for every failure of the API, field errors keyed by our field names:

    {"errors": [{"field": "ein", "code": "invalid", "message": "..."}], "status": 400}

``field`` is null for an error about the request as a whole; nested fields are dotted
(``rows.3.phone_number``). Our validation (serializers), our workflow rules (``WorkflowError``) and the
10DLC API's refusals (its pointers already translated to our names by the client) all come out this way,
as the admin shows them beside its form fields; a portal without API settings refuses every workflow with
the code ``10dlc_not_configured``. A 10DLC API that cannot be reached is a 503, an unexpected answer from it
a 502; both carry the upstream request id when there is one. A body over Django's
``DATA_UPLOAD_MAX_MEMORY_SIZE`` is a 413, and a request Django refuses as too many fields or files a 400, in
this format too rather than Django's HTML page.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from tendlc.client import APIConnectionError, TenDLCError
from tendlc.client.errors import APIStatusError
from tendlc.conf import APINotConfigured
from tendlc.services.errors import WorkflowError


class ErrorItemSerializer(serializers.Serializer[dict[str, Any]]):
    field = serializers.CharField(
        allow_null=True, help_text="Our field name (dotted when nested); null for the request as a whole."
    )
    code = serializers.CharField(
        help_text="What kind of error, e.g. required, invalid, not_found, throttled."
    )
    message = serializers.CharField(help_text="What went wrong, as the admin shows it.")


class ErrorSerializer(serializers.Serializer[dict[str, Any]]):
    """The one error format of the API."""

    # The metaclass moves declared fields off the class, so this never shadows Serializer.errors.
    errors = ErrorItemSerializer(many=True)  # type: ignore[assignment]
    status = serializers.IntegerField(help_text="The HTTP status.")
    upstream_request_id = serializers.CharField(
        required=False,
        allow_null=True,
        help_text="The 10DLC API's request id, when it refused or failed the call.",
    )


# What an action that calls the 10DLC API documents beside the 4xx answers the schema class documents for
# every operation (tendlc.api.schema).
UPSTREAM_REFUSALS = {
    502: OpenApiResponse(ErrorSerializer, "The 10DLC API answered unexpectedly."),
    503: OpenApiResponse(ErrorSerializer, "The 10DLC API could not be reached."),
}


def error_items(detail: Any, field: str | None = None) -> list[dict[str, Any]]:
    """Flatten DRF's error detail (dicts of lists, lists of dicts) into items."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "detail") else str(key)
            items += error_items(value, f"{field}.{name}" if field and name else field or name)
        return items
    if isinstance(detail, list):
        if all(isinstance(item, dict) for item in detail) and detail:
            items = []
            for index, item in enumerate(detail):
                items += error_items(item, f"{field}.{index}" if field else str(index))
            return items
        return [entry for item in detail for entry in error_items(item, field)]
    code = getattr(detail, "code", None) or "invalid"
    return [{"field": field, "code": code, "message": str(detail)}]


def body(status_code: int, items: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"errors": items, "status": status_code, **extra}


def upstream_response(error: TenDLCError) -> Response:
    if (
        isinstance(error, APIStatusError)
        and 400 <= error.status < 500
        and error.status not in (401, 403, 429)
    ):
        items = [
            {"field": name, "code": "rejected_by_10dlc", "message": message}
            for name, messages in error.field_errors.items()
            for message in messages
        ] + [{"field": None, "code": "rejected_by_10dlc", "message": m} for m in error.non_field_errors]
        items = items or [{"field": None, "code": "rejected_by_10dlc", "message": error.message}]
        code: int = status.HTTP_422_UNPROCESSABLE_ENTITY
        return Response(body(code, items, upstream_request_id=error.request_id), status=code)
    code = (
        status.HTTP_503_SERVICE_UNAVAILABLE
        if isinstance(error, APIConnectionError)
        else status.HTTP_502_BAD_GATEWAY
    )
    item = {"field": None, "code": "10dlc_unavailable", "message": error.message}
    return Response(body(code, [item], upstream_request_id=getattr(error, "request_id", None)), status=code)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, RequestDataTooBig):
        exc = RequestTooLarge(
            "The request body is larger than the API takes: send at most"
            f" {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes, or a CSV file for a bulk upload."
        )
    if isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]}, code="too_many_fields")
    if isinstance(exc, WorkflowError):
        code = "10dlc_not_configured" if isinstance(exc, APINotConfigured) else "refused"
        exc = exceptions.ValidationError({exc.field or "non_field_errors": [exc.message]}, code=code)
    if isinstance(exc, TenDLCError):
        return upstream_response(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = body(response.status_code, error_items(response.data))
    return response
