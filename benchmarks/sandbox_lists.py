"""Time N1 list pages (``GET /v2/10dlc/phone_number_campaigns``) over 100,000 assignments.

Builds a sandbox in a temporary directory, inserts 1,000 campaigns (10 brands of 100) with raw SQL and
100,000 ASSIGNED numbers with ``phone_numbers.put_phone_numbers``, then requests pages through the WSGI
app with werkzeug's test client, so the numbers measure the app (routing, auth, SQLite, JSON), not sockets.
Prints the insert time and the median and p95 per case, in milliseconds.

Run: ``.venv/bin/python benchmarks/sandbox_lists.py``
"""

import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from werkzeug.test import Client

from tendlc.sandbox.app import Sandbox, SandboxConfig
from tendlc.sandbox.phone_numbers import put_phone_numbers

BRANDS = 10
CAMPAIGNS_PER_BRAND = 100
NUMBERS_PER_CAMPAIGN = 100
REPEATS = 50
HEADERS = {"Authorization": "Bearer benchmark"}


def campaign_docs() -> list[dict]:
    docs = []
    for brand in range(BRANDS):
        for index in range(CAMPAIGNS_PER_BRAND):
            n = brand * CAMPAIGNS_PER_BRAND + index
            docs.append(
                {
                    "campaignId": f"4b30{n:04x}-0000-4000-8000-{n:012x}",
                    "brandId": f"4b20{brand:04x}-0000-4000-8000-{brand:012x}",
                    "tcrCampaignId": f"C{n:06d}",
                    "tcrBrandId": f"B{brand:06d}",
                    "usecase": "CUSTOMER_CARE",
                    "status": "ACTIVE",
                    "campaignStatus": "MNO_PROVISIONED",
                }
            )
    return docs


def insert_campaigns(sandbox: Sandbox, docs: list[dict]) -> None:
    with sandbox.store.transaction():
        sandbox.store.executemany(
            "INSERT INTO campaigns (campaign_id, brand_id, tcr_campaign_id, created_at, status, campaign_status,"
            " doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    doc["campaignId"],
                    doc["brandId"],
                    doc["tcrCampaignId"],
                    sandbox.clock.now() + index * 1e-6,
                    doc["status"],
                    doc["campaignStatus"],
                    json.dumps(doc),
                )
                for index, doc in enumerate(docs)
            ],
        )


def assignments(docs: list[dict]) -> Iterator[tuple[str, dict]]:
    for index, doc in enumerate(docs):
        for number in range(NUMBERS_PER_CAMPAIGN):
            yield f"+1{200 + index // 10:03d}{index % 10}{number:06d}", doc


def time_case(client: Client, query: str) -> tuple[float, float, int]:
    samples = []
    records = 0
    for _ in range(REPEATS):
        started = time.perf_counter()
        response = client.get(f"/v2/10dlc/phone_number_campaigns?{query}", headers=HEADERS)
        samples.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{query}: HTTP {response.status_code} {response.get_data(as_text=True)}")
        records = len(response.json["records"])
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], records


def main() -> None:
    with tempfile.TemporaryDirectory() as directory:
        sandbox = Sandbox(SandboxConfig(database=Path(directory) / "sandbox.sqlite3"))
        docs = campaign_docs()
        insert_campaigns(sandbox, docs)
        started = time.perf_counter()
        inserted = put_phone_numbers(sandbox, assignments(docs))
        insert_seconds = time.perf_counter() - started
        print(f"inserted {inserted} assignments over {len(docs)} campaigns in {insert_seconds:.2f} s")
        client = Client(sandbox)
        cases = {
            "first page": "",
            "middle page (page 2500 of 40)": "page=2500&recordsPerPage=40",
            "filtered by campaign": f"filter[telnyx_campaign_id]={docs[500]['campaignId']}",
            "filtered by brand, page 100": f"filter[tcr_brand_id]={docs[500]['tcrBrandId']}&page=100",
            "sorted by phoneNumber, page 1250 of 40": "sort=phoneNumber&page=1250&recordsPerPage=40",
            "sorted by -assignmentStatus, first page": "sort=-assignmentStatus",
            "filtered by brand, sorted by phoneNumber": f"filter[tcr_brand_id]={docs[500]['tcrBrandId']}&sort=phoneNumber",
            "filtered by brand, sorted by -assignmentStatus": (
                f"filter[tcr_brand_id]={docs[500]['tcrBrandId']}&sort=-assignmentStatus"
            ),
            "500 per page": "recordsPerPage=500&page=100",
        }
        print(f"{'case':45} {'median ms':>10} {'p95 ms':>8} {'records':>8}")
        for name, query in cases.items():
            median, p95, records = time_case(client, query)
            print(f"{name:45} {median:10.2f} {p95:8.2f} {records:8d}")
        sandbox.store.close()


if __name__ == "__main__":
    main()
