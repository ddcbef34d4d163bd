"""Reads of the status timeline: a record's entries, the list's filters, and how long a record spent in each
status of a field.

Time in a status is computed from the entries alone: a record's first status counts from the record's own
creation (its first storing writes no entry), each entry starts the next status, and the current one runs
until now.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from tendlc.models import (
    Brand,
    Campaign,
    ExternalVetting,
    PartnerCampaign,
    PhoneNumberAssignment,
    StatusChange,
    StatusSubject,
)

# The list's date filter: each choice's first day, counted back from today (0: today).
PERIODS = {"today": "Today", "week": "Past 7 days", "month": "This month"}


def status_change_list(
    *,
    subject: str | None = None,
    field: str | None = None,
    carrier: str | None = None,
    new_value: str | None = None,
    cause: str | None = None,
    period: str | None = None,
    brand_id: str | None = None,
    campaign_id: str | None = None,
    record_id: str | None = None,
    now: datetime | None = None,
) -> QuerySet[StatusChange]:
    """Entries newest first, narrowed by whichever filters are given (the admin's list and the API's)."""
    entries = StatusChange.objects.all()
    exact = {
        "subject": subject,
        "field": field,
        "carrier": carrier,
        "new_value": new_value,
        "cause": cause,
        "brand_id": brand_id,
        "campaign_id": campaign_id,
        "record_id": record_id,
    }
    entries = entries.filter(**{name: value for name, value in exact.items() if value})
    if period:
        entries = entries.filter(changed_at__gte=period_start(period, now=now or timezone.now()))
    return entries.order_by("-changed_at", "-id")


def period_start(period: str, *, now: datetime) -> datetime:
    """The first moment of ``period`` (a key of ``PERIODS``) in the current time zone."""
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "today":
        return today
    if period == "week":
        return today - timedelta(days=6)
    if period == "month":
        return today.replace(day=1)
    raise ValueError(f"unknown period {period!r}")


def status_changes_of_record(*, subject: StatusSubject, record_id: str) -> QuerySet[StatusChange]:
    """A record's entries, newest first; a campaign's include its carriers' (kept under its id)."""
    subjects = [subject, StatusSubject.CARRIER_STATUS] if subject == StatusSubject.CAMPAIGN else [subject]
    return (
        StatusChange.objects.filter(Q(subject__in=subjects), record_id=record_id)
        .select_related("webhook_event", "sync_run", "audit_entry")
        .order_by("-changed_at", "-id")
    )


# The stored record of each subject, by the column holding its remote id (a carrier's change: its campaign).
RECORDS: dict[str, tuple[type[Model], str]] = {
    StatusSubject.BRAND: (Brand, "brand_id"),
    StatusSubject.CAMPAIGN: (Campaign, "campaign_id"),
    StatusSubject.CARRIER_STATUS: (Campaign, "campaign_id"),
    StatusSubject.NUMBER_ASSIGNMENT: (PhoneNumberAssignment, "phone_number"),
    StatusSubject.PARTNER_CAMPAIGN: (PartnerCampaign, "tcr_campaign_id"),
    StatusSubject.VETTING: (ExternalVetting, "vetting_id"),
}


def record_of(*, subject: str, record_id: str) -> Model | None:
    """The stored record an entry is about, None when it is not stored (any more)."""
    if subject not in RECORDS or not record_id:
        return None
    model, column = RECORDS[subject]
    return model._default_manager.filter(**{column: record_id}).first()


def record_started_at(record: Model) -> datetime:
    """When a record began, for its first status: Telnyx's creation time, else when the portal stored it."""
    for name in ("created_at", "create_date", "recorded_at"):
        value = getattr(record, name, None)
        if isinstance(value, datetime):
            return value
    return timezone.now()


@dataclass(frozen=True)
class StatusSpell:
    """One stretch of a field in one status; ``until`` is None for the current one."""

    value: str
    since: datetime
    until: datetime | None
    duration: timedelta


def status_spells(
    entries: Sequence[StatusChange],
    *,
    field: str,
    current: str,
    created_at: datetime,
    now: datetime,
    carrier: str = "",
) -> list[StatusSpell]:
    """The stretches of ``field`` (of ``carrier`` for a carrier's status) oldest first, from the record's
    entries in any order. ``current`` is the status now, which counts when the record has no entry yet."""
    own = sorted(
        (e for e in entries if e.field == field and e.carrier == carrier),
        key=lambda e: (e.changed_at, e.pk or 0),
    )
    spells = []
    value, since = (own[0].old_value if own else current), created_at
    for entry in own:
        start = max(since, min(entry.changed_at, now))
        spells.append(StatusSpell(value, since, start, start - since))
        value, since = entry.new_value, start
    spells.append(StatusSpell(value, since, None, max(now - since, timedelta(0))))
    return spells


def time_in_status(spells: Sequence[StatusSpell]) -> dict[str, timedelta]:
    """Total time per status over ``spells`` (a status entered twice counts both stretches), in order of first
    entry."""
    totals: dict[str, timedelta] = {}
    for spell in spells:
        totals[spell.value] = totals.get(spell.value, timedelta(0)) + spell.duration
    return totals
