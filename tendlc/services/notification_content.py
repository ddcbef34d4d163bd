"""What a notification says: one function, ``occurrence_content``, turns an event into words a compliance person
can act on (what happened, to which brand / campaign / number, when, why, what to do next, links to the record
and its timeline), and every channel (the inbox, e-mail in plain text and HTML, chat, the digest) shows that.

What to do next is computed by ``next_steps`` alone: it is the seam where an explanation of a rejection (a
compliance rule that explains the carrier's reason) adds its lines, so they reach every channel at once.
Links are absolute, built on ``PORTAL_PUBLIC_URL``; without it they are the portal's own paths.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse

from tendlc.choices import CampaignStatus, IdentityStatus, label_of
from tendlc.compliance.rejections import rejection_summary, what_to_do_lines
from tendlc.models import Campaign, NotificationKind, Occurrence

TIMELINE_ANCHOR = "#panel-timeline"


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class Content:
    kind: str
    title: str
    what: str
    about: list[tuple[str, str]]  # (what it is, which one): brand, campaign, number, record
    when: datetime
    why: list[str]
    next_steps: list[str]
    links: list[Link] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The plain text body: the inbox's message, the e-mail's text part and the chat message."""
        return render_to_string("notifications/body.txt", {"content": self}).strip() + "\n"

    @property
    def html(self) -> str:
        return render_to_string("notifications/email.html", {"content": self})


def occurrence_content(occurrence: Occurrence) -> Content:
    """Everything a channel shows of ``occurrence``."""
    facts = occurrence.facts
    title, what = WORDS[occurrence.kind](occurrence, facts)
    return Content(
        kind=occurrence.kind,
        title=title[:200],
        what=what,
        about=_about(occurrence),
        when=occurrence.occurred_at,
        why=_why(facts),
        next_steps=next_steps(occurrence),
        links=record_links(occurrence),
    )


def next_steps(occurrence: Occurrence) -> list[str]:
    """What the reader should do now, one line each. The seam for rules that explain a rejection: add their
    lines here and every channel shows them."""
    facts = occurrence.facts
    steps = [*facts.get("next_steps", ())]
    steps += _rejection_steps(occurrence)
    steps += NEXT_STEPS.get(occurrence.kind, [])
    return steps


def _rejection_steps(occurrence: Occurrence) -> list[str]:
    """What the reviewer objected to and what to change, from the rules that explain the rejection (the same
    lines as the campaign page's "Why it was rejected")."""
    # Imported here: the explanation runs the compliance checks, whose services reach back to the audit log,
    # which renders notifications.
    from tendlc.services.rejections import rejection_explain

    if occurrence.kind != NotificationKind.CAMPAIGN_REJECTED or not occurrence.campaign_id:
        return []
    campaign = Campaign.objects.filter(campaign_id=occurrence.campaign_id).first()
    explanation = rejection_explain(campaign=campaign) if campaign else None
    return what_to_do_lines(explanation) if explanation else []


def record_links(occurrence: Occurrence) -> list[Link]:
    """The record the event is about and its timeline, as absolute addresses."""
    path = record_path(occurrence)
    if not path:
        return []
    links = [Link(f"Open {occurrence.target_repr or 'the record'}", absolute(path))]
    if occurrence.facts.get("has_timeline"):
        links.append(Link("Its timeline", absolute(path + TIMELINE_ANCHOR)))
    return links


def record_path(occurrence: Occurrence) -> str:
    target = occurrence.target_type
    if target is None or not occurrence.target_id:
        return ""
    try:
        return reverse(f"admin:{target.app_label}_{target.model}_change", args=[occurrence.target_id])
    except NoReverseMatch:
        return ""


def absolute(path: str) -> str:
    return f"{str(settings.PORTAL_PUBLIC_URL).rstrip('/')}{path}"


def _about(occurrence: Occurrence) -> list[tuple[str, str]]:
    about = []
    if occurrence.brand_id:
        about.append(("Brand", occurrence.facts.get("brand_name") or occurrence.brand_id))
    if occurrence.campaign_id:
        about.append(("Campaign", occurrence.campaign_id))
    if occurrence.phone_number:
        about.append(("Number", occurrence.phone_number))
    if not about and occurrence.target_repr:
        about.append(("Record", occurrence.target_repr))
    return about


def _why(facts: Mapping[str, Any]) -> list[str]:
    why = []
    if facts.get("carrier"):
        why.append(f"Carrier: {facts['carrier']}")
    why += [f"Reason given: {reason}" for reason in facts.get("reasons", ()) if reason]
    if facts.get("description"):
        why.append(f"What Telnyx said: {facts['description']}")
    said = " ".join(str(text) for text in (*facts.get("reasons", ()), facts.get("description", "")) if text)
    meaning = rejection_summary(said) if said else ""
    if meaning:
        why.append(meaning)
    why += [str(line) for line in facts.get("details", ())]
    return why


def _campaign(o: Occurrence) -> str:
    return f"campaign {o.campaign_id or o.target_repr}"


def _rejected(o: Occurrence, facts: Mapping[str, Any]) -> tuple[str, str]:
    by = facts.get("carrier") or {
        CampaignStatus.TELNYX_FAILED: "Telnyx",
        CampaignStatus.TCR_FAILED: "The Campaign Registry",
    }.get(facts.get("new", ""), "a carrier")
    return (
        f"Campaign {o.campaign_id} rejected by {by}",
        f"{by} rejected {_campaign(o)}: it cannot send messages until the rejection is resolved.",
    )


def _suspended(o: Occurrence, facts: Mapping[str, Any]) -> tuple[str, str]:
    by = facts.get("carrier") or "a carrier"
    return (
        f"Campaign {o.campaign_id} suspended by {by}",
        f"{by} suspended {_campaign(o)}: its messages to {by}'s subscribers are blocked.",
    )


def _unsuspended(o: Occurrence, facts: Mapping[str, Any]) -> tuple[str, str]:
    by = facts.get("carrier") or "A carrier"
    return (
        f"{by} lifted the suspension of campaign {o.campaign_id}",
        f"{by} no longer suspends {_campaign(o)}; its status there is {facts.get('new_label', facts.get('new'))}.",
    )


def _identity(o: Occurrence, facts: Mapping[str, Any]) -> tuple[str, str]:
    status = label_of(IdentityStatus, facts.get("new", "")) if facts.get("new") else "unknown"
    name = facts.get("brand_name") or o.brand_id
    return f"Brand {name} verification: {status}", f"The identity of brand {name} is now {status}."


def _generic(title: str, what: str) -> Callable[[Occurrence, Mapping[str, Any]], tuple[str, str]]:
    def words(o: Occurrence, facts: Mapping[str, Any]) -> tuple[str, str]:
        values = {
            "campaign": o.campaign_id or o.target_repr,
            "brand": facts.get("brand_name") or o.brand_id,
            "number": o.phone_number,
            "record": o.target_repr,
            **facts,
        }
        return title.format_map(_Blank(values)), what.format_map(_Blank(values))

    return words


class _Blank(dict[str, Any]):
    """Formatting values where one the event lacks reads as blank rather than failing the notification."""

    def __missing__(self, key: str) -> str:
        return ""


WORDS: dict[str, Callable[[Occurrence, Mapping[str, Any]], tuple[str, str]]] = {
    NotificationKind.CAMPAIGN_REJECTED: _rejected,
    NotificationKind.CARRIER_SUSPENDED: _suspended,
    NotificationKind.CARRIER_UNSUSPENDED: _unsuspended,
    NotificationKind.DORMANCY_RISK: _generic(
        "Campaign {campaign} may be suspended for dormancy",
        "Campaign {campaign} has had no number for a while: T-Mobile suspends such a campaign on {suspends_on}"
        " ({days_left} days left).",
    ),
    NotificationKind.DORMANCY_SUSPENDED: _generic(
        "Campaign {campaign} suspended for dormancy",
        "T-Mobile suspended campaign {campaign}: it had no number assigned for too long.",
    ),
    NotificationKind.RENEWAL_AHEAD: _generic(
        "Campaign {campaign} {renewal_words}",
        "Campaign {campaign} {renewal_words}; it costs {fee} a month while it is active.",
    ),
    NotificationKind.BILLING: _generic("Charge: {amount} for {what}", "Telnyx charges {amount} for {what}."),
    NotificationKind.BRAND_VERIFICATION: _identity,
    NotificationKind.BRAND_FEEDBACK: _generic(
        "Feedback on brand {brand}", "The Campaign Registry gave feedback on brand {brand}."
    ),
    NotificationKind.VETTING_RESULT: _generic(
        "Vetting of brand {brand}: score {new}",
        "The external vetting of brand {brand} scored {new} (it was {old_words}).",
    ),
    NotificationKind.OTP_DELIVERED: _generic(
        "Text-message code delivered for brand {brand}",
        "The code sent to {mobile_phone} for brand {brand} was delivered: the sole proprietor can now give it.",
    ),
    NotificationKind.OTP_EXPIRED: _generic(
        "Text-message code expired for brand {brand}",
        "The code sent to {mobile_phone} for brand {brand} expired before it was entered.",
    ),
    NotificationKind.ASSIGNMENT_FAILED: _generic("Number assignment failed: {record}", "{failed_words}"),
    NotificationKind.SYNC_FAILED: _generic(
        "Sync with Telnyx failed",
        "The sync started {started} ended with errors: some records may be out of date.",
    ),
    NotificationKind.LINK_DOWN: _generic(
        "{link} of campaign {campaign} no longer opens",
        "The link check could not open the {link_words} of campaign {campaign} ({url}), which the last"
        " check opened: {failure}. Reviewers who open it now see what the check saw.",
    ),
    NotificationKind.WEBHOOK_NEEDS_REVIEW: _generic(
        "A notice from Telnyx needs review: {event_type}",
        "Telnyx sent a notice the portal does not act on by itself ({event_type}); a person must read it.",
    ),
}

NEXT_STEPS: dict[str, list[str]] = {
    NotificationKind.CAMPAIGN_REJECTED: [
        "Read the reason above and correct the campaign where it falls short.",
        "Then appeal the rejection from the campaign's page (Appeal), saying what you changed.",
    ],
    NotificationKind.CARRIER_SUSPENDED: [
        "Read the reason above and fix its cause (content, opt-in, numbers).",
        "Then ask Telnyx support to have the carrier lift the suspension.",
    ],
    NotificationKind.CARRIER_UNSUSPENDED: ["Nothing to do: messages through this carrier flow again."],
    NotificationKind.DORMANCY_RISK: [
        "Assign at least one number to the campaign before that date, or deactivate it if it is no longer used."
    ],
    NotificationKind.DORMANCY_SUSPENDED: [
        "Assign a number to the campaign, then reactivate it from its page (Reactivate)."
    ],
    NotificationKind.RENEWAL_AHEAD: [
        "Deactivate the campaign before then if it is no longer used; otherwise nothing to do."
    ],
    NotificationKind.BILLING: ["Nothing to do unless the charge is unexpected: then ask Telnyx support."],
    NotificationKind.BRAND_VERIFICATION: [
        "If the brand is not verified, read its feedback, correct the brand and ask for it to be vetted again."
    ],
    NotificationKind.BRAND_FEEDBACK: [
        "Correct what the feedback names, then ask for the brand to be vetted again."
    ],
    NotificationKind.VETTING_RESULT: [
        "A low score limits the brand's throughput: correct the brand's details and order a new vetting if needed."
    ],
    NotificationKind.OTP_DELIVERED: [
        "Ask the sole proprietor for the code and enter it on the brand's page."
    ],
    NotificationKind.OTP_EXPIRED: ["Send a new code from the brand's page and ask for it soon after."],
    NotificationKind.ASSIGNMENT_FAILED: [
        "Read why each number failed, correct it (wrong campaign, number held elsewhere) and assign it again."
    ],
    NotificationKind.SYNC_FAILED: [
        "Start a sync again from the Sync page; if it fails again, tell an admin."
    ],
    NotificationKind.LINK_DOWN: [
        "Have the site put back where the campaign links to it, or update the campaign with its new address.",
        "Then run Check links on the campaign's page to confirm that it opens again.",
    ],
    NotificationKind.WEBHOOK_NEEDS_REVIEW: [
        "Open the notice, read what Telnyx said and do what it asks, then mark it reviewed."
    ],
}
