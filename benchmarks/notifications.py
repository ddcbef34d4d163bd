"""Time from a webhook's receipt to its notification sent: a carrier's rejection, forced in the 10DLC sandbox,
posted signed to the portal's webhook view, processed by a real Celery worker, told to a subscriber by e-mail
and to a chat channel (a local HTTP receiver).

The worker is the default one of ``make run`` (the Procfile's: threads pool, concurrency 4) as a thread of
this process, on kombu's in-memory broker; the sandbox runs in a child process; the database is a throwaway
SQLite file. The clock starts just before the view is called and stops at the delivery's ``sent_at``: it
covers storing the event, publishing its task, processing it (three reads of the sandbox's API), recording
the event, the fan-out task and the sending task. Events are sent one at a time, then all at once (a burst).
Target (issue 15): under a minute.

Run: ``.venv/bin/python benchmarks/notifications.py`` (``--campaigns`` for more or fewer events).
"""

import argparse
import base64
import json
import logging
import multiprocessing
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIGNING_SEED = bytes(range(32))
T_MOBILE = "10035"
WORKER_CONCURRENCY = 4  # as the Procfile's worker


def serve_sandbox(database: str, ports: Any) -> None:
    from werkzeug.serving import make_server

    from tendlc.sandbox.app import Sandbox, SandboxConfig

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    config = SandboxConfig(database=Path(database), signing_seed=SIGNING_SEED)
    server = make_server("127.0.0.1", 0, Sandbox(config), threaded=True)
    ports.put(server.port)
    server.serve_forever()


def start_sandbox(database: Path) -> tuple[multiprocessing.Process, str]:
    context = multiprocessing.get_context("spawn")
    ports = context.Queue()
    process = context.Process(target=serve_sandbox, args=(str(database), ports), daemon=True)
    process.start()
    return process, f"http://127.0.0.1:{ports.get(timeout=60)}"


def start_receiver() -> tuple[ThreadingHTTPServer, str]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/chat"


def setup_django(directory: Path, api_url: str) -> None:
    from nacl.signing import SigningKey

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ["PORTAL_VAR_DIR"] = str(directory / "var")
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'portal.sqlite3'}"
    os.environ["TELNYX_API_BASE_URL"] = f"{api_url}/v2"
    os.environ["TELNYX_API_KEY"] = "benchmark"
    os.environ["TELNYX_PUBLIC_KEY"] = base64.b64encode(bytes(SigningKey(SIGNING_SEED).verify_key)).decode()
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["PORTAL_PUBLIC_URL"] = "https://portal.example.com"
    os.environ["CELERY_BROKER_URL"] = "memory://"
    os.environ["CELERY_RESULT_BACKEND"] = "cache+memory://"
    import django

    django.setup()
    logging.getLogger("tendlc").setLevel(logging.WARNING)
    logging.getLogger("celery").setLevel(logging.WARNING)
    logging.getLogger("kombu").setLevel(logging.ERROR)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def prepare(api_url: str, campaigns: int, chat_url: str) -> list[str]:
    """Seed the sandbox (a brand has at most five campaigns), mirror it, subscribe one admin and a chat
    channel: the campaigns' ids."""
    import requests
    from django.contrib.auth.models import User

    from tendlc.conf import api_client
    from tendlc.models import Campaign, ChatChannel, ChatService, NotificationKind, NotificationSubscription
    from tendlc.services.campaigns import campaign_carriers_refresh
    from tendlc.services.sync import sync_all

    seeded = requests.post(
        f"{api_url}/sandbox/seed",
        json={"brands": -(-campaigns // 5), "campaignsPerBrand": min(campaigns, 5), "numbersPerCampaign": 1},
        timeout=60,
    )
    seeded.raise_for_status()
    with api_client() as client:
        sync_all(client=client)
        for campaign in Campaign.objects.all():
            campaign_carriers_refresh(campaign=campaign, client=client)
    admin = User.objects.create_user("ada", email="ada@example.com", is_staff=True)
    NotificationSubscription.objects.get_or_create(user=admin, kind=NotificationKind.CAMPAIGN_REJECTED)
    ChatChannel.objects.create(
        name="#compliance",
        service=ChatService.JSON,
        url=chat_url,
        secret="benchmark",  # noqa: S106 - a throwaway receiver
        kinds=["campaign_rejected"],
    )
    return list(Campaign.objects.order_by("pk").values_list("campaign_id", flat=True))


class Deliveries:
    """The sandbox's delivery log (its SQLite file), read from where the last read stopped."""

    def __init__(self, database: Path) -> None:
        self.database, self.taken = database, 0

    def new(self) -> list[dict[str, Any]]:
        with sqlite3.connect(self.database) as db:
            rows = db.execute(
                "SELECT id, payload FROM webhook_deliveries WHERE id > ? ORDER BY id", (self.taken,)
            ).fetchall()
        if rows:
            self.taken = rows[-1][0]
        return [json.loads(payload) for _, payload in rows]


def reject(api_url: str, campaign_id: str) -> None:
    import requests

    answer = requests.post(
        f"{api_url}/sandbox/campaigns/{campaign_id}/carriers/{T_MOBILE}",
        json={"action": "REJECTED"},
        timeout=30,
    )
    answer.raise_for_status()


def post(data: dict[str, Any]) -> datetime:
    """The event posted to the webhook view as Telnyx would, signed; answers when it was received."""
    from django.test import Client
    from django.utils import timezone
    from nacl.signing import SigningKey

    body = json.dumps({"data": data, "meta": {"attempt": 1}}, separators=(",", ":")).encode()
    stamp = str(int(time.time()))
    signature = base64.b64encode(
        SigningKey(SIGNING_SEED).sign(stamp.encode() + b"|" + body).signature
    ).decode()
    received = timezone.now()
    answer = Client(HTTP_HOST="localhost").post(
        "/webhooks/telnyx/",
        data=body,
        content_type="application/json",
        headers={"telnyx-signature-ed25519": signature, "telnyx-timestamp": stamp},
        secure=True,
    )
    if answer.status_code != 202:
        raise RuntimeError(f"the webhook view answered {answer.status_code}: {answer.content[:200]!r}")
    return received


def sent_at(campaign_id: str, timeout: float = 120.0) -> tuple[datetime, datetime]:
    """When the e-mail and the chat message about ``campaign_id``'s rejection were sent."""
    from tendlc.models import Delivery, DeliveryChannel, DeliveryState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        email = Delivery.objects.filter(
            channel=DeliveryChannel.EMAIL, notification__campaign_id=campaign_id, state=DeliveryState.SENT
        ).first()
        chat = Delivery.objects.filter(
            channel=DeliveryChannel.CHAT, occurrence__campaign_id=campaign_id, state=DeliveryState.SENT
        ).first()
        if email is not None and chat is not None and email.sent_at and chat.sent_at:
            return email.sent_at, chat.sent_at
        time.sleep(0.02)
    raise TimeoutError(f"nothing sent for {campaign_id} within {timeout} s")


def line(label: str, seconds: list[float]) -> None:
    ordered = sorted(seconds)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    print(
        f"{label:44} n={len(ordered):3}  median {statistics.median(ordered):6.2f} s  p95 {p95:6.2f} s"
        f"  max {ordered[-1]:6.2f} s"
    )


def measure(api_url: str, deliveries: Deliveries, campaigns: list[str], *, burst: bool) -> None:
    email_seconds: list[float] = []
    chat_seconds: list[float] = []
    received: dict[str, datetime] = {}

    def take_in() -> None:
        for data in deliveries.new():
            at = post(data)
            received.setdefault(data["payload"]["campaignId"], at)

    for campaign_id in campaigns:
        reject(api_url, campaign_id)
        if not burst:
            take_in()
            sent_at(campaign_id)
    if burst:
        take_in()
    for campaign_id in campaigns:
        email, chat = sent_at(campaign_id)
        email_seconds.append((email - received[campaign_id]).total_seconds())
        chat_seconds.append((chat - received[campaign_id]).total_seconds())
    kind = "all at once" if burst else "one at a time"
    line(f"webhook -> e-mail sent ({kind})", email_seconds)
    line(f"webhook -> chat message sent ({kind})", chat_seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--campaigns", type=int, default=20, help="events of each measurement")
    options = parser.parse_args()
    shm = Path("/dev/shm")  # noqa: S108 - a private TemporaryDirectory is made inside it
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temporary:
        directory = Path(temporary)
        sandbox_database = directory / "sandbox.sqlite3"
        sandbox, api_url = start_sandbox(sandbox_database)
        receiver, chat_url = start_receiver()
        try:
            setup_django(directory, api_url)
            from celery.contrib.testing.worker import start_worker

            from portal.celery import app

            ids = prepare(api_url, options.campaigns * 2, chat_url)
            deliveries = Deliveries(sandbox_database)
            deliveries.new()  # what seeding emitted is not measured
            with start_worker(
                app,
                pool="threads",
                concurrency=WORKER_CONCURRENCY,
                perform_ping_check=False,
                loglevel="WARNING",
            ):
                print(
                    f"Real Celery worker thread (threads pool, concurrency {WORKER_CONCURRENCY}), memory broker"
                )
                measure(api_url, deliveries, ids[: options.campaigns], burst=False)
                measure(api_url, deliveries, ids[options.campaigns :], burst=True)
        finally:
            receiver.shutdown()
            sandbox.terminate()
            sandbox.join()


if __name__ == "__main__":
    main()
