"""Writing one listed page onto its mirror table: one read of the stored rows, one upsert of what changed.

The number of queries grows with pages, not with records: the page's stored rows are read in one query (by
remote id, only the mapped columns) and the new and changed records are written by one
``INSERT ... ON CONFLICT (remote id) DO UPDATE`` (split into batches only where the database caps the number of
variables in a statement: SQLite's 999 makes that a few statements for a 500-record page).

The status changes among the changed rows (``tendlc.services.timeline``) are found from the same read of the
stored rows and written by one more INSERT, in the upsert's transaction; a page without one costs nothing more.

What counts as a change: any mapped column (``tendlc.mapping``) differing from the stored row, or the row being
marked gone remotely. A payload that differs only in keys no column mirrors is *not* written: the raw payload is
kept as of the last change to what the portal shows, so a re-sync of an unchanged API writes nothing at all
(no row, no ``changed_at`` bump). ``synced_at`` likewise says when the row was last written by a sync; the
SyncRun's end says when everything was last confirmed.

An upsert rather than an insert for new records: two units that both see a record as new (a page boundary that
shifted under a concurrent change, a redelivered task) then write it once instead of failing.
"""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from itertools import islice
from typing import Any

from django.db import connection, models, transaction
from django.db.models import QuerySet

from tendlc.mapping import convert
from tendlc.models import StatusChange
from tendlc.models.base import RemoteRecord
from tendlc.services.timeline import status_changes_between, status_changes_save, tracked_columns

# Keys updated per statement when marking rows gone: well inside every database's variable limit.
MARK_BATCH = 500


@dataclass(frozen=True)
class Mirror:
    """How one resource is mirrored: its counts key, model, remote id column and mapping function."""

    resource: str
    model: type[RemoteRecord]
    key: str
    values: Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    skipped: int = 0

    def add(self, other: "Tally") -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


Record = tuple[Mapping[str, Any], dict[str, Any]]


def stored_rows(mirror: Mirror, keys: Iterable[str], fields: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The stored rows for ``keys``: their ``fields``, remote id and ``remote_deleted_at``, by remote id."""
    keys = list(keys)
    if not keys:
        return {}
    columns = {mirror.key, "remote_deleted_at", *fields}
    rows = mirror.model.objects.filter(**{f"{mirror.key}__in": keys}).order_by().values(*columns)
    return {row[mirror.key]: row for row in rows}


def differs(row: Mapping[str, Any], values: Mapping[str, Any]) -> bool:
    return row["remote_deleted_at"] is not None or any(row[name] != value for name, value in values.items())


def page_write(mirror: Mirror, records: Sequence[Record], *, now: datetime) -> Tally:
    """Write the page's ``(payload, column values)`` records; a record repeated in the page counts once."""
    by_key: dict[str, Record] = {}
    for payload, values in records:
        by_key[values[mirror.key]] = (payload, values)
    tally = Tally()
    fields = set().union(*(values for _, values in by_key.values())) if by_key else set()
    stored = stored_rows(mirror, by_key, fields | tracked_columns(mirror.model))
    changed: list[Record] = []
    updated: list[tuple[Mapping[str, Any], Mapping[str, Any]]] = []
    for key, (payload, values) in by_key.items():
        row = stored.get(key)
        if row is None:
            tally.created += 1
        elif differs(row, values):
            tally.updated += 1
            updated.append((row, values))
        else:
            tally.unchanged += 1
            continue
        changed.append((payload, values))
    if changed:
        upsert(mirror, changed, now=now, timeline=status_changes_between(mirror.model, updated, at=now))
    return tally


def upsert(
    mirror: Mirror, records: Sequence[Record], *, now: datetime, timeline: Sequence[StatusChange] = ()
) -> None:
    """Insert or overwrite ``records``, each statement updating exactly the columns its payloads carried: a
    partial payload never blanks a column it did not mention; write the ``timeline`` entries with them.
    Parameters are prepared before the transaction opens, so the write lock is held for the statements
    alone."""
    groups: dict[frozenset[str], list[Record]] = {}
    for payload, values in records:
        groups.setdefault(frozenset(values), []).append((payload, values))
    local = {"synced_at": now, "remote_deleted_at": None, "recorded_at": now, "changed_at": now}
    statements = []
    for columns, group in groups.items():
        statement = upsert_statement(mirror.model, mirror.key, columns)
        statements.append((statement.sql, statement.rows(group, local)))
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, rows in statements:
            cursor.executemany(sql, rows)
        status_changes_save(timeline)


class UpsertStatement:
    """``INSERT ... ON CONFLICT (remote id) DO UPDATE`` for one model and one set of mirrored columns.

    Written out rather than left to ``bulk_create(update_conflicts=True)``, which prepares every value through
    the query compiler and so spent most of a sync's time (measured: 260 microseconds a number assignment).
    Here values the driver takes as they are pass untouched, times and JSON are adapted as Django adapts them,
    and the columns every row of a page shares (``synced_at``, defaults) are adapted once per page. New rows
    take every column, defaults where the payload is silent; existing rows are updated in the mirrored and
    local columns only.
    """

    LOCAL = ("raw", "synced_at", "remote_deleted_at", "changed_at")

    def __init__(self, model: type[RemoteRecord], key: str, columns: frozenset[str]) -> None:
        quote = connection.ops.quote_name
        fields = [field for field in model._meta.concrete_fields if not field.primary_key]
        self.fields = fields
        self.plan = [(field.attname, _adapter(field)) for field in fields]
        updated = [f.column for f in fields if f.attname in columns - {key} or f.attname in self.LOCAL]
        table = quote(model._meta.db_table)
        names = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        conflict = quote(convert.column(model, key).column)
        updates = ", ".join(f"{quote(column)} = EXCLUDED.{quote(column)}" for column in updated)
        self.sql = (
            f"INSERT INTO {table} ({names}) VALUES ({marks}) ON CONFLICT ({conflict}) DO UPDATE SET {updates}"  # noqa: S608 - quoted model names only; values are parameters
        )

    def rows(self, records: Sequence[Record], local: Mapping[str, Any]) -> list[tuple[Any, ...]]:
        """One parameter tuple per record: its values, the payload as ``raw``, ``local`` values, defaults."""
        shared = {}
        for column, (name, adapt) in zip(self.fields, self.plan, strict=True):
            value = local[name] if name in local else column.get_default()
            shared[name] = value if adapt is None else adapt(value)
        rows = []
        for payload, values in records:
            row = []
            for name, adapt in self.plan:
                if name in values:
                    value = values[name]
                elif name == "raw":
                    value = payload
                else:
                    row.append(shared[name])
                    continue
                row.append(value if adapt is None else adapt(value))
            rows.append(tuple(row))
        return rows


def _adapter(field: Any) -> Callable[[Any], Any] | None:
    """How a column's Python value becomes a query parameter; None where the driver takes it as it is."""
    if isinstance(field, models.DateTimeField):
        if connection.vendor != "sqlite":
            return None
        # Django's SQLite adaptation (naive in the connection's zone, as text) without its per-call checks.
        zone = connection.timezone
        return lambda value: None if value is None else str(value.astimezone(zone).replace(tzinfo=None))
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else connection.ops.adapt_json_value(value, field.encoder)
    if isinstance(field, models.CharField | models.TextField | models.BooleanField | models.IntegerField):
        return None
    if isinstance(field, models.ForeignKey):
        return None
    return lambda value: field.get_db_prep_save(value, connection)


_statements: dict[tuple[str, type[RemoteRecord], frozenset[str]], UpsertStatement] = {}


def upsert_statement(model: type[RemoteRecord], key: str, columns: frozenset[str]) -> UpsertStatement:
    cache_key = (connection.vendor, model, columns)
    if cache_key not in _statements:
        _statements[cache_key] = UpsertStatement(model, key, columns)
    return _statements[cache_key]


def mark_gone(mirror: Mirror, live: QuerySet[Any], seen: set[str], *, now: datetime) -> int:
    """Mark the rows of ``live`` (a query of this mirror's rows in the scope that was listed completely) that
    the listing did not return; answer how many were newly marked."""
    # The scope's own condition picks the index (a key range, a brand's campaigns). Filtering on
    # remote_deleted_at IS NULL in SQL instead lets SQLite, which keeps no statistics, walk that column's
    # index, where nearly every row is NULL: a scan of the whole table for each unit. Unordered, so the
    # models' default ordering adds no sort.
    stored = live.order_by().values_list(mirror.key, "remote_deleted_at")
    gone = [key for key, deleted_at in stored if deleted_at is None and key not in seen]
    mark_keys_gone(mirror, gone, now=now)
    return len(gone)


def mark_keys_gone(mirror: Mirror, keys: Sequence[str], *, now: datetime) -> None:
    iterator = iter(keys)
    while batch := list(islice(iterator, MARK_BATCH)):
        mirror.model.objects.filter(**{f"{mirror.key}__in": batch}, remote_deleted_at__isnull=True).update(
            remote_deleted_at=now, changed_at=now
        )
