"""The values a column holds, for a list filter's choices, without reading every row.

A ``SELECT DISTINCT`` reads the whole table (a third of a second at a million rows); hopping along the
column's index from one value to the next larger one reads one index entry per value, so a status column of
a million rows answers its handful of values in a millisecond (PostgreSQL's "loose index scan", written as a
recursive query that SQLite runs as well). Only for a column an index leads with: without one, each hop would
read the table.
"""

from typing import Any, cast

from django.db import connection
from django.db.models import Field, Model


def column_values(*, model: type[Model], column: str) -> list[str]:
    """The distinct non-null values of ``model``'s ``column``, in order."""
    table = connection.ops.quote_name(model._meta.db_table)
    field = cast(Field[Any, Any], model._meta.get_field(column))
    name = connection.ops.quote_name(field.column or column)
    # Only names from the model's own definition, quoted, go into the text; nothing a person typed.
    first = f"SELECT MIN({name}) FROM {table}"  # noqa: S608
    following = f"SELECT MIN({name}) FROM {table} WHERE {name} > hops.value"  # noqa: S608
    hops = f"WITH RECURSIVE hops(value) AS ({first} UNION ALL SELECT ({following}) FROM hops"  # noqa: S608
    sql = f"{hops} WHERE hops.value IS NOT NULL) SELECT value FROM hops WHERE value IS NOT NULL"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return [value for (value,) in cursor.fetchall()]
