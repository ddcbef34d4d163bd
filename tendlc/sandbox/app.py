"""The sandbox WSGI application: the 10DLC API under ``/v2`` and the control plane under ``/sandbox/``.

Each resource module contributes ``ROUTES`` (served under ``/v2``, behind auth and injected faults),
optionally ``CONTROL_ROUTES`` (under ``/sandbox``) and ``STEPS`` (scheduled lifecycle handlers by kind).
Handlers and steps receive the ``Context`` (``context``) the app builds once, never the app itself.
"""

import contextlib
import functools
import logging
import socket
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound
from werkzeug.routing import Map, Submount
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import (
    account,
    assignment_tasks,
    campaign_builder,
    campaign_lifecycle,
    campaigns,
    carrier_actions,
    control,
    enums,
    faults,
    partner_campaigns,
    partner_events,
    renewal,
    request_log,
    sms_otp,
    vetting,
    webhooks,
)
from tendlc.sandbox.brands import control as brand_control
from tendlc.sandbox.brands import lifecycle as brand_lifecycle
from tendlc.sandbox.brands import routes as brand_routes
from tendlc.sandbox.clock import Clock
from tendlc.sandbox.context import Context
from tendlc.sandbox.dormancy import lifecycle as dormancy
from tendlc.sandbox.http import (
    CODE_BAD_REQUEST,
    CODE_NOT_FOUND,
    CODE_UNAUTHORIZED,
    ApiError,
    error_item,
    json_response,
)
from tendlc.sandbox.phone_numbers import control as number_control
from tendlc.sandbox.phone_numbers import lifecycle as number_lifecycle
from tendlc.sandbox.phone_numbers import routes as number_routes
from tendlc.sandbox.scheduler import Scheduler
from tendlc.sandbox.store import Store

logger = logging.getLogger(__name__)

RESOURCES: tuple[ModuleType, ...] = (
    brand_routes,
    brand_lifecycle,
    brand_control,
    sms_otp,
    vetting,
    campaign_builder,
    campaign_lifecycle,
    dormancy,
    campaigns,
    renewal,
    account,
    carrier_actions,
    partner_campaigns,
    partner_events,
    number_routes,
    number_lifecycle,
    number_control,
    assignment_tasks,
    enums,
    webhooks,
    faults,
    control,
    request_log,
)

DEFAULT_DATABASE = Path("var") / "sandbox.sqlite3"
CLOCK_SAVE_SECONDS = 5.0


@dataclass
class SandboxConfig:
    database: Path | str = DEFAULT_DATABASE
    api_key: str | None = None
    speed: float = 1.0
    signing_seed: bytes | None = None


@functools.cache
def url_maps() -> tuple[Map, Map]:
    """The API and control-plane routes, compiled once per process: compiling takes tens of milliseconds."""
    api_rules = [rule.empty() for module in RESOURCES for rule in getattr(module, "ROUTES", ())]
    control_rules = [rule.empty() for module in RESOURCES for rule in getattr(module, "CONTROL_ROUTES", ())]
    # No slash redirects and no merging: paths are served exactly as the reference spells them.
    options = {"strict_slashes": False, "merge_slashes": False, "redirect_defaults": False}
    return Map([Submount("/v2", api_rules)], **options), Map([Submount("/sandbox", control_rules)], **options)


class Sandbox:
    def __init__(self, config: SandboxConfig | None = None, clock: Clock | None = None):
        self.config = config or SandboxConfig()
        self.store = Store(self.config.database)
        start = self.store.meta_get("clock_now")
        self.clock = clock or Clock(speed=self.config.speed, start=float(start) if start else None)
        self.scheduler = Scheduler(self.store, self.clock)
        self.faults = faults.Faults()
        self.rate_window = faults.RateWindow()
        self.requests = request_log.RequestLog()
        self.webhooks = webhooks.Dispatcher(
            self.store, self.clock, seed=self.config.signing_seed, occurred_at=self.scheduler.now
        )
        self.context = Context(
            store=self.store,
            clock=self.clock,
            scheduler=self.scheduler,
            webhooks=self.webhooks,
            faults=self.faults,
            control=self,
            requests=self.requests,
        )
        for module in RESOURCES:
            for kind, handler in getattr(module, "STEPS", {}).items():
                self.scheduler.register(kind, handler)
        self.api_map, self.control_map = url_maps()
        self._tick_lock = threading.Lock()
        self._clock_saved_at = float("-inf")

    # --- time ---------------------------------------------------------------------------------------

    def tick(self, save_clock: bool = False) -> None:
        """Bring every lifecycle up to the clock's now. Webhooks are sent apart (``webhooks.deliver_due``), so
        an API request never waits on a receiver.

        The clock is saved (so it never runs backwards across a restart) when steps ran, when asked, and
        otherwise every ``CLOCK_SAVE_SECONDS``: a write on every request would also void the store's
        remembered list counts.
        """
        with self._tick_lock:
            ran = self.scheduler.run_due(self.context)
            now = self.clock.now()
            if ran or save_clock or now - self._clock_saved_at >= CLOCK_SAVE_SECONDS:
                self.store.meta_set("clock_now", repr(now))
                self._clock_saved_at = now

    def advance(self, seconds: float) -> float:
        self.clock.advance(seconds)
        self.tick(save_clock=True)
        return self.clock.now()

    def close(self) -> None:
        self.webhooks.close()
        self.store.close()

    def reset(self) -> None:
        """Forget every record; the webhook signing key survives, so receivers keep trusting the sandbox."""
        with self._tick_lock:
            self.store.reset()
        self.faults.clear()
        self.requests.clear()
        self.webhooks.chaos = webhooks.Chaos()

    def run_ticker(self, stop: threading.Event, interval: float = 0.2) -> None:
        """Play lifecycles and deliver webhooks in real time until ``stop`` is set (serving mode)."""
        while not stop.wait(interval):
            try:
                self.tick()
                self.webhooks.deliver_due()
            except Exception:
                logger.exception("sandbox ticker failed")

    # --- WSGI ---------------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        request = Request(environ)
        if request.path == "/v2" or request.path.startswith("/v2/"):
            response = self._serve_api(request)
            # The service names every response, errors included, so support can trace it.
            response.headers["X-Request-Id"] = str(uuid.uuid4())
            # A 429 already says its window is spent; every other answer describes the nominal window.
            if response.status_code != 429:
                response.headers.update(self.rate_window.count())
            self.requests.record(request, response.status_code)
        elif request.path.startswith("/sandbox/"):
            response = self._serve(request, self.control_map)
        else:
            response = _envelope_for(NotFound())
        return response(environ, start_response)

    def _serve_api(self, request: Request) -> Response:
        try:
            self._authenticate(request)
            fault = self.faults.take(request.path)
            if fault is not None:
                if fault.drop_connection:
                    _drop_connection(request)
                if fault.response is not None:
                    return fault.response
        except ApiError as error:
            return error.response()
        self.tick()
        return self._serve(request, self.api_map)

    def _serve(self, request: Request, url_map: Map) -> Response:
        adapter = url_map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
            return endpoint(self.context, request, **args)
        except ApiError as error:
            return error.response()
        except HTTPException as exc:
            return _envelope_for(exc)
        except Exception:
            logger.exception("sandbox handler failed: %s %s", request.method, request.path)
            return json_response(
                {
                    "errors": [
                        error_item("10007", "Unexpected error", "The sandbox failed to handle the request.")
                    ]
                },
                500,
            )

    def _authenticate(self, request: Request) -> None:
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        key = key.strip()
        if scheme.lower() != "bearer" or not key:
            raise ApiError(401, [error_item(CODE_UNAUTHORIZED, "Authentication failed", _AUTH_DETAIL)])
        if self.config.api_key and key != self.config.api_key:
            raise ApiError(
                401, [error_item(CODE_UNAUTHORIZED, "Authentication failed", "The API key is not valid.")]
            )


_AUTH_DETAIL = "An API key is required: send 'Authorization: Bearer <API key>'."


def _envelope_for(exc: HTTPException) -> Response:
    if isinstance(exc, NotFound):
        item = error_item(
            CODE_NOT_FOUND, "Resource not found", "The requested resource or URL could not be found."
        )
        return json_response({"errors": [item]}, 404)
    if isinstance(exc, MethodNotAllowed):
        allowed = ", ".join(sorted(exc.valid_methods or ()))
        item = error_item(CODE_BAD_REQUEST, "Method not allowed", f"This path accepts: {allowed}.")
        return json_response({"errors": [item]}, 405, {"Allow": allowed})
    status = exc.code or 400
    return json_response({"errors": [error_item(CODE_BAD_REQUEST, exc.name, exc.description)]}, status)


def _drop_connection(request: Request) -> None:
    """Close the client's socket without an answer, as a crashed proxy would."""
    sock = request.environ.get("werkzeug.socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    raise ConnectionAbortedError("fault injection: connection dropped")
