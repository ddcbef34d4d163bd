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

Anything else is taken for an id and matched WHOLE on the indexed id columns (with a dash: the campaign's and
the brand's Telnyx UUIDs; without: their TCR ids), in the case they are stored whatever the case typed: upper
case (TCR ids), lower case (Telnyx's UUIDs), instead of a substring search of five columns no index answers.
"""

import re

from django.db.models import Q

# Digits with what people put between them; a leading + only.
PHONE_TEXT = re.compile(r"^\+?[\d\s().\-]+$")
NOT_DIGITS = re.compile(r"\D")

# Telnyx's ids are UUIDs (with dashes); the registry's are a letter and six characters (without).
TELNYX_ID_FIELDS = ("telnyx_campaign_id", "brand_id")
TCR_ID_FIELDS = ("tcr_campaign_id", "tcr_brand_id")
# E.164 holds at most 15 digits: more is an id written in digits and dashes.
MAX_DIGITS = 15


def number_search_prefix(term: str) -> str | None:
    """The start of the E.164 numbers ``term`` stands for, or None when it is not (part of) a phone number."""
    term = term.strip()
    if not PHONE_TEXT.match(term):
        return None
    digits = NOT_DIGITS.sub("", term)
    if not digits or len(digits) > MAX_DIGITS:
        return None
    if term.startswith("+") or digits.startswith("1"):
        return f"+{digits}"
    return f"+1{digits}"


def number_search_filter(term: str) -> Q:
    """The assignments ``term`` finds: numbers it is the start of, or else records one of whose ids it is.

    Only the columns the term can be in are asked: PostgreSQL estimates the rows of each condition, and a
    needless one makes it expect many matches and walk the whole list in its order to find a page of them."""
    prefix = number_search_prefix(term)
    if prefix is not None:
        return number_prefix_filter(prefix)
    term = term.strip()
    if "-" in term:
        fields, stored = TELNYX_ID_FIELDS, term.lower()
    else:
        fields, stored = TCR_ID_FIELDS, term.upper()
    found = Q()
    for field in fields:
        found |= Q(**{field: stored})
    return found


def number_prefix_filter(prefix: str) -> Q:
    """The E.164 numbers that start with ``prefix`` (a ``+`` and digits), bounded as a range too.

    The range is what lets PostgreSQL read a page in number order from the start of the matches: given only
    ``LIKE '+1503555%'``, it walked the number index from the smallest number, filtering, and a prefix in the
    middle of a million numbers read half a million entries for a page of 100. Every stored number is ``+`` and
    digits, which sort alike in the C and en-US collations, so the range holds exactly the numbers the prefix
    does."""
    found = Q(phone_number__startswith=prefix, phone_number__gte=prefix)
    above = prefix.rstrip("9")
    if len(above) > 1:  # past "+": the next prefix up, as "+1210" follows "+1209..."
        found &= Q(phone_number__lt=above[:-1] + str(int(above[-1]) + 1))
    return found
