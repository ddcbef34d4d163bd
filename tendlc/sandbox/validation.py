"""Declarative checks of request bodies and query strings, as the service applies them.

A resource declares its fields once (wire name, type, required, length, enum, format); ``validate_body``
reports every offending field in one 422, each error pointing at its field, so a client can show all of
them at once.
"""

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from werkzeug.datastructures import MultiDict

from tendlc.sandbox.http import ApiError, invalid, invalid_parameter

E164 = re.compile(r"^\+[1-9]\d{7,14}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def is_e164(value: str) -> bool:
    return bool(E164.match(value))


def is_email(value: str) -> bool:
    return bool(EMAIL.match(value))


def is_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in value


FORMATS = {
    "e164": (is_e164, "a phone number in E.164 format, e.g. +18005550199"),
    "email": (is_email, "an e-mail address"),
    "url": (is_url, "an http or https URL"),
}


@dataclass(frozen=True)
class Field:
    name: str
    kind: type | str = str  # str, bool, int, float, or "str_list" / "int_list" (unique items)
    required: bool = False
    max_length: int | None = None
    min_length: int | None = None
    choices: Iterable[str] | None = None
    format: str | None = None
    nullable: bool = False


def _type_error(field: Field, value: Any) -> str | None:
    kind = field.kind
    if kind is str:
        return None if isinstance(value, str) else "must be a string"
    if kind is bool:
        return None if isinstance(value, bool) else "must be true or false"
    if kind is int:
        return None if isinstance(value, int) and not isinstance(value, bool) else "must be an integer"
    if kind is float:
        ok = isinstance(value, int | float) and not isinstance(value, bool)
        return None if ok else "must be a number"
    if kind in {"str_list", "int_list"}:
        item_type = str if kind == "str_list" else int
        if not isinstance(value, list) or not all(
            isinstance(item, item_type) and not isinstance(item, bool) for item in value
        ):
            return f"must be an array of {'strings' if item_type is str else 'integers'}"
        if len(set(value)) != len(value):
            return "must not repeat items"
        return None
    raise ValueError(f"unknown field kind {kind!r}")


def field_errors(field: Field, value: Any) -> list[dict[str, Any]]:
    """The errors of one present value."""
    if value is None:
        return (
            []
            if field.nullable and not field.required
            else [invalid(field.name, f"{field.name} must not be null.")]
        )
    problem = _type_error(field, value)
    if problem:
        return [invalid(field.name, f"{field.name} {problem}.")]
    if isinstance(value, str):
        if field.required and not value.strip():
            return [invalid(field.name, f"{field.name} must not be blank.", title="Missing required field")]
        if field.max_length is not None and len(value) > field.max_length:
            return [invalid(field.name, f"{field.name} must be at most {field.max_length} characters.")]
        if field.min_length is not None and len(value) < field.min_length:
            return [invalid(field.name, f"{field.name} must be at least {field.min_length} characters.")]
        if field.choices is not None and value not in field.choices:
            allowed = ", ".join(sorted(field.choices))
            return [invalid(field.name, f"{field.name} must be one of: {allowed}.")]
        if field.format and value:
            check, description = FORMATS[field.format]
            if not check(value):
                return [invalid(field.name, f"{field.name} must be {description}.")]
    return []


def validate_body(body: Mapping[str, Any], fields: Iterable[Field]) -> dict[str, Any]:
    """The known fields of ``body`` that were sent; raises one 422 listing every offending field."""
    errors: list[dict[str, Any]] = []
    accepted: dict[str, Any] = {}
    for field in fields:
        if field.name not in body:
            if field.required:
                errors.append(
                    invalid(field.name, f"{field.name} is required.", title="Missing required field")
                )
            continue
        value = body[field.name]
        problems = field_errors(field, value)
        if problems:
            errors.extend(problems)
        else:
            accepted[field.name] = value
    if errors:
        raise ApiError(422, errors)
    return accepted


def query_int(args: MultiDict, name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    raw = args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(422, [invalid_parameter(name, f"{name} must be an integer.")]) from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
        raise ApiError(422, [invalid_parameter(name, f"{name} must be {bounds}.")])
    return value


def query_choice(args: MultiDict, name: str, default: str, choices: Iterable[str]) -> str:
    value = args.get(name) or default
    allowed = set(choices)
    if value not in allowed:
        raise ApiError(
            422, [invalid_parameter(name, f"{name} must be one of: {', '.join(sorted(allowed))}.")]
        )
    return value


def validate_body_with(
    body: Mapping[str, Any],
    fields: Iterable[Field],
    checks: Callable[[dict[str, Any]], list[dict[str, Any]]],
) -> dict[str, Any]:
    """``validate_body`` plus cross-field ``checks`` run on the fields that passed, all reported in one 422.

    A check's error on a field that already failed its own validation is dropped: one error per field.
    """
    fields = tuple(fields)
    try:
        accepted, errors = validate_body(body, fields), []
    except ApiError as error:
        errors = list(error.errors)
        accepted = {
            field.name: body[field.name]
            for field in fields
            if field.name in body and not field_errors(field, body[field.name])
        }
    flagged = {error.get("source", {}).get("pointer") for error in errors}
    for error in checks(accepted):
        pointer = error.get("source", {}).get("pointer")
        if pointer not in flagged:
            errors.append(error)
            flagged.add(pointer)
    if errors:
        raise ApiError(422, errors)
    return accepted
