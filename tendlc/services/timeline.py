"""The status timeline: which mirrored fields are tracked, how a change of one becomes an entry, and why.

This module owns the decision of what is recorded, so every writer of mirrored rows records alike: the
single-row writer (``tendlc.services.mirror``), the bulk upsert of carrier statuses and assignments, and the
sync's page writer. Only a change of a stored row is recorded, never a record's first storing (its first
status dates from the record's creation), so a re-sync of an unchanged API writes nothing here either.

Why a change happened is not threaded through every function: whoever drives the write (a webhook's
processing, a sync unit, a scheduled check, a person's audited action) opens ``status_change_cause`` around
it, and the entries written inside take their cause from it; outside any, the cause is "other". The context is
a ``contextvars`` variable, so it follows the code that set it and nothing else (a sync's worker threads set
their own, in ``sync_unit``).
"""

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Model

from tendlc.models import (
    AuditEntry,
    Brand,
    Campaign,
    CampaignMnoStatus,
    ChangeCause,
    ExternalVetting,
    PartnerCampaign,
    PhoneNumberAssignment,
    StatusChange,
    StatusSubject,
    SyncRun,
    WebhookEvent,
)
from tendlc.services.notification_events import status_changes_notice


@dataclass(frozen=True)
class Tracked:
    """A model's tracked status fields and the columns (attribute names) that place an entry: the record's
    remote id, its brand's and campaign's ids (the first non-empty of several), its carrier's name."""

    subject: StatusSubject
    fields: tuple[str, ...]
    record_id: str
    brand_id: str = ""
    campaign_ids: tuple[str, ...] = ()
    carrier: str = ""

    @property
    def columns(self) -> set[str]:
        names = {*self.fields, self.record_id, self.brand_id, *self.campaign_ids, self.carrier}
        return names - {""}


# A carrier's status names its campaign, and a vetting its brand, by primary key: their remote ids are looked
# up (``_parents``) and the record id below is the campaign's (carrier) or stays the vetting's own.
TRACKED: dict[type[Model], Tracked] = {
    Brand: Tracked(
        StatusSubject.BRAND, ("identity_status", "status"), record_id="brand_id", brand_id="brand_id"
    ),
    Campaign: Tracked(
        StatusSubject.CAMPAIGN,
        ("campaign_status", "status", "submission_status", "is_t_mobile_suspended"),
        record_id="campaign_id",
        brand_id="brand_id",
        campaign_ids=("campaign_id",),
    ),
    CampaignMnoStatus: Tracked(
        StatusSubject.CARRIER_STATUS,
        ("operation_status",),
        record_id="campaign_id",
        campaign_ids=("campaign_id",),
        carrier="mno",
    ),
    PhoneNumberAssignment: Tracked(
        StatusSubject.NUMBER_ASSIGNMENT,
        ("assignment_status",),
        record_id="phone_number",
        brand_id="brand_id",
        campaign_ids=("telnyx_campaign_id", "tcr_campaign_id"),
    ),
    PartnerCampaign: Tracked(
        StatusSubject.PARTNER_CAMPAIGN,
        ("campaign_status", "sharing_status"),
        record_id="tcr_campaign_id",
        campaign_ids=("tcr_campaign_id",),
    ),
    ExternalVetting: Tracked(
        StatusSubject.VETTING, ("vetting_score",), record_id="vetting_id", brand_id="brand_id"
    ),
}


@dataclass
class Cause:
    """Why the changes written inside a ``status_change_cause`` happened; ``recorded`` collects the ids of
    the entries a person's action wrote, for its audit entry, written after the work, to be linked to them."""

    cause: ChangeCause
    webhook_event_id: int | None = None
    sync_run_id: int | None = None
    detail: str = ""
    recorded: list[int] = field(default_factory=list)


_current: ContextVar[Cause | None] = ContextVar("status_change_cause", default=None)


@contextmanager
def status_change_cause(
    *,
    cause: ChangeCause,
    webhook_event: WebhookEvent | None = None,
    sync_run: SyncRun | int | None = None,
    detail: str = "",
) -> Iterator[Cause]:
    """Entries written inside take this cause (the innermost one where they nest)."""
    run_id = sync_run.pk if isinstance(sync_run, SyncRun) else sync_run
    scope = Cause(
        cause=cause,
        webhook_event_id=webhook_event.pk if webhook_event is not None else None,
        sync_run_id=run_id,
        detail=detail[:100],
    )
    token = _current.set(scope)
    try:
        yield scope
    finally:
        _current.reset(token)


def tracked_columns(model: type[Model]) -> set[str]:
    """The columns a writer must read of a stored row for its status changes to be found."""
    tracked = TRACKED.get(model)
    return tracked.columns if tracked is not None else set()


def status_changes_between(
    model: type[Model], rows: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]], *, at: datetime
) -> list[StatusChange]:
    """The entries (unsaved) for ``rows``: pairs of a stored row's columns and the values about to be written
    over them (either may lack a column; a tracked field missing from either is not compared). Answers an
    empty list, without a query, when no tracked field differs."""
    tracked = TRACKED.get(model)
    if tracked is None:
        return []
    found: list[tuple[dict[str, Any], str, str, str]] = []
    for stored, values in rows:
        merged = {**stored, **values}
        if not stored.get(tracked.record_id):
            continue
        for name in tracked.fields:
            if name in stored and name in values and stored[name] != values[name]:
                found.append((merged, name, status_text(stored[name]), status_text(values[name])))
    if not found:
        return []
    parents = _parents(model, [row for row, *_ in found])
    cause = _current.get() or Cause(cause=ChangeCause.OTHER)
    return [
        StatusChange(
            changed_at=at,
            subject=tracked.subject,
            field=name,
            old_value=old,
            new_value=new,
            cause=cause.cause,
            webhook_event_id=cause.webhook_event_id,
            sync_run_id=cause.sync_run_id,
            cause_detail=cause.detail,
            **_place(model, tracked, row, parents),
        )
        for row, name, old, new in found
    ]


def status_changes_of(instance: Model, values: Mapping[str, Any], *, at: datetime) -> list[StatusChange]:
    """The entries for writing ``values`` over ``instance`` as it is now (before they are set on it)."""
    tracked = TRACKED.get(type(instance))
    if tracked is None:
        return []
    stored = {name: getattr(instance, name) for name in tracked.columns}
    return status_changes_between(type(instance), [(stored, values)], at=at)


def status_changes_save(changes: Sequence[StatusChange]) -> None:
    """Write ``changes`` in one INSERT, and record the events among them for notifications; call it in the
    transaction of the write they describe."""
    if not changes:
        return
    created = StatusChange.objects.bulk_create(changes)
    status_changes_notice(created)
    # Imported here: the moves' service reaches the timeline through the assignment services it calls.
    from tendlc.services.number_moves import number_moves_due

    number_moves_due(created)
    cause = _current.get()
    # Kept for a person's action only, whose audit entry comes after: a sync's run is known up front.
    if cause is not None and cause.cause == ChangeCause.USER_ACTION:
        cause.recorded.extend(change.pk for change in created if change.pk is not None)


def status_changes_attribute(*, cause: Cause, entry: AuditEntry) -> None:
    """Link the entries written under ``cause`` to the audit entry of the action that caused them (written
    after the action, so that a rolled-back action is on record too)."""
    if cause.recorded:
        StatusChange.objects.filter(pk__in=cause.recorded).update(audit_entry=entry)


def status_text(value: Any) -> str:
    """A status column's value as an entry keeps it: text, "true"/"false" for a flag, "" for none."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _parents(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> dict[Any, tuple[str, str]]:
    """For a carrier status (by its campaign's key) or a vetting (by its brand's key): the remote
    ``(campaign id, brand id)`` of its parent; one query, made only when something changed."""
    if model is CampaignMnoStatus:
        keys = {row["campaign_id"] for row in rows}
        found = Campaign.objects.filter(pk__in=keys).values_list("pk", "campaign_id", "brand_id")
        return {pk: (campaign_id, str(brand_id or "")) for pk, campaign_id, brand_id in found}
    if model is ExternalVetting:
        keys = {row["brand_id"] for row in rows}
        return {
            pk: ("", brand_id or "")
            for pk, brand_id in Brand.objects.filter(pk__in=keys).values_list("pk", "brand_id")
        }
    return {}


def _place(
    model: type[Model], tracked: Tracked, row: Mapping[str, Any], parents: Mapping[Any, tuple[str, str]]
) -> dict[str, str]:
    if model is CampaignMnoStatus:
        campaign_id, brand_id = parents.get(row["campaign_id"], ("", ""))
        return {
            "record_id": campaign_id,
            "brand_id": brand_id,
            "campaign_id": campaign_id,
            "carrier": status_text(row.get("mno")),
        }
    if model is ExternalVetting:
        _, brand_id = parents.get(row["brand_id"], ("", ""))
        return {
            "record_id": status_text(row[tracked.record_id]),
            "brand_id": brand_id,
            "campaign_id": "",
            "carrier": "",
        }
    campaign_id = next((status_text(row[name]) for name in tracked.campaign_ids if row.get(name)), "")
    return {
        "record_id": status_text(row[tracked.record_id]),
        "brand_id": status_text(row.get(tracked.brand_id)) if tracked.brand_id else "",
        "campaign_id": campaign_id,
        "carrier": "",
    }
