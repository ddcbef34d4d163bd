"""After a run that added or removed mirror rows, the database's planner statistics are refreshed for the
mirror tables it changed.

Why: SQLite plans without statistics until ANALYZE has run. Without them it takes
``partner_campaign_id IS NULL`` for a selective equality and walks every number through that index in each
UPDATE that links numbers to the campaigns of a page (measured at 30,000 numbers: 42 ms an UPDATE; 3 ms for
three with statistics; a re-sync of 100,000 numbers pays it hundreds of times). PostgreSQL's autovacuum
analyses on its own schedule, after a threshold of changed rows; after a bulk load its documentation advises
ANALYZE at once. A run that only compared rows changes no proportions and skips it.
"""

from collections.abc import Mapping

from django.db import connection

from tendlc.services.sync._resources import MIRRORS_BY_RESOURCE


def mirror_statistics_refresh(counts: Mapping[str, Mapping[str, int]]) -> list[str]:
    """ANALYZE each mirror table whose resource ``counts`` shows rows created or marked deleted; answers the
    tables analysed."""
    tables = [
        MIRRORS_BY_RESOURCE[resource].model._meta.db_table
        for resource, tally in counts.items()
        if resource in MIRRORS_BY_RESOURCE and (tally.get("created", 0) or tally.get("deleted", 0))
    ]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return tables
