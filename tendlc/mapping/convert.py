"""Turning wire values into column values and back, by the kind of column.

Names come from the client's one table (``tendlc.client.fields.SNAKE_BY_WIRE``); each model's list of wire
fields is in ``tendlc.mapping.records``. Values are converted by the Django field they land in, so a column's
type, not a guess about the wire, decides: text is never None, a missing optional flag stays None, times
are parsed whatever form the API used.
"""

# Django's Field is generic only to the type checker (django-stubs): postponed annotations keep
# ``models.Field[Any, Any]`` from being subscripted at runtime.
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from functools import cache
from typing import Any

from django.db import models

from tendlc.client.fields import SNAKE_BY_WIRE, WIRE_BY_SNAKE


def parse_datetime(value: Any) -> datetime | None:
    """The API writes times three ways: ISO without zone (UTC), ISO with offset, and Unix seconds as text."""
    if value in (None, ""):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text)  # "Z" included, since Python 3.11
    except ValueError:
        try:
            return datetime.fromtimestamp(float(text), UTC)
        except (ValueError, OverflowError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def to_int(value: Any) -> int | None:
    try:
        return None if value is None else int(value)
    except (TypeError, ValueError):
        return None


def to_text(value: Any) -> str:
    return "" if value is None else str(value)


def to_bool_or_none(value: Any) -> bool | None:
    return None if value is None else bool(value)


def to_json(default: Any) -> Callable[[Any], Any]:
    return lambda value: default() if value is None else value


def unchanged(value: Any) -> Any:
    return value


def column(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    """The column ``name`` of ``model``. Wire fields land in concrete columns only; a reverse relation or a
    generic foreign key named in a field table is a mistake in that table, said here rather than as a
    missing ``attname`` later."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a column")
    return field


def column_converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """The conversion of a wire value for ``field``'s column, chosen once per field."""
    if isinstance(field, models.DateTimeField):
        return parse_datetime
    if isinstance(field, models.BooleanField):
        return to_bool_or_none if field.null else bool
    if isinstance(field, models.IntegerField):
        return to_int
    if isinstance(field, models.JSONField):
        return to_json(field.get_default)
    if isinstance(field, models.CharField | models.TextField):
        return to_text
    return unchanged


Converter = tuple[str, str, Callable[[Any], Any]]


@cache
def converters(model: type[models.Model], wire_fields: tuple[str, ...]) -> tuple[Converter, ...]:
    """``(wire name, attname, convert)`` per field, decided once: a sync maps a hundred thousand records
    through the same few tables, and looking the field and its conversion up per value was most of the
    mapping's time."""
    result = []
    for wire in wire_fields:
        field = column(model, SNAKE_BY_WIRE[wire])
        result.append((wire, field.attname, column_converter(field)))
    return tuple(result)


def from_wire(
    model: type[models.Model], wire_fields: tuple[str, ...], payload: Mapping[str, Any]
) -> dict[str, Any]:
    """Column values (by attname, so a to_field foreign key takes the wire id) for the wire fields present.

    Fields absent from the payload are left out, so a partial payload (a webhook, a list item) never blanks
    what a fuller one stored.
    """
    return {
        attname: convert(payload[wire])
        for wire, attname, convert in converters(model, wire_fields)
        if wire in payload
    }


def to_wire(instance: models.Model, wire_fields: Iterable[str]) -> dict[str, Any]:
    """The wire body for ``wire_fields`` of ``instance``: blank text and unset flags are omitted, as the
    reference says unset optional fields are."""
    body: dict[str, Any] = {}
    for wire in wire_fields:
        field = column(type(instance), SNAKE_BY_WIRE[wire])
        value = getattr(instance, field.attname)
        if value in (None, "") or (isinstance(field, models.JSONField) and value in ({}, [])):
            continue
        body[wire] = value.isoformat() if isinstance(value, datetime) else value
    return body


def changed(instance: models.Model, values: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``values`` that differs from what ``instance`` holds."""
    return {name: value for name, value in values.items() if getattr(instance, name) != value}


def wire_name(field_name: str) -> str:
    return WIRE_BY_SNAKE[field_name]
