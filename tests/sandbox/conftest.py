"""Fixtures for sandbox tests: an in-process sandbox on a frozen clock, and a live threaded server."""

import base64
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from werkzeug.serving import make_server
from werkzeug.test import Client, TestResponse

from tendlc.sandbox.app import Sandbox, SandboxConfig
from tendlc.sandbox.clock import Clock

SIGNING_SEED = bytes(range(32))
START = 1_790_000_000.0  # 2026-09-21T...Z: a fixed sandbox "now" so timestamps are predictable


class FrozenTime:
    """Real time that only moves when told, so lifecycle steps fire only on clock advances."""

    def __init__(self, now: float):
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def sandbox(tmp_path) -> Iterator[Sandbox]:
    clock = Clock(speed=1.0, start=START, real=FrozenTime(START))
    instance = Sandbox(
        SandboxConfig(database=tmp_path / "sandbox.sqlite3", signing_seed=SIGNING_SEED), clock=clock
    )
    yield instance
    instance.close()


class ApiClient:
    """Calls the sandbox as an API client would: Bearer key, JSON bodies, paths under /v2."""

    def __init__(self, sandbox: Sandbox, key: str | None = "test-key", prefix: str = "/v2"):
        self.client = Client(sandbox)
        self.key = key
        self.prefix = prefix

    def request(self, method: str, path: str, json_body: Any = None, **kwargs: Any) -> TestResponse:
        headers = dict(kwargs.pop("headers", {}))
        if self.key is not None:
            headers.setdefault("Authorization", f"Bearer {self.key}")
        if json_body is not None:
            kwargs["data"] = json.dumps(json_body)
            headers.setdefault("Content-Type", "application/json")
        return self.client.open(self.prefix + path, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, json_body: Any = None, **kwargs: Any) -> TestResponse:
        return self.request("POST", path, json_body, **kwargs)

    def put(self, path: str, json_body: Any = None, **kwargs: Any) -> TestResponse:
        return self.request("PUT", path, json_body, **kwargs)

    def patch(self, path: str, json_body: Any = None, **kwargs: Any) -> TestResponse:
        return self.request("PATCH", path, json_body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> TestResponse:
        return self.request("DELETE", path, **kwargs)


@pytest.fixture
def api(sandbox) -> ApiClient:
    return ApiClient(sandbox)


@pytest.fixture
def control(sandbox) -> ApiClient:
    """The control plane under /sandbox (no key needed)."""
    return ApiClient(sandbox, key=None, prefix="/sandbox")


def pointers(response: TestResponse) -> list[str]:
    """The source pointers of an error envelope, in order."""
    return [item.get("source", {}).get("pointer") for item in response.json["errors"]]


@dataclass
class LiveSandbox:
    sandbox: Sandbox
    base_url: str
    control_url: str


@pytest.fixture
def live_sandbox(sandbox) -> Iterator[LiveSandbox]:
    """The same sandbox served over real HTTP by a threaded server on a free loopback port."""
    server = make_server("127.0.0.1", 0, sandbox, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield LiveSandbox(
            sandbox, f"http://127.0.0.1:{server.port}/v2", f"http://127.0.0.1:{server.port}/sandbox"
        )
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class WebhookReceiver:
    """A real HTTP endpoint that records what it receives and answers with ``status``."""

    url: str
    received: list[Received] = field(default_factory=list)
    status: int = 200

    def public_key_of(self, sandbox: Sandbox) -> str:
        return base64.b64encode(bytes(sandbox.webhooks.signing_key.verify_key)).decode()


@pytest.fixture
def webhook_receiver() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            receiver.received.append(
                Received(self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length))
            )
            self.send_response(receiver.status)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
