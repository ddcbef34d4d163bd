"""A rejected campaign's explanation, from our rows: the reviewers' words (the rejection events received since
the campaign last went back to review, and its ``failure_reasons``), the fields the events point at, and the
checks run on the campaign as it reads now (``tendlc.compliance.rejections`` does the explaining).

A campaign counts as rejected when the registry, Telnyx or a carrier rejected it (``campaign_status``), or
when a carrier rejects its operation while the others carry it (``CampaignMnoStatus``).
"""

from typing import Final

from tendlc.choices import APPEALABLE_CAMPAIGN_STATUSES, CampaignStatus, OperationStatus
from tendlc.compliance.rejections import RejectionExplanation, explain
from tendlc.mapping.webhooks import event_said, is_rejection, is_rereview, reported_fields
from tendlc.models import Campaign, WebhookEvent
from tendlc.services.compliance import campaign_compliance_result

# A campaign's recent events: enough to reach back to its last return to review.
EVENTS_READ: Final = 50


def rejection_explain(*, campaign: Campaign) -> RejectionExplanation | None:
    """Why ``campaign`` was rejected and what to change; None when nothing rejects it now."""
    carriers = [
        row.mno or f"Network {row.network_id}"
        for row in campaign.mno_statuses.all()
        if row.operation_status == OperationStatus.REJECTED
    ]
    status = campaign.campaign_status
    if status not in (*APPEALABLE_CAMPAIGN_STATUSES, CampaignStatus.TCR_FAILED) and not carriers:
        return None
    said: list[str] = []
    fields: list[str] = []
    for event in _rejection_events(campaign):
        said.append(event_said(event.payload))
        fields.extend(reported_fields(event.payload))
    failure = (campaign.failure_reasons or "").strip()
    if failure and not any(failure in text for text in said):
        said.append(failure)
    return explain(
        rejected_by=_rejected_by(status, carriers),
        said=[text for text in dict.fromkeys(said) if text],
        reported_fields=fields,
        findings=campaign_compliance_result(campaign=campaign).findings,
        next_step=_next_step(status, carriers),
    )


def _rejection_events(campaign: Campaign) -> list[WebhookEvent]:
    """The rejection events since the campaign last went back to review, newest first."""
    if not campaign.campaign_id:
        return []
    events = []
    for event in WebhookEvent.objects.filter(campaign_id=campaign.campaign_id)[:EVENTS_READ]:
        if is_rereview(event.payload):
            break
        if is_rejection(event.payload):
            events.append(event)
    return events


def _rejected_by(status: str, carriers: list[str]) -> str:
    if status == CampaignStatus.TCR_FAILED:
        return "The registry"
    if status == CampaignStatus.TELNYX_FAILED:
        return "Telnyx's review"
    return ", ".join(carriers) if carriers else "A carrier"


def _next_step(status: str, carriers: list[str]) -> str:
    if status in APPEALABLE_CAMPAIGN_STATUSES:
        return "Then appeal the rejection (Appeal), saying what you changed."
    if status == CampaignStatus.TCR_FAILED:
        return "The registry's rejection cannot be appealed: build a new campaign with these changes."
    return f"Then ask Telnyx support to have {', '.join(carriers)} review the campaign again, saying what you changed."
