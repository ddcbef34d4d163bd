"""How statuses look in lists and on pages: a coloured badge whose tone says good, pending or bad.

Tones are decided here, once, for every status enum of the wire, so a rejected campaign and a failed task
look alike wherever they appear.
"""

from django.utils.html import format_html
from django.utils.safestring import SafeString

GOOD = "good"
PENDING = "pending"
BAD = "bad"
NEUTRAL = "neutral"

TONES = {
    # brands
    "OK": GOOD, "REGISTRATION_PENDING": PENDING, "REGISTRATION_FAILED": BAD,
    "VERIFIED": GOOD, "VETTED_VERIFIED": GOOD, "UNVERIFIED": PENDING, "SELF_DECLARED": NEUTRAL,
    # campaigns
    "TCR_PENDING": PENDING, "TCR_ACCEPTED": PENDING, "TELNYX_ACCEPTED": PENDING, "MNO_PENDING": PENDING,
    "MNO_ACCEPTED": PENDING, "MNO_PROVISIONED": GOOD, "ACTIVE": GOOD,
    "TCR_FAILED": BAD, "TELNYX_FAILED": BAD, "MNO_REJECTED": BAD, "MNO_PROVISIONING_FAILED": BAD,
    "TCR_SUSPENDED": BAD, "TCR_EXPIRED": NEUTRAL, "EXPIRED": NEUTRAL,
    # submissions, assignments, tasks, OTPs, sharing, webhooks, sync runs, audit
    "CREATED": GOOD, "PENDING": PENDING, "FAILED": BAD,
    "ASSIGNED": GOOD, "PENDING_ASSIGNMENT": PENDING, "PENDING_UNASSIGNMENT": PENDING,
    "FAILED_ASSIGNMENT": BAD, "FAILED_UNASSIGNMENT": BAD,
    "pending": PENDING, "processing": PENDING, "completed": GOOD, "failed": BAD, "success": GOOD,
    "DELIVERED_HANDSET": PENDING, "DELIVERY_FAILED": BAD,
    "ACCEPTED": GOOD, "DECLINED": BAD,
    "received": PENDING, "processed": GOOD, "running": PENDING, "succeeded": GOOD,
    # carriers' operation status of a campaign
    "APPROVED": GOOD, "REVIEW": PENDING, "REJECTED": BAD, "SUSPENDED": BAD,
}  # fmt: skip


def badge(value: str, label: str | None = None) -> SafeString:
    """A status badge; ``label`` is the human text (a choice's display), ``value`` picks the tone."""
    if not value:
        return format_html('<span class="tendlc-badge tendlc-badge-{}">{}</span>', NEUTRAL, "-")
    return format_html(
        '<span class="tendlc-badge tendlc-badge-{}" title="{}">{}</span>',
        TONES.get(value, NEUTRAL),
        value,
        label or value,
    )
