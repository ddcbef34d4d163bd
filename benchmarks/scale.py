"""Every admin page, every REST API list and the dashboard at 1,000,000 numbers on PostgreSQL (issue 19).

1. Data: the 10DLC sandbox in a child process (as ``benchmarks/sync.py`` starts it) seeded through its seed
   route (``POST /sandbox/seed``: brands x campaigns a brand x numbers a campaign; 1,000 x 5 x 200 = 1M by
   default), and a throwaway PostgreSQL database filled by the portal's own full sync (4 workers). Timeline
   entries, audit entries and webhook events that neither the sync nor the seed makes are added by bulk insert
   up to ``--events`` each, and the output says how many.
2. Serving: gunicorn with 3 workers on that database, as ``docker/`` runs it, behind what the benchmark sends as
   a TLS proxy would (``X-Forwarded-Proto: https``), so the production security settings stay as they are. A
   superuser's real session cookie for the admin, an API token for the REST API. Two bench-only settings: the
   API's throttle is raised (every request here is one user's) and static files are served unhashed (no
   ``collectstatic``).
3. Measured: each page over HTTP, sequentially, after a warm-up: median and p95 in ms over ``--repeat``
   requests (fewer when a page has used up ``--page-seconds``: the count is printed), its size, and its SQL
   queries counted in this process with Django's test client at the same data size, beside the same page's
   count on a second database of 100 numbers. Target: 300 ms median, and no more queries than there (the
   dashboard makes fewer at 1M: it reads the worker's count of numbers instead of counting them).

Nothing fails the run unless ``--check`` is given: then the exit status is 1 when any page misses its target.
Ctrl-C or an error stops gunicorn and the sandbox and drops both databases.

Run: ``make bench-scale`` (1M numbers, about a quarter of an hour here), or
``.venv/bin/python benchmarks/scale.py --numbers 100000`` for a quicker run; ``--brands 2000`` gives 10,000
campaigns. Needs ``DATABASE_URL`` (or ``--database-url``) naming a PostgreSQL server the benchmark may create
databases on.
"""

import argparse
import contextlib
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300.0
SMALL_SEED = {"brands": 4, "campaignsPerBrand": 5, "numbersPerCampaign": 5}  # 100 numbers
SYNC_WORKERS = 4
GUNICORN_WORKERS = 3
# An API list answers 50 rows a page, by number for its first 10,000 rows (tendlc.api.pagination).
API_PAGE_SIZE = 50
API_PAGE_DEPTH = 10_000
# Cursor pages are followed this far for the "deep" cursor page: each costs the same wherever it is.
CURSOR_HOPS = 3
SEARCH_TERM = "Seed"  # every seeded brand and campaign name holds it
# Lists whose rows name a phone number are searched for one, as a person would (10 digits), or as the whole
# E.164 number where the list's search is exact (tendlc.selectors.search).
NUMBER_LISTS = {"number-assignments", "webhook-events", "audit-log"}
EXACT_NUMBER_LISTS = {"status-changes"}
BENCH_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    "DJANGO_STATIC_MANIFEST": "0",
    "API_THROTTLE_RATE": "1000000/min",
}
HTTPS = {"X-Forwarded-Proto": "https"}


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


@contextlib.contextmanager
def step(what: str) -> Iterator[None]:
    started = time.perf_counter()
    progress(f"{what} ...")
    yield
    progress(f"{what}: {time.perf_counter() - started:.1f} s")


# --- databases ------------------------------------------------------------------------------------------


class Databases:
    """Throwaway databases on the server ``url`` names, dropped again however the run ends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.created: list[str] = []

    def _admin(self) -> Any:
        import psycopg

        parts = urlsplit(self.url)
        return psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True)

    def create(self, name: str, template: str = "template1") -> str:
        with self._admin() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.created.append(name)
        return urlunsplit(urlsplit(self.url)._replace(path=f"/{name}"))

    def server_version(self) -> str:
        with self._admin() as connection:
            return str(connection.execute("SHOW server_version").fetchone()[0])

    def drop_all(self) -> None:
        with self._admin() as connection:
            for name in self.created:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.clear()


def use_database(name: str, *, migrate: bool) -> None:
    """Point this process's Django connection at database ``name``, migrating it if asked."""
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    # The sync's worker threads open their connections from the settings, this thread's from its own copy.
    settings.DATABASES["default"]["NAME"] = connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()
    if migrate:
        call_command("migrate", verbosity=0, interactive=False)
        connection.close()


# --- data -----------------------------------------------------------------------------------------------


def seed_sandbox(url: str, counts: dict[str, int]) -> dict[str, Any]:
    import requests

    requests.post(f"{url}/sandbox/reset", timeout=600).raise_for_status()
    response = requests.post(f"{url}/sandbox/seed", json=counts, timeout=3600)
    response.raise_for_status()
    return dict(response.json())


def sync_portal(url: str) -> None:
    from sync import full_sync

    full_sync(f"{url}/v2", SYNC_WORKERS, 0)()


def top_up(events: int) -> str:
    """Bulk-insert timeline entries, audit entries and webhook events up to ``events`` rows each, spread over
    the last 30 days and about the synced records; answers what was there and what was added."""
    import hashlib
    import json
    import random
    from datetime import timedelta

    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.utils import timezone

    from tendlc.models import AuditEntry, PhoneNumberAssignment, StatusChange, WebhookEvent

    chooser = random.Random(19)  # noqa: S311 - sample data, not secrets
    searched = PhoneNumberAssignment.objects.values_list(
        "phone_number", "telnyx_campaign_id", "brand_id"
    ).get(pk=middle(PhoneNumberAssignment).pk)
    numbers = list(
        PhoneNumberAssignment.objects.order_by("?").values_list(
            "phone_number", "telnyx_campaign_id", "brand_id"
        )[:1000]
    )
    now = timezone.now()
    number_type = ContentType.objects.get_for_model(PhoneNumberAssignment)
    report = []

    def pick(index: int) -> tuple[str, str, str]:
        # The first row of each table is about the number the searches look for, so each finds a row.
        return searched if index == 0 else chooser.choice(numbers)

    def rows(model: Any, make: Callable[[int], Any]) -> None:
        existing = model.objects.count()
        wanted = max(events - existing, 0)
        for start in range(0, wanted, 5_000):
            model.objects.bulk_create([make(start + index) for index in range(min(5_000, wanted - start))])
        report.append(
            f"{model._meta.verbose_name_plural}: {existing:,} made by the sync, {wanted:,} inserted"
        )

    def status_change(index: int) -> StatusChange:
        number, campaign, brand = pick(index)
        return StatusChange(
            changed_at=now - timedelta(minutes=index % 43_200),
            subject="number_assignment",
            record_id=number,
            brand_id=brand,
            campaign_id=campaign,
            field="assignment_status",
            old_value="PENDING_ASSIGNMENT",
            new_value="ASSIGNED",
            cause="webhook_event",
        )

    def audit_entry(index: int) -> AuditEntry:
        number = pick(index)[0]
        return AuditEntry(
            at=now - timedelta(minutes=index % 43_200),
            username="bench",
            action="number.assign",
            target_type=number_type,
            target_id=str(index),
            target_repr=number,
            request_summary={"phone_number": number},
            outcome="succeeded",
        )

    def webhook_event(index: int) -> WebhookEvent:
        number, campaign, brand = pick(index)
        payload = {"phoneNumber": number, "campaignId": campaign, "brandId": brand, "status": "ASSIGNED"}
        body = json.dumps(
            {"data": {"id": f"bench-{index}", "event_type": "10dlc.phone_number.update", "payload": payload}}
        )
        return WebhookEvent(
            event_id=f"bench-{index}",
            body_hash=hashlib.sha256(body.encode()).hexdigest(),
            event_type="10dlc.phone_number.update",
            payload_type="ASSIGNMENT",
            campaign_id=campaign,
            brand_id=brand,
            phone_number=number,
            occurred_at=now - timedelta(minutes=index % 43_200),
            received_at=now - timedelta(minutes=index % 43_200),
            payload=payload,
            body=body,
            state="processed",
            processed_at=now,
            attempts=1,
        )

    rows(StatusChange, status_change)
    # Their "when" is set on insert; spread like a month's traffic instead, one a minute, as inserted (an UPDATE
    # afterwards rewrites every row and its indexes: minutes at this size).
    with inserted_as_given(AuditEntry, "at"), inserted_as_given(WebhookEvent, "received_at"):
        rows(AuditEntry, audit_entry)
        rows(WebhookEvent, webhook_event)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return "; ".join(report)


@contextlib.contextmanager
def inserted_as_given(model: Any, name: str) -> Iterator[None]:
    """``model``'s ``auto_now_add`` field ``name`` keeps the value given while inserting."""
    field = model._meta.get_field(name)
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


@dataclass
class Caller:
    """Who the pages are asked for: a superuser's session and an API token of the same user."""

    session_key: str
    token: str


def caller_make() -> Caller:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tendlc.models import ApiToken
    from tendlc.services.api_tokens import api_token_issue

    user = get_user_model().objects.create_superuser("bench", "bench@example.com", "bench-password-19")
    client = Client()
    client.force_login(user)
    token = api_token_issue(token=ApiToken(user=user, name="scale benchmark"))
    return Caller(session_key=client.cookies["sessionid"].value, token=token)


# --- the pages ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page:
    what: str
    path: str
    api: bool = False


def spaced(number: str) -> str:
    """``+12025550101`` as a person types it: ``+1 202 555 0101``."""
    digits = number[2:]
    return f"+1 {digits[:3]} {digits[3:6]} {digits[6:]}"


def middle(model: Any) -> Any:
    """A record from the middle of ``model``'s table: neither the newest nor the oldest."""
    return model.objects.order_by("pk")[model.objects.count() // 2]


def admin_pages() -> list[Page]:
    """The admin's pages at this database's size: records picked from the middle of each table."""
    from django.urls import reverse

    from tendlc.admin.numbers.assignment import PhoneNumberAssignmentAdmin
    from tendlc.admin.pagination import COUNT_CAP
    from tendlc.models import AuditEntry, Brand, Campaign, PhoneNumberAssignment, StatusChange, WebhookEvent

    def changelist(model: Any) -> str:
        return reverse(f"admin:tendlc_{model._meta.model_name}_changelist")

    def change(record: Any) -> str:
        return reverse(f"admin:tendlc_{record._meta.model_name}_change", args=[record.pk])

    number = middle(PhoneNumberAssignment)
    campaign, brand = number.campaign, number.campaign.brand
    numbers = changelist(PhoneNumberAssignment)
    # The deepest page the list offers: it counts at most COUNT_CAP rows (tendlc.admin.pagination).
    last_page = math.ceil(
        min(PhoneNumberAssignment.objects.count(), COUNT_CAP) / PhoneNumberAssignmentAdmin.list_per_page
    )
    return [
        Page("dashboard", reverse("admin:index")),
        Page("admin numbers list", numbers),
        Page(
            "admin number search '+1 ddd ddd dddd'",
            f"{numbers}?{urlencode({'q': spaced(number.phone_number)})}",
        ),
        Page("admin number search 10 digits", f"{numbers}?{urlencode({'q': number.phone_number[2:]})}"),
        Page(
            "admin number search prefix (6 digits)", f"{numbers}?{urlencode({'q': number.phone_number[2:8]})}"
        ),
        Page("admin numbers of a campaign", f"{numbers}?campaign__id__exact={campaign.pk}"),
        Page("admin numbers of a brand", f"{numbers}?campaign__brand__brand_id__exact={brand.brand_id}"),
        Page("admin numbers deepest page offered", f"{numbers}?p={last_page}"),
        Page("admin number change page", change(number)),
        Page("admin brands list", changelist(Brand)),
        Page("admin brand change page", change(brand)),
        Page("admin campaigns list", changelist(Campaign)),
        Page("admin campaign change page", change(campaign)),
        Page("admin timeline list", changelist(StatusChange)),
        Page("admin audit list", changelist(AuditEntry)),
        Page("admin webhook events list", changelist(WebhookEvent)),
    ]


def api_pages(get: Callable[[str], Any]) -> list[Page]:
    """Every list of the REST API's router: its first page, its search where it has one, and a deep page (the
    last page by number, or a few ``next`` links on where the list is a cursor's). ``get`` answers a path's
    JSON, to find how deep a list goes."""
    from django.urls import reverse

    from tendlc.api.urls import router
    from tendlc.models import PhoneNumberAssignment

    number = middle(PhoneNumberAssignment).phone_number
    pages = []
    for prefix, viewset, basename in router.registry:
        if "list" not in dir(viewset):
            continue
        path = reverse(f"api:{basename}-list")
        pages.append(Page(f"API {prefix}", path, api=True))
        if getattr(viewset, "search_fields", None):
            term = (
                number[2:]
                if prefix in NUMBER_LISTS
                else number
                if prefix in EXACT_NUMBER_LISTS
                else SEARCH_TERM
            )
            pages.append(Page(f"API {prefix} search", f"{path}?{urlencode({'search': term})}", api=True))
        deep = deep_page(path, get)
        if deep:
            pages.append(Page(f"API {prefix} deep page", deep, api=True))
    return pages


def deep_page(path: str, get: Callable[[str], Any]) -> str | None:
    """The last page by number, or the page ``CURSOR_HOPS`` ``next`` links on where the list is a cursor's (from
    its deepest page by number where it holds more rows than it counts); None where the list has one page."""
    body = get(path)
    if not isinstance(body, dict):
        return None
    if body.get("count") is None and "page=" in (body.get("next") or ""):
        # More rows than the list counts: its deepest page by number links on by cursor.
        body = get(f"{path}?page={API_PAGE_DEPTH // API_PAGE_SIZE}")
    following = body.get("next")
    if following and "cursor=" in following:
        for _ in range(CURSOR_HOPS - 1):
            hop = get(relative(following)).get("next")
            if not hop:
                break
            following = hop
        return relative(following)
    if isinstance(body.get("count"), int) and body["count"] > API_PAGE_SIZE:
        last = math.ceil(body["count"] / API_PAGE_SIZE)
        return f"{path}?page={last}"
    return None


def relative(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))


# --- query counts, in this process ----------------------------------------------------------------------


class InProcess:
    """The pages through Django's test client on this process's database, as the caller."""

    def __init__(self, caller: Caller) -> None:
        from django.test import Client

        self.client = Client(raise_request_exception=False)
        self.client.cookies["sessionid"] = caller.session_key
        self.token = caller.token

    def get(self, path: str) -> Any:
        return self.client.get(path, secure=True, HTTP_AUTHORIZATION=f"Token {self.token}")

    def json(self, path: str) -> Any:
        response = self.get(path)
        return response.json() if response.status_code == 200 else None

    def queries(self, page: Page) -> int | str:
        """The page's SQL queries on its second request (the first fills per-process caches)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.get(page.path)
        with CaptureQueriesContext(connection) as captured:
            response = self.get(page.path)
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        return len(captured.captured_queries)


def query_counts(caller: Caller) -> tuple[list[Page], dict[str, int | str]]:
    here = InProcess(caller)
    pages = admin_pages() + api_pages(here.json)
    counts = {}
    for page in pages:
        counts[page.what] = here.queries(page)
    return pages, counts


# --- timing over HTTP -----------------------------------------------------------------------------------


def start_gunicorn(database_url: str, directory: Path, port: int) -> subprocess.Popen[bytes]:
    log = (directory / "gunicorn.log").open("wb")
    environment = {**os.environ, **BENCH_ENV, "DATABASE_URL": database_url, "PORTAL_VAR_DIR": str(directory)}
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "portal.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(GUNICORN_WORKERS),
        "--timeout",
        "300",
    ]
    # A session of its own, so stopping it stops its workers too.
    return subprocess.Popen(  # noqa: S603 - this virtualenv's gunicorn, arguments of our own
        command, cwd=ROOT, env=environment, stdout=log, stderr=log, start_new_session=True
    )


def wait_until_serving(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    import requests

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped (exit {server.returncode}):\n{log.read_text()[-3000:]}")
        # Its workers import the whole project first: tens of seconds on a busy machine.
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/healthz", headers=HTTPS, timeout=60).status_code == 200:
                return
        time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer /healthz within 3 minutes:\n{log.read_text()[-3000:]}")


def stop(server: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


@dataclass
class Timing:
    median_ms: float
    p95_ms: float
    kb: float
    samples: int
    status: int


def time_page(session: Any, base: str, page: Page, options: argparse.Namespace) -> Timing:
    def once() -> tuple[float, Any]:
        started = time.perf_counter()
        response = session.get(base + page.path, timeout=300, allow_redirects=False)
        return (time.perf_counter() - started) * 1000, response

    for _ in range(options.warmup):
        once()
    elapsed, response = once()
    times = [elapsed]
    while len(times) < options.repeat and (len(times) < 5 or sum(times) < options.page_seconds * 1000):
        elapsed, response = once()
        times.append(elapsed)
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, math.ceil(0.95 * len(ordered)) - 1)]
    return Timing(
        statistics.median(times), p95, len(response.content) / 1024, len(times), response.status_code
    )


# --- the run --------------------------------------------------------------------------------------------


def setup_django(database_url: str, directory: Path) -> None:
    import secrets

    os.environ.update(BENCH_ENV)
    # The portal refuses to serve with a weak key: a strong one for this run alone.
    os.environ["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    os.environ["DATABASE_URL"] = database_url
    os.environ["PORTAL_VAR_DIR"] = str(directory)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import logging

    import django

    django.setup()
    # One log line per API request of the sync would drown the progress lines.
    logging.getLogger("tendlc").setLevel(logging.WARNING)
    logging.getLogger("axes").setLevel(logging.WARNING)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--numbers", type=int, default=1_000_000)
    parser.add_argument("--brands", type=int, default=1_000, help="2000 gives 10,000 campaigns")
    parser.add_argument("--campaigns-per-brand", type=int, default=5)
    parser.add_argument("--events", type=int, default=100_000, help="timeline, audit and webhook rows each")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests a page at most")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests a page first")
    parser.add_argument(
        "--page-seconds",
        type=float,
        default=15.0,
        help="stop timing a page after this long (5 requests at least)",
    )
    parser.add_argument("--port", type=int, default=8019)
    parser.add_argument("--check", action="store_true", help="exit 1 when any page misses its target")
    options = parser.parse_args()
    if not options.database_url.startswith(("postgres://", "postgresql://")):
        parser.error(
            "needs PostgreSQL: set DATABASE_URL or --database-url to postgres://user@host:port/any "
            "(the benchmark creates and drops its own databases there); SQLite would not say anything about "
            "production"
        )
    per_campaign, left = divmod(options.numbers, options.brands * options.campaigns_per_brand)
    if left or not per_campaign:
        parser.error("--numbers must be a multiple of --brands x --campaigns-per-brand")
    options.numbers_per_campaign = per_campaign
    return options


def main() -> None:
    options = arguments()
    # benchmarks/sync.py starts and fills the sandbox, as it does for the sync's own benchmark.
    sys.path.insert(0, str(ROOT / "benchmarks"))
    # SIGTERM ends the run like Ctrl-C, through the same clean-up.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    databases = Databases(options.database_url)
    shm = Path("/dev/shm")  # noqa: S108 - a private TemporaryDirectory is made inside it
    with tempfile.TemporaryDirectory(dir=shm if shm.is_dir() else None) as temporary:
        directory = Path(temporary)
        sandbox, servers = None, []
        try:
            small_name, large_name = f"bench_scale_small_{os.getpid()}", f"bench_scale_{os.getpid()}"
            small_url = databases.create(small_name)
            setup_django(small_url, directory)
            from sync import start_sandbox

            sandbox, sandbox_url = start_sandbox(directory)
            print_machine(databases, options)
            with step("migrate an empty database, and copy it for the large one"):
                use_database(small_name, migrate=True)
                large_url = databases.create(large_name, template=small_name)
            small = measure_small(sandbox_url, small_name)
            run_large(sandbox_url, large_url, directory, options, small, servers)
        except KeyboardInterrupt:
            progress("interrupted: cleaning up")
            raise SystemExit(130) from None
        finally:
            for server in servers:
                stop(server)
            if sandbox is not None:
                sandbox.terminate()
                sandbox.join()
            from django.db import connections

            connections.close_all()
            databases.drop_all()


def print_machine(databases: Databases, options: argparse.Namespace) -> None:
    campaigns = options.brands * options.campaigns_per_brand
    print(
        f"machine: {os.cpu_count()} cores, load {' '.join(f'{x:.1f}' for x in os.getloadavg())}; "
        f"Python {platform.python_version()}; PostgreSQL {databases.server_version()}\n"
        f"size: {options.brands:,} brands, {campaigns:,} campaigns, {options.numbers:,} numbers "
        f"({options.numbers_per_campaign:,} a campaign); up to {options.events:,} timeline, audit and webhook rows\n"
        f"serving: gunicorn, {GUNICORN_WORKERS} sync workers; {options.warmup} warm-up + up to {options.repeat} "
        f"timed requests a page, one at a time\n",
        flush=True,
    )


def measure_small(sandbox_url: str, name: str) -> dict[str, int | str]:
    with step("100 numbers: seed, sync, count each page's queries"):
        use_database(name, migrate=False)
        seed_sandbox(sandbox_url, SMALL_SEED)
        sync_portal(sandbox_url)
        count_as_beat_does()
        top_up(100)
        _, counts = query_counts(caller_make())
    return counts


def count_as_beat_does() -> None:
    """The count of numbers assigned that beat has a worker make every 5 minutes, made once here."""
    from tendlc.services.dashboard_counts import numbers_assigned_count_record

    numbers_assigned_count_record()


def run_large(
    sandbox_url: str,
    large_url: str,
    directory: Path,
    options: argparse.Namespace,
    small: dict[str, int | str],
    servers: list[subprocess.Popen[bytes]],
) -> None:
    """Fill the large database, serve it (the server joins ``servers``, which the caller stops) and measure."""
    import requests

    use_database(urlsplit(large_url).path.lstrip("/"), migrate=False)
    seed = {
        "brands": options.brands,
        "campaignsPerBrand": options.campaigns_per_brand,
        "numbersPerCampaign": options.numbers_per_campaign,
    }
    with step(f"seed the sandbox through POST /sandbox/seed {seed}"):
        seeded = seed_sandbox(sandbox_url, seed)
    progress(
        f"sandbox holds {seeded['brands']:,} brands, {seeded['campaigns']:,} campaigns, "
        f"{seeded['phoneNumbers']:,} numbers"
    )
    with step(f"full sync into PostgreSQL, {SYNC_WORKERS} workers, no rate limit"):
        sync_portal(sandbox_url)
    with step("timeline, audit and webhook rows"):
        progress(top_up(options.events))
    with step("count the numbers assigned, as a worker does every 5 minutes"):
        count_as_beat_does()
    caller = caller_make()
    with step("count each page's queries in-process"):
        pages, counts = query_counts(caller)
    server = start_gunicorn(large_url, directory, options.port)
    servers.append(server)
    base = f"http://127.0.0.1:{options.port}"
    wait_until_serving(base, server, directory / "gunicorn.log")
    session = requests.Session()
    session.headers.update(HTTPS)
    session.cookies.set("sessionid", caller.session_key)
    api = requests.Session()
    api.headers.update({**HTTPS, "Authorization": f"Token {caller.token}"})
    results = []
    with step(f"time {len(pages)} pages over HTTP"):
        for page in pages:
            timing = time_page(api if page.api else session, base, page, options)
            results.append((page, timing))
            progress(f"  {page.what}: {timing.median_ms:.0f} ms ({timing.samples} requests) {page.path}")
    missed = report(results, counts, small)
    if options.check and missed:
        raise SystemExit(1)


def report(
    results: list[tuple[Page, Timing]], counts: dict[str, int | str], small: dict[str, int | str]
) -> int:
    """Print the table; answers how many pages missed a target."""
    print(
        f"\n{'what':52} {'median ms':>9} {'p95 ms':>8} {'KB':>7} {'n':>3} {'queries':>7} {'at 100':>7}"
        f" {'':5} {'target':>6}"
    )
    fast_pages = differing = 0
    for page, timing in results:
        big, little = counts.get(page.what, "-"), small.get(page.what, "-")
        # A deep page needs more than one page of rows: at 100 numbers some lists have one, so nothing compares.
        equal = (
            "n/a" if little == "-" else ("equal" if big == little else ("fewer" if big < little else "MORE"))
        )
        fast = timing.status == 200 and timing.median_ms <= TARGET_MS
        verdict = "ok" if fast else ("MISS" if timing.status == 200 else f"HTTP {timing.status}")
        fast_pages += fast
        differing += equal == "MORE"
        print(
            f"{page.what[:52]:52} {timing.median_ms:9.0f} {timing.p95_ms:8.0f} {timing.kb:7.0f} {timing.samples:3d}"
            f" {big!s:>7} {little!s:>7} {equal:5} {verdict:>6}"
        )
    print(
        f"\n{fast_pages} of {len(results)} pages under {TARGET_MS:.0f} ms median; {differing} with more queries "
        "than at 100 numbers (n/a: no deep page at 100 numbers)\n"
        # Times scale with whatever else the machine runs: a load above its cores makes every figure larger.
        f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )
    return len(results) - fast_pages + differing


if __name__ == "__main__":
    main()
