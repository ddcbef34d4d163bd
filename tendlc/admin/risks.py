"""What is at risk, as the dashboard's cards say it: each risk's title, what to do about it, and the list its
card opens (filtered to the rows counted). The risks are the selectors' (tendlc/selectors/risks.py); the
words are here."""

from dataclasses import dataclass

from django.contrib.admin import SimpleListFilter
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model
from django.utils.translation import ngettext

from tendlc.admin.attention import list_url
from tendlc.admin.row_filters import RowsChoice, rows_filter
from tendlc.selectors.dormancy import DormancyRisk
from tendlc.selectors.risks import RISKS

PARAMETER = "risk"
# Title, then what to do.
WORDS: dict[str, tuple[str, str]] = {
    "campaigns_dormancy": (
        "Campaigns at dormancy risk",
        "Assign a number: Telnyx suspends a campaign after 15 days without one.",
    ),
    "campaigns_carrier_suspended": (
        "Suspended by a carrier",
        "A carrier stopped the campaign's messages: read the carrier's reason on the campaign.",
    ),
    "campaigns_expiring": (
        "Expiring within 30 days",
        "Auto-renewal is off: these campaigns stop unless renewed.",
    ),
    "numbers_pending_long": (
        "Numbers pending over 3 days",
        "Their assignment has not finished: refresh them or ask Telnyx support.",
    ),
}


@dataclass(frozen=True)
class RiskCard:
    key: str
    title: str
    todo: str
    count: int
    url: str | None


def dormancy_words(risk: DormancyRisk) -> str:
    """ "3 days left, suspended on Dec 10, 2026", or that the time is up (Telnyx checks on its own schedule)."""
    day = risk.suspends_on
    on = f"{day:%b} {day.day}, {day.year}"
    if risk.days_left == 0:
        return f"overdue, Telnyx may suspend it any day (due on {on})"
    days = ngettext("%(count)d day left", "%(count)d days left", risk.days_left) % {"count": risk.days_left}
    return f"{days}, suspended on {on}"


def risk_cards(
    counts: dict[str, int], soonest: DormancyRisk | None, user: User | AnonymousUser
) -> list[RiskCard]:
    """A card per risk, in the selectors' order; the dormancy card says when the first suspension falls."""
    cards = []
    for risk in RISKS:
        title, todo = WORDS[risk.key]
        if risk.key == "campaigns_dormancy" and soonest is not None:
            todo = f"Soonest: {dormancy_words(soonest)}. {todo}"
        meta = risk.model._meta
        visible = user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
        url = list_url(risk.model, f"{PARAMETER}={risk.key}") if visible else None
        cards.append(RiskCard(risk.key, title, todo, counts[risk.key], url))
    return cards


def risk_filter(model: type[Model]) -> type[SimpleListFilter]:
    """The "at risk" filter of ``model``'s list: one choice per risk about its rows."""
    choices = [RowsChoice(risk.key, WORDS[risk.key][0], risk.rows) for risk in RISKS if risk.model is model]
    return rows_filter("at risk", PARAMETER, choices)
