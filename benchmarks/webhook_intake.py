"""Webhook intake: signed 10DLC events per second that ``POST /webhooks/telnyx/`` takes in, next to a bare app
that only verifies the ed25519 signature and answers 200, both served by the same gunicorn, with the options
``docker/Dockerfile`` starts the portal's with (read from it, so the two cannot drift apart).

After ``WARM_UP`` untimed events, three runs of ``--events`` distinct events (number status updates about numbers seeded in the 10DLC sandbox)
from ``SENDERS`` concurrent senders, one connection per request as Telnyx opens them:

- the bare app;
- the portal with no worker running (its tasks wait in the broker): the target is at least 0.5x the bare app;
- the portal with a Celery worker (threads pool, concurrency 4, as the Procfile's) processing the events as they
  arrive, calling the sandbox's API.

After each portal run the events stored are counted against those answered 2xx (lost: the target is 0), and
after the busy run the sweep (``process_pending_webhook_events``) is run until every event is settled or
``--drain-seconds`` pass, and the states are printed.

PostgreSQL when ``DATABASE_URL`` is set (a throwaway database made on that server and dropped after), else a
throwaway SQLite file;
Redis when ``CELERY_BROKER_URL`` is set (its queue is purged first), else the filesystem broker.

Run: ``.venv/bin/python benchmarks/webhook_intake.py`` (``--events N``).
"""

import argparse
import base64
import contextlib
import http.client
import json
import multiprocessing
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))

from notifications import SIGNING_SEED, WORKER_CONCURRENCY, start_sandbox  # noqa: E402
from scale import Databases  # noqa: E402

SENDERS = 16
SENDER_PROCESSES = 4  # the senders' own Python must not be what is measured
# Untimed events each server takes first: a worker's first requests load what a long-running server has loaded
# (the URLs, the views, the broker's connection), which cost as much as a few hundred events.
WARM_UP = 300
# Where the benchmark's servers listen, and their access log, are its own; every other option is production's.
OWN_OPTIONS = ("--bind", "--access-logfile")
URL = "/webhooks/telnyx/"
SEED = {"brands": 20, "campaignsPerBrand": 5, "numbersPerCampaign": 10}


# --- the bare app: verify and answer 200 --------------------------------------------------------------------


def bare_application(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The least a receiver can do: read the body, verify the signature over ``timestamp|body``, answer 200."""
    from nacl.signing import VerifyKey

    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length)
    stamp = environ.get("HTTP_TELNYX_TIMESTAMP", "")
    signature = base64.b64decode(environ.get("HTTP_TELNYX_SIGNATURE_ED25519", ""))
    key = VerifyKey(base64.b64decode(os.environ["TELNYX_PUBLIC_KEY"]))
    try:
        key.verify(stamp.encode() + b"|" + body, signature)
    except Exception:  # noqa: BLE001 - any failure is a refusal here
        start_response("401 Unauthorized", [("Content-Length", "0")])
        return [b""]
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
    return [b"{}"]


# --- the servers --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def production_options() -> list[str]:
    """The options of the Dockerfile's gunicorn command, but ``OWN_OPTIONS``."""
    [command] = [
        json.loads(line.removeprefix("CMD "))
        for line in (ROOT / "docker" / "Dockerfile").read_text().splitlines()
        if line.startswith("CMD ") and "gunicorn" in line
    ]
    options, arguments = [], iter(command[2:])
    for argument in arguments:
        if argument in OWN_OPTIONS:
            next(arguments)
        else:
            options.append(argument)
    return options


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]

    def cpu_seconds(self) -> float:
        """CPU time the server's processes (master and workers) have used so far: the cost of what it served,
        whatever else the machine runs."""
        return sum(process_cpu_seconds(pid) for pid in process_tree(self.process.pid))


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                children.setdefault(int(read_stat(int(entry.name))[1]), []).append(int(entry.name))
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def read_stat(pid: int) -> list[str]:
    """The fields of /proc/<pid>/stat after the command name: state, ppid, ..."""
    text = Path(f"/proc/{pid}/stat").read_text()
    return text[text.rindex(")") + 2 :].split()


def process_cpu_seconds(pid: int) -> float:
    try:
        fields = read_stat(pid)
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(app: str, environment: dict[str, str]) -> Iterator[Server]:
    port = free_port()
    command = [
        str(BIN / "gunicorn"),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        *production_options(),
        "--pythonpath",
        f"{ROOT},{ROOT / 'benchmarks'}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL)  # noqa: S603
    try:
        wait_listening(port)
        yield Server(port, process)
    finally:
        process.terminate()
        process.wait(timeout=30)


def wait_listening(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            connection.close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing answered on port {port}")


@contextmanager
def celery_worker(environment: dict[str, str]) -> Iterator[None]:
    command = [
        str(BIN / "celery"),
        "-A",
        "portal",
        "worker",
        "--pool=threads",
        f"--concurrency={WORKER_CONCURRENCY}",
        "--loglevel=WARNING",
        "--without-heartbeat",
        "--without-mingle",
        "--without-gossip",
    ]
    process = subprocess.Popen(  # noqa: S603 - its log would drown the figures
        command, env=environment, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        time.sleep(3)  # the worker connects to the broker before the burst
        yield
    finally:
        process.terminate()
        process.wait(timeout=60)


# --- the events ---------------------------------------------------------------------------------------------


def numbers_seeded(api_url: str) -> list[tuple[str, str]]:
    """Seed the sandbox; the (phone number, campaign id) pairs it holds."""
    import sqlite3

    import requests

    requests.post(f"{api_url}/sandbox/seed", json=SEED, timeout=120).raise_for_status()
    with sqlite3.connect(os.environ["BENCH_SANDBOX_DATABASE"]) as db:
        return db.execute(
            "SELECT phone_number, campaign_id FROM phone_numbers ORDER BY phone_number"
        ).fetchall()


def signed_events(count: int, numbers: list[tuple[str, str]]) -> list[tuple[bytes, dict[str, str]]]:
    """``count`` distinct number status events, as the sandbox (and Telnyx) send them, signed now."""
    from nacl.signing import SigningKey

    key = SigningKey(SIGNING_SEED)
    stamp = str(int(time.time()))
    events = []
    for index in range(count):
        phone_number, campaign_id = numbers[index % len(numbers)]
        document = {
            "data": {
                "event_type": "10dlc.phone_number.update",
                "id": str(uuid.uuid4()),
                "occurred_at": "2026-12-07T10:00:00.000+00:00",
                "payload": {
                    "campaignId": campaign_id,
                    "phoneNumber": phone_number,
                    "status": "ADDED",
                    "tcrCampaignId": "CBENCH1",
                    "type": "STATUS_UPDATE",
                },
                "record_type": "event",
            },
            "meta": {"attempt": 1, "delivered_to": f"https://portal.example.com{URL}"},
        }
        body = json.dumps(document, separators=(",", ":")).encode()
        signature = base64.b64encode(key.sign(stamp.encode() + b"|" + body).signature).decode()
        headers = {
            "Content-Type": "application/json",
            "telnyx-signature-ed25519": signature,
            "telnyx-timestamp": stamp,
        }
        events.append((body, headers))
    return events


def post_one(port: int, body: bytes, headers: dict[str, str]) -> tuple[int, float]:
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("POST", URL, body=body, headers=headers)
        status = connection.getresponse().status
    except OSError:
        status = 0
    finally:
        connection.close()
    return status, time.perf_counter() - started


def send_share(port: int, share: list[tuple[bytes, dict[str, str]]], threads: int) -> list[tuple[int, float]]:
    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(lambda event: post_one(port, *event), share))


def burst(port: int, events: list[tuple[bytes, dict[str, str]]]) -> tuple[float, list[int], list[float]]:
    """Post every event from ``SENDERS`` senders; the seconds taken, each event's status and latency."""
    shares = [events[index::SENDER_PROCESSES] for index in range(SENDER_PROCESSES)]
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(SENDER_PROCESSES) as pool:
        results = pool.starmap(send_share, [(port, share, SENDERS // SENDER_PROCESSES) for share in shares])
    seconds = time.perf_counter() - started
    statuses = [0] * len(events)
    latencies = [0.0] * len(events)
    for index, share_results in enumerate(results):
        for offset, (status, latency) in enumerate(share_results):
            statuses[index + offset * SENDER_PROCESSES] = status
            latencies[index + offset * SENDER_PROCESSES] = latency
    return seconds, statuses, latencies


# --- the portal's side --------------------------------------------------------------------------------------


def portal_environment(directory: Path, api_url: str) -> dict[str, str]:
    from nacl.signing import SigningKey

    environment = dict(os.environ)
    environment.update(
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY="benchmark-only-secret-key-not-for-production-0123456789",  # noqa: S106 - throwaway
        DJANGO_SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback; production answers behind TLS
        PORTAL_VAR_DIR=str(directory / "var"),
        TELNYX_API_BASE_URL=f"{api_url}/v2",
        TELNYX_API_KEY="benchmark",
        TELNYX_PUBLIC_KEY=base64.b64encode(bytes(SigningKey(SIGNING_SEED).verify_key)).decode(),
        PORTAL_PUBLIC_URL="https://portal.example.com",
    )
    environment.setdefault("DATABASE_URL", f"sqlite:///{directory / 'portal.sqlite3'}")
    return environment


def setup_django(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def reset_portal() -> None:
    """No webhook event stored or buffered and no task waiting: each run starts from nothing."""
    from portal.celery import app
    from tendlc.models import WebhookEvent
    from tendlc.webhooks.buffer import DRAIN_DUE, STREAM, webhook_buffer

    WebhookEvent.objects.all().delete()
    app.control.purge()
    buffer = webhook_buffer()
    if buffer is not None:
        buffer.redis.delete(STREAM, DRAIN_DUE)


def buffered_ids() -> set[str]:
    """The event ids of the deliveries waiting in the webhook buffer."""
    from tendlc.webhooks.buffer import STREAM, webhook_buffer

    buffer = webhook_buffer()
    if buffer is None:
        return set()
    return {json.loads(fields[b"body"])["data"]["id"] for _, fields in buffer.redis.xrange(STREAM)}


def stored(ids: set[str]) -> dict[str, int]:
    """How many of the answered events are stored or waiting in the buffer, and how many stored events are in
    each state."""
    from django.db.models import Count

    from tendlc.models import WebhookEvent

    kept = set(WebhookEvent.objects.filter(event_id__in=ids).values_list("event_id", flat=True))
    waiting = buffered_ids() & ids
    states = dict(WebhookEvent.objects.values_list("state").annotate(count=Count("id")).order_by("state"))
    return {"stored": len(kept), "buffered": len(waiting), "lost": len(ids - kept - waiting), **states}


def buffer_stored() -> str:
    """Store what waits in the webhook buffer as a worker's drain does; say how fast."""
    from tendlc.tasks.webhooks import buffer_drain
    from tendlc.webhooks.buffer import webhook_buffer

    buffer = webhook_buffer()
    if buffer is None:
        return "no webhook buffer"
    waiting = buffer.backlog()[0]
    started = time.perf_counter()
    buffer_drain(buffer, seconds=600)
    seconds = time.perf_counter() - started
    return f"the buffer's {waiting} stored in {seconds:.1f} s ({waiting / seconds:.0f} events/s), as a drain task does"


def settle(seconds: float) -> dict[str, int]:
    """Wait, running the sweep as beat would, until no event waits, or ``seconds`` pass; the states then."""
    from django.db.models import Count

    from tendlc.models import WebhookEvent, WebhookEventState
    from tendlc.tasks.webhooks import process_pending_webhook_events
    from tendlc.webhooks.buffer import webhook_buffer

    deadline = time.monotonic() + seconds
    waiting = WebhookEvent.objects.filter(state=WebhookEventState.RECEIVED)
    buffer = webhook_buffer()
    while (waiting.exists() or (buffer and buffer.backlog()[0])) and time.monotonic() < deadline:
        process_pending_webhook_events()
        time.sleep(5)
    return dict(WebhookEvent.objects.values_list("state").annotate(count=Count("id")).order_by("state"))


# --- measuring ----------------------------------------------------------------------------------------------


def served(
    server: Server, events: list[tuple[bytes, dict[str, str]]]
) -> tuple[float, list[int], list[float], float]:
    """``burst`` against ``server``, with the server's CPU seconds the burst cost."""
    before = server.cpu_seconds()
    seconds, statuses, latencies = burst(server.port, events)
    return seconds, statuses, latencies, server.cpu_seconds() - before


def report(label: str, seconds: float, statuses: list[int], latencies: list[float], cpu: float) -> float:
    rate = len(statuses) / seconds
    ordered = sorted(latencies)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    refused = sum(1 for status in statuses if not 200 <= status < 300)
    print(
        f"{label:40} {rate:7.0f} events/s  p50 {statistics.median(ordered) * 1000:6.1f} ms"
        f"  p95 {p95 * 1000:6.1f} ms  not 2xx {refused}  server CPU {cpu / len(statuses) * 1000:.2f} ms/event"
    )
    return rate


def answered_ids(events: list[tuple[bytes, dict[str, str]]], statuses: list[int]) -> set[str]:
    return {
        json.loads(body)["data"]["id"]
        for (body, _), status in zip(events, statuses, strict=True)
        if 200 <= status < 300
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=5000, help="events of each run")
    parser.add_argument(
        "--drain-seconds", type=float, default=600, help="how long to wait for the busy run to settle"
    )
    parser.add_argument(
        "--portal-app",
        default="portal.wsgi:application",
        help="the WSGI application gunicorn serves for the portal (to compare variants)",
    )
    options = parser.parse_args()
    shm = Path("/dev/shm")  # noqa: S108 - a private TemporaryDirectory is made inside it
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temporary:
        directory = Path(temporary)
        sandbox_database = directory / "sandbox.sqlite3"
        os.environ["BENCH_SANDBOX_DATABASE"] = str(sandbox_database)
        sandbox, api_url = start_sandbox(sandbox_database)
        databases = Databases(os.environ.get("DATABASE_URL", ""))
        try:
            environment = portal_environment(directory, api_url)
            if databases.url.startswith("postgres"):
                environment["DATABASE_URL"] = databases.create(f"bench_intake_{os.getpid()}")
            setup_django(environment)
            numbers = numbers_seeded(api_url)
            database = "PostgreSQL" if environment["DATABASE_URL"].startswith("postgres") else "SQLite"
            broker = "Redis" if environment.get("CELERY_BROKER_URL", "").startswith("redis") else "filesystem"
            from django.conf import settings

            buffer = "a Redis webhook buffer" if settings.WEBHOOK_BUFFER_URL else "no webhook buffer"
            print(
                f"{options.events} signed events, {SENDERS} senders; gunicorn {' '.join(production_options())};"
                f" {database}, {broker} broker, {buffer}; {os.cpu_count()} CPUs,"
                f" load average {os.getloadavg()[0]:.1f}"
            )
            with gunicorn("webhook_intake:bare_application", environment) as server:
                burst(server.port, signed_events(WARM_UP, numbers))
                events = signed_events(options.events, numbers)
                bare = report("bare verify-and-200 app", *served(server, events))

            with gunicorn(options.portal_app, environment) as server:
                burst(server.port, signed_events(WARM_UP, numbers))
                time.sleep(2)  # the publishers' last messages
                reset_portal()
                events = signed_events(options.events, numbers)
                seconds, statuses, latencies, cpu = served(server, events)
                idle = report("portal, worker idle", seconds, statuses, latencies, cpu)
                time.sleep(2)  # the publishers' last messages
                print(f"{'':40} {stored(answered_ids(events, statuses))}")
                print(f"{'':40} {buffer_stored()}")

                reset_portal()
                with celery_worker(environment):
                    events = signed_events(options.events, numbers)
                    seconds, statuses, latencies, cpu = served(server, events)
                    busy = report("portal, worker busy (threads, 4)", seconds, statuses, latencies, cpu)
                    print(f"{'':40} {stored(answered_ids(events, statuses))}")
                    started = time.perf_counter()
                    states = settle(options.drain_seconds)
                    print(f"{'':40} after {time.perf_counter() - started:.0f} s more: {states}")
            print(f"ratio, worker idle: {idle / bare:.2f}x bare (target >= 0.5x)")
            print(f"ratio, worker busy: {busy / bare:.2f}x bare")
        finally:
            sandbox.terminate()
            sandbox.join()
            shutil.rmtree(directory / "var", ignore_errors=True)
            if databases.created:
                from django.db import connections

                connections.close_all()
                databases.drop_all()


if __name__ == "__main__":
    main()
