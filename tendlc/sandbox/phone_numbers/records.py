"""The ``phone_numbers`` table and the ``number_count`` of campaigns and partner campaigns: the one place
assignment records are read and written, bulk seeding included."""

from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from tendlc.sandbox.context import Context
from tendlc.sandbox.dormancy.watch import watch
from tendlc.sandbox.http import not_found
from tendlc.sandbox.phone_numbers.campaign import (
    Campaign,
    campaign_from_partner_doc,
    campaign_from_telnyx_doc,
)
from tendlc.sandbox.phone_numbers.rules import COUNTED_STATUSES
from tendlc.sandbox.store import dumps


def record_of(context: Context, phone_number: str) -> dict[str, Any] | None:
    return context.store.doc("phone_numbers", "phone_number", phone_number)


def created_at_of(context: Context, phone_number: str) -> float | None:
    return context.store.scalar(
        "SELECT created_at FROM phone_numbers WHERE phone_number = ?", (phone_number,)
    )


def require_record(context: Context, phone_number: str) -> dict[str, Any]:
    doc = record_of(context, phone_number)
    if doc is None:
        raise not_found("Phone number campaign not found")
    return doc


def new_record(
    campaign: Campaign, phone_number: str, status: str, mapping: str, created_at: str, updated_at: str
) -> dict[str, Any]:
    """A ``PhoneNumberCampaign`` (§2.1.7); shared campaigns leave ``brandId`` and ``telnyxCampaignId`` empty."""
    return {
        "phoneNumber": phone_number,
        "campaignId": campaign.campaign_id,
        "brandId": campaign.brand_id,
        "telnyxCampaignId": campaign.telnyx_campaign_id,
        "tcrBrandId": campaign.tcr_brand_id,
        "tcrCampaignId": campaign.tcr_campaign_id,
        "assignmentStatus": status,
        "failureReasons": None,
        "tmobileNumberMappingStatus": mapping,
        "nonTmobileNumberMappingStatus": mapping,
        "createdAt": created_at,
        "updatedAt": updated_at,
    }


def record_row(
    campaign: Campaign, phone_number: str, created_at: float, status: str, doc_json: str
) -> tuple[Any, ...]:
    """The ``phone_numbers`` columns of a record; shared campaigns leave the Telnyx ids NULL, so filters on
    them never match shared records."""
    return (
        phone_number,
        campaign.campaign_id,
        campaign.telnyx_campaign_id or None,
        campaign.brand_id or None,
        campaign.tcr_campaign_id,
        campaign.tcr_brand_id,
        created_at,
        status,
        doc_json,
    )


INSERT = (
    "INSERT INTO phone_numbers (phone_number, campaign_id, telnyx_campaign_id, telnyx_brand_id, tcr_campaign_id,"
    " tcr_brand_id, created_at, assignment_status, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
UPSERT = (
    INSERT + " ON CONFLICT (phone_number) DO UPDATE SET campaign_id = excluded.campaign_id,"
    " telnyx_campaign_id = excluded.telnyx_campaign_id, telnyx_brand_id = excluded.telnyx_brand_id,"
    " tcr_campaign_id = excluded.tcr_campaign_id, tcr_brand_id = excluded.tcr_brand_id,"
    " created_at = excluded.created_at, assignment_status = excluded.assignment_status, doc = excluded.doc"
)


def save(context: Context, campaign: Campaign, doc: Mapping[str, Any], created_at: float) -> None:
    row = record_row(campaign, doc["phoneNumber"], created_at, doc["assignmentStatus"], dumps(doc))
    context.store.execute(UPSERT, row)


def update(context: Context, doc: dict[str, Any], previous_status: str, **changes: Any) -> dict[str, Any]:
    """Apply ``changes`` to a record of an unchanged campaign, keeping its count column right."""
    doc.update(changes, updatedAt=context.clock.naive_iso())
    context.store.execute(
        "UPDATE phone_numbers SET assignment_status = ?, doc = ? WHERE phone_number = ?",
        (doc["assignmentStatus"], dumps(doc), doc["phoneNumber"]),
    )
    recount(context, doc, previous_status, doc["assignmentStatus"])
    return doc


def number_count(context: Context, campaign: Campaign) -> int:
    table, key = campaign.count_table
    count = context.store.scalar(f"SELECT number_count FROM {table} WHERE {key} = ?", (campaign.campaign_id,))  # noqa: S608
    return int(count or 0)


def add_count(context: Context, record: Mapping[str, Any], delta: int) -> None:
    """Move the count of the record's campaign; a Telnyx campaign left with no numbers starts its dormancy
    count (the check re-reads whether the campaign can go dormant when it falls due)."""
    if record.get("telnyxCampaignId"):
        table, key = "campaigns", "campaign_id"
    else:
        table, key = "partner_campaigns", "tcr_campaign_id"
    left = context.store.scalar(
        f"UPDATE {table} SET number_count = MAX(number_count + ?, 0) WHERE {key} = ? RETURNING number_count",  # noqa: S608
        (delta, record["campaignId"]),
    )
    if delta < 0 and left == 0 and table == "campaigns":
        watch(context, record["campaignId"])


def recount(context: Context, record: Mapping[str, Any], old_status: str, new_status: str) -> None:
    delta = (new_status in COUNTED_STATUSES) - (old_status in COUNTED_STATUSES)
    if delta:
        add_count(context, record, delta)


_PHONE_SLOT, _CREATED_SLOT = '"@phoneNumber@"', '"@createdAt@"'


def _record_template(campaign: Campaign) -> str:
    """The stored JSON of an ASSIGNED record on ``campaign`` with slots for its number and time: filling two
    slots is several times faster than encoding 100,000 documents. A quoted slot cannot occur inside another
    JSON string (its quotes would be escaped there), so replacing it is exact."""
    doc = new_record(campaign, "@phoneNumber@", "ASSIGNED", "ADDED", "@createdAt@", "@createdAt@")
    return dumps(doc)


def put_phone_numbers(context: Context, rows: Iterable[tuple[str, Mapping[str, Any]]]) -> int:
    """Insert ASSIGNED records straight away, for bulk seeding; returns how many.

    ``rows`` are ``(phoneNumber, campaign doc)`` pairs: a Telnyx campaign doc (it has ``campaignId``) or a
    partner campaign doc (it has only ``tcrCampaignId``; it is taken as accepted). The numbers must be new.
    One transaction, one ``executemany``, and one count update per campaign; no webhooks. Each record is a
    microsecond younger than the one before, so newest-first lists show them in reverse insertion order.
    """
    now = context.clock.now()
    start = datetime.fromisoformat(context.clock.naive_iso(now))
    counts: Counter[tuple[str, str, str]] = Counter()
    campaigns: dict[tuple[bool, str], tuple[Campaign, str]] = {}
    records = []
    for position, (phone_number, campaign_doc) in enumerate(rows):
        shared = "campaignId" not in campaign_doc
        key = (shared, campaign_doc["tcrCampaignId"] if shared else campaign_doc["campaignId"])
        if key not in campaigns:
            if shared:
                campaign = campaign_from_partner_doc(campaign_doc, accepted=True)
            else:
                campaign = campaign_from_telnyx_doc(campaign_doc)
            campaigns[key] = (campaign, _record_template(campaign))
        campaign, template = campaigns[key]
        created_iso = (start + timedelta(microseconds=position)).isoformat()
        doc = template.replace(_PHONE_SLOT, f'"{phone_number}"').replace(_CREATED_SLOT, f'"{created_iso}"')
        records.append(record_row(campaign, phone_number, now + position * 1e-6, "ASSIGNED", doc))
        counts[(*campaign.count_table, campaign.campaign_id)] += 1
    with context.store.transaction():
        context.store.executemany(INSERT, records)
        for (table, key_column, campaign_id), count in counts.items():
            context.store.execute(
                f"UPDATE {table} SET number_count = number_count + ? WHERE {key_column} = ?",  # noqa: S608
                (count, campaign_id),
            )
    return len(records)
