"""The brand's control-plane routes: force ``status`` and/or ``identityStatus``; appeal the brand's identity."""

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.brands import lifecycle
from tendlc.sandbox.brands.identity import brand_is_verified
from tendlc.sandbox.brands.records import require_record, save_record
from tendlc.sandbox.brands.validation import APPEAL_FIELDS, TRANSITION_FIELDS
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, bad_request, invalid, json_body, json_response
from tendlc.sandbox.validation import validate_body


def transition_brand(context: Context, request: Request, brandId: str) -> Response:
    """Force ``status`` and/or ``identityStatus``. A forced status sends the webhook the registry would have
    sent for it; a forced identity none, as Telnyx documents no event for an identity change alone."""
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
            lifecycle.set_identity(context, record, identity)
    return json_response({**record.doc, "assignedCampaignsCount": record.campaign_count})


def appeal_brand(context: Context, request: Request, brandId: str) -> Response:
    """Appeal an unverified registered brand's identity: BRAND_APPEAL_ADD now, BRAND_APPEAL_COMPLETE with the
    ``outcome`` (ACCEPTED by default) ``APPEAL_SECONDS`` later. Telnyx's API has no appeal operation for
    brands; the registry's appeals reach Telnyx users as these two events."""
    values = validate_body(json_body(request), APPEAL_FIELDS)
    with context.store.transaction():
        record = require_record(context, brandId)
        if record.doc["status"] != "OK":
            raise bad_request("Brand is not registered: only a registered brand's identity can be appealed.")
        if brand_is_verified(record.doc):
            raise bad_request("Brand identity is verified already: there is nothing to appeal.")
        if lifecycle.appeal_pending(context, brandId):
            raise bad_request("Brand has an appeal in progress.")
        lifecycle.file_appeal(context, record, values.get("outcome", "ACCEPTED"))
    return json_response({"brandId": brandId, "outcome": values.get("outcome", "ACCEPTED")}, status=202)


CONTROL_ROUTES = [
    Rule("/brands/<brandId>/transition", endpoint=transition_brand, methods=["POST"]),
    Rule("/brands/<brandId>/appeal", endpoint=appeal_brand, methods=["POST"]),
]
