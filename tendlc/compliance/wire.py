"""Reading wire-named bodies as they come: any value may be missing, null or of the wrong type, and a check
must still run (it is shown while the user types)."""

from collections.abc import Mapping
from typing import Any, Final

SAMPLE_FIELDS: Final = ("sample1", "sample2", "sample3", "sample4", "sample5")
KEYWORD_FIELDS: Final = ("optinKeywords", "optoutKeywords", "helpKeywords")
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
