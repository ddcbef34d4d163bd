"""Where each kind of notification comes from: the code that notices an event calls one function here.

| kind                              | noticed by                                                             |
|-----------------------------------|------------------------------------------------------------------------|
| campaign rejected                 | the timeline: a campaign's status becoming rejected (Telnyx, the       |
|                                   | registry, a carrier) or a carrier's operation status becoming rejected |
| carrier suspension / its lifting  | the timeline: a carrier's operation status to / from suspended; a      |
|                                   | campaign suspended by the registry that is not dormant                 |
| dormancy suspension               | the timeline: a campaign suspended by the registry that is dormant     |
| brand verification result         | the timeline: a brand's identity status                                |
| vetting result                    | the timeline: a vetting's score                                        |
| number assignment failed          | the timeline: a number's assignment failed; an assignment task failed  |
|                                   | or finished with numbers failed (its poll)                             |
| expiry                            | the timeline: a campaign's status becoming expired                     |
| dormancy risk, renewal ahead      | the hourly check (``risks_notice``)                                    |
| billing                           | a charge recorded (``tendlc.services.charges``)                        |
| brand feedback                    | feedback read (``tendlc.services.brands``)                             |
| OTP delivered / expired           | the OTP's poll (``tendlc.services.otp``)                               |
| sync failed                       | the sync's end (``tendlc.services.sync``)                              |
| webhook event needing review      | its processing (``tendlc.services.webhooks``)                          |

Because the timeline is written by every writer of mirrored rows, a change notifies alike whether a webhook,
a sync or a poll found it; its key is the status change's id, so the same change is told once. Why it happened
is taken from the webhook event whose processing found it (Telnyx's description and reasons), where one did.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Model
from django.utils import timezone

from tendlc.choices import (
    AssignmentStatus,
    CampaignStatus,
    IdentityStatus,
    OperationStatus,
    OtpDeliveryStatus,
    TaskStatus,
    label_of,
)
from tendlc.models import (
    AssignmentTask,
    Brand,
    BrandFeedback,
    Campaign,
    Charge,
    ExternalVetting,
    LinkCheckResult,
    NotificationKind,
    NumberUpload,
    Occurrence,
    PhoneNumberAssignment,
    SmsOtpVerification,
    StatusChange,
    StatusSubject,
    SyncRun,
    WebhookEvent,
)
from tendlc.selectors.dormancy import campaign_is_dormant, campaign_list_at_dormancy_risk, dormancy_risk_at
from tendlc.selectors.notifications import started_by
from tendlc.selectors.renewals import campaign_list_renewing, campaign_monthly_charge, campaign_renews
from tendlc.services.notifications import Event, occurrence_record

# The pages a link check opens, as a notice names them (``tendlc.compliance.link_pages``'s fields).
LINK_LABELS = {
    "website": "The brand's website",
    "privacyPolicyLink": "The privacy policy",
    "termsAndConditionsLink": "The terms and conditions",
    "messageFlow": "The opt-in page",
    "embeddedLinkSample": "The link in the messages",
}
REJECTED = (CampaignStatus.TELNYX_FAILED, CampaignStatus.MNO_REJECTED, CampaignStatus.TCR_FAILED)
# A rejection told by a carrier's own status is the same event as the campaign's status following it.
SAME_REJECTION_WITHIN = timedelta(days=1)
DORMANCY_WARN_DAYS = 5
RENEWAL_WARN_DAYS = 7
TCR = "The Campaign Registry"


def status_changes_notice(changes: Sequence[StatusChange]) -> None:
    """Record the events among ``changes`` (saved, in the transaction that wrote them)."""
    for change in changes:
        kind = _kind_of(change)
        if kind is not None:
            occurrence_record(_event_of(change, kind))


def _kind_of(change: StatusChange) -> str | None:
    subject, name, old, new = change.subject, change.field, change.old_value, change.new_value
    if subject == StatusSubject.CAMPAIGN and name == "campaign_status":
        if new in REJECTED:
            return None if _told_by_carrier(change) else NotificationKind.CAMPAIGN_REJECTED
        if new == CampaignStatus.TCR_SUSPENDED:
            campaign = Campaign.objects.filter(campaign_id=change.record_id).first()
            dormant = campaign is not None and campaign_is_dormant(campaign)
            return NotificationKind.DORMANCY_SUSPENDED if dormant else NotificationKind.CARRIER_SUSPENDED
        if new == CampaignStatus.TCR_EXPIRED:
            return NotificationKind.RENEWAL_AHEAD
    if subject == StatusSubject.CARRIER_STATUS and name == "operation_status":
        if new == OperationStatus.REJECTED:
            return NotificationKind.CAMPAIGN_REJECTED
        if new == OperationStatus.SUSPENDED:
            return NotificationKind.CARRIER_SUSPENDED
        if old == OperationStatus.SUSPENDED and new:
            return NotificationKind.CARRIER_UNSUSPENDED
    if subject == StatusSubject.NUMBER_ASSIGNMENT and new == AssignmentStatus.FAILED_ASSIGNMENT:
        return NotificationKind.ASSIGNMENT_FAILED
    if subject == StatusSubject.BRAND and name == "identity_status" and new:
        return NotificationKind.BRAND_VERIFICATION
    if subject == StatusSubject.VETTING and new:
        return NotificationKind.VETTING_RESULT
    return None


def _told_by_carrier(change: StatusChange) -> bool:
    return (
        change.new_value == CampaignStatus.MNO_REJECTED
        and Occurrence.objects.filter(
            kind=NotificationKind.CAMPAIGN_REJECTED,
            campaign_id=change.campaign_id,
            occurred_at__gte=change.changed_at - SAME_REJECTION_WITHIN,
        )
        .exclude(facts__carrier="")
        .exists()
    )


def _event_of(change: StatusChange, kind: str) -> Event:
    target = _record_of(change)
    facts: dict[str, Any] = {
        "field": change.field,
        "old": change.old_value,
        "new": change.new_value,
        "has_timeline": isinstance(target, Brand | Campaign | PhoneNumberAssignment),
        **_brand_facts(change.brand_id),
        **_webhook_facts(change.webhook_event),
    }
    if change.carrier:
        facts["carrier"] = change.carrier
    elif change.subject == StatusSubject.CAMPAIGN and change.new_value == CampaignStatus.TCR_SUSPENDED:
        facts["carrier"] = TCR
    if change.subject == StatusSubject.CARRIER_STATUS:
        facts["new_label"] = label_of(OperationStatus, change.new_value)
    if change.subject == StatusSubject.VETTING:
        facts["old_words"] = change.old_value or "not scored"
    if kind == NotificationKind.RENEWAL_AHEAD:
        facts["renewal_words"] = "expired"
    if change.subject == StatusSubject.BRAND:
        facts["new_label"] = label_of(IdentityStatus, change.new_value)
    if change.subject == StatusSubject.NUMBER_ASSIGNMENT:
        facts["failed_words"] = (
            f"The number {change.record_id} could not be assigned to campaign {change.campaign_id}."
        )
    return Event(
        kind=kind,
        key=_key_of(change, kind),
        occurred_at=change.changed_at,
        target=target,
        brand_id=change.brand_id,
        campaign_id=change.campaign_id,
        phone_number=change.record_id if change.subject == StatusSubject.NUMBER_ASSIGNMENT else "",
        facts=facts,
    )


def _key_of(change: StatusChange, kind: str) -> str:
    """A change a webhook found is keyed by the event, so replaying it tells nobody again even where the
    portal's copy had been set back meanwhile; any other by the change itself."""
    event = change.webhook_event
    if event is None:
        return f"status_change:{change.pk}:{kind}"
    place = f"{change.subject}:{change.record_id}:{change.carrier}:{change.field}"
    return f"webhook_event:{event.event_id or event.body_hash[:16]}:{kind}:{place}"


def _record_of(change: StatusChange) -> Model | None:
    subject, record_id = change.subject, change.record_id
    if subject in (StatusSubject.CAMPAIGN, StatusSubject.CARRIER_STATUS):
        return Campaign.objects.filter(campaign_id=record_id).first()
    if subject == StatusSubject.BRAND:
        return Brand.objects.filter(brand_id=record_id).first()
    if subject == StatusSubject.NUMBER_ASSIGNMENT:
        return PhoneNumberAssignment.objects.filter(phone_number=record_id).first()
    if subject == StatusSubject.VETTING:
        return ExternalVetting.objects.filter(vetting_id=record_id).first()
    return None


def _brand_facts(brand_id: str | None) -> dict[str, str]:
    name = Brand.objects.filter(brand_id=brand_id).values_list("display_name", flat=True).first()
    return {"brand_name": name} if brand_id and name else {}


def _webhook_facts(event: WebhookEvent | None) -> dict[str, Any]:
    """What Telnyx said of why, from the event whose processing found the change."""
    if event is None:
        return {}
    payload = event.payload if isinstance(event.payload, dict) else {}
    return {
        "description": str(payload.get("description") or ""),
        "reasons": _reasons(payload.get("reasons")),
        "event_type": event.event_type,
    }


def _reasons(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        return _reasons(value.get("description") or value.get("reason"))
    if isinstance(value, list):
        return [reason for item in value for reason in _reasons(item)]
    return []


# --- from the services -----------------------------------------------------------------------------------

OTP_KINDS: dict[str, str] = {
    OtpDeliveryStatus.DELIVERED_HANDSET: NotificationKind.OTP_DELIVERED,
    OtpDeliveryStatus.EXPIRED: NotificationKind.OTP_EXPIRED,
}


def otp_notice(verification: SmsOtpVerification, *, before: str) -> None:
    """An OTP's poll read its delivery status: tell of its delivery or its expiry, once each."""
    kind = OTP_KINDS.get(verification.delivery_status)
    if kind is None or verification.delivery_status == before:
        return
    brand = verification.brand
    occurrence_record(
        Event(
            kind=kind,
            key=f"otp:{verification.reference_id}:{verification.delivery_status}",
            occurred_at=verification.delivery_status_date or timezone.now(),
            target=brand,
            brand_id=brand.brand_id or "",
            started_by=started_by(verification, actions=("brand.trigger_sms_otp",), target=brand),
            facts={
                "brand_name": brand.display_name,
                "mobile_phone": verification.mobile_phone or "the sole proprietor's mobile",
                "details": [verification.delivery_status_details]
                if verification.delivery_status_details
                else [],
                "has_timeline": True,
            },
        )
    )


def assignment_task_notice(task: AssignmentTask, *, before: str) -> None:
    """A task's poll ended it: tell of a failed task, or of the numbers that failed in a finished one."""
    if task.status == before or task.status not in (TaskStatus.FAILED, TaskStatus.COMPLETED):
        return
    failed = list(task.numbers.exclude(failure_reason="").values_list("phone_number", "failure_reason"))
    if task.status == TaskStatus.COMPLETED and not failed:
        return
    words = (
        f"The assignment task {task.task_id} failed."
        if task.status == TaskStatus.FAILED
        else f"{len(failed)} number(s) of assignment task {task.task_id} could not be assigned."
    )
    occurrence_record(
        Event(
            kind=NotificationKind.ASSIGNMENT_FAILED,
            key=f"assignment_task:{task.task_id}:{task.status}",
            occurred_at=task.updated_at or timezone.now(),
            target=task,
            campaign_id=task.campaign_id or task.tcr_campaign_id,
            started_by=started_by(task, actions=("assignment_task.start",)),
            facts={
                "failed_words": words,
                "details": [f"{number}: {reason}" for number, reason in failed[:20]],
            },
        )
    )


def number_upload_notice(upload: NumberUpload) -> None:
    """An upload finished with rows refused: its uploader hears of it."""
    if not upload.rows_failed:
        return
    occurrence_record(
        Event(
            kind=NotificationKind.ASSIGNMENT_FAILED,
            key=f"number_upload:{upload.pk}",
            occurred_at=timezone.now(),
            target=upload,
            started_by=upload.uploaded_by,
            facts={
                "failed_words": (
                    f"{upload.rows_failed} of {upload.rows_total} rows of the upload {upload.filename} were not"
                    " assigned."
                )
            },
        )
    )


def sync_failed_notice(run: SyncRun) -> None:
    occurrence_record(
        Event(
            kind=NotificationKind.SYNC_FAILED,
            key=f"sync_run:{run.pk}",
            occurred_at=run.finished_at or timezone.now(),
            target=run,
            started_by=started_by(run, actions=("sync.request",)),
            facts={
                "started": timezone.localtime(run.started_at).strftime("%Y-%m-%d %H:%M"),
                "details": [str(error) for error in run.errors[:10]],
            },
        )
    )


def webhook_review_notice(event: WebhookEvent) -> None:
    occurrence_record(
        Event(
            kind=NotificationKind.WEBHOOK_NEEDS_REVIEW,
            key=f"webhook_event:{event.event_id or event.body_hash}:{NotificationKind.WEBHOOK_NEEDS_REVIEW}",
            occurred_at=event.received_at or timezone.now(),
            target=event,
            brand_id=event.brand_id,
            campaign_id=event.campaign_id,
            phone_number=event.phone_number,
            facts={**_webhook_facts(event), "event_type": event.event_type or "of no known type"},
        )
    )


def link_down_notice(result: LinkCheckResult, *, campaign: Campaign) -> None:
    """A page of a campaign that the previous link check opened and this one could not."""
    occurrence_record(
        Event(
            kind=NotificationKind.LINK_DOWN,
            key=f"link_check_result:{result.pk}",
            occurred_at=result.fetched_at,
            target=campaign,
            brand_id=campaign.brand.brand_id or "",
            campaign_id=campaign.campaign_id,
            facts={
                "brand_name": campaign.brand.display_name,
                "link": LINK_LABELS.get(result.field, "A link"),
                "link_words": LINK_LABELS.get(result.field, "link").lower(),
                "url": result.url,
                "failure": result.detail or result.get_outcome_display().lower(),
                "has_timeline": True,
            },
        )
    )


def charge_notice(charge: Charge) -> None:
    occurrence_record(
        Event(
            kind=NotificationKind.BILLING,
            key=f"charge:{charge.pk}",
            occurred_at=charge.charged_at,
            target=charge,
            brand_id=charge.remote_brand_id,
            campaign_id=charge.remote_campaign_id,
            started_by=charge.user,
            facts={"amount": f"${charge.amount}", "what": charge.description or charge.get_kind_display()},
        )
    )


def brand_feedback_notice(feedback: BrandFeedback) -> None:
    """Feedback was read: tell of it when it names categories the reading before did not (every webhook about
    a brand reads it again, mostly unchanged)."""
    brand = feedback.brand
    found = {(c.category, c.display_name, c.description) for c in feedback.categories.all()}
    earlier = brand.feedback.exclude(pk=feedback.pk).order_by("-pk").first()
    known = (
        {(c.category, c.display_name, c.description) for c in earlier.categories.all()} if earlier else set()
    )
    if not found - known:
        return
    categories = sorted(f"{name or category}: {description}" for category, name, description in found)
    occurrence_record(
        Event(
            kind=NotificationKind.BRAND_FEEDBACK,
            key=f"brand_feedback:{feedback.pk}",
            occurred_at=timezone.now(),
            target=brand,
            brand_id=brand.brand_id or "",
            facts={"brand_name": brand.display_name, "details": categories, "has_timeline": True},
        )
    )


def risks_notice(*, now: datetime | None = None) -> int:
    """Tell of campaigns soon suspended for dormancy and of renewals soon due: once per campaign and date.
    Answers how many were new."""
    now = now or timezone.now()
    told = 0
    for campaign in campaign_list_at_dormancy_risk():
        risk = dormancy_risk_at(getattr(campaign, "without_numbers_since"), now=now)  # noqa: B009 - annotated
        if risk.days_left > DORMANCY_WARN_DAYS:
            continue
        told += _campaign_notice(
            campaign,
            NotificationKind.DORMANCY_RISK,
            key=f"dormancy_risk:{campaign.campaign_id}:{risk.suspends_on}",
            at=now,
            facts={"suspends_on": f"{risk.suspends_on:%Y-%m-%d}", "days_left": risk.days_left},
        )
    for campaign in campaign_list_renewing(now=now, days=RENEWAL_WARN_DAYS, model=Campaign):
        due = timezone.localdate(campaign.next_renewal_or_expiration_date)
        verb = "renews" if campaign_renews(campaign) else "expires"
        told += _campaign_notice(
            campaign,
            NotificationKind.RENEWAL_AHEAD,
            key=f"renewal:{campaign.campaign_id}:{due}",
            at=now,
            facts={
                "renewal_words": f"{verb} on {due:%Y-%m-%d}",
                "fee": f"${campaign_monthly_charge(campaign)}",
            },
        )
    return told


def _campaign_notice(campaign: Campaign, kind: str, *, key: str, at: datetime, facts: dict[str, Any]) -> int:
    brand_id = str(campaign.brand_id or "")
    occurrence = occurrence_record(
        Event(
            kind=kind,
            key=key,
            occurred_at=at,
            target=campaign,
            brand_id=brand_id or "",
            campaign_id=campaign.campaign_id,
            facts={**facts, **_brand_facts(brand_id), "has_timeline": True},
        )
    )
    return int(occurrence is not None)
