"""The "PerPagePaginationV2" lists (reference §1.8 P1 and P2): ``page`` from 1, ``recordsPerPage``.

A page past the last answers 200 with no records: the official SDK compares the page number with
``totalRecords`` and may ask for such pages.
"""

import json
from collections.abc import Mapping, Sequence
from typing import Any

from werkzeug.datastructures import MultiDict

from tendlc.sandbox.store import Store
from tendlc.sandbox.validation import query_choice, query_int

MAX_RECORDS_PER_PAGE = 500


def page_params(args: MultiDict, default_per_page: int) -> tuple[int, int]:
    page = query_int(args, "page", default=1)
    per_page = query_int(args, "recordsPerPage", default=default_per_page, maximum=MAX_RECORDS_PER_PAGE)
    return page, per_page


def order_by(args: MultiDict, columns: Mapping[str, str], tiebreak: str, default: str = "-createdAt") -> str:
    """SQL ORDER BY for a ``sort`` parameter: a wire field name, descending with a leading ``-``."""
    choices = [*columns, *(f"-{name}" for name in columns)]
    sort = query_choice(args, "sort", default, choices)
    direction = "DESC" if sort.startswith("-") else "ASC"
    column = columns[sort.lstrip("-")]
    # Naming a unique column twice would make SQLite sort in a temporary B-tree instead of walking its index.
    keys = [column] if column == tiebreak else [column, tiebreak]
    return ", ".join(f"{key} {direction}" for key in keys)


def fetch_page(
    store: Store,
    table: str,
    where: str,
    params: Sequence[Any],
    order: str,
    page: int,
    per_page: int,
) -> tuple[list[dict[str, Any]], int]:
    """One page of wire documents and the total count of matching rows."""
    where_sql = f"WHERE {where}" if where else ""
    total = store.count(f"SELECT COUNT(*) FROM {table} {where_sql}", params)  # noqa: S608 - fixed names
    rows = store.all(
        f"SELECT doc FROM {table} {where_sql} ORDER BY {order} LIMIT ? OFFSET ?",  # noqa: S608
        [*params, per_page, (page - 1) * per_page],
    )
    return [json.loads(row["doc"]) for row in rows], int(total)


def page_body(records: list[dict[str, Any]], page: int, total: int) -> dict[str, Any]:
    return {"records": records, "page": page, "totalRecords": total}
