"""The status timeline in words: what changed, from what to what and why, as a record's "Timeline" panel and
as the columns of the status changes list.

Values are shown by their status labels (the field's choices, or the enum a free-text field mirrors), yes/no
for a flag; causes as a sentence linking the webhook event, sync run or audit entry for whoever may open it.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from django.db.models import BooleanField, Field, Model, TextChoices
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

from tendlc.admin.display import badge
from tendlc.admin.panels import Panel
from tendlc.choices import OperationStatus, SharingStatus, label_of
from tendlc.compliance.rejections import rejection_summary
from tendlc.mapping.webhooks import event_said, is_rejection
from tendlc.models import (
    Brand,
    Campaign,
    CampaignMnoStatus,
    ChangeCause,
    PartnerCampaign,
    PhoneNumberAssignment,
    StatusChange,
    StatusSubject,
)
from tendlc.models.audit import action_label
from tendlc.selectors.timeline import record_started_at, status_changes_of_record, status_spells
from tendlc.services.timeline import TRACKED, status_text

# Enough to read a record's recent life; the status changes list has all of it, filterable.
PANEL_ROWS = 30
SUBJECT_MODELS: dict[str, type[Model]] = {tracked.subject: model for model, tracked in TRACKED.items()}
# Fields mirroring a wire enum without declaring it as their choices.
FREE_TEXT_ENUMS: dict[str, type[TextChoices]] = {
    "operation_status": OperationStatus,
    "sharing_status": SharingStatus,
}
# Where a field's own name is ambiguous beside the record's other statuses.
FIELD_LABELS = {
    (StatusSubject.CAMPAIGN, "status"): "Active or expired",
    (StatusSubject.NUMBER_ASSIGNMENT, "assignment_status"): "Assignment status",
    (StatusSubject.VETTING, "vetting_score"): "Vetting score",
}
CAUSE_LINKS = {
    "webhook_event": ("tendlc.view_webhookevent", "admin:tendlc_webhookevent_change"),
    "sync_run": ("tendlc.view_syncrun", "admin:tendlc_syncrun_change"),
    "audit_entry": ("tendlc.view_auditentry", "admin:tendlc_auditentry_change"),
}


def field_label(subject: str, field: str, carrier: str = "") -> str:
    """The changed status as people name it: "Campaign status", "T-Mobile: operation status"."""
    model = SUBJECT_MODELS.get(subject)
    if model is None:
        return field.replace("_", " ").capitalize()
    name = FIELD_LABELS.get((StatusSubject(subject), field)) or str(_column(model, field).verbose_name)
    if carrier:
        return f"{carrier}: {name}"
    return name[:1].upper() + name[1:]


def value_label(subject: str, field: str, value: str) -> str:
    """A stored value in words: its status label, "Yes"/"No" for a flag, "None" for no status yet."""
    if value == "":
        return "None"
    model = SUBJECT_MODELS.get(subject)
    column = _column(model, field) if model is not None else None
    if isinstance(column, BooleanField):
        return "Yes" if value == "true" else "No"
    enum = FREE_TEXT_ENUMS.get(field)
    if enum is not None:
        return label_of(enum, value)
    choices = dict(column.flatchoices) if column is not None and column.choices else {}
    return str(choices.get(value, value))


def known_values(subject: str, field: str) -> list[str] | None:
    """The values a tracked field can take, as stored: its enum's, or a flag's; None when it has no fixed set."""
    model = SUBJECT_MODELS.get(subject)
    column = _column(model, field) if model is not None else None
    if isinstance(column, BooleanField):
        return ["true", "false"]
    enum = FREE_TEXT_ENUMS.get(field)
    if enum is not None:
        return [str(value) for value in enum.values]
    if column is not None and column.choices:
        return [str(value) for value, _ in column.flatchoices if value != ""]
    return None


def _column(model: type[Model], name: str) -> Field[Any, Any]:
    # A tracked status is a concrete column, never a relation.
    return cast(Field[Any, Any], model._meta.get_field(name))


def value_badge(subject: str, field: str, value: str) -> SafeString:
    return badge(value, value_label(subject, field, value))


def cause_words(entry: StatusChange, request: HttpRequest) -> SafeString:
    """Why the change happened, with a link to its webhook event, sync run or audit entry where the user may
    open it."""
    if entry.cause == ChangeCause.WEBHOOK_EVENT:
        linked = _linked("by a webhook from Telnyx", "webhook_event", entry.webhook_event_id, request)
        # What Telnyx wrote is the "why" a person looks for: the carrier, the reason.
        payload = entry.webhook_event.payload if entry.webhook_event is not None else None
        said = event_said(payload)
        if not said:
            return linked
        # A rejection's words in plain terms: the published reason its code or wording names.
        meaning = rejection_summary(said) if is_rejection(payload) else ""
        if meaning:
            return format_html(
                '{}: “{}” <span class="tendlc-rejection-meaning">{}</span>', linked, said, meaning
            )
        return format_html("{}: “{}”", linked, said)
    if entry.cause == ChangeCause.SYNC_RUN:
        run = entry.sync_run
        when = (
            timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M") if run is not None else "a past day"
        )
        return _linked(f"found by the sync of {when}", "sync_run", entry.sync_run_id, request)
    if entry.cause == ChangeCause.POLL:
        return format_html("found by the scheduled check “{}”", entry.cause_detail or "unnamed")
    if entry.cause == ChangeCause.USER_ACTION:
        audit = entry.audit_entry
        who = (audit.username if audit is not None else "") or "a user"
        label = action_label(audit.action if audit is not None else entry.cause_detail)
        return _linked(
            f"by {who}: {label[:1].lower()}{label[1:]}", "audit_entry", entry.audit_entry_id, request
        )
    return format_html("{}", "by the portal")


def _linked(words: str, link: str, pk: int | None, request: HttpRequest) -> SafeString:
    permission, route = CAUSE_LINKS[link]
    if pk is None or not request.user.has_perm(permission):
        return format_html("{}", words)
    return format_html('<a href="{}">{}</a>', reverse(route, args=[pk]), words)


@dataclass(frozen=True)
class TimelineRow:
    changed_at: datetime
    what: str
    old: SafeString
    new: SafeString
    why: SafeString


@dataclass(frozen=True)
class CurrentStatus:
    what: str
    value: SafeString
    since: datetime
    duration: str


RECORD_SUBJECTS: dict[type[Model], StatusSubject] = {
    Brand: StatusSubject.BRAND,
    Campaign: StatusSubject.CAMPAIGN,
    PhoneNumberAssignment: StatusSubject.NUMBER_ASSIGNMENT,
    PartnerCampaign: StatusSubject.PARTNER_CAMPAIGN,
}


def timeline_panels(
    request: HttpRequest, record: Model, *, carriers: list[CampaignMnoStatus] | None = None
) -> list[Panel]:
    """The "Timeline" panel of ``record``: its status changes newest first (a campaign's with its
    ``carriers``' rows), and how long it has been in each current status; none for a draft, which has no
    remote id yet. One query whatever the timeline's length."""
    subject = RECORD_SUBJECTS[type(record)]
    tracked = TRACKED[type(record)]
    record_id = str(getattr(record, tracked.record_id) or "")
    if not record_id:
        return []
    entries = list(status_changes_of_record(subject=subject, record_id=record_id)[: PANEL_ROWS + 1])
    now = timezone.now()
    began = record_started_at(record)
    fields = [(subject, name, "", getattr(record, name)) for name in tracked.fields]
    fields += [
        (
            StatusSubject.CARRIER_STATUS,
            "operation_status",
            row.mno or f"Network {row.network_id}",
            row.operation_status,
        )
        for row in carriers or []
    ]
    current = []
    for field_subject, name, carrier, value in fields:
        own = [e for e in entries if e.subject == field_subject]
        spell = status_spells(
            own, field=name, carrier=carrier, current=status_text(value), created_at=began, now=now
        )[-1]
        current.append(
            CurrentStatus(
                field_label(field_subject, name, carrier),
                value_badge(field_subject, name, status_text(value)),
                spell.since,
                timesince(spell.since, now),
            )
        )
    rows = [
        TimelineRow(
            entry.changed_at,
            field_label(entry.subject, entry.field, entry.carrier),
            value_badge(entry.subject, entry.field, entry.old_value),
            value_badge(entry.subject, entry.field, entry.new_value),
            cause_words(entry, request),
        )
        for entry in entries[:PANEL_ROWS]
    ]
    return [
        Panel(
            "Timeline",
            "admin/tendlc/panels/timeline.html",
            {
                "rows": rows,
                "current": current,
                "more": len(entries) > PANEL_ROWS,
                "list_url": f"{reverse('admin:tendlc_statuschange_changelist')}?{urlencode({'q': record_id})}",
            },
        )
    ]
