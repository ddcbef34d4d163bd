"""Whether a page's queries stay the same as its table grows: the page is read at 100 rows and again at 10,000,
rows added in bulk (``bulk_create``) so that a test stays within a few seconds.

``queries_as_rows_grow(client, url, add)`` calls ``add(count)`` to add that many rows of the page's dominant
table and answers the queries the page made at each size; a test asserts the two are equal. The first read
warms what a process caches once (content types, permissions), so only the page's own queries are compared.
"""

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc import models
from tendlc.choices import AssignmentStatus

SIZES = (100, 10_000)
# Rows one ``bulk`` call may add: each call numbers its rows from a block of its own.
BLOCK = 1_000_000

_serial: Iterator[int] = itertools.count(1, BLOCK)


@dataclass(frozen=True)
class Sql:
    """A column's value as SQL over ``n``, the row's number (``'qc-' || n``): PostgreSQL and SQLite alike."""

    expression: str


def bulk(model: type[Model], count: int, values: dict[str, Any], *, first: int | None = None) -> None:
    """``count`` rows of ``model`` in one INSERT ... SELECT over a counter: building 10,000 model instances
    and binding their every column takes seconds, this a few milliseconds. ``values`` holds a column's Python
    value or ``Sql``; other columns take their default (now, for dates set on creation), or stay empty. Rows
    are numbered from a block of their own, or from ``first`` to number two tables' rows alike."""
    first = next(_serial) if first is None else first
    assert count <= BLOCK
    columns, selects, params = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.name in values:
            value = values[field.name]
        elif getattr(field, "auto_now_add", False) or getattr(field, "auto_now", False):
            value = timezone.now()
        elif field.has_default() or not field.null:
            value = field.get_default()
        else:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if isinstance(value, Sql):
            selects.append(value.expression)
        else:
            if isinstance(value, Model):
                value = value.pk
            selects.append("%s")
            params.append(field.get_db_prep_save(value, connection))
    table = connection.ops.quote_name(model._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) WITH RECURSIVE counter(n) AS "
        f"(SELECT CAST(%s AS INTEGER) UNION ALL SELECT n + 1 FROM counter WHERE n < %s) SELECT {', '.join(selects)} FROM counter"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [first, first + count - 1, *params])


def queries_on(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def queries_as_rows_grow(client: Any, url: str, add: Callable[[int], None]) -> list[int]:
    """The queries of ``url`` with ``SIZES[0]`` rows added, then with ``SIZES[1]`` in all."""
    counts: list[int] = []
    added = 0
    for size in SIZES:
        add(size - added)
        added = size
        if not counts:
            queries_on(client, url)
        counts.append(queries_on(client, url))
    return counts


# --- rows of each big table, made in bulk ------------------------------------------------------------------


def brands(count: int) -> None:
    bulk(models.Brand, count, {"brand_id": Sql("'qc-b-' || n"), "display_name": Sql("'Brand ' || n")})


def campaigns(brand: models.Brand) -> Callable[[int], None]:
    def add(count: int) -> None:
        fields = {
            "brand": brand.brand_id,
            "campaign_id": Sql("'qc-c-' || n"),
            "tcr_campaign_id": Sql("'QC' || n"),
        }
        bulk(
            models.Campaign,
            count,
            {**fields, "create_date": timezone.now(), "campaign_status": "TCR_ACCEPTED"},
        )

    return add


def partner_campaigns(count: int) -> None:
    bulk(
        models.PartnerCampaign, count, {"tcr_campaign_id": Sql("'QP' || n"), "brand_display_name": "Partner"}
    )


def numbers(
    campaign: models.Campaign | None = None, partner: models.PartnerCampaign | None = None
) -> Callable[[int], None]:
    def add(count: int) -> None:
        values = {
            "phone_number": Sql("'+1' || (2000000000 + n)"),
            "campaign": campaign,
            "partner_campaign": partner,
            "telnyx_campaign_id": campaign.campaign_id if campaign else "",
            "assignment_status": AssignmentStatus.ASSIGNED,
            "created_at": timezone.now(),
        }
        bulk(models.PhoneNumberAssignment, count, values)

    return add


def status_changes(count: int) -> None:
    values = {
        "subject": "number_assignment",
        "record_id": Sql("'+1' || (2000000000 + n)"),
        "field": "assignment_status",
        "old_value": "PENDING_ASSIGNMENT",
        "new_value": "ASSIGNED",
        "cause": "webhook",
    }
    bulk(models.StatusChange, count, {**values, "changed_at": timezone.now()})


def audit_entries(count: int) -> None:
    bulk(models.AuditEntry, count, {"username": "staff", "action": "brand.create", "outcome": "succeeded"})


def webhook_events(count: int) -> None:
    bulk(models.WebhookEvent, count, {"event_id": Sql("'qc-e-' || n"), "body_hash": Sql("'h' || n")})


def sync_runs(count: int) -> None:
    bulk(models.SyncRun, count, {"state": "succeeded", "trigger": "schedule", "finished_at": timezone.now()})


def number_uploads(count: int) -> None:
    bulk(models.NumberUpload, count, {"filename": "numbers.csv"})


def charges(campaign: models.Campaign) -> Callable[[int], None]:
    def add(count: int) -> None:
        values = {
            "kind": models.ChargeKind.CAMPAIGN_REVIEW,
            "amount": Decimal("15.00"),
            "charged_at": timezone.now(),
            "brand": campaign.brand,
            "remote_brand_id": campaign.brand.brand_id or "",
            "campaign": campaign,
            "remote_campaign_id": campaign.campaign_id,
            "source": models.ChargeSource.OPERATION,
            "idempotency_key": Sql("'qc-' || n"),
        }
        bulk(models.Charge, count, values)

    return add


def notifications(user: Any) -> Callable[[int], None]:
    """Notifications for ``user``, each of an event of its own (found by its key, made of the same ``n``)."""

    def add(count: int) -> None:
        now = timezone.now()
        kind = models.NotificationKind.CAMPAIGN_REJECTED
        first = next(_serial)
        key = "'qc-o-' || n"
        bulk(models.Occurrence, count, {"key": Sql(key), "kind": kind, "occurred_at": now}, first=first)
        table = models.Occurrence._meta.db_table
        occurrence = Sql(f"(SELECT id FROM {table} WHERE {table}.key = {key})")
        values = {"occurrence": occurrence, "recipient": user, "kind": kind, "occurred_at": now}
        values |= {"title": "A campaign was rejected", "dedup_key": Sql(key)}
        bulk(models.Notification, count, values, first=first)

    return add
