"""What the admin's home page shows, in the order a person acts on it: what needs attention, what is at risk
of stopping (dormancy, carrier suspensions, expiry, slow assignments), the headline counts with their change
over the week, campaign statuses over time, the last sync with its progress and "Sync now", and the person's
recent actions. A new account is told what to do first instead.
A fixed number of queries, whatever the data."""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.forms import Media
from django.http import HttpRequest
from django.utils import timezone

from tendlc.admin.attention import attention_cards, list_url
from tendlc.admin.charts import status_chart
from tendlc.admin.risks import risk_cards
from tendlc.admin.sync import SyncRunAdmin, progress
from tendlc.models import Brand, Campaign, PhoneNumberAssignment
from tendlc.selectors.attention import attention_counts
from tendlc.selectors.campaigns import ACTIVE, IN_REVIEW, REJECTED
from tendlc.selectors.dashboard import (
    WEEK,
    Headline,
    brands_headline,
    campaign_stage_headlines,
    campaign_status_history,
    numbers_assigned_shown,
)
from tendlc.selectors.risks import dormancy_soonest, risk_counts
from tendlc.selectors.sync_runs import sync_run_latest, sync_run_started_by


@dataclass(frozen=True)
class CountCard:
    title: str
    count: int
    change: str
    url: str
    # When a worker counted it, for a count not made for this page.
    counted_at: datetime | None = None


def change_words(headline: Headline, today: date) -> str:
    """The change in words: "+12 this week", "No change this week", "-3 since Nov 29" (measured from a
    recorded day other than a week ago; shown with a true minus sign); "" when nothing earlier is known."""
    if headline.change is None or headline.since is None:
        return ""
    period = "this week" if (today - headline.since).days == WEEK.days else f"since {headline.since:%b %d}"
    if headline.change == 0:
        return f"No change {period}"
    sign = "+" if headline.change > 0 else "\u2212"
    return f"{sign}{abs(headline.change):,} {period}"


def count_cards(history: list[tuple[date, dict[str, int]]], brands: Headline) -> list[CountCard]:
    # The day the history and the headlines are counted on (UTC), not the reader's.
    today = timezone.now().date()
    stages = campaign_stage_headlines(history)
    numbers = numbers_assigned_shown()
    assigned = "assignment_status__exact=ASSIGNED&remote_deleted_at__isnull=True"
    cards = [
        ("Brands", brands, list_url(Brand, "submission=submitted")),
        ("Active campaigns", stages[ACTIVE.key], list_url(Campaign, f"stage={ACTIVE.key}")),
        ("Campaigns in review", stages[IN_REVIEW.key], list_url(Campaign, f"stage={IN_REVIEW.key}")),
        ("Rejected campaigns", stages[REJECTED.key], list_url(Campaign, f"stage={REJECTED.key}")),
        ("Numbers assigned", numbers, list_url(PhoneNumberAssignment, assigned)),
    ]
    return [
        CountCard(title, headline.count, change_words(headline, today), url, headline.counted_at)
        for title, headline, url in cards
    ]


def dashboard_context(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.has_module_perms("tendlc"):
        return {}
    last_sync = sync_run_latest()
    history = campaign_status_history()
    brands, brands_ever = brands_headline()
    return {
        "attention_cards": attention_cards(attention_counts(), user),
        "risk_cards": risk_cards(risk_counts(), dormancy_soonest(), user),
        "count_cards": count_cards(history, brands),
        "new_account": brands_ever == 0,
        "status_chart": status_chart(history),
        "last_sync": last_sync,
        "last_sync_progress": progress(last_sync) if last_sync else None,
        "last_sync_started_by": sync_run_started_by(last_sync) if last_sync else "",
        # The sync's bar is the sync admin's, and so is the script that keeps it current.
        "media": Media(SyncRunAdmin.Media),
        "can_start_sync": user.has_perm("tendlc.start_syncrun"),
    }
