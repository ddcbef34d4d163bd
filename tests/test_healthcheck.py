"""``python -m portal.healthcheck``, the image's health probe: /healthz on the web server, asked for by a host
name the portal allows."""

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.urls import reverse

from portal import healthcheck


class Answer(BaseHTTPRequestHandler):
    status = 200
    seen: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers["Host"]))
        self.send_response(self.status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def probed_server() -> Iterator[HTTPServer]:
    Answer.seen = []
    server = HTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("allowed_hosts", "host"),
    [
        ("portal.example.com,localhost", "portal.example.com"),
        (".example.com", "example.com"),
        ("*", "localhost"),
        ("", "localhost"),
    ],
)
def test_the_probe_names_a_host_the_portal_allows(allowed_hosts, host):
    assert healthcheck.host_header(allowed_hosts) == host


def test_a_200_from_healthz_is_healthy_and_names_the_allowed_host(probed_server):
    healthy = healthcheck.probe(port=probed_server.server_port, allowed_hosts="portal.example.com")

    assert healthy is True
    assert Answer.seen == [("/healthz", "portal.example.com")]


def test_a_503_is_unhealthy(probed_server, monkeypatch):
    monkeypatch.setattr(Answer, "status", 503)

    assert healthcheck.probe(port=probed_server.server_port, allowed_hosts="localhost") is False


def test_no_server_listening_is_unhealthy():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]

    assert healthcheck.probe(port=port, allowed_hosts="localhost") is False


def test_it_probes_the_portals_health_view():
    assert reverse("healthz") == healthcheck.HEALTH_PATH
