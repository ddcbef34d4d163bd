"""Fixtures for client tests: the client against a live sandbox, the sandbox's control plane, resources
made through the client, and a scripted server for the few answers the sandbox cannot give."""

import json
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tendlc.client import TenDLCClient
from tendlc.client.brands import TelnyxBrand
from tendlc.client.campaigns import TelnyxCampaignCsp

# The sandbox's fixtures: ``live_sandbox`` serves it over HTTP on a frozen clock, ``control`` calls its control
# plane (``/sandbox``) in process on the same state.
from tests.sandbox.conftest import ApiClient, control, live_sandbox, sandbox  # noqa: F401

API_KEY = "client-test-key"
# Small waits keep retry tests fast; the counts, not the waits, are what they check.
FAST_RETRIES = {"backoff_factor": 0.01, "max_backoff": 0.05}
# The sandbox's whole campaign review at speed 1: TCR 2 s + Telnyx review 10 s + MNO review 20 s.
PROVISION_SECONDS = 32
# Unreachable at once (connection refused), so webhook deliveries on a clock advance never wait.
WEBHOOK_URL = "http://127.0.0.1:9/hooks"


@pytest.fixture
def make_client(live_sandbox) -> Iterator[Callable[..., TenDLCClient]]:  # noqa: F811 - the imported fixture
    """Clients on the live sandbox; keyword arguments override the constructor's defaults."""
    clients: list[TenDLCClient] = []

    def make(**options: Any) -> TenDLCClient:
        settings: dict[str, Any] = {
            "api_key": API_KEY,
            "base_url": live_sandbox.base_url,
            "timeout": 5.0,
            "connect_timeout": 2.0,
            **FAST_RETRIES,
            **options,
        }
        client = TenDLCClient(**settings)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def client(make_client) -> TenDLCClient:
    return make_client()


@pytest.fixture
def dlc(client):
    """``client.messaging_10dlc``, where every operation lives."""
    return client.messaging_10dlc


@pytest.fixture
def advance(control) -> Callable[[float], None]:  # noqa: F811 - the imported fixture
    def advance_clock(seconds: float) -> None:
        assert control.post("/clock/advance", {"seconds": seconds}).status_code == 200

    return advance_clock


@pytest.fixture
def faults(control) -> "FaultControl":  # noqa: F811 - the imported fixture
    return FaultControl(control)


@dataclass
class FaultControl:
    """Adds fault rules and reads how often each fired (the attempts that reached the sandbox)."""

    control: ApiClient

    def add(self, **rule: Any) -> None:
        response = self.control.post("/faults", rule)
        assert response.status_code == 201, response.json

    def fired(self) -> list[int]:
        return [rule["fired"] for rule in self.control.get("/faults").json["faults"]]


# --- resources made through the client -----------------------------------------------------------


def brand_fields(name: str = "Acme Mobile", **overrides: Any) -> dict[str, Any]:
    """A PRIVATE_PROFIT brand that the sandbox registers and verifies."""
    fields: dict[str, Any] = {
        "country": "US",
        "display_name": name,
        "email": "support@acme.example",
        "entity_type": "PRIVATE_PROFIT",
        "vertical": "TECHNOLOGY",
        "company_name": f"{name} Inc.",
        "ein": "123456789",
        "phone": "+12025550100",
        "street": "1 Main St",
        "city": "Springfield",
        "state": "IL",
        "postal_code": "62701",
        "website": "https://acme.example",
    }
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}


def campaign_fields(brand_id: str, brand_name: str = "Acme Mobile", **overrides: Any) -> dict[str, Any]:
    """A CUSTOMER_CARE submission that passes every review (its samples name the brand)."""
    fields: dict[str, Any] = {
        "brand_id": brand_id,
        "usecase": "CUSTOMER_CARE",
        "description": "Acme answers customer support questions by text message.",
        "message_flow": "Customers opt in by texting START to our support number, as our website explains.",
        "sample1": f"{brand_name}: your ticket was updated. Reply STOP to opt out.",
        "sample2": f"{brand_name}: an agent answered your question. Reply HELP for help.",
        "help_message": "Acme support. Reply STOP to opt out.",
        "help_keywords": "HELP,INFO",
        "optin_message": "Acme: you are subscribed to support messages. Reply STOP to end.",
        "optin_keywords": "START",
        "optout_message": "Acme: you are unsubscribed.",
        "optout_keywords": "STOP,END,CANCEL,UNSUBSCRIBE,QUIT",
        "privacy_policy_link": "https://acme.example/privacy",
        "terms_and_conditions_link": "https://acme.example/terms",
        "subscriber_help": True,
        "subscriber_optin": True,
        "subscriber_optout": True,
        "terms_and_conditions": True,
        "embedded_link": False,
        "embedded_phone": False,
    }
    fields.update(overrides)
    return {key: value for key, value in fields.items() if value is not None}


@pytest.fixture
def make_brand(dlc, advance) -> Callable[..., TelnyxBrand]:
    """Create a brand and let the sandbox register it (status OK, identity VERIFIED)."""

    def make(name: str = "Acme Mobile", **overrides: Any) -> TelnyxBrand:
        brand: TelnyxBrand = dlc.brand.create(**brand_fields(name, **overrides))
        advance(5)
        return brand

    return make


@pytest.fixture
def verified_brand(make_brand) -> TelnyxBrand:
    return make_brand()


@pytest.fixture
def make_campaign(dlc, advance) -> Callable[..., TelnyxCampaignCsp]:
    """Submit a campaign; ``provisioned`` plays its reviews through to MNO_PROVISIONED."""

    def make(brand_id: str, provisioned: bool = True, **overrides: Any) -> TelnyxCampaignCsp:
        campaign: TelnyxCampaignCsp = dlc.campaign_builder.submit(**campaign_fields(brand_id, **overrides))
        if provisioned:
            advance(PROVISION_SECONDS)
            campaign = dlc.campaign.retrieve(campaign.campaign_id)
            assert campaign.campaign_status == "MNO_PROVISIONED", campaign.failure_reasons
        return campaign

    return make


@pytest.fixture
def provisioned_campaign(verified_brand, make_campaign) -> TelnyxCampaignCsp:
    return make_campaign(verified_brand.brand_id)


# --- a scripted server, for what the sandbox cannot answer ------------------------------------------


@dataclass
class Scripted:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, body: Any, **headers: str) -> "Scripted":
        return cls(status, json.dumps(body).encode(), {"Content-Type": "application/json", **headers})


@dataclass
class ScriptedServer:
    """A real HTTP server that answers each request with the next scripted answer, and records requests."""

    base_url: str
    answers: list[Scripted] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)

    def script(self, *answers: Scripted) -> None:
        self.answers.extend(answers)


@pytest.fixture
def scripted_server() -> Iterator[ScriptedServer]:
    server_state = ScriptedServer(base_url="")

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            server_state.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": {key.lower(): value for key, value in self.headers.items()},
                    "body": self.rfile.read(length),
                }
            )
            answer = server_state.answers.pop(0) if server_state.answers else Scripted(500, b"unscripted")
            self.send_response(answer.status)
            for key, value in answer.headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.base_url = f"http://127.0.0.1:{server.server_address[1]}/v2"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server_state
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def scripted_client(scripted_server) -> Iterator[TenDLCClient]:
    client = TenDLCClient(
        api_key=API_KEY, base_url=scripted_server.base_url, timeout=5.0, max_retries=0, **FAST_RETRIES
    )
    yield client
    client.close()


@pytest.fixture
def closed_port_url() -> str:
    """A base URL on a loopback port nothing listens on: connections are refused, nothing is sent."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/v2"
