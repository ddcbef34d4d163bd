"""Pages of API lists: this module owns how every list is cut into pages, so that page 20,000 of a million
rows costs what page 1 does and no request counts a million rows.

| the caller sends                         | it gets                                                        |
|------------------------------------------|----------------------------------------------------------------|
| nothing, or ``?page=N`` while the page    | that page by number (an OFFSET: cheap this shallow), ``next`` |
| starts within the first ``PAGE_DEPTH``   | and ``previous`` by number; the page that reaches the depth    |
| rows                                     | links its next page by cursor                                  |
| ``?cursor=`` (from a next/previous link) | the rows just after (or before) a row, found by the list's     |
|                                          | order with ``id`` as tie-breaker: a seek on the index          |
| ``?page=N`` deeper than ``PAGE_DEPTH``   | a 400 at ``page``: deep pages are reached by following links   |

``count`` is exact while at most ``COUNT_LIMIT`` rows match (counting stops there) and null beyond. Rows are
50 a page unless the caller asks for up to 500 (``?page_size=``). A cursor is signed: it is opaque, and one
not made here (or made for another order) is a 404 like a page past the last.
"""

import datetime
from decimal import Decimal
from typing import Any

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, Field, Model, Q, QuerySet
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as InputError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE_DEPTH = 10_000
COUNT_LIMIT = 10_000
CURSOR_SALT = "tendlc.api.pagination.cursor"

Ordering = list[tuple[str, bool]]  # (field name, descending)


class PortalPagination(BasePagination):
    page_size = 50
    max_page_size = 500
    page_query_param = "page"
    page_size_query_param = "page_size"
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:
        self.request = request
        self.size = self.page_size_of(request)
        self.ordering = keyset_ordering(queryset)
        self.count = bounded_count(queryset)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor is not None:
            return self.cursor_page(queryset, cursor)
        return self.numbered_page(queryset)

    def page_size_of(self, request: Request) -> int:
        try:
            asked = int(request.query_params[self.page_size_query_param])
        except (KeyError, ValueError):
            return self.page_size
        return min(asked, self.max_page_size) if asked > 0 else self.page_size

    def numbered_page(self, queryset: QuerySet[Any]) -> list[Any]:
        raw = self.request.query_params.get(self.page_query_param, "1")
        number = int(raw) if raw.isdigit() and len(raw) < 10 else 0
        if number < 1:
            raise NotFound("Invalid page.")
        offset = (number - 1) * self.size
        if offset >= PAGE_DEPTH and self.ordering is not None:
            raise InputError(
                {
                    self.page_query_param: [
                        f"Pages beyond the first {PAGE_DEPTH:,} rows are reached by following the next link."
                    ]
                }
            )
        ordered = queryset if self.ordering is None else queryset.order_by(*order_by(self.ordering))
        rows = list(ordered[offset : offset + self.size + 1])
        if not rows and number > 1:
            raise NotFound("Invalid page.")
        more, rows = len(rows) > self.size, rows[: self.size]
        url = remove_query_param(self.request.build_absolute_uri(), self.cursor_query_param)
        self.previous_link = None
        if number == 2:
            self.previous_link = remove_query_param(url, self.page_query_param)
        elif number > 2:
            self.previous_link = replace_query_param(url, self.page_query_param, number - 1)
        self.next_link = None
        if more and (offset + self.size < PAGE_DEPTH or self.ordering is None):
            self.next_link = replace_query_param(url, self.page_query_param, number + 1)
        elif more and self.ordering is not None:
            self.next_link = self.cursor_link(rows[-1], backwards=False)
        return rows

    def cursor_page(self, queryset: QuerySet[Any], cursor: str) -> list[Any]:
        if self.ordering is None:
            raise NotFound("Invalid cursor.")
        position = cursor_position(cursor, queryset.model, self.ordering)
        values, backwards = position
        ordering = [(name, descending != backwards) for name, descending in self.ordering]
        seek = queryset.filter(after(ordering, values)).order_by(*order_by(ordering))
        rows = list(seek[: self.size + 1])
        more, rows = len(rows) > self.size, rows[: self.size]
        if backwards:
            rows.reverse()
        # Reached from a row on the other side, so that side has rows; this side has them when one was left over.
        has_next, has_previous = (True, more) if backwards else (more, True)
        self.next_link = self.cursor_link(rows[-1], backwards=False) if rows and has_next else None
        self.previous_link = self.cursor_link(rows[0], backwards=True) if rows and has_previous else None
        return rows

    def cursor_link(self, row: Model, *, backwards: bool) -> str:
        values = [encode(getattr(row, field_of(type(row), name).attname)) for name, _ in self.ordering or []]
        token = signing.dumps(
            {"o": self.ordering, "v": values, "b": backwards}, salt=CURSOR_SALT, compress=True
        )
        url = remove_query_param(self.request.build_absolute_uri(), self.page_query_param)
        return replace_query_param(url, self.cursor_query_param, token)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {"count": self.count, "next": self.next_link, "previous": self.previous_link, "results": data}
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": f"How many rows match, when at most {COUNT_LIMIT:,}; null when more.",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": f"A page number, for pages within the first {PAGE_DEPTH:,} rows.",
                "schema": {"type": "integer"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows a page, up to {self.max_page_size} (default {self.page_size}).",
                "schema": {"type": "integer"},
            },
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Where a page starts, as given in a next or previous link.",
                "schema": {"type": "string"},
            },
        ]


def bounded_count(queryset: QuerySet[Any]) -> int | None:
    """How many rows match, reading at most ``COUNT_LIMIT`` + 1 of them; None when there are more."""
    found = queryset.order_by()[: COUNT_LIMIT + 1].count()
    return found if found <= COUNT_LIMIT else None


def keyset_ordering(queryset: QuerySet[Any]) -> Ordering | None:
    """The list's order as (field, descending) pairs ending with the primary key, so every row has one place;
    None when a row's place cannot be named by its own fields (an expression, a related field)."""
    names = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    ordering: Ordering = []
    for name in names:
        if not isinstance(name, str) or "__" in name or name.lstrip("-") == "?":
            return None
        bare = name.lstrip("-")
        try:
            field = field_of(queryset.model, bare)
        except FieldDoesNotExist:
            return None
        ordering.append((field.name, name.startswith("-")))
    primary = queryset.model._meta.pk.name
    if not any(name == primary for name, _ in ordering):
        ordering.append((primary, ordering[-1][1] if ordering else False))
    return ordering[: next(i for i, (name, _) in enumerate(ordering) if name == primary) + 1]


def field_of(model: type[Model], name: str) -> Field[Any, Any]:
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or field.is_relation:
        raise FieldDoesNotExist(name)
    return field


def order_by(ordering: Ordering) -> list[Any]:
    """The order with empty values placed as the largest, as PostgreSQL's indexes hold them, on every database
    (SQLite holds them as the smallest): the seek in ``after`` relies on it."""
    return [
        F(name).desc(nulls_first=True) if desc else F(name).asc(nulls_last=True) for name, desc in ordering
    ]


def after(ordering: Ordering, values: list[Any]) -> Q:
    """Rows placed after the row with ``values`` in ``ordering``, empty values being the largest. The first
    field's bound is repeated on its own so that the database seeks its index instead of filtering from the
    start."""
    condition = Q(pk__in=[])
    equal = Q()
    for (name, descending), value in zip(ordering, values, strict=True):
        if value is None:
            beyond = Q(**{f"{name}__isnull": False}) if descending else Q(pk__in=[])
            same = Q(**{f"{name}__isnull": True})
        elif descending:
            beyond, same = Q(**{f"{name}__lt": value}), Q(**{name: value})
        else:
            beyond = Q(**{f"{name}__gt": value}) | Q(**{f"{name}__isnull": True})
            same = Q(**{name: value})
        condition |= equal & beyond
        equal &= same
    first, descending = ordering[0]
    if values[0] is not None and descending:
        return Q(**{f"{first}__lte": values[0]}) & condition
    if values[0] is not None:
        return (Q(**{f"{first}__gte": values[0]}) | Q(**{f"{first}__isnull": True})) & condition
    return condition


def encode(value: Any) -> Any:
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def cursor_position(cursor: str, model: type[Model], ordering: Ordering) -> tuple[list[Any], bool]:
    """The values and direction a cursor holds, checked to be one of ours for this order."""
    try:
        token = signing.loads(cursor, salt=CURSOR_SALT)
        if [tuple(pair) for pair in token["o"]] != ordering:
            raise NotFound("Invalid cursor.")
        values = [
            field_of(model, name).to_python(value)
            for (name, _), value in zip(ordering, token["v"], strict=True)
        ]
        return values, bool(token["b"])
    except (
        signing.BadSignature,
        KeyError,
        TypeError,
        ValueError,
        ValidationError,
        FieldDoesNotExist,
    ) as error:
        raise NotFound("Invalid cursor.") from error
