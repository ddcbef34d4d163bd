"""The brand's control-plane route: force ``status`` and/or ``identityStatus``, with the webhook each sends."""

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.brands import lifecycle
from tendlc.sandbox.brands.records import require_record, save_record
from tendlc.sandbox.brands.validation import TRANSITION_FIELDS
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, invalid, json_body, json_response
from tendlc.sandbox.validation import validate_body


def transition_brand(context: Context, request: Request, brandId: str) -> Response:
    """Force ``status`` and/or ``identityStatus``, with the webhook each change sends."""
    body = json_body(request)
    values = validate_body(body, TRANSITION_FIELDS)
    if not values:
        raise ApiError(
            422, [invalid("status", "Send status and/or identityStatus.", title="Missing required field")]
        )
    with context.store.transaction():
        record = require_record(context, brandId)
        doc = record.doc
        doc["updatedAt"] = context.clock.naive_iso()
        if values.get("status", doc["status"]) != doc["status"]:
            lifecycle.force_status(context, record, values["status"])
        save_record(context, record)
        identity = values.get("identityStatus", doc["identityStatus"])
        if identity != doc["identityStatus"]:
            lifecycle.set_identity(context, record, identity, "BRAND_IDENTITY_UPDATE")
    return json_response({**record.doc, "assignedCampaignsCount": record.campaign_count})


CONTROL_ROUTES = [Rule("/brands/<brandId>/transition", endpoint=transition_brand, methods=["POST"])]
