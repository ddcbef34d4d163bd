"""Control-plane routes that concern the whole sandbox: its clock, bulk seeding and a full reset.

Resource-specific control routes (forcing a brand, campaign or task into a state, reading an OTP PIN)
live beside their resources; faults and the webhook log live in ``faults`` and ``webhooks``.
"""

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import seed
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import ApiError, invalid, json_body, json_response

# A test's or a demo's advance sends its few webhooks before answering; months over a large estate queue
# thousands, which the ticker sends after the answer instead of holding it for seconds.
ADVANCE_DELIVERIES = 200


def clock_state(context: Context) -> dict:
    return {"now": context.clock.iso(), "unix": context.clock.now(), "speed": context.clock.speed}


def get_clock(context: Context, request: Request) -> Response:
    return json_response(clock_state(context))


def advance_clock(context: Context, request: Request) -> Response:
    """Run every step due by the new now, then send up to ``ADVANCE_DELIVERIES`` due webhooks before answering;
    the answer's ``webhooksPending`` counts those left to the ticker (or to the next advance)."""
    seconds = json_body(request).get("seconds")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
        raise ApiError(422, [invalid("seconds", "seconds must be a non-negative number.")])
    context.control.advance(float(seconds))
    context.webhooks.deliver_due(limit=ADVANCE_DELIVERIES)
    return json_response({**clock_state(context), "webhooksPending": context.webhooks.due_count()})


def seed_data(context: Context, request: Request) -> Response:
    return json_response(seed.seed(context, json_body(request)), 201)


def reset(context: Context, request: Request) -> Response:
    context.control.reset()
    return Response(status=204)


CONTROL_ROUTES = [
    Rule("/clock", endpoint=get_clock, methods=["GET"]),
    Rule("/clock/advance", endpoint=advance_clock, methods=["POST"]),
    Rule("/seed", endpoint=seed_data, methods=["POST"]),
    Rule("/reset", endpoint=reset, methods=["POST"]),
]
