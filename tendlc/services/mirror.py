"""Writing what the API answered onto a local mirror row, and only where it differs, with its status changes
on the timeline (``tendlc.services.timeline``) in the same transaction.

Polls read the same records again and again and most reads change nothing: then nothing is written (no
UPDATE, no ``changed_at`` bump), so a redelivered task leaves the rows exactly as the first run did. "Nothing
changed" means what it means for a sync (``tendlc.services.sync._pages``): no mirrored column differs and the
row is not marked gone; a payload that differs only in keys no column mirrors is not written, its raw copy
included, so a poll and a sync never disagree on whether a row changed.
"""

from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from tendlc.mapping.convert import changed
from tendlc.models.base import RemoteRecord
from tendlc.services.timeline import status_changes_between, status_changes_of, status_changes_save


def remote_record_update(
    instance: RemoteRecord, values: Mapping[str, Any], payload: Mapping[str, Any]
) -> list[str]:
    """Save the columns of ``values`` (from ``tendlc.mapping``) and the raw ``payload`` that differ from what
    ``instance`` holds; answer the names written (empty when nothing changed). A record read again is not
    gone remotely, whatever an earlier read found."""
    changes = changed(instance, {**values, "remote_deleted_at": None})
    if not changes:
        return []
    now = timezone.now()
    timeline = status_changes_of(instance, changes, at=now)
    changes["raw"] = dict(payload)
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.synced_at = now
    with transaction.atomic():
        instance.save(update_fields=[*changes, "synced_at", "changed_at"])
        status_changes_save(timeline)
    return list(changes)


def remote_record_gone(instance: RemoteRecord) -> bool:
    """Mark a record the API no longer knows (404); the row stays for its history. True when newly marked."""
    if instance.remote_deleted_at is not None:
        return False
    instance.remote_deleted_at = timezone.now()
    instance.save(update_fields=["remote_deleted_at", "changed_at"])
    return True


def rows_upsert(
    model: type[Model],
    rows: Iterable[tuple[Model | None, dict[str, Any]]],
    *,
    unique_fields: list[str],
    unchecked: Mapping[str, Any] | None = None,
    cause_of: Callable[[Mapping[str, Any]], AbstractContextManager[Any]] | None = None,
) -> int:
    """Insert or update, in one query, each row whose ``values`` differ from its stored row (None when there
    is none yet); answer how many were written. ``unchecked`` values (e.g. ``synced_at``) are written with a
    row but do not by themselves make it differ. Columns the values leave out keep what the stored row holds.

    An upsert rather than an insert, so that a concurrent or redelivered run that wrote the row first makes
    this one update it instead of failing on the unique key. ``cause_of`` (a row's values) opens the
    ``status_change_cause`` of each row's timeline entries, where rows have causes of their own (the webhook
    events a read covered); without it, every entry takes the cause open around the call."""
    fields = model._meta.concrete_fields
    pk = model._meta.pk.attname
    update_fields = [
        field.name
        for field in fields
        if not field.primary_key
        and field.name not in unique_fields
        and not getattr(field, "auto_now_add", False)
    ]
    instances = []
    updates: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for stored, values in rows:
        if stored is not None:
            if not changed(stored, values):
                continue
            kept = {field.attname: getattr(stored, field.attname) for field in fields if field.attname != pk}
            updates.append((kept, values))
            values = {**kept, **values}
        instances.append(model(**{**values, **(unchecked or {})}))
    if instances:
        at = timezone.now()
        if cause_of is None:
            timeline = status_changes_between(model, updates, at=at)
        else:
            timeline = []
            for kept, values in updates:
                with cause_of(values):
                    timeline += status_changes_between(model, [(kept, values)], at=at)
        with transaction.atomic():
            model._default_manager.bulk_create(
                instances, update_conflicts=True, unique_fields=unique_fields, update_fields=update_fields
            )
            status_changes_save(timeline)
    return len(instances)
