"""The sandbox clock's speed: one ``POST /sandbox/clock/advance`` of 90 days over a provisioned estate.

Seeds 1,000 and then 5,000 provisioned campaigns (five per brand; half of them with an assigned number, half
without; every other one with a webhook URL pointing at a local receiver that answers 200 at once), lets the
estate age 10 days, then advances the clock 90 days in one request through the WSGI app. That advance plays
the life after approval as it falls due: the campaigns without numbers go dormant on day 15, and every
campaign renews three months after the seed (a month billed, ``CAMPAIGN_BILLED`` sent). It prints the steps
run, the seconds they took, the milliseconds per thousand campaigns (wall clock, and the CPU time of the thread
that ran them, which a busy machine inflates less), the whole request's seconds, and the webhooks queued and
delivered before the answer (the rest are the ticker's). The target is "well under a second per thousand
campaigns" for the steps.

Run: ``make bench`` or ``.venv/bin/python benchmarks/sandbox_clock.py``
"""

import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from werkzeug.test import Client

from tendlc.sandbox.app import Sandbox, SandboxConfig
from tendlc.sandbox.context import Context

DAY = 86_400
ADVANCE_DAYS = 90
AGE_DAYS = 10
SIZES = (1_000, 5_000)
CAMPAIGNS_PER_BRAND = 5


class Receiver(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as a real receiver's load balancer would

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


def seed_estate(sandbox: Sandbox, client: Client, campaigns: int, receiver_url: str) -> None:
    brands = campaigns // CAMPAIGNS_PER_BRAND
    for numbers in (1, 0):
        body = {
            "brands": brands // 2,
            "campaignsPerBrand": CAMPAIGNS_PER_BRAND,
            "numbersPerCampaign": numbers,
        }
        response = client.post("/sandbox/seed", json=body)
        if response.status_code != 201:
            raise SystemExit(f"seed: HTTP {response.status_code} {response.get_data(as_text=True)}")
    store = sandbox.store
    with store.transaction():
        store.execute(
            "UPDATE campaigns SET doc = json_set(doc, '$.webhookURL', ?) WHERE rowid % 2 = 0", (receiver_url,)
        )
    # Every renewal is paid, so each one bills rather than expires its campaign.
    client.post("/sandbox/account", json={"balance": "1000000.00"})
    client.post("/sandbox/clock/advance", json={"seconds": AGE_DAYS * DAY})


def run(campaigns: int, receiver_url: str) -> None:
    with tempfile.TemporaryDirectory() as directory:
        sandbox = Sandbox(SandboxConfig(database=Path(directory) / "sandbox.sqlite3"))
        client = Client(sandbox)
        seed_estate(sandbox, client, campaigns, receiver_url)
        queued_before = sandbox.store.scalar("SELECT COUNT(*) FROM webhook_deliveries")

        steps = {"ran": 0, "seconds": 0.0, "cpu": 0.0}
        run_due = sandbox.scheduler.run_due

        def timed_run_due(context: Context) -> int:
            started, cpu_started = time.perf_counter(), time.thread_time()
            ran = run_due(context)
            steps["seconds"] += time.perf_counter() - started
            steps["cpu"] += time.thread_time() - cpu_started
            steps["ran"] += ran
            return ran

        sandbox.scheduler.run_due = timed_run_due  # type: ignore[method-assign]
        started = time.perf_counter()
        response = client.post("/sandbox/clock/advance", json={"seconds": ADVANCE_DAYS * DAY})
        request_seconds = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"advance: HTTP {response.status_code} {response.get_data(as_text=True)}")
        store = sandbox.store
        queued = store.scalar("SELECT COUNT(*) FROM webhook_deliveries") - queued_before
        with_url = store.scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE url IS NOT NULL")
        delivered = store.scalar("SELECT COUNT(*) FROM webhook_deliveries WHERE state = 'delivered'")
        sandbox.close()
    per_thousand = steps["seconds"] * 1000 / campaigns * 1000
    cpu_per_thousand = steps["cpu"] * 1000 / campaigns * 1000
    print(
        f"{campaigns:>9,} {steps['ran']:>10,} {steps['seconds']:>8.2f} {per_thousand:>10.0f}"
        f" {cpu_per_thousand:>10.0f} {request_seconds:>10.2f} {queued:>9,} {with_url:>9,} {delivered:>10,}"
    )


def main() -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    receiver_url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    print(f"advance {ADVANCE_DAYS} days in one POST /sandbox/clock/advance")
    print(
        f"{'campaigns':>9} {'steps run':>10} {'steps s':>8} {'ms/1000 c':>10} {'CPU ms/1000':>10}"
        f" {'request s':>10} {'webhooks':>9} {'with URL':>9} {'delivered':>10}"
    )
    try:
        for campaigns in SIZES:
            run(campaigns, receiver_url)
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
