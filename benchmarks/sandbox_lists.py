"""The sandbox's speed: bulk seeding, and list pages from collections of 100,000 records.

Seeds a sandbox in a temporary directory through ``POST /sandbox/seed`` (101,000 brands, 5,000 campaigns,
100,000 number assignments, 100,000 partner campaigns), then requests list pages through the WSGI app with
werkzeug's test client, so the numbers measure the app (routing, auth, SQLite, JSON), not sockets. Prints
each seed's duration and the median and p95 per list case, in milliseconds. The target is "well under 20 ms
a page", so the sandbox never limits a sync benchmark.

Run: ``make bench`` or ``.venv/bin/python benchmarks/sandbox_lists.py``
"""

import statistics
import tempfile
import time
from pathlib import Path

from werkzeug.test import Client

from tendlc.sandbox.app import Sandbox, SandboxConfig

REPEATS = 50
HEADERS = {"Authorization": "Bearer benchmark"}
SEEDS = {
    "100,000 brands": {"brands": 100_000},
    "1,000 brands x 5 campaigns x 20 numbers": {
        "brands": 1_000,
        "campaignsPerBrand": 5,
        "numbersPerCampaign": 20,
    },
    "100,000 partner campaigns": {"partnerCampaigns": 100_000},
}


def seed(client: Client) -> None:
    print(f"{'seed':45} {'seconds':>10}")
    for name, body in SEEDS.items():
        started = time.perf_counter()
        response = client.post("/sandbox/seed", json=body)
        if response.status_code != 201:
            raise SystemExit(f"seed {name}: HTTP {response.status_code} {response.get_data(as_text=True)}")
        print(f"{name:45} {time.perf_counter() - started:10.2f}")


def time_case(client: Client, path: str) -> tuple[float, float, int]:
    samples = []
    records = 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(f"/v2/10dlc/{path}", headers=HEADERS)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code} {response.get_data(as_text=True)}")
        records = len(response.json["records"])
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], records


def cases(client: Client) -> dict[str, str]:
    number = client.get("/v2/10dlc/phone_number_campaigns?page=2000", headers=HEADERS).json["records"][0]
    brand_id, campaign_id, tcr_brand_id = number["brandId"], number["telnyxCampaignId"], number["tcrBrandId"]
    return {
        "brands: first page": "brand",
        "brands: page 2000 of 50": "brand?page=2000&recordsPerPage=50",
        "brands: sorted by displayName, page 1000": "brand?sort=displayName&page=1000",
        "brands: filtered by state": "brand?state=NY&page=500",
        "brands: displayName prefix": "brand?displayName=Seed%20Brand%200500",
        "campaigns of a brand": f"campaign?brandId={brand_id}",
        "numbers: first page": "phone_number_campaigns",
        "numbers: page 2500 of 40": "phone_number_campaigns?page=2500&recordsPerPage=40",
        "numbers: filtered by campaign": f"phone_number_campaigns?filter[telnyx_campaign_id]={campaign_id}",
        "numbers: filtered by brand, sorted": f"phone_number_campaigns?filter[tcr_brand_id]={tcr_brand_id}&sort=phoneNumber",
        "numbers: sorted by phoneNumber, page 1250": "phone_number_campaigns?sort=phoneNumber&page=1250&recordsPerPage=40",
        "numbers: 500 per page": "phone_number_campaigns?recordsPerPage=500&page=100",
        "partner campaigns: first page": "partner_campaigns",
        "partner campaigns: page 2000 of 50": "partner_campaigns?page=2000&recordsPerPage=50",
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        sandbox = Sandbox(SandboxConfig(database=Path(directory) / "sandbox.sqlite3"))
        client = Client(sandbox)
        seed(client)
        print(f"\n{'list page':45} {'median ms':>10} {'p95 ms':>8} {'records':>8}")
        for name, path in cases(client).items():
            median, p95, records = time_case(client, path)
            print(f"{name:45} {median:10.2f} {p95:8.2f} {records:8d}")
        sandbox.store.close()


if __name__ == "__main__":
    main()
