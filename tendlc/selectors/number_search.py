"""How a number assignment is found from what a person types in a search box: the admin's numbers list and
the REST API's ``?search=`` both ask here, so the two cannot drift apart.

A phone number is stored in E.164 (``+15035550101``). What is typed is reduced to its digits and matched as
the START of the stored number, on an index that answers prefixes (on PostgreSQL the ``varchar_pattern_ops``
index Django keeps beside the unique one of a char column), so a million numbers are never scanned. 10DLC numbers are US numbers: digits typed without a country code get
the US ``+1`` (a US area code never starts with 1, so a typed leading 1 is the country code).

| typed              | matches numbers starting with |
|--------------------|-------------------------------|
| ``+1 503 555 0101``| ``+15035550101``              |
| ``(503) 555-0101`` | ``+15035550101``              |
| ``15035550101``    | ``+15035550101``              |
| ``503555``         | ``+1503555``                  |
| ``+1503``          | ``+1503``                     |

Anything else is taken for an id and matched WHOLE on the indexed id columns (the campaign's and the brand's
Telnyx and TCR ids), in the case typed, upper case (TCR ids) or lower case (Telnyx's UUIDs), instead of a
substring search of five columns that no index can answer.
"""

import re

from django.db.models import Q

# Digits with what people put between them; a leading + only.
PHONE_TEXT = re.compile(r"^\+?[\d\s().\-]+$")
NOT_DIGITS = re.compile(r"\D")

ID_FIELDS = ("telnyx_campaign_id", "tcr_campaign_id", "brand_id", "tcr_brand_id")


def number_search_prefix(term: str) -> str | None:
    """The start of the E.164 numbers ``term`` stands for, or None when it is not (part of) a phone number."""
    term = term.strip()
    if not PHONE_TEXT.match(term):
        return None
    digits = NOT_DIGITS.sub("", term)
    if not digits:
        return None
    if term.startswith("+") or digits.startswith("1"):
        return f"+{digits}"
    return f"+1{digits}"


def number_search_filter(term: str) -> Q:
    """The assignments ``term`` finds: numbers it is the start of, or records one of whose ids it is."""
    term = term.strip()
    spellings = sorted({term, term.upper(), term.lower()})
    found = Q()
    for field in ID_FIELDS:
        found |= Q(**{f"{field}__in": spellings})
    prefix = number_search_prefix(term)
    if prefix is not None:
        found |= Q(phone_number__startswith=prefix)
    return found
