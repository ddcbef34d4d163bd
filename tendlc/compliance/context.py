"""What a check needs beyond the campaign and brand bodies, looked up by the caller.

Every part is optional: a rule whose part is None stays quiet, because "unknown" is not a finding. Counts
exclude the brand or campaign being checked, so a caller can pass them the same way for a new record and for
one already stored.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from tendlc.compliance import wire


class ContextError(ValueError):
    """A context given as JSON (command line, corpus) has the wrong shape."""


@dataclass(frozen=True)
class Qualification:
    """The brand's qualification for the campaign's use case (``GET .../usecase/{usecase}``)."""

    qualified: bool
    min_sub_usecases: int = 0
    max_sub_usecases: int = 0


@dataclass(frozen=True)
class OtherCampaign:
    """Another campaign of the same brand, compared with the one checked for near-duplicates."""

    campaign_id: str
    description: str
    samples: tuple[str, ...]


@dataclass(frozen=True)
class CheckContext:
    qualification: Qualification | None = None
    other_campaigns: tuple[OtherCampaign, ...] | None = None
    # Sole-proprietor brands other than this one registered with the same mobilePhone.
    other_sole_proprietor_brands_on_mobile: int | None = None
    # Brands other than this one registered with the same EIN.
    other_brands_with_ein: int | None = None
    # Active campaigns the brand already has, not counting this one.
    existing_campaign_count: int | None = None
    # Phone numbers on this campaign (assigned or about to be), not counting those removed.
    phone_number_count: int | None = None


EMPTY_CONTEXT: Final = CheckContext()

_COUNTS: Final = (
    "other_sole_proprietor_brands_on_mobile",
    "other_brands_with_ein",
    "existing_campaign_count",
    "phone_number_count",
)
_QUALIFICATION_KEYS: Final = frozenset({"qualified", "min_sub_usecases", "max_sub_usecases"})


def context_from_dict(data: object) -> CheckContext:
    """A context from JSON: snake_case keys as in ``CheckContext``; ``other_campaigns`` items are wire-named
    campaign objects (``campaignId``, ``description``, ``sample1``...)."""
    if not isinstance(data, Mapping):
        raise ContextError("context must be an object")
    unknown = set(data) - {"qualification", "other_campaigns", *_COUNTS}
    if unknown:
        raise ContextError(f"context has unknown keys: {', '.join(sorted(unknown))}")
    counts = {name: _count(data, name) for name in _COUNTS}
    return CheckContext(
        qualification=_qualification(data.get("qualification")),
        other_campaigns=_other_campaigns(data.get("other_campaigns")),
        **counts,
    )


def _count(data: Mapping[str, Any], name: str) -> int | None:
    value = data.get(name)
    if value is None:
        return None
    # bool is an int subclass; a flag where a count belongs is a mistake in the input.
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ContextError(f"context.{name} must be a whole number of at least 0")
    return value


def _qualification(data: object) -> Qualification | None:
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise ContextError("context.qualification must be an object")
    unknown = set(data) - _QUALIFICATION_KEYS
    if unknown:
        raise ContextError(f"context.qualification has unknown keys: {', '.join(sorted(unknown))}")
    qualified = data.get("qualified")
    if not isinstance(qualified, bool):
        raise ContextError("context.qualification.qualified must be true or false")
    bounds = {}
    for name in ("min_sub_usecases", "max_sub_usecases"):
        value = data.get(name, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ContextError(f"context.qualification.{name} must be a whole number of at least 0")
        bounds[name] = value
    return Qualification(qualified=qualified, **bounds)


def _other_campaigns(data: object) -> tuple[OtherCampaign, ...] | None:
    if data is None:
        return None
    if not isinstance(data, list) or not all(isinstance(item, Mapping) for item in data):
        raise ContextError("context.other_campaigns must be a list of campaign objects")
    return tuple(
        OtherCampaign(
            campaign_id=str(item.get("campaignId") or f"#{position}"),
            description=wire.text(item, "description"),
            samples=tuple(text for text in (wire.text(item, name) for name in wire.SAMPLE_FIELDS) if text),
        )
        for position, item in enumerate(data, start=1)
    )
