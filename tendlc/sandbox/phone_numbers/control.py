"""The assignment's control-plane route: force its ``assignmentStatus``."""

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.catalog import ASSIGNMENT_STATUSES
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import json_body, json_response
from tendlc.sandbox.phone_numbers import lifecycle
from tendlc.sandbox.phone_numbers.records import require_record
from tendlc.sandbox.validation import Field, validate_body

FORCED_REASON = "Forced through the sandbox control plane"

TRANSITION_FIELDS = (
    Field("assignmentStatus", required=True, choices=ASSIGNMENT_STATUSES),
    Field("failureReasons"),
)


def force_transition(context: Context, request: Request, phoneNumber: str) -> Response:
    """Force a record's ``assignmentStatus``. Terminal states take effect at once with their webhook; the
    pending ones restart their lifecycle step."""
    body = validate_body(json_body(request), TRANSITION_FIELDS)
    status = body["assignmentStatus"]
    reason = body.get("failureReasons") or FORCED_REASON
    with context.store.transaction():
        doc = require_record(context, phoneNumber)
        follow_up = lifecycle.take_step(context, phoneNumber)
        if status == "ASSIGNED":
            doc = lifecycle.settle_assignment(context, doc, None, follow_up)
        elif status == "FAILED_ASSIGNMENT":
            doc = lifecycle.settle_assignment(context, doc, reason, follow_up)
        elif status == "PENDING_ASSIGNMENT":
            doc = lifecycle.restart_assignment(context, doc, follow_up)
        else:
            lifecycle.report(context, follow_up, phoneNumber, f"Forced to {status}.")
            if status == "PENDING_UNASSIGNMENT":
                doc = lifecycle.begin_unassignment(context, doc, retry=False)
            else:
                doc = lifecycle.fail_unassignment(context, doc, reason)
    return json_response(doc)


CONTROL_ROUTES = [
    Rule("/phone_numbers/<phoneNumber>/transition", endpoint=force_transition, methods=["POST"])
]
