"""Control-plane routes that concern the whole sandbox: its clock, bulk seeding and a full reset.

Resource-specific control routes (forcing a brand, campaign or task into a state, reading an OTP PIN)
live beside their resources; faults and the webhook log live in ``faults`` and ``webhooks``.
"""

from typing import TYPE_CHECKING

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import seed
from tendlc.sandbox.http import ApiError, invalid, json_body, json_response

if TYPE_CHECKING:
    from tendlc.sandbox.app import Sandbox


def clock_state(sandbox: "Sandbox") -> dict:
    return {"now": sandbox.clock.iso(), "unix": sandbox.clock.now(), "speed": sandbox.clock.speed}


def get_clock(sandbox: "Sandbox", request: Request) -> Response:
    return json_response(clock_state(sandbox))


def advance_clock(sandbox: "Sandbox", request: Request) -> Response:
    seconds = json_body(request).get("seconds")
    if not isinstance(seconds, int | float) or isinstance(seconds, bool) or seconds < 0:
        raise ApiError(422, [invalid("seconds", "seconds must be a non-negative number.")])
    sandbox.advance(float(seconds))
    sandbox.webhooks.deliver_due()
    return json_response(clock_state(sandbox))


def seed_data(sandbox: "Sandbox", request: Request) -> Response:
    return json_response(seed.seed(sandbox, json_body(request)), 201)


def reset(sandbox: "Sandbox", request: Request) -> Response:
    sandbox.reset()
    return Response(status=204)


CONTROL_ROUTES = [
    Rule("/clock", endpoint=get_clock, methods=["GET"]),
    Rule("/clock/advance", endpoint=advance_clock, methods=["POST"]),
    Rule("/seed", endpoint=seed_data, methods=["POST"]),
    Rule("/reset", endpoint=reset, methods=["POST"]),
]
