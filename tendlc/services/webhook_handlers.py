"""What each kind of webhook event refreshes: the one table deciding it, and the reads that carry it out.

A kind is the event type, the payload's ``type`` and, for the registry's events (``TCR_EVENT``,
``TCR_BRAND_UPDATE``), its ``eventType``: Telnyx's whole catalogue (reference "10dlc-estate-life", EVT; the
sandbox sends it as ``tendlc/sandbox/event_catalogue.py`` lists it). Each kind refreshes exactly the records
its cause changes, read again from the API (the payload is never trusted, see ``tendlc.services.webhooks``):

- a carrier event (a carrier's review or operation, DCA completion, provisioning, dormancy) reads the
  campaign and its carriers' terms and operation status: no campaign read carries the carriers' view;
- a failed registration, a revet or an appeal of a brand reads the brand and its feedback: the registry
  says what to fix there;
- a finished external vetting reads the brand's vettings and the brand, whose identity and score it changes;
- a number event reads the number's assignment; many number events of one campaign, taken together
  (``tendlc.services.webhook_coalescing``), read the pages of that campaign's list of numbers instead, while
  the pages left are fewer than the numbers left (``assignments_refresh``).

An event about a partner's campaign carries its TCR id as ``campaignId``: whatever its kind, it refreshes the
partner campaign of that TCR id when the portal holds one, and the nudge (sent for partner campaigns only)
fetches it when it does not. A kind missing from the table is not acted on: the caller keeps the event for a
person to review rather than mark done what nothing did.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from tendlc.client import NotFoundError, TenDLCClient
from tendlc.client.pagination import Page
from tendlc.client.phone_numbers import PhoneNumberCampaign
from tendlc.mapping.records import (
    brand_values,
    campaign_values,
    partner_campaign_values,
    phone_number_assignment_values,
)
from tendlc.mapping.webhooks import BRAND_UPDATE, CAMPAIGN_UPDATE, PHONE_NUMBER_UPDATE, registry_event_type
from tendlc.models import Brand, Campaign, PartnerCampaign, PhoneNumberAssignment, WebhookEvent
from tendlc.models.base import RemoteRecord
from tendlc.models.timeline import ChangeCause
from tendlc.services.brands import brand_feedback_read
from tendlc.services.campaigns import campaign_carriers_refresh
from tendlc.services.mirror import remote_record_gone, remote_record_update, rows_upsert
from tendlc.services.timeline import status_change_cause
from tendlc.services.vettings import brand_vettings_read

Mirrored = TypeVar("Mirrored", bound=RemoteRecord)

# From this many numbers of one campaign, its list is read (a page answers up to LIST_PAGE_SIZE of them).
NUMBER_LIST_THRESHOLD = 3
LIST_PAGE_SIZE = 500
# The campaigns an assignment's campaign id named, looked up once for every number of a batch.
CampaignsSeen = dict[str, Campaign | None]


class Refresh(StrEnum):
    """A record an event can change, in plain words: an event's page in the admin names what its kind reads."""

    BRAND = "the brand"
    FEEDBACK = "the brand's feedback"
    VETTINGS = "the brand's external vettings"
    CAMPAIGN = "the campaign"
    CARRIERS = "the campaign's carriers"
    PARTNER_CAMPAIGN = "the partner campaign"
    ASSIGNMENT = "the number's assignment"


@dataclass(frozen=True)
class Handling:
    """What the portal does with one kind: ``means`` in plain words, and the records it reads again."""

    means: str
    refreshes: tuple[Refresh, ...]


Kind = tuple[str, str, str]
# Payload types whose ``eventType`` says what happened.
REGISTRY_TYPES = frozenset({"TCR_EVENT", "TCR_BRAND_UPDATE", "TCR_BRAND_WEBHOOK"})

_BRAND = (Refresh.BRAND,)
_BRAND_FEEDBACK = (Refresh.BRAND, Refresh.FEEDBACK)
_CAMPAIGN = (Refresh.CAMPAIGN,)
_CARRIERS = (Refresh.CAMPAIGN, Refresh.CARRIERS)


def _brand_registry(event_type: str, means: str, refreshes: tuple[Refresh, ...]) -> dict[Kind, Handling]:
    # TCR_BRAND_WEBHOOK is the older name of TCR_BRAND_UPDATE: the same events, handled alike.
    return {
        (BRAND_UPDATE, payload_type, event_type): Handling(means, refreshes)
        for payload_type in ("TCR_BRAND_UPDATE", "TCR_BRAND_WEBHOOK")
    }


def _registry(event_type: str, means: str, refreshes: tuple[Refresh, ...]) -> dict[Kind, Handling]:
    return {(CAMPAIGN_UPDATE, "TCR_EVENT", event_type): Handling(means, refreshes)}


HANDLINGS: dict[Kind, Handling] = {
    (BRAND_UPDATE, "REGISTRATION", ""): Handling("A brand's registration failed", _BRAND_FEEDBACK),
    (BRAND_UPDATE, "REVET", ""): Handling("A brand's revet finished", _BRAND_FEEDBACK),
    (BRAND_UPDATE, "ORDER_EXTERNAL_VETTING", ""): Handling(
        "An external vetting of a brand finished", (Refresh.BRAND, Refresh.VETTINGS)
    ),
    **_brand_registry("BRAND_ADD", "The registry added a brand", _BRAND),
    **_brand_registry("BRAND_REVET", "The registry vetted a brand again", _BRAND),
    **_brand_registry("BRAND_APPEAL_ADD", "An appeal of a brand's identity was filed", _BRAND_FEEDBACK),
    **_brand_registry(
        "BRAND_APPEAL_COMPLETE", "An appeal of a brand's identity was decided", _BRAND_FEEDBACK
    ),
    (CAMPAIGN_UPDATE, "REGISTRATION", ""): Handling("A campaign's registration failed", _CAMPAIGN),
    (CAMPAIGN_UPDATE, "TELNYX_REVIEW", ""): Handling("Telnyx reviewed a campaign", _CAMPAIGN),
    (CAMPAIGN_UPDATE, "MNO_REVIEW", ""): Handling("A carrier reviewed a campaign", _CARRIERS),
    (CAMPAIGN_UPDATE, "VERIFIED", ""): Handling("A campaign is provisioned at the carriers", _CARRIERS),
    (CAMPAIGN_UPDATE, "TELNYX_EVENT", ""): Handling(
        "Telnyx suspended a campaign as dormant (no numbers for 15 days)", _CARRIERS
    ),
    (CAMPAIGN_UPDATE, "NUMBER_POOL_PROVISIONED", ""): Handling(
        "A campaign's T-Mobile number pool is provisioned", _CAMPAIGN
    ),
    (CAMPAIGN_UPDATE, "NUMBER_POOL_DEPROVISIONED", ""): Handling(
        "A campaign's T-Mobile number pool is removed", _CAMPAIGN
    ),
    **_registry("CAMPAIGN_ADD", "The registry accepted a campaign", _CAMPAIGN),
    **_registry("CAMPAIGN_UPDATE", "The registry updated a campaign", _CAMPAIGN),
    **_registry("CAMPAIGN_RESUBMISSION", "A campaign was resubmitted", _CAMPAIGN),
    **_registry("CAMPAIGN_BILLED", "A campaign's monthly fee was charged", _CAMPAIGN),
    # Expiry suspends the campaign at every carrier.
    **_registry("CAMPAIGN_EXPIRED", "A campaign expired", _CARRIERS),
    **_registry("CAMPAIGN_DCA_COMPLETE", "The carriers' review of a campaign is complete", _CARRIERS),
    **_registry("MNO_CAMPAIGN_OPERATION_APPROVED", "A carrier approved a campaign", _CARRIERS),
    **_registry("MNO_CAMPAIGN_OPERATION_REJECTED", "A carrier rejected a campaign", _CARRIERS),
    **_registry("MNO_CAMPAIGN_OPERATION_REVIEW", "A carrier put a campaign back in review", _CARRIERS),
    **_registry("MNO_CAMPAIGN_OPERATION_SUSPENDED", "A carrier suspended a campaign", _CARRIERS),
    **_registry("MNO_CAMPAIGN_OPERATION_UNSUSPENDED", "A carrier lifted a campaign's suspension", _CARRIERS),
    # Listed by Telnyx both as a payload type of its own and as a registry event: one handling for both.
    **_registry(
        "CAMPAIGN_NUDGE", "A partner asked for a shared campaign's review", (Refresh.PARTNER_CAMPAIGN,)
    ),
    (CAMPAIGN_UPDATE, "CAMPAIGN_NUDGE", ""): Handling(
        "A partner asked for a shared campaign's review", (Refresh.PARTNER_CAMPAIGN,)
    ),
    (PHONE_NUMBER_UPDATE, "ASSIGNMENT", ""): Handling(
        "A number's assignment finished", (Refresh.ASSIGNMENT,)
    ),
    (PHONE_NUMBER_UPDATE, "DELETION", ""): Handling("A number's removal finished", (Refresh.ASSIGNMENT,)),
    (PHONE_NUMBER_UPDATE, "STATUS_UPDATE", ""): Handling(
        "The carriers' status of a number changed", (Refresh.ASSIGNMENT,)
    ),
}


def kind_of(event: WebhookEvent) -> Kind:
    registry_event = registry_event_type(event.payload) if event.payload_type in REGISTRY_TYPES else ""
    return event.event_type, event.payload_type, registry_event


def handling_of(event: WebhookEvent) -> Handling | None:
    """How the portal handles ``event``'s kind; None for a kind it does not know."""
    return HANDLINGS.get(kind_of(event))


def webhook_event_handle(*, event: WebhookEvent, handling: Handling, client: TenDLCClient) -> None:
    """Read again from the API every record ``handling`` names for ``event``."""
    refreshes = set(handling.refreshes)
    partner = _partner_named(event, refreshes)
    if partner:
        _partner_campaign_refresh(client, event.campaign_id)
    elif refreshes & {Refresh.CAMPAIGN, Refresh.CARRIERS} and event.campaign_id:
        campaign = _campaign_refresh(client, event.campaign_id)
        if campaign is not None and Refresh.CARRIERS in refreshes:
            campaign_carriers_refresh(campaign=campaign, client=client)
    if Refresh.BRAND in refreshes and event.brand_id:
        brand = _brand_refresh(client, event.brand_id)
        if brand is not None and Refresh.FEEDBACK in refreshes:
            brand_feedback_read(brand=brand, client=client)
        if brand is not None and Refresh.VETTINGS in refreshes:
            brand_vettings_read(brand=brand, client=client)
    if Refresh.ASSIGNMENT in refreshes and event.phone_number:
        _assignment_refresh(client, event.phone_number)


def assignments_refresh(
    *, client: TenDLCClient, campaign_id: str, causes: Mapping[str, WebhookEvent]
) -> None:
    """Read again the assignment of each number of ``causes`` and mirror it with the event that asked for it
    as its change's cause. From ``NUMBER_LIST_THRESHOLD`` numbers, the pages of ``campaign_id``'s list are
    read while fewer pages are left than numbers; a number the pages did not show (moved, removed, or
    left for fewer requests) is read on its own, as a single event's number is."""
    wanted = dict(causes)
    campaigns: CampaignsSeen = {}
    if campaign_id and len(wanted) >= NUMBER_LIST_THRESHOLD:
        pages = client.messaging_10dlc.phone_number_campaigns
        started = timezone.now()
        page: Page[PhoneNumberCampaign] = pages.list(
            filter={"telnyx_campaign_id": campaign_id}, records_per_page=LIST_PAGE_SIZE
        )
        while True:
            listed = {
                record.phone_number: record.raw for record in page.records if record.phone_number in wanted
            }
            _assignments_page_mirror(client, listed, {n: wanted.pop(n) for n in listed}, started, campaigns)
            if (
                not wanted
                or not page.has_next_page()
                or _pages_left(page.page, page.total_records) >= len(wanted)
            ):
                break
            started = timezone.now()
            page = page.get_next_page()
    for phone_number, event in wanted.items():
        with status_change_cause(cause=ChangeCause.WEBHOOK_EVENT, webhook_event=event):
            _assignment_refresh(client, phone_number, campaigns)


def _pages_left(page: int, total_records: int | None) -> int:
    if total_records is None:
        return 1
    return max(0, math.ceil(total_records / LIST_PAGE_SIZE) - page)


def _partner_named(event: WebhookEvent, refreshes: set[Refresh]) -> bool:
    """Whether the event is about a partner campaign: a nudge always is; a campaign event is when its
    campaignId is the TCR id of a partner campaign the portal holds."""
    if not event.campaign_id or event.event_type != CAMPAIGN_UPDATE:
        return False
    if Refresh.PARTNER_CAMPAIGN in refreshes:
        return True
    return PartnerCampaign.objects.filter(tcr_campaign_id=event.campaign_id).exists()


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


def _assignment_refresh(
    client: TenDLCClient, phone_number: str, campaigns: CampaignsSeen | None = None
) -> PhoneNumberAssignment | None:
    started = timezone.now()
    try:
        remote = client.messaging_10dlc.phone_number_campaigns.retrieve(phone_number)
    except NotFoundError:
        # After a DELETION the number has no assignment left: keep the row, marked gone.
        _mark_gone(PhoneNumberAssignment.objects.filter(phone_number=phone_number))
        return None
    seen = {} if campaigns is None else campaigns
    return _assignment_mirror(client, phone_number, remote.raw, started, seen)


def _assignment_mirror(
    client: TenDLCClient,
    phone_number: str,
    raw: Mapping[str, Any],
    started: datetime,
    campaigns: CampaignsSeen,
) -> PhoneNumberAssignment:
    values = phone_number_assignment_values(raw)
    values.update(_assignment_keys(client, values, campaigns))
    return _mirror(PhoneNumberAssignment, {"phone_number": phone_number}, values, raw, started)


def _assignments_page_mirror(
    client: TenDLCClient,
    listed: Mapping[str, Mapping[str, Any]],
    causes: Mapping[str, WebhookEvent],
    started: datetime,
    campaigns: CampaignsSeen,
) -> None:
    """Mirror the ``listed`` assignments (by number) of a list page read from ``started``, in one upsert;
    each change is caused by its number's event of ``causes``. As ``_mirror`` does, a row written by a read
    that began later is left as it is."""
    if not listed:
        return
    with transaction.atomic():
        stored = PhoneNumberAssignment.objects.select_for_update().in_bulk(
            list(listed), field_name="phone_number"
        )
        rows: list[tuple[PhoneNumberAssignment | None, dict[str, Any]]] = []
        for phone_number, raw in listed.items():
            row = stored.get(phone_number)
            if row is not None and row.synced_at is not None and row.synced_at > started:
                continue
            values = phone_number_assignment_values(raw)
            values.update(_assignment_keys(client, values, campaigns), raw=dict(raw), remote_deleted_at=None)
            rows.append((row, values))
        rows_upsert(
            PhoneNumberAssignment,
            rows,
            unique_fields=["phone_number"],
            unchecked={"synced_at": timezone.now()},
            cause_of=lambda values: status_change_cause(
                cause=ChangeCause.WEBHOOK_EVENT, webhook_event=causes[values["phone_number"]]
            ),
        )


def _assignment_keys(
    client: TenDLCClient, values: Mapping[str, Any], campaigns: CampaignsSeen
) -> dict[str, Any]:
    """The foreign keys of an assignment: they point at primary keys; the wire ids stay in their own
    columns. A campaign the portal does not hold yet is fetched (with its brand), once a batch."""
    campaign_id, tcr_campaign_id = values.get("telnyx_campaign_id"), values.get("tcr_campaign_id")
    campaign = None
    if campaign_id:
        if campaign_id not in campaigns:
            campaigns[campaign_id] = Campaign.objects.filter(
                campaign_id=campaign_id
            ).first() or _campaign_refresh(client, campaign_id)
        campaign = campaigns[campaign_id]
    partner = None
    if not campaign_id and tcr_campaign_id:
        partner = PartnerCampaign.objects.filter(tcr_campaign_id=tcr_campaign_id).first()
    return {
        "campaign_id": campaign.pk if campaign else None,
        "partner_campaign_id": partner.pk if partner else None,
    }


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
