"""The full sync's speed against a sandbox of 1,000 brands, 5,000 campaigns and 100,000 number assignments.

The sandbox runs in a child process (a threaded werkzeug server on a loopback port, with a core of its own);
the portal side runs here, on a throwaway database: SQLite in a temporary directory (under /dev/shm where
there is one), or, when ``DATABASE_URL`` names a PostgreSQL server, a ``test_...`` database created there
and dropped after.

a. a full sync into empty tables, one worker;
b. the same sync again with nothing changed: it must write no row;
c. the floor, measured first: the same GET requests in a bare ``requests`` loop, then each table's rows
   mapped and written by the sync's own statement without reading or comparing what is stored
   (``mirror_rows_load``: one executemany a table, the fastest insert here);
d. a naive sync: ``update_or_create`` per record (and a campaign lookup per number), measured on the first
   ``--naive-brands`` brands with their campaigns and numbers (5% by default: all of them would take ten
   minutes) and compared by records per second;
e. the full sync into empty tables with 50 ms added to every API request, with 1 and with 4 workers;
f. a full sync under issue 20's fault mix (about 10% HTTP 500, 6% 502, 6% 503, 5% dropped connections and
   bursts of 429, drawn from a fixed seed) with 4 workers, on the issue's size (the sandbox reseeded with
   ``--fault-brands`` brands: 100, so 500 campaigns and 10,000 numbers by default), against a clean sync of the
   same data: its wall time, and the mirror rows missing, extra or different from the clean sync's (target 0).
   Waits between tries are shortened (the client's backoff 0.05 s, the units' 0.05 s): the line measures what
   the faults cost in requests and rows, not the production backoff's seconds.

Each line gives wall time, records per second, database queries, rows written (mirror rows inserted or
updated, found by ``changed_at``; the sync's own SyncRun writes in brackets) and this process's peak resident
memory during the measurement. (c) and (a) are measured in ``--rounds`` alternate rounds (3), each from empty
tables, and a/c compares their medians: the floor alone moved from 19.7 to 29.6 s between two quiet runs of
the same code, and one round's ratio with it (1.52, then 1.13). Targets: a/c at most 1.5; (b) writes 0 rows; d/a at least 10; e1/e4 at least 3;
(f) 0 rows missing, extra or different.

Run: ``make bench`` or ``.venv/bin/python benchmarks/sync.py`` (``--help`` for smaller sizes; ``--only-faults``
for line f alone).
"""

import argparse
import contextlib
import logging
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BOOKKEEPING_TABLES = ("tendlc_syncrun", "tendlc_synclease")
LATENCY_MS = 50
PER_PAGE = 500
FAULT_WORKERS = 4
FAULT_SEED = 20
# Issue 20's mix: a rule fires for a request when its own draw does and no rule before it fired.
FAULT_MIX = [
    {"status": 500, "probability": 0.10},
    {"status": 502, "probability": 0.06},
    {"status": 503, "probability": 0.06},
    {"dropConnection": True, "probability": 0.05},
    {"status": 429, "probability": 0.02, "burst": 10, "retryAfter": 0},
]
# Local bookkeeping times: when a row was stored, changed, synced; not what it mirrors.
BOOKKEEPING_COLUMNS = {"recorded_at", "changed_at", "synced_at"}


# --- the sandbox, in its own process --------------------------------------------------------------------


def serve_sandbox(database: str, ports: Any) -> None:
    from werkzeug.serving import make_server

    from tendlc.sandbox.app import Sandbox, SandboxConfig

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, Sandbox(SandboxConfig(database=Path(database))), threaded=True)
    ports.put(server.port)
    server.serve_forever()


def start_sandbox(directory: Path) -> tuple[multiprocessing.Process, str]:
    context = multiprocessing.get_context("spawn")
    ports = context.Queue()
    process = context.Process(
        target=serve_sandbox, args=(str(directory / "sandbox.sqlite3"), ports), daemon=True
    )
    process.start()
    return process, f"http://127.0.0.1:{ports.get(timeout=60)}"


# --- measuring ------------------------------------------------------------------------------------------


@dataclass
class Meter:
    """Counts every statement on every database connection, and the writes to the sync's own bookkeeping."""

    queries: int = 0
    bookkeeping_writes: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __call__(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        write = sql.lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
        with self._lock:
            self.queries += 1
            if write and any(table in sql for table in BOOKKEEPING_TABLES):
                self.bookkeeping_writes += 1
        return execute(sql, params, many, context)

    def reset(self) -> None:
        with self._lock:
            self.queries = self.bookkeeping_writes = 0


def mirror_models() -> list[Any]:
    from tendlc.models import Brand, Campaign, PartnerCampaign, PhoneNumberAssignment, SharedCampaign

    return [PhoneNumberAssignment, Campaign, PartnerCampaign, SharedCampaign, Brand]


def rows_written_since(moment: Any) -> int:
    """Mirror rows inserted or updated since ``moment``: every write path sets ``changed_at``."""
    return sum(model.objects.filter(changed_at__gte=moment).count() for model in mirror_models())


def reset_peak_memory() -> None:
    # Linux: writing 5 to clear_refs resets the process's peak resident set (VmHWM).
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def peak_memory_mb() -> float:
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@dataclass
class Measurement:
    name: str
    seconds: float
    records: int
    queries: int
    rows: int
    bookkeeping_writes: int
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.name:46} {self.seconds:8.2f} {self.records:8d} {self.rate:10.0f} {self.queries:8d}"
            f" {self.rows:8d} [{self.bookkeeping_writes:4d}] {self.peak_mb:8.0f}"
        )


def measure(name: str, meter: Meter, work: Callable[[], int]) -> Measurement:
    """Run ``work`` (which answers how many records it synced) on a fresh connection and print its line."""
    from django.db import connection
    from django.utils import timezone

    connection.close()
    meter.reset()
    reset_peak_memory()
    moment = timezone.now()
    started = time.perf_counter()
    records = work()
    seconds = time.perf_counter() - started
    queries, bookkeeping, peak = meter.queries, meter.bookkeeping_writes, peak_memory_mb()
    result = Measurement(name, seconds, records, queries, rows_written_since(moment), bookkeeping, peak)
    print(result.line(), flush=True)
    return result


# --- what is measured -----------------------------------------------------------------------------------


def median_of(measurements: list[Measurement]) -> Measurement:
    """The measurement of median wall time (the upper one of an even count)."""
    return sorted(measurements, key=lambda measurement: measurement.seconds)[len(measurements) // 2]


def empty_tables() -> None:
    """The mirror tables as a fresh database has them: truncated on PostgreSQL, where DELETE left each round's
    rows dead in the tables and their indexes, and every round inserted slower than the one before (the floor
    18.9, 24.0, 25.9 s; the sync 27.6, 35.5, 34.5 s)."""
    from django.core.management.color import no_style
    from django.db import connection

    from tendlc.models import SyncRun

    tables = [model._meta.db_table for model in [*mirror_models(), SyncRun]]
    with connection.cursor() as cursor:
        for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cursor.execute(statement)


def full_sync(base_url: str, workers: int, rate: float, *, short_waits: bool = False) -> Callable[[], int]:
    from tendlc.client import TenDLCClient
    from tendlc.services.sync import rate_limiter, sync_all

    waits = {"backoff_factor": 0.05, "max_backoff": 0.5} if short_waits else {}
    unit_backoff = 0.05 if short_waits else 1.0

    def run() -> int:
        with TenDLCClient(
            api_key="benchmark", base_url=base_url, pool_size=max(workers, 10), **waits
        ) as client:
            result = sync_all(
                client=client,
                workers=workers,
                limiter=rate_limiter(rate),
                trigger="benchmark",
                backoff=unit_backoff,
            )
        if result.state != "succeeded":
            if not short_waits:
                raise SystemExit(f"sync #{result.pk} {result.state}: {result.errors}")
            # Under faults the line is there to count what a failed run lost: say so, and go on.
            print(f"sync #{result.pk} {result.state}: {len(result.errors)} errors, first {result.errors[:1]}")
        return sum(
            counts["created"] + counts["updated"] + counts["unchanged"] for counts in result.counts.values()
        )

    return run


def mirror_rows() -> dict[tuple[str, str], tuple[Any, ...]]:
    """Every mirror row by (table, remote id), as what it mirrors: every column but the primary key and the
    bookkeeping times, whether it is marked gone, and foreign keys as the remote id they point at."""
    from tendlc.models import Brand, Campaign, PartnerCampaign, PhoneNumberAssignment, SharedCampaign

    keys = {
        Brand: "brand_id",
        Campaign: "campaign_id",
        PartnerCampaign: "tcr_campaign_id",
        SharedCampaign: "campaign_id",
        PhoneNumberAssignment: "phone_number",
    }
    rows: dict[tuple[str, str], tuple[Any, ...]] = {}
    for model, key in keys.items():
        columns = [
            f"{field.name}__{keys[field.related_model]}" if field.is_relation else field.name
            for field in model._meta.concrete_fields
            if not field.primary_key and field.name not in BOOKKEEPING_COLUMNS
        ]
        gone = columns.index("remote_deleted_at")
        for values in model.objects.values_list(*columns):
            row = list(values)
            row[gone] = row[gone] is not None
            rows[(model.__name__, values[columns.index(key)])] = tuple(row)
    return rows


def numbers_without_campaign() -> int:
    from tendlc.models import PhoneNumberAssignment

    return PhoneNumberAssignment.objects.exclude(telnyx_campaign_id="").filter(campaign__isnull=True).count()


class Remote:
    """The API's JSON through a bare ``requests`` session: the pages a full sync reads, in its order."""

    def __init__(self, session: Any, base_url: str) -> None:
        self.session = session
        self.base_url = base_url

    def get(self, path: str, **params: Any) -> Any:
        response = self.session.get(
            f"{self.base_url}/10dlc/{path}",
            params=params,
            headers={"Authorization": "Bearer benchmark"},
            timeout=60,
        )
        response.raise_for_status()
        return response.json()

    def listing(self, path: str, **params: Any) -> Iterator[Any]:
        number, seen = 1, 0
        while True:
            page = self.get(path, page=number, recordsPerPage=PER_PAGE, **params)
            yield from page["records"]
            seen += len(page["records"])
            if not page["records"] or seen >= page["totalRecords"]:
                return
            number += 1

    def brand_ids(self) -> list[str]:
        return [item["brandId"] for item in self.listing("brand")]

    def brands_and_campaigns(self, brand_ids: list[str]) -> Iterator[tuple[str, Any]]:
        for brand_id in brand_ids:
            yield "brand", self.get(f"brand/{brand_id}")
            for campaign in self.listing("campaign", brandId=brand_id):
                yield "campaign", campaign


def floor(base_url: str) -> Callable[[], int]:
    import requests

    from tendlc.services.sync import mirror_rows_load

    def run() -> int:
        payloads: dict[str, list[Any]] = {"brand": [], "campaign": []}
        with requests.Session() as session:
            remote = Remote(session, base_url)
            for kind, payload in remote.brands_and_campaigns(remote.brand_ids()):
                payloads[kind].append(payload)
            numbers = list(remote.listing("phone_number_campaigns", sort="phoneNumber"))
        return (
            mirror_rows_load(resource="brands", payloads=payloads["brand"])
            + mirror_rows_load(resource="campaigns", payloads=payloads["campaign"])
            + mirror_rows_load(resource="phone_numbers", payloads=numbers)
        )

    return run


def naive(base_url: str, brands: int) -> Callable[[], int]:
    import requests

    from tendlc.mapping.records import brand_values, campaign_values, phone_number_assignment_values
    from tendlc.models import Brand, Campaign, PhoneNumberAssignment

    def run() -> int:
        records = 0
        with requests.Session() as session:
            remote = Remote(session, base_url)
            brand_ids = remote.brand_ids()[:brands]
            for kind, payload in remote.brands_and_campaigns(brand_ids):
                records += 1
                if kind == "brand":
                    values = brand_values(payload)
                    Brand.objects.update_or_create(
                        brand_id=values.pop("brand_id"), defaults={**values, "raw": payload}
                    )
                else:
                    values = campaign_values(payload)
                    Campaign.objects.update_or_create(
                        campaign_id=values.pop("campaign_id"), defaults={**values, "raw": payload}
                    )
            for brand_id in brand_ids:
                for payload in remote.listing(
                    "phone_number_campaigns", **{"filter[telnyx_brand_id]": brand_id}
                ):
                    records += 1
                    values = phone_number_assignment_values(payload)
                    campaign = Campaign.objects.filter(campaign_id=values["telnyx_campaign_id"]).first()
                    PhoneNumberAssignment.objects.update_or_create(
                        phone_number=values.pop("phone_number"),
                        defaults={**values, "raw": payload, "campaign": campaign},
                    )
        return records

    return run


# --- the run --------------------------------------------------------------------------------------------


def setup_django(directory: Path) -> Callable[[], None]:
    """Settings for this process and a throwaway database migrated from scratch; answers its teardown."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-secret-key")
    os.environ["PORTAL_VAR_DIR"] = str(directory / "var")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{directory / 'unused.sqlite3'}")
    import django
    from django.conf import settings

    django.setup()
    # One log line per API request would drown the numbers.
    logging.getLogger("tendlc").setLevel(logging.WARNING)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        database.setdefault("TEST", {})["NAME"] = str(directory / "portal.sqlite3")
    from django.db import connection

    original = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return lambda: connection.creation.destroy_test_db(original, verbosity=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--brands", type=int, default=1_000)
    parser.add_argument("--campaigns-per-brand", type=int, default=5)
    parser.add_argument("--numbers-per-campaign", type=int, default=20)
    parser.add_argument(
        "--naive-brands", type=int, default=50, help="brands the naive sync (d) is measured on"
    )
    parser.add_argument(
        "--rate", type=float, default=1_000.0, help="cap on API requests per second (0: none)"
    )
    parser.add_argument(
        "--fault-brands", type=int, default=100, help="brands of the fault mix's sandbox (f), 0 to skip it"
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of (c) then (a); a/c compares their medians"
    )
    parser.add_argument("--only-faults", action="store_true", help="measure line (f) alone")
    options = parser.parse_args()

    # In memory where the machine has it: the comparison is of the sync's work, not of a shared disk's fsyncs.
    shm = Path("/dev/shm")  # noqa: S108 - a private TemporaryDirectory is made inside it
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temporary:
        directory = Path(temporary)
        sandbox, url = start_sandbox(directory)
        teardown = setup_django(directory)
        try:
            run(url, options)
        finally:
            teardown()
            sandbox.terminate()
            sandbox.join()


def run(url: str, options: argparse.Namespace) -> None:
    from django.db.backends.signals import connection_created

    meter = Meter()

    def count_queries(sender: Any, connection: Any, **kwargs: Any) -> None:
        # A connection object outlives its reconnections: wrap it once.
        if meter not in connection.execute_wrappers:
            connection.execute_wrappers.append(meter)

    connection_created.connect(count_queries, weak=False)
    if not options.only_faults:
        speed(url, options, meter)
    if options.fault_brands:
        faults(url, options, meter)


def header() -> None:
    print(
        f"{'':46} {'seconds':>8} {'records':>8} {'records/s':>10} {'queries':>8} {'rows':>8} {'[run]':>6}"
        f" {'peak MB':>8}"
    )


def speed(url: str, options: argparse.Namespace, meter: Meter) -> None:
    import requests
    from django.db import connection

    base_url = f"{url}/v2"
    seed = {
        "brands": options.brands,
        "campaignsPerBrand": options.campaigns_per_brand,
        "numbersPerCampaign": options.numbers_per_campaign,
    }
    started = time.perf_counter()
    seeded = requests.post(f"{url}/sandbox/seed", json=seed, timeout=600).json()
    print(
        f"sandbox: {seeded['brands']:,} brands, {seeded['campaigns']:,} campaigns, {seeded['phoneNumbers']:,} "
        f"number assignments, seeded in {time.perf_counter() - started:.1f} s\n"
        f"database: {connection.vendor}; API rate limit: {options.rate:g} requests/s; {PER_PAGE} records a page\n"
    )
    header()
    floors, syncs = [], []
    for round_ in range(1, options.rounds + 1):
        # The floor first: whatever the sandbox warms up (its pages, its remembered list totals) favours the sync.
        empty_tables()
        floors.append(
            measure(f"(c) floor: bare requests + one bulk insert #{round_}", meter, floor(base_url))
        )
        empty_tables()
        syncs.append(
            measure(f"(a) full sync, 1 worker #{round_}", meter, full_sync(base_url, 1, options.rate))
        )
    c, a = median_of(floors), median_of(syncs)
    b = measure("(b) re-sync, nothing changed", meter, full_sync(base_url, 1, options.rate))
    empty_tables()
    d = measure(
        f"(d) naive update_or_create, {options.naive_brands} brands",
        meter,
        naive(base_url, options.naive_brands),
    )
    requests.post(f"{url}/sandbox/faults", json={"latencyMs": LATENCY_MS, "probability": 1}, timeout=10)
    empty_tables()
    e1 = measure(
        f"(e1) full sync, +{LATENCY_MS} ms a request, 1 worker", meter, full_sync(base_url, 1, options.rate)
    )
    empty_tables()
    e4 = measure(
        f"(e4) full sync, +{LATENCY_MS} ms a request, 4 workers", meter, full_sync(base_url, 4, options.rate)
    )
    print(
        f"\na/c   = {a.seconds / c.seconds:6.2f}   (target at most 1.5; the medians of {options.rounds} rounds:"
        f" a {a.seconds:.2f} s, c {c.seconds:.2f} s)\n"
        f"(b)   = {b.rows} rows written   (target 0)\n"
        f"d/a   = {a.rate / d.rate:6.2f}   records per second of (a) over (d) (target at least 10)\n"
        f"e1/e4 = {e1.seconds / e4.seconds:6.2f}   (target at least 3)\n"
    )


def faults(url: str, options: argparse.Namespace, meter: Meter) -> None:
    """Line (f): a clean sync of the issue's size, then the same into empty tables under the fault mix."""
    import requests

    base_url = f"{url}/v2"
    # Each request that fails its tries logs a warning: hundreds of them here, by design.
    logging.getLogger("tendlc.client").setLevel(logging.ERROR)
    requests.delete(f"{url}/sandbox/faults", timeout=10).raise_for_status()
    requests.post(f"{url}/sandbox/reset", timeout=600).raise_for_status()
    seed = {"brands": options.fault_brands, "campaignsPerBrand": 5, "numbersPerCampaign": 20}
    seeded = requests.post(f"{url}/sandbox/seed", json=seed, timeout=600).json()
    print(
        f"fault mix: {seeded['brands']:,} brands, {seeded['campaigns']:,} campaigns, {seeded['phoneNumbers']:,}"
        f" number assignments; {FAULT_WORKERS} workers; client backoff 0.05 s (cap 0.5), unit backoff 0.05 s\n"
    )
    header()
    empty_tables()
    clean = measure(
        f"(f0) clean sync, {FAULT_WORKERS} workers",
        meter,
        full_sync(base_url, FAULT_WORKERS, options.rate, short_waits=True),
    )
    expected = mirror_rows()
    empty_tables()
    requests.post(f"{url}/sandbox/faults", json={"seed": FAULT_SEED}, timeout=10).raise_for_status()
    for rule in FAULT_MIX:
        requests.post(f"{url}/sandbox/faults", json=rule, timeout=10).raise_for_status()
    faulted = measure(
        "f. full sync under the fault mix",
        meter,
        full_sync(base_url, FAULT_WORKERS, options.rate, short_waits=True),
    )
    rules = requests.get(f"{url}/sandbox/faults", timeout=10).json()["faults"]
    requests.delete(f"{url}/sandbox/faults", timeout=10).raise_for_status()
    got = mirror_rows()
    missing = len(expected.keys() - got.keys())
    extra = len(got.keys() - expected.keys())
    different = sum(1 for key in expected.keys() & got.keys() if expected[key] != got[key])
    fired = ", ".join(
        f"{rule['status'] or 'drop'}: {rule['fired']}"
        + (f" (bursts of {rule['burst']})" if rule["burst"] > 1 else "")
        for rule in rules
    )
    print(
        f"\nfaults fired: {fired}\n"
        f"(f)   = {faulted.seconds:6.2f} s under the mix, {clean.seconds:.2f} s clean; "
        f"rows missing vs clean: {missing}, extra: {extra}, different: {different} (target 0); "
        f"numbers without their campaign: {numbers_without_campaign()} (target 0)"
    )


if __name__ == "__main__":
    main()
