"""The details of one use case in the enumeration (E1 ``usecase``), wire -> our names.

The reference gives the enumeration's shape as a map of name to details without naming the details' keys
(§2.8); these are the keys the sandbox serves, after the spec's vertical example. A key left out reads as
unknown: no sub use case bounds, no vetting, every entity type.
"""

from collections.abc import Mapping
from typing import Any


def usecase_values(name: str, details: Mapping[str, Any] | None) -> dict[str, Any]:
    details = details or {}
    entity_types = details.get("entityTypes")
    return {
        "name": name,
        "display_name": str(details.get("displayName") or name),
        "description": str(details.get("description") or ""),
        "min_sub_usecases": int(details.get("minSubUsecases") or 0),
        "max_sub_usecases": int(details.get("maxSubUsecases") or 0),
        "vetting_required": bool(details.get("vettingRequired")),
        "entity_types": tuple(entity_types) if isinstance(entity_types, list) else None,
    }
