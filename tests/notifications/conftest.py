"""Fixtures for notification tests: a local HTTP receiver standing in for chat services, chat channels posting
to it, users subscribed to a kind, and Celery running the notification tasks in the test's thread."""

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.contrib.auth.models import User

from portal.celery import app as portal_app
from tendlc.models import ChatChannel, ChatService, DeliveryMode, NotificationSubscription

CHAT_SECRET = "shared-secret-for-tests"


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def document(self) -> Any:
        return json.loads(self.body)


@dataclass
class ChatReceiver:
    """What every chat service would have received, by path; ``answers`` sets a path's status (200 if unset)."""

    base_url: str
    received: list[Received] = field(default_factory=list)
    answers: dict[str, int] = field(default_factory=dict)

    def at(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]


@pytest.fixture
def chat_receiver() -> Iterator[ChatReceiver]:
    receiver = ChatReceiver("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            status = receiver.answers.get(self.path, 200)
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b"ok" if status < 300 else b"channel is down")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def chat_channels(db, chat_receiver: ChatReceiver) -> dict[str, ChatChannel]:
    """One channel of each service, posting every kind, each at a path of its own on the receiver."""
    from tendlc.models import NotificationKind

    return {
        service: ChatChannel.objects.create(
            name=f"#{service}",
            service=service,
            url=f"{chat_receiver.base_url}/{service}",
            secret=CHAT_SECRET if service == ChatService.JSON else "",
            kinds=list(NotificationKind.values),
        )
        for service in ChatService.values
    }


@pytest.fixture
def eager_notifications(monkeypatch) -> None:
    """The notification tasks run in the test's thread when queued, their retries too."""
    monkeypatch.setitem(portal_app.conf, "task_always_eager", True)
    monkeypatch.setitem(portal_app.conf, "task_eager_propagates", False)


def subscribe(user: User, kind: str, **options: Any) -> NotificationSubscription:
    """``user`` subscribed to ``kind`` alone (their role's defaults removed), e-mail on, immediately."""
    NotificationSubscription.objects.filter(user=user).delete()
    return NotificationSubscription.objects.create(
        user=user, kind=kind, **{"mode": DeliveryMode.IMMEDIATELY, "email": True, **options}
    )


def person(username: str) -> User:
    return User.objects.create_user(username, email=f"{username}@example.com", password="pw", is_staff=True)
