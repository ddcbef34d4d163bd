"""Incoming webhooks: storing each event once, and bringing the records it is about up to date.

Storing is idempotent by event id (or body hash): a redelivery, identical or re-signed, is counted on the row
it repeats and never processed again.

An ``occurred_at`` outside ``OCCURRED_AT_RANGE`` (``0001-01-01T00:00:00+14:00``, ``9999-12-31T23:59:59-14:00``)
is stored as no time, and the event is kept: the signature says Telnyx sent it, refusing it would only have
Telnyx send it again and again, and processing never reads the time (it re-reads the record from the API).
Stored as it was, such a time was a year 0 or 10000 in UTC, which PostgreSQL keeps but Python cannot read:
every list of events answered 500. The range is far from the edges of every database and time zone, and no
10DLC event happened before 2000; the raw body still holds the time as sent. Every time is stored in UTC, so
an offset beyond PostgreSQL's +-15:59 (``-22:00``) never reaches it either.

Processing does not trust the payload. As dj-stripe does for Stripe, it reads the record the event is about
from the API and mirrors that: events arrive late, twice and out of order, and a re-read answers the current
state whichever event triggered it, so an old event cannot roll a record back. When two reads of one record
race, the write of the read that began first is dropped if the other one already landed (``_mirror``).
An event about a record the portal does not hold yet fetches it, with its brand when that is missing too.

Failures are kept on the event (``failed``, the error, the attempt count) and re-raised for the caller to
decide on retrying; ``next_attempt_at`` says when the sweep may take the event up again, up to
``MAX_ATTEMPTS`` tries. A failure no retry can mend (the stored row cannot be read) is given up at once
(``webhook_event_give_up``): failed, with no next attempt, and the reason in its error.
"""

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from tendlc.client import NotFoundError, TenDLCClient
from tendlc.client.retries import backoff
from tendlc.mapping.records import (
    brand_values,
    campaign_values,
    partner_campaign_values,
    phone_number_assignment_values,
)
from tendlc.mapping.webhooks import (
    BRAND_UPDATE,
    CAMPAIGN_NUDGE,
    CAMPAIGN_UPDATE,
    PHONE_NUMBER_UPDATE,
    webhook_event_values,
)
from tendlc.models import (
    Brand,
    Campaign,
    PartnerCampaign,
    PhoneNumberAssignment,
    WebhookEvent,
    WebhookEventState,
)
from tendlc.models.base import RemoteRecord
from tendlc.models.timeline import ChangeCause
from tendlc.services.campaigns import campaign_carriers_refresh
from tendlc.services.mirror import remote_record_gone, remote_record_update
from tendlc.services.timeline import status_change_cause

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
RETRY_BASE_SECONDS = 30
RETRY_CAP_SECONDS = 3600
# A new event waits this long for the task enqueued with it before the sweep takes it (the broker may be down).
SWEEP_GRACE = timedelta(minutes=2)
# While a task processes an event, the sweep leaves it alone this long: more than a task's time limit.
LEASE = timedelta(minutes=15)
# The times an event may have happened at; others are stored as none (see above).
OCCURRED_AT_RANGE = (datetime(2000, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
# Campaign events after which the carriers' terms and operation status have changed.
CARRIER_EVENTS = frozenset({"MNO_REVIEW", "VERIFIED"})

Mirrored = TypeVar("Mirrored", bound=RemoteRecord)


# --- storing ------------------------------------------------------------------------------------------


def webhook_event_store(*, body: str, document: Any) -> tuple[WebhookEvent, bool]:
    """Store a verified delivery; answer the event and whether it is new. A repeat of a stored event (same id,
    or same body hash for events without one) only counts the delivery. Raises ``MalformedEvent``."""
    values = webhook_event_values(document)
    values["occurred_at"] = occurred_at_kept(values["occurred_at"])
    try:
        with transaction.atomic():
            event = WebhookEvent.objects.create(
                **values, body=body, next_attempt_at=timezone.now() + SWEEP_GRACE
            )
        return event, True
    except IntegrityError:
        pass
    same = Q(body_hash=values["body_hash"])
    if values["event_id"]:
        same |= Q(event_id=values["event_id"])
    with transaction.atomic():
        WebhookEvent.objects.filter(same).update(deliveries=F("deliveries") + 1)
        event = WebhookEvent.objects.filter(same).get()
    return event, False


def occurred_at_kept(occurred_at: datetime | None) -> datetime | None:
    """``occurred_at`` in UTC when it is within ``OCCURRED_AT_RANGE``, else None (logged)."""
    if occurred_at is None:
        return None
    try:
        utc = occurred_at.astimezone(UTC)
    except OverflowError:
        utc = None
    if utc is not None and OCCURRED_AT_RANGE[0] <= utc < OCCURRED_AT_RANGE[1]:
        return utc
    logger.warning("Webhook event occurred_at %s is out of range: stored as no time", occurred_at.isoformat())
    return None


def webhook_events_due(*, now: datetime, limit: int) -> QuerySet[WebhookEvent]:
    """Events the sweep should (re)process: not processed, tries left, and no task holding them."""
    return (
        WebhookEvent.objects.filter(
            state__in=[WebhookEventState.RECEIVED, WebhookEventState.FAILED], attempts__lt=MAX_ATTEMPTS
        )
        # No time at all: received before the portal kept one; a failed event without one was given up.
        .filter(
            Q(next_attempt_at__lte=now) | Q(next_attempt_at__isnull=True, state=WebhookEventState.RECEIVED)
        )
        .order_by("next_attempt_at", "id")[:limit]
    )


# --- processing ---------------------------------------------------------------------------------------


def webhook_event_process(*, event: WebhookEvent, client: TenDLCClient) -> WebhookEvent:
    """Refresh what ``event`` is about from the API and mark it processed; on failure mark it failed with the
    error and re-raise."""
    now = timezone.now()
    WebhookEvent.objects.filter(pk=event.pk).update(
        attempts=F("attempts") + 1, last_attempt_at=now, next_attempt_at=now + LEASE
    )
    event.refresh_from_db(fields=["attempts", "last_attempt_at", "next_attempt_at"])
    handler = HANDLERS.get(event.event_type)
    try:
        if handler is not None:
            with status_change_cause(cause=ChangeCause.WEBHOOK_EVENT, webhook_event=event):
                handler(event, client)
    except Exception as exc:
        event.state = WebhookEventState.FAILED
        event.error = f"{type(exc).__name__}: {exc}"
        # A task retries within the backoff itself; the sweep waits a grace longer, for what no retry will take.
        longest = backoff(event.attempts - 1, base=RETRY_BASE_SECONDS, cap=RETRY_CAP_SECONDS)
        event.next_attempt_at = timezone.now() + timedelta(seconds=longest) + SWEEP_GRACE
        event.save(update_fields=["state", "error", "next_attempt_at"])
        raise
    event.state = WebhookEventState.PROCESSED
    event.processed_at = timezone.now()
    event.error = ""
    event.next_attempt_at = None
    event.save(update_fields=["state", "processed_at", "error", "next_attempt_at"])
    return event


def webhook_event_give_up(*, event_id: int, reason: str) -> None:
    """Mark the event failed for good: no task or sweep takes it up again; a replay from the admin still may.
    Written without reading the row, which may be what cannot be read."""
    WebhookEvent.objects.filter(pk=event_id).update(
        state=WebhookEventState.FAILED,
        error=f"Not retried: {reason}",
        attempts=F("attempts") + 1,
        last_attempt_at=timezone.now(),
        next_attempt_at=None,
    )


def webhook_event_replay(*, event: WebhookEvent, client: TenDLCClient) -> WebhookEvent:
    """Process a stored event again whatever its state (the admin's replay). A failure is kept on the event,
    not raised: the caller reads ``event.state``."""
    try:
        return webhook_event_process(event=event, client=client)
    except Exception:  # noqa: BLE001 - webhook_event_process kept the error on the row
        logger.warning("Replay of webhook event %s failed: %s", event.pk, event.error)
        return event


def _campaign_event(event: WebhookEvent, client: TenDLCClient) -> None:
    if not event.campaign_id:
        return
    if event.payload_type == CAMPAIGN_NUDGE:
        # The one campaign event whose campaignId is a TCR id: a partner's campaign shared with us (§4.4).
        _partner_campaign_refresh(client, event.campaign_id)
    else:
        campaign = _campaign_refresh(client, event.campaign_id)
        # No event carries the carriers' view: after a carrier review, read it, so the campaign's page shows
        # each carrier's status now rather than at the next scheduled refresh.
        if campaign is not None and event.payload_type in CARRIER_EVENTS:
            campaign_carriers_refresh(campaign=campaign, client=client)


def _brand_event(event: WebhookEvent, client: TenDLCClient) -> None:
    if event.brand_id:
        _brand_refresh(client, event.brand_id)


def _phone_number_event(event: WebhookEvent, client: TenDLCClient) -> None:
    if event.phone_number:
        _assignment_refresh(client, event.phone_number)


HANDLERS: dict[str, Callable[[WebhookEvent, TenDLCClient], None]] = {
    BRAND_UPDATE: _brand_event,
    CAMPAIGN_UPDATE: _campaign_event,
    PHONE_NUMBER_UPDATE: _phone_number_event,
}


# --- mirroring what the API answers ---------------------------------------------------------------------


def _brand_refresh(client: TenDLCClient, brand_id: str) -> Brand | None:
    started = timezone.now()
    try:
        remote = client.messaging_10dlc.brand.retrieve(brand_id)
    except NotFoundError:
        _mark_gone(Brand.objects.filter(brand_id=brand_id))
        return None
    return _mirror(Brand, {"brand_id": brand_id}, brand_values(remote.raw), remote.raw, started)


def _campaign_refresh(client: TenDLCClient, campaign_id: str) -> Campaign | None:
    started = timezone.now()
    try:
        remote = client.messaging_10dlc.campaign.retrieve(campaign_id)
    except NotFoundError:
        _mark_gone(Campaign.objects.filter(campaign_id=campaign_id))
        return None
    values = campaign_values(remote.raw)
    brand_id: str = values.get("brand_id") or ""
    brand_unknown = bool(brand_id) and not Brand.objects.filter(brand_id=brand_id).exists()
    if brand_unknown and _brand_refresh(client, brand_id) is None:
        raise LookupError(f"Campaign {campaign_id} belongs to brand {brand_id}, which the API does not know.")
    return _mirror(Campaign, {"campaign_id": campaign_id}, values, remote.raw, started)


def _partner_campaign_refresh(client: TenDLCClient, tcr_campaign_id: str) -> PartnerCampaign | None:
    started = timezone.now()
    try:
        remote = client.messaging_10dlc.partner_campaigns.retrieve(tcr_campaign_id)
    except NotFoundError:
        _mark_gone(PartnerCampaign.objects.filter(tcr_campaign_id=tcr_campaign_id))
        return None
    values = partner_campaign_values(remote.raw)
    return _mirror(PartnerCampaign, {"tcr_campaign_id": tcr_campaign_id}, values, remote.raw, started)


def _assignment_refresh(client: TenDLCClient, phone_number: str) -> PhoneNumberAssignment | None:
    started = timezone.now()
    try:
        remote = client.messaging_10dlc.phone_number_campaigns.retrieve(phone_number)
    except NotFoundError:
        # After a DELETION the number has no assignment left: keep the row, marked gone.
        _mark_gone(PhoneNumberAssignment.objects.filter(phone_number=phone_number))
        return None
    values = phone_number_assignment_values(remote.raw)
    campaign_id, tcr_campaign_id = values.get("telnyx_campaign_id"), values.get("tcr_campaign_id")
    campaign = None
    if campaign_id:
        campaign = Campaign.objects.filter(campaign_id=campaign_id).first() or _campaign_refresh(
            client, campaign_id
        )
    partner = None
    if not campaign_id and tcr_campaign_id:
        partner = PartnerCampaign.objects.filter(tcr_campaign_id=tcr_campaign_id).first()
    # The foreign keys point at primary keys; the wire ids stay in their own columns.
    values["campaign_id"] = campaign.pk if campaign else None
    values["partner_campaign_id"] = partner.pk if partner else None
    return _mirror(PhoneNumberAssignment, {"phone_number": phone_number}, values, remote.raw, started)


def _mirror(
    model: type[Mirrored],
    lookup: Mapping[str, str],
    values: Mapping[str, Any],
    raw: Mapping[str, Any],
    read_started: datetime,
) -> Mirrored:
    """Create or update the row ``lookup`` names from a read that began at ``read_started``."""
    with transaction.atomic():
        instance = model.objects.select_for_update().filter(**lookup).first()
        if instance is None:
            try:
                with transaction.atomic():
                    return model.objects.create(
                        **{**values, **lookup}, raw=dict(raw), synced_at=timezone.now()
                    )
            except IntegrityError:
                # Created meanwhile by a sync or another event: update it like any other row.
                instance = model.objects.select_for_update().get(**lookup)
        if instance.synced_at is not None and instance.synced_at > read_started:
            # A read that began after ours has already been written: ours may show an older state.
            return instance
        remote_record_update(instance, values, raw)
        return instance


def _mark_gone(rows: QuerySet[Any]) -> None:
    for instance in rows:
        remote_record_gone(instance)
