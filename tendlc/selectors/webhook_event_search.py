"""How a stored webhook event is found from what a person types: the admin's events list and the REST API's
``?search=`` both ask here.

A number in any form people write it (``tendlc.selectors.number_search``) finds the events about numbers it
is the start of. Anything else is taken for an id and matched WHOLE on the indexed id columns, as typed and
in either case (an event's id and Telnyx's UUIDs are lower case, the registry's ids upper case), instead of a
substring search of five columns, which scanned every event (1.5 s at 500,000 events on PostgreSQL).
"""

from django.db.models import Q

from tendlc.selectors.number_search import number_search_prefix

ID_FIELDS = ("event_id", "campaign_id", "brand_id", "body_hash")


def webhook_event_search_filter(term: str) -> Q:
    """The events ``term`` finds: about numbers it is the start of, or else with one of its ids whole."""
    prefix = number_search_prefix(term)
    if prefix is not None:
        return Q(phone_number__startswith=prefix)
    term = term.strip()
    forms = sorted({term, term.lower(), term.upper()})
    found = Q()
    for field in ID_FIELDS:
        found |= Q(**{f"{field}__in": forms})
    return found
