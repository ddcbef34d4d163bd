"""How statuses look in lists and on pages: a coloured badge whose tone says good, pending or bad.

This module owns the tones: one table per status enum shown as a badge, so a rejected campaign and a failed
task look alike wherever they appear, and a status added to an enum without a tone fails a test
(tests/admin/test_display_and_export.py) instead of showing grey. A status column is a ``BadgeColumn``, named
``<field>_badge``; a column that shows something else as a badge (a brand's submission, a removed number)
says so in its own method, built on ``badge`` and ``choice_badge``. A long id in a list is a ``LongColumn``:
one short line, its whole value in the title.
"""

from typing import Any

from django.db.models import Model, TextChoices
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tendlc.choices import (
    AssignmentStatus,
    BrandStatus,
    CampaignActivity,
    CampaignStatus,
    IdentityStatus,
    OperationStatus,
    OtpDeliveryStatus,
    SharingStatus,
    SubmissionStatus,
    TaskNumberStatus,
    TaskStatus,
    label_of,
)
from tendlc.compliance import ERROR, WARNING
from tendlc.models import SyncRunState, UploadStatus

GOOD = "good"
PENDING = "pending"
BAD = "bad"
NEUTRAL = "neutral"

STATUS_TONES: dict[type[TextChoices], dict[str, str]] = {
    BrandStatus: {
        BrandStatus.OK: GOOD,
        BrandStatus.REGISTRATION_PENDING: PENDING,
        BrandStatus.REGISTRATION_FAILED: BAD,
    },
    IdentityStatus: {
        IdentityStatus.VERIFIED: GOOD,
        IdentityStatus.VETTED_VERIFIED: GOOD,
        IdentityStatus.UNVERIFIED: PENDING,
        IdentityStatus.SELF_DECLARED: NEUTRAL,
    },
    # Every step before provisioning is still a review; only the carriers' provisioning is the goal.
    CampaignStatus: {
        CampaignStatus.TCR_PENDING: PENDING,
        CampaignStatus.TCR_ACCEPTED: PENDING,
        CampaignStatus.TELNYX_ACCEPTED: PENDING,
        CampaignStatus.MNO_PENDING: PENDING,
        CampaignStatus.MNO_ACCEPTED: PENDING,
        CampaignStatus.MNO_PROVISIONED: GOOD,
        CampaignStatus.TCR_FAILED: BAD,
        CampaignStatus.TELNYX_FAILED: BAD,
        CampaignStatus.MNO_REJECTED: BAD,
        CampaignStatus.MNO_PROVISIONING_FAILED: BAD,
        CampaignStatus.TCR_SUSPENDED: BAD,
        CampaignStatus.TCR_EXPIRED: NEUTRAL,
    },
    CampaignActivity: {CampaignActivity.ACTIVE: GOOD, CampaignActivity.EXPIRED: NEUTRAL},
    SubmissionStatus: {
        SubmissionStatus.CREATED: GOOD,
        SubmissionStatus.PENDING: PENDING,
        SubmissionStatus.FAILED: BAD,
    },
    OperationStatus: {
        OperationStatus.APPROVED: GOOD,
        OperationStatus.REVIEW: PENDING,
        OperationStatus.REJECTED: BAD,
        OperationStatus.SUSPENDED: BAD,
    },
    SharingStatus: {
        SharingStatus.ACCEPTED: GOOD,
        SharingStatus.PENDING: PENDING,
        SharingStatus.DECLINED: BAD,
    },
    AssignmentStatus: {
        AssignmentStatus.ASSIGNED: GOOD,
        AssignmentStatus.PENDING_ASSIGNMENT: PENDING,
        AssignmentStatus.PENDING_UNASSIGNMENT: PENDING,
        AssignmentStatus.FAILED_ASSIGNMENT: BAD,
        AssignmentStatus.FAILED_UNASSIGNMENT: BAD,
    },
    TaskStatus: {
        TaskStatus.PENDING: PENDING,
        TaskStatus.PROCESSING: PENDING,
        TaskStatus.COMPLETED: GOOD,
        TaskStatus.FAILED: BAD,
    },
    TaskNumberStatus: {
        TaskNumberStatus.PENDING: PENDING,
        TaskNumberStatus.PROCESSING: PENDING,
        TaskNumberStatus.SUCCESS: GOOD,
        TaskNumberStatus.FAILED: BAD,
    },
    # A delivered code still waits for the user to type it; only a verified one is done.
    OtpDeliveryStatus: {
        OtpDeliveryStatus.PENDING: PENDING,
        OtpDeliveryStatus.DELIVERED_HANDSET: PENDING,
        OtpDeliveryStatus.DELIVERY_FAILED: BAD,
        OtpDeliveryStatus.FAILED: BAD,
        OtpDeliveryStatus.VERIFIED: GOOD,
        OtpDeliveryStatus.EXPIRED: NEUTRAL,
    },
    SyncRunState: {SyncRunState.RUNNING: PENDING, SyncRunState.SUCCEEDED: GOOD, SyncRunState.FAILED: BAD},
    # A finished upload may have refused rows: its counts say so, not its status.
    UploadStatus: {
        UploadStatus.PREVIEW: PENDING,
        UploadStatus.QUEUED: PENDING,
        UploadStatus.SENDING: PENDING,
        UploadStatus.FINISHED: NEUTRAL,
    },
}
# A compliance finding's severity (static/tendlc/live_findings.js shows the same in the browser): an error is
# what the registry or carriers reject, a warning what they may question.
SEVERITY_TONES = {ERROR: BAD, WARNING: PENDING}
# By value alone, for the places that show a value without its field (carriers' counts, a task's numbers);
# a value two enums share has one tone in both, which the tests hold.
TONES: dict[str, str] = {value: tone for tones in STATUS_TONES.values() for value, tone in tones.items()}


def tone_of(value: str) -> str:
    return TONES.get(value, NEUTRAL)


def tone_badge(tone: str, label: object) -> SafeString:
    """A badge of a tone chosen by the caller, for what is not a status (a finding's severity, a count)."""
    return format_html('<span class="tendlc-badge tendlc-badge-{}">{}</span>', tone, label)


def badge(value: str, label: str | None = None) -> SafeString:
    """A status badge; ``label`` is the human text (a choice's display), ``value`` picks the tone. The value
    is kept in ``data-status`` for scripts and tests, not in a title: a hover would show the wire code."""
    if not value:
        return tone_badge(NEUTRAL, "-")
    return format_html(
        '<span class="tendlc-badge tendlc-badge-{}" data-status="{}">{}</span>',
        tone_of(value),
        value,
        label or value,
    )


def choice_label(value: str, choices: type[TextChoices]) -> str:
    """One of ``choices``' values as the enum labels it (a value it lacks as it is, none as "-")."""
    if not value:
        return "-"
    return str(choices(value).label) if value in choices.values else value


def choice_badge(value: str, choices: type[TextChoices]) -> SafeString:
    """The badge of one of ``choices``' values, labelled as the enum labels it (a value it lacks as it is)."""
    return badge(value, choice_label(value, choices))


class BadgeColumn:
    """A list or detail column showing a status field as a badge, sorted by that field.

    An instance, not a function, so that as a ModelAdmin attribute it is not bound: the admin calls it with the
    row alone, and reads ``short_description`` and ``admin_order_field`` as it does from ``@admin.display``.
    """

    def __init__(self, field: str, choices: type[TextChoices], *, description: str) -> None:
        self.field = field
        self.choices = choices
        self.short_description = description
        self.admin_order_field = field

    def __call__(self, obj: Model) -> SafeString:
        value: Any = getattr(obj, self.field)
        return choice_badge(value, self.choices)


class LabelColumn:
    """A list or detail column naming a field's wire value by its enum's label, for a field that does not
    declare the enum as its choices (a class for the reason ``BadgeColumn`` is one)."""

    def __init__(self, field: str, choices: type[TextChoices], *, description: str) -> None:
        self.field = field
        self.choices = choices
        self.short_description = description
        self.admin_order_field = field

    def __call__(self, obj: Model) -> str:
        value = getattr(obj, self.field)
        return label_of(self.choices, value) if value else "-"


def long_text(value: object) -> SafeString | str:
    """A long id, URL or message cut to one short line in a list (static/tendlc/layout.css); its whole value
    shows on hover, and selecting it copies all of it."""
    if value in (None, ""):
        return "-"
    return format_html('<span class="tendlc-long" title="{}">{}</span>', value, value)


class LongColumn:
    """A list column showing a field through ``long_text``, sorted by that field (a class for the reason
    ``BadgeColumn`` is one)."""

    def __init__(self, field: str, *, description: str) -> None:
        self.field = field
        self.short_description = description
        self.admin_order_field = field

    def __call__(self, obj: Model) -> SafeString | str:
        return long_text(getattr(obj, self.field))
