"""What needs attention, as the dashboard's cards say it: each concern's title, what to do about it, and
the list its card opens (filtered to the rows counted). The concerns and their urgency are the selectors'
(tendlc/selectors/attention.py); the words are here."""

from dataclasses import dataclass

from django.contrib.admin import SimpleListFilter
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Model
from django.urls import reverse

from tendlc.admin.row_filters import RowsChoice, rows_filter
from tendlc.selectors.attention import CONCERNS
from tendlc.selectors.campaigns import REJECTED

PARAMETER = "attention"
# Title, then what to do.
WORDS: dict[str, tuple[str, str]] = {
    "campaigns_rejected": (
        "Rejected campaigns",
        "Refused by the registry, Telnyx or a carrier: read why, then edit and resubmit or appeal.",
    ),
    "numbers_failed": ("Numbers that failed", "Their assignment or removal failed: read why and try again."),
    "assignment_tasks_failed": (
        "Failed assignment tasks",
        "Some numbers of a messaging profile did not reach their campaign.",
    ),
    "brands_registration_failed": (
        "Failed brand registrations",
        "Correct the brand's details and submit it again.",
    ),
    "brands_feedback": (
        "Brands with feedback",
        "The registry says what to fix before the brand can be verified.",
    ),
    "sync_failed": (
        "Last sync failed",
        "What the portal shows may be out of date: read its errors, then sync again.",
    ),
    "webhook_events_unprocessed": (
        "Webhook events not processed",
        "Status changes Telnyx sent are not applied yet: replay them.",
    ),
    "webhook_events_review": (
        "Webhook events needing review",
        "Telnyx sent events of a kind the portal does not act on: read them, then mark them reviewed.",
    ),
    "otps_pending": ("SMS OTPs awaiting the PIN", "A sole proprietor has not entered their PIN yet."),
}


def list_url(model: type[Model], query: str) -> str:
    return f"{reverse(f'admin:{model._meta.app_label}_{model._meta.model_name}_changelist')}?{query}"


def concern_url(key: str, model: type[Model]) -> str:
    # Rejected campaigns are a stage of the campaign list's own filter.
    if key == "campaigns_rejected":
        return list_url(model, f"stage={REJECTED.key}")
    return list_url(model, f"{PARAMETER}={key}")


@dataclass(frozen=True)
class AttentionCard:
    key: str
    title: str
    todo: str
    count: int
    url: str | None


def attention_cards(counts: dict[str, int], user: User | AnonymousUser) -> list[AttentionCard]:
    """A card per concern: those with something to do first, each group in urgency order. A card links to its
    list only for a user who may see that list."""
    cards = []
    for concern in CONCERNS:
        title, todo = WORDS[concern.key]
        meta = concern.model._meta
        visible = user.has_perm(f"{meta.app_label}.view_{meta.model_name}")
        url = concern_url(concern.key, concern.model) if visible else None
        cards.append(AttentionCard(concern.key, title, todo, counts[concern.key], url))
    return sorted(cards, key=lambda card: card.count == 0)


def attention_filter(model: type[Model]) -> type[SimpleListFilter]:
    """The "needs attention" filter of ``model``'s list: one choice per concern about its rows."""
    choices = [
        RowsChoice(concern.key, WORDS[concern.key][0], concern.rows)
        for concern in CONCERNS
        if concern.model is model
    ]
    return rows_filter("needs attention", PARAMETER, choices)
