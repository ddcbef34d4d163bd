"""The sandbox's state: one SQLite file, apart from the portal's database.

Each resource is a table keyed by its wire id, holding the wire document as JSON (``doc``) beside the few
columns that lists filter and sort on, each indexed, so a page of a 100,000-record collection is an index
walk, not a scan. One connection serialised by a lock: the sandbox is threaded, and SQLite writes are
serial anyway.
"""

import json
import logging
import sqlite3
import threading
import zlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS account_charges (
    id INTEGER PRIMARY KEY AUTOINCREMENT, charged_at REAL NOT NULL, kind TEXT NOT NULL, amount TEXT NOT NULL,
    description TEXT NOT NULL, brand_id TEXT, campaign_id TEXT);
CREATE INDEX IF NOT EXISTS account_charges_campaign ON account_charges (campaign_id, id);

CREATE TABLE IF NOT EXISTS brands (
    brand_id TEXT PRIMARY KEY, tcr_brand_id TEXT UNIQUE, created_at REAL NOT NULL,
    display_name TEXT, entity_type TEXT, state TEXT, country TEXT, identity_status TEXT, status TEXT,
    campaign_count INTEGER NOT NULL DEFAULT 0, doc TEXT NOT NULL, internal TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS brands_created ON brands (created_at, brand_id);
CREATE INDEX IF NOT EXISTS brands_display_name ON brands (display_name, brand_id);
CREATE INDEX IF NOT EXISTS brands_entity_type ON brands (entity_type, created_at, brand_id);
CREATE INDEX IF NOT EXISTS brands_identity_status ON brands (identity_status, created_at);
CREATE INDEX IF NOT EXISTS brands_status ON brands (status, created_at);
CREATE INDEX IF NOT EXISTS brands_campaign_count ON brands (campaign_count, brand_id);
-- B1 sorts break ties by brand_id; its filters by state or country list newest first.
CREATE INDEX IF NOT EXISTS brands_sort_identity_status ON brands (identity_status, brand_id);
CREATE INDEX IF NOT EXISTS brands_sort_status ON brands (status, brand_id);
CREATE INDEX IF NOT EXISTS brands_state ON brands (state, created_at, brand_id);
CREATE INDEX IF NOT EXISTS brands_country ON brands (country, created_at, brand_id);
CREATE INDEX IF NOT EXISTS brands_display_name_prefix ON brands (display_name COLLATE NOCASE, created_at, brand_id);
-- One brand per EIN: B2 and B4 look the EIN up.
CREATE INDEX IF NOT EXISTS brands_universal_ein ON brands (json_extract(doc, '$.universalEin'));

CREATE TABLE IF NOT EXISTS campaigns (
    campaign_id TEXT PRIMARY KEY, brand_id TEXT NOT NULL, tcr_campaign_id TEXT UNIQUE, reference_id TEXT UNIQUE,
    created_at REAL NOT NULL, status TEXT, campaign_status TEXT, number_count INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL, internal TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS campaigns_brand ON campaigns (brand_id, created_at, campaign_id);
CREATE INDEX IF NOT EXISTS campaigns_status ON campaigns (campaign_status);

CREATE TABLE IF NOT EXISTS appeals (
    id INTEGER PRIMARY KEY AUTOINCREMENT, campaign_id TEXT NOT NULL, appealed_at TEXT NOT NULL,
    reason TEXT NOT NULL, from_status TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS appeals_campaign ON appeals (campaign_id);

CREATE TABLE IF NOT EXISTS partner_campaigns (
    tcr_campaign_id TEXT PRIMARY KEY, tcr_brand_id TEXT, brand_display_name TEXT, campaign_status TEXT,
    created_at REAL NOT NULL, accepted INTEGER NOT NULL DEFAULT 0, number_count INTEGER NOT NULL DEFAULT 0,
    doc TEXT NOT NULL, accepted_at REAL, internal TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS partner_campaigns_created ON partner_campaigns (accepted, created_at, tcr_campaign_id);
CREATE INDEX IF NOT EXISTS partner_campaigns_id ON partner_campaigns (accepted, tcr_campaign_id);
CREATE INDEX IF NOT EXISTS partner_campaigns_numbers ON partner_campaigns (accepted, number_count, tcr_campaign_id);
CREATE INDEX IF NOT EXISTS partner_campaigns_brand_name
    ON partner_campaigns (accepted, brand_display_name, tcr_campaign_id);
CREATE INDEX IF NOT EXISTS partner_campaigns_brand ON partner_campaigns (accepted, tcr_brand_id, tcr_campaign_id);
CREATE INDEX IF NOT EXISTS partner_campaigns_status ON partner_campaigns (accepted, campaign_status, tcr_campaign_id);

CREATE TABLE IF NOT EXISTS shared_by_me (
    campaign_id TEXT PRIMARY KEY, brand_id TEXT NOT NULL, created_at REAL NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS shared_by_me_created ON shared_by_me (created_at);

CREATE TABLE IF NOT EXISTS phone_numbers (
    phone_number TEXT PRIMARY KEY, campaign_id TEXT NOT NULL, telnyx_campaign_id TEXT, telnyx_brand_id TEXT,
    tcr_campaign_id TEXT, tcr_brand_id TEXT, created_at REAL NOT NULL, assignment_status TEXT,
    doc TEXT NOT NULL);
-- N1 pages are index walks: every sort alone, every filter with the default sort, and a brand filter (which
-- may hold 100,000 numbers) with every sort; a campaign filter with another sort sorts the campaign's row ids
-- from a covering index.
CREATE INDEX IF NOT EXISTS phone_numbers_created ON phone_numbers (created_at, phone_number);
CREATE INDEX IF NOT EXISTS phone_numbers_status ON phone_numbers (assignment_status, phone_number);
CREATE INDEX IF NOT EXISTS phone_numbers_telnyx_campaign ON phone_numbers (telnyx_campaign_id, created_at, phone_number, assignment_status);
CREATE INDEX IF NOT EXISTS phone_numbers_tcr_campaign ON phone_numbers (tcr_campaign_id, created_at, phone_number, assignment_status);
CREATE INDEX IF NOT EXISTS phone_numbers_telnyx_brand ON phone_numbers (telnyx_brand_id, created_at, phone_number);
CREATE INDEX IF NOT EXISTS phone_numbers_telnyx_brand_status ON phone_numbers (telnyx_brand_id, assignment_status, phone_number);
CREATE INDEX IF NOT EXISTS phone_numbers_telnyx_brand_number ON phone_numbers (telnyx_brand_id, phone_number);
CREATE INDEX IF NOT EXISTS phone_numbers_tcr_brand ON phone_numbers (tcr_brand_id, created_at, phone_number);
CREATE INDEX IF NOT EXISTS phone_numbers_tcr_brand_status ON phone_numbers (tcr_brand_id, assignment_status, phone_number);
CREATE INDEX IF NOT EXISTS phone_numbers_tcr_brand_number ON phone_numbers (tcr_brand_id, phone_number);

CREATE TABLE IF NOT EXISTS sms_otps (
    reference_id TEXT PRIMARY KEY, brand_id TEXT NOT NULL, pin TEXT NOT NULL, created_at REAL NOT NULL,
    expires_at REAL NOT NULL, success_sms TEXT, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS sms_otps_brand ON sms_otps (brand_id, created_at);

CREATE TABLE IF NOT EXISTS vettings (
    vetting_id TEXT PRIMARY KEY, brand_id TEXT NOT NULL, evp_id TEXT NOT NULL, vetting_class TEXT,
    state TEXT NOT NULL, created_at REAL NOT NULL, doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS vettings_brand ON vettings (brand_id, created_at);

CREATE TABLE IF NOT EXISTS profile_numbers (
    messaging_profile_id TEXT NOT NULL, phone_number TEXT NOT NULL,
    PRIMARY KEY (messaging_profile_id, phone_number));

CREATE TABLE IF NOT EXISTS assignment_tasks (
    task_id TEXT PRIMARY KEY, created_at REAL NOT NULL, status TEXT NOT NULL, doc TEXT NOT NULL);

CREATE TABLE IF NOT EXISTS task_numbers (
    task_id TEXT NOT NULL, position INTEGER NOT NULL, phone_number TEXT NOT NULL, status TEXT NOT NULL,
    reason TEXT, PRIMARY KEY (task_id, position));
CREATE INDEX IF NOT EXISTS task_numbers_status ON task_numbers (task_id, status, position);
CREATE INDEX IF NOT EXISTS task_numbers_number ON task_numbers (task_id, phone_number);

CREATE TABLE IF NOT EXISTS scheduled (
    id INTEGER PRIMARY KEY AUTOINCREMENT, due_at REAL NOT NULL, kind TEXT NOT NULL, ref TEXT NOT NULL,
    data TEXT NOT NULL DEFAULT '{}');
CREATE INDEX IF NOT EXISTS scheduled_due ON scheduled (due_at, id);
-- Every active campaign keeps a renewal pending, and each status change cancels a campaign's steps by ref.
CREATE INDEX IF NOT EXISTS scheduled_ref ON scheduled (ref, kind);

CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
    created_at REAL NOT NULL, url TEXT, failover_url TEXT, payload TEXT NOT NULL, attempt INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL, state TEXT NOT NULL, attempts TEXT NOT NULL DEFAULT '[]');
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
"""


# Any change to SCHEMA changes the version, so a state file from another version is noticed on open.
SCHEMA_VERSION = zlib.crc32(SCHEMA.encode()) & 0x7FFFFFFF
KEPT_ACROSS_RESETS = ("signing_seed",)
MAX_REMEMBERED_COUNTS = 1024


class Store:
    def __init__(self, path: Path | str):
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._depth = 0
        self._counts: dict[tuple[str, tuple[Any, ...]], tuple[int, int]] = {}
        if self.scalar("PRAGMA user_version") != SCHEMA_VERSION:
            # State written by another version of the sandbox cannot be trusted to fit this schema, and it is
            # disposable demo data: start empty rather than fail on a missing column later.
            if self.scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"):
                logger.warning(
                    "%s was written by another sandbox version: starting with no records", self.path
                )
            self.reset()

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator["Store"]:
        """Everything inside is one SQLite transaction; nested uses join the outer one."""
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._conn.execute("ROLLBACK")
                    self._counts.clear()
                raise
            self._depth -= 1
            if outermost:
                self._conn.execute("COMMIT")

    @contextmanager
    def savepoint(self) -> Iterator["Store"]:
        """A part of the current transaction that an exception undoes alone, leaving the rest to commit."""
        with self._lock:
            if self._depth == 0:
                raise RuntimeError("a savepoint belongs inside a transaction")
            self._conn.execute("SAVEPOINT part")
            try:
                yield self
            except BaseException:
                self._conn.execute("ROLLBACK TO part")
                self._conn.execute("RELEASE part")
                self._counts.clear()
                raise
            self._conn.execute("RELEASE part")

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, params)

    def executemany(self, sql: str, rows: Iterator[Sequence[Any]] | Sequence[Sequence[Any]]) -> None:
        with self._lock:
            self._conn.executemany(sql, rows)

    def one(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Any:
        row = self.one(sql, params)
        return None if row is None else row[0]

    def count(self, sql: str, params: Sequence[Any] = ()) -> int:
        """A ``SELECT COUNT(*)`` answer, remembered until the next write.

        List pages ask the same total page after page, and counting 100,000 index entries costs about 9 ms;
        ``total_changes`` moves with every row written, which is what makes a remembered count stale.
        """
        key = (sql, tuple(params))
        with self._lock:
            changes = self._conn.total_changes
            remembered = self._counts.get(key)
            if remembered is not None and remembered[0] == changes:
                return remembered[1]
            value = int(self._conn.execute(sql, params).fetchone()[0])
            if len(self._counts) >= MAX_REMEMBERED_COUNTS:
                self._counts.clear()
            self._counts[key] = (changes, value)
            return value

    def doc(self, table: str, key_column: str, key: str) -> dict[str, Any] | None:
        row = self.one(f"SELECT doc FROM {table} WHERE {key_column} = ?", (key,))  # noqa: S608 - fixed names
        return None if row is None else json.loads(row["doc"])

    def meta_get(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM meta WHERE key = ?", (key,))
        return default if value is None else value

    def meta_set(self, key: str, value: str) -> None:
        self.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    def reset(self) -> None:
        """Drop every record; keys in ``KEPT_ACROSS_RESETS`` (the webhook signing key) survive."""
        with self._lock:
            tables = [
                row["name"]
                for row in self._conn.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            kept = (
                self._conn.execute(
                    f"SELECT key, value FROM meta WHERE key IN ({','.join('?' * len(KEPT_ACROSS_RESETS))})",  # noqa: S608
                    KEPT_ACROSS_RESETS,
                ).fetchall()
                if "meta" in tables
                else []
            )
            for table in tables:
                self._conn.execute(f"DROP TABLE {table}")
            self._conn.executescript(SCHEMA)
            self._conn.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?)", [tuple(row) for row in kept]
            )
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


# One encoder for every write: ``json.dumps`` with separators builds a new one per call.
_compact = json.JSONEncoder(separators=(",", ":")).encode


def dumps(doc: Mapping[str, Any]) -> str:
    return _compact(doc)
