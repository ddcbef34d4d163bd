"""Reading wire-named bodies as they come: any value may be missing, null or of the wrong type, and a check
must still run (it is shown while the user types)."""

from collections.abc import Mapping
from typing import Any, Final

SAMPLE_FIELDS: Final = ("sample1", "sample2", "sample3", "sample4", "sample5")
KEYWORD_FIELDS: Final = ("optinKeywords", "optoutKeywords", "helpKeywords")
# Flags the carriers' terms require true (reference C8 reqSubscriber*) and the 10DLC terms accepted; absent
# means the API's default, true.
REQUIRED_TRUE_FLAGS: Final = ("subscriberOptin", "subscriberOptout", "subscriberHelp", "termsAndConditions")
# The fields whose words a reviewer reads: scanned for prohibited terms, shorteners and placeholders.
CONTENT_FIELDS: Final = (
    "description",
    "messageFlow",
    *SAMPLE_FIELDS,
    "helpMessage",
    "optinMessage",
    "optoutMessage",
    "embeddedLinkSample",
)


def text(body: Mapping[str, Any], name: str) -> str:
    value = body.get(name)
    return value.strip() if isinstance(value, str) else ""


def flag(body: Mapping[str, Any], name: str) -> bool | None:
    value = body.get(name)
    return value if isinstance(value, bool) else None


def strings(body: Mapping[str, Any], name: str) -> tuple[str, ...]:
    value = body.get(name)
    if not isinstance(value, list | tuple):
        return ()
    return tuple(item.strip() for item in value if isinstance(item, str) and item.strip())


# How a finding names a field to a person: the words of the form's label, never the wire name.
FIELD_WORDS: Final = {
    "description": "description",
    "messageFlow": "message flow",
    **{name: f"sample {name[-1]}" for name in SAMPLE_FIELDS},
    "helpMessage": "HELP message",
    "optinMessage": "opt-in message",
    "optoutMessage": "opt-out message",
    "embeddedLink": "embedded links",
    "embeddedLinkSample": "embedded link sample",
    "embeddedPhone": "embedded phone numbers",
    "helpKeywords": "help keywords",
    "optinKeywords": "opt-in keywords",
    "optoutKeywords": "opt-out keywords",
    "privacyPolicyLink": "privacy policy link",
    "termsAndConditionsLink": "terms and conditions link",
    "ageGated": "age-gated content",
    "directLending": "direct lending",
    "numberPool": "number pool",
    "usecase": "use case",
    "subUsecases": "sub use cases",
    "subscriberOptin": "subscriber opt-in",
    "subscriberOptout": "subscriber opt-out",
    "subscriberHelp": "subscriber help",
    "termsAndConditions": "terms accepted",
    "stockSymbol": "stock symbol",
    "stockExchange": "stock exchange",
    "businessContactEmail": "business contact e-mail",
    "brandId": "brand",
    "website": "website",
    "email": "e-mail",
    "ein": "EIN",
    "entityType": "entity type",
}


def words(name: str) -> str:
    """``name`` (a wire field) as a person reads it."""
    return FIELD_WORDS.get(name, name)


def subject(name: str) -> str:
    """``name`` as a person reads it at the start of a sentence."""
    said = words(name)
    return said[:1].upper() + said[1:]
