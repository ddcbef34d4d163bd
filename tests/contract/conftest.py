"""Fixtures of the SDK conformance tests: a live sandbox on a frozen clock, the official telnyx SDK pointed at
it (checked by ``Conformance``), and the sandbox's control plane, which moves the clock and sets up what no API
operation creates."""

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
import telnyx

from tests.contract.operations import Conformance, drives_required
from tests.fixtures.sandbox import LiveSandbox, WebhookReceiver

API_KEY = "KEY01928A7F3C4D5E6F7A8B9C0D1E2F3A4B"


@pytest.fixture
def telnyx_sdk(live_sandbox) -> Iterator[telnyx.Telnyx]:
    # No retries: an error answer must reach the test as the SDK's typed error, not be retried away.
    with telnyx.Telnyx(api_key=API_KEY, base_url=live_sandbox.base_url, max_retries=0) as sdk_client:
        yield sdk_client


class Control:
    """The control plane under ``/sandbox``, spoken over HTTP as a test script or a demo would."""

    def __init__(self, base_url: str):
        self.http = httpx.Client(base_url=base_url, timeout=10.0)

    def get(self, path: str) -> Any:
        response = self.http.get(path)
        assert response.is_success, response.text
        return response.json()

    def post(self, path: str, body: dict[str, Any] | None = None) -> Any:
        response = self.http.post(path, json=body or {})
        assert response.is_success, response.text
        return response.json() if response.content else None

    def advance(self, seconds: float) -> None:
        """Move the frozen sandbox clock: due lifecycle steps run and due webhooks are delivered."""
        self.post("/clock/advance", {"seconds": seconds})


@pytest.fixture
def live_control(live_sandbox) -> Iterator[Control]:
    plane = Control(live_sandbox.control_url)
    yield plane
    plane.http.close()


@pytest.fixture
def checked_sdk(telnyx_sdk, request) -> Any:
    conformance = Conformance(telnyx_sdk)
    failures_before = request.session.testsfailed
    yield conformance
    # Only a scenario that passed is held to its declaration; a failed one has already said what went wrong.
    if request.session.testsfailed == failures_before:
        missing = drives_required(getattr(request.function, "covers", ())) - conformance.driven
        assert not missing, f"{request.function.__name__} declares but did not drive {sorted(missing)}"


@dataclass
class World:
    """What a scenario works with: the checked SDK, the control plane, the sandbox and a webhook receiver."""

    sdk: Conformance
    control: Control
    live: LiveSandbox
    receiver: WebhookReceiver
    serials: Iterator[int] = field(default_factory=lambda: itertools.count(150))

    def number(self) -> str:
        """A fresh Chicago number (the sandbox has failure rules for numbers ending in 0000 or 9999)."""
        return f"+1312555{next(self.serials):04d}"


@pytest.fixture
def contract_world(checked_sdk, live_control, live_sandbox, webhook_receiver) -> World:
    return World(checked_sdk, live_control, live_sandbox, webhook_receiver)
