"""What the command line and the corpus hand the engine: ``{"brand": {...}, "campaign": {...}, "context":
{...}}`` in wire names, checked for shape so a typo is an error rather than a silently skipped rule."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tendlc.compliance.context import CheckContext, ContextError, context_from_dict


class SubmissionError(ValueError):
    """The input is not an object with a "brand" object and optional "campaign" and "context" objects."""


@dataclass(frozen=True)
class Submission:
    brand: Mapping[str, Any]
    # None: check the brand only.
    campaign: Mapping[str, Any] | None
    context: CheckContext | None


def submission_from_dict(data: object, *, extra_keys: frozenset[str] = frozenset()) -> Submission:
    """A submission from parsed JSON; ``extra_keys`` are other keys the caller reads itself."""
    if not isinstance(data, Mapping):
        raise SubmissionError('expected an object with "brand" and, optionally, "campaign" and "context"')
    unknown = set(data) - {"brand", "campaign", "context"} - extra_keys
    if unknown:
        raise SubmissionError(f"unknown keys: {', '.join(sorted(unknown))}")
    brand = data.get("brand")
    if not isinstance(brand, Mapping):
        raise SubmissionError('"brand" must be an object: campaign rules judge a campaign against its brand')
    campaign = data.get("campaign")
    if campaign is not None and not isinstance(campaign, Mapping):
        raise SubmissionError('"campaign" must be an object')
    try:
        context = context_from_dict(data["context"]) if data.get("context") is not None else None
    except ContextError as error:
        raise SubmissionError(str(error)) from None
    return Submission(brand=brand, campaign=campaign, context=context)
