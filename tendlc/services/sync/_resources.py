"""What a full sync reads, resource by resource, and how each listing is written and checked for deletions.

* Brands (B1), read in planning. The list carries a subset of a brand's fields, so it is only compared with
  the stored rows; a brand that is new, changed or back from the dead is read whole (B3) by its unit. Brands
  the list no longer has, and their campaigns, are marked gone.
* Units of a few brands each: their B3 reads, then each brand's campaigns (C3), whose foreign key needs the
  brand's row; a campaign whose brand is unknown locally is skipped and counted, never a crash.
* Partner campaigns (S1) and the campaigns we shared (S4, with their sharing status from S5 when new, changed
  or still pending: one request each, so only where it can have moved), a unit each. S1 lists only the
  campaigns Telnyx has accepted (reference §2.5), so a partner campaign it lists is recorded as accepted
  without asking S5 for each.
* Number assignments (N1), sorted by phone number and cut into ranges of pages, a unit each. A page links its
  numbers to the campaigns and partner campaigns already stored, with one lookup of each per page.

A number whose campaign is not stored yet is linked as soon as it is: each page of campaigns (or partner
campaigns) written links the numbers waiting for them (``numbers_link``, one UPDATE), whichever run or retried
unit wrote them; the end of a run links any left over (a number page and a campaign page written at once).

Every read goes through ``SyncContext.fetch``: one that failed the client's tries with a server error or no
answer is tried again on its own, with backoff, before its unit fails; one refused for rate (429) waits at
the shared limiter, which the refusal has held for every worker, and is sent again, costing no try
(``tendlc.client.retries`` holds the table).

Deletions are only concluded from a listing read to its end: a brand's campaigns after all of that brand's
pages, partner and shared campaigns after their whole lists, brands after the whole brand list. Numbers are
read in ranges by many units, so each unit marks what is missing between its first and last number, and the
end of the run marks what lies between the units' ranges (``numbers_gaps_mark``). A record that moved
between two pages while they were read (the list changed mid-sync) may be marked gone by mistake; the next
sync reads it again and clears the mark.
"""

import math
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Collate
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from tendlc.choices import SharingStatus
from tendlc.client import TRANSIENT_ERRORS, NotFoundError, RateLimitError, TenDLCClient
from tendlc.client.pagination import CountedPage
from tendlc.client.retries import (
    SYNC_BACKOFF_CAP,
    SYNC_RATE_LIMIT_PATIENCE,
    SYNC_READ_TRIES,
    retry_countdown,
)
from tendlc.mapping.records import (
    brand_values,
    campaign_values,
    partner_campaign_values,
    phone_number_assignment_values,
    shared_campaign_values,
    sharing_status_values,
)
from tendlc.models import Brand, Campaign, PartnerCampaign, PhoneNumberAssignment, SharedCampaign
from tendlc.services.sync._pages import (
    MARK_BATCH,
    Mirror,
    Record,
    differs,
    mark_gone,
    page_write,
    stored_rows,
    upsert,
)
from tendlc.services.sync._rate import RateLimiter
from tendlc.services.sync._runs import Recorder, UnitResult
from tendlc.services.timeline import status_changes_between, status_changes_save, tracked_columns

PER_PAGE = 500
BRANDS_PER_UNIT = 10
NUMBER_PAGES_PER_UNIT = 2
# Shared campaigns whose sharing may still change, so S5 is read again for them.
UNSETTLED_SHARING = ("", "PENDING")

BRANDS = Mirror("brands", Brand, "brand_id", brand_values)
CAMPAIGNS = Mirror("campaigns", Campaign, "campaign_id", campaign_values)
PARTNER_CAMPAIGNS = Mirror("partner_campaigns", PartnerCampaign, "tcr_campaign_id", partner_campaign_values)
SHARED_CAMPAIGNS = Mirror("shared_campaigns", SharedCampaign, "campaign_id", shared_campaign_values)
NUMBERS = Mirror("phone_numbers", PhoneNumberAssignment, "phone_number", phone_number_assignment_values)
MIRRORS_BY_RESOURCE = {
    m.resource: m for m in (BRANDS, CAMPAIGNS, PARTNER_CAMPAIGNS, SHARED_CAMPAIGNS, NUMBERS)
}

Unit = dict[str, Any]


@dataclass
class SyncContext:
    """What a unit works with: the API client (paced by the shared rate limiter), this process's progress
    recorder."""

    client: TenDLCClient
    limiter: RateLimiter
    recorder: Recorder
    per_page: int = PER_PAGE
    backoff: float = 1.0
    read_tries: int = SYNC_READ_TRIES
    rate_limit_patience: float = SYNC_RATE_LIMIT_PATIENCE

    def fetch(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """One read: sent again while the API refuses it for rate (the limiter, told of each refusal, holds
        every worker meanwhile) for up to ``rate_limit_patience`` seconds, and after backoff when it failed
        the client's tries with a server error or no answer, ``read_tries`` times in all."""
        refused_since: float | None = None
        failures = 0
        while True:
            try:
                answer = call(*args, **kwargs)
            except RateLimitError:
                now = time.monotonic()
                refused_since = now if refused_since is None else refused_since
                if now - refused_since >= self.rate_limit_patience:
                    raise
                continue
            except TRANSIENT_ERRORS as error:
                failures += 1
                if failures >= self.read_tries:
                    raise
                time.sleep(retry_countdown(error, failures - 1, base=self.backoff, cap=SYNC_BACKOFF_CAP))
                continue
            self.recorder.page_done()
            return answer

    def listing(self, call: Callable[..., CountedPage[Any]], **params: Any) -> Iterator[CountedPage[Any]]:
        """Every page of a list, in order; the first page was announced by whoever planned the listing."""
        number, seen = 1, 0
        while True:
            page = self.fetch(call, page=number, records_per_page=self.per_page, **params)
            if number == 1:
                self.recorder.pages_found(pages_of(page.total_records or 0, self.per_page) - 1)
            yield page
            seen += len(page.records)
            if not page.records or seen >= (page.total_records or 0):
                return
            number += 1


def pages_of(total: int, per_page: int) -> int:
    return max(math.ceil(total / per_page), 1)


def mapped(mirror: Mirror, items: list[Any]) -> list[Record]:
    return [(item.raw, mirror.values(item.raw)) for item in items]


# --- planning ----------------------------------------------------------------------------------------------


def plan(ctx: SyncContext, result: UnitResult, *, interleave: bool) -> list[Unit]:
    """Every unit of the run. Interleaved, number ranges are spread evenly among the brand batches, so that
    workers taking units in order always have CPU-bound work (writing numbers) to do while others wait on
    round trips (campaign lists); numbers written before their campaign are linked at the end. Otherwise
    numbers come last, and a lone worker finds every campaign already stored."""
    brands = brands_plan(ctx, result)
    numbers = numbers_plan(ctx)
    if not interleave or not brands or not numbers:
        return brands + numbers
    # Each unit's place is its fraction of the way through its own list.
    ranked = [((index + 1) / len(brands), 0, unit) for index, unit in enumerate(brands)]
    ranked += [((index + 1) / len(numbers), 1, unit) for index, unit in enumerate(numbers)]
    return [unit for _, _, unit in sorted(ranked, key=lambda item: item[:2])]


def brands_plan(ctx: SyncContext, result: UnitResult) -> list[Unit]:
    """Read the brand list, mark brands gone, and cut the brands (and the partner and shared campaign lists)
    into units."""
    ctx.recorder.pages_found(1)
    tally = result.tally(BRANDS.resource)
    listed: dict[str, None] = {}  # in list order, once each: a brand may show twice if the list shifts
    to_read: set[str] = set()
    for page in ctx.listing(ctx.client.messaging_10dlc.brand.list):
        records = mapped(BRANDS, page.records)
        fields = set().union(*(values for _, values in records)) if records else set()
        stored = stored_rows(BRANDS, (values["brand_id"] for _, values in records), fields)
        for _, values in records:
            brand_id = values["brand_id"]
            if brand_id in listed:
                continue
            listed[brand_id] = None
            row = stored.get(brand_id)
            if row is None or differs(row, values):
                to_read.add(brand_id)
            else:
                tally.unchanged += 1
    now = timezone.now()
    tally.deleted += mark_gone(BRANDS, Brand.objects.filter(brand_id__isnull=False), set(listed), now=now)
    orphans = Campaign.objects.filter(brand__remote_deleted_at__isnull=False)
    result.tally(CAMPAIGNS.resource).deleted += mark_gone(CAMPAIGNS, orphans, set(), now=now)
    ordered = list(listed)
    units: list[Unit] = [
        {
            "kind": "brands",
            "key": f"brands:{start}",
            "brand_ids": ordered[start : start + BRANDS_PER_UNIT],
            "read": [b for b in ordered[start : start + BRANDS_PER_UNIT] if b in to_read],
        }
        for start in range(0, len(ordered), BRANDS_PER_UNIT)
    ]
    units += [{"kind": "partner_campaigns", "key": "partner_campaigns"}]
    units += [{"kind": "shared_campaigns", "key": "shared_campaigns"}]
    ctx.recorder.pages_found(len(listed) + len(to_read) + 2)
    return units


# --- brands read whole, campaigns, partner and shared campaigns --------------------------------------------


def brands_unit(ctx: SyncContext, unit: Unit, result: UnitResult) -> None:
    """Read the unit's new and changed brands whole, then its brands' campaigns. The campaigns of all the
    unit's brands are written together (a page's worth at a time): a brand has a handful of campaigns, and a
    write per brand would cost more queries than records."""
    payloads = []
    for brand_id in unit["read"]:
        try:
            payloads.append(ctx.fetch(ctx.client.messaging_10dlc.brand.retrieve, brand_id).raw)
        except NotFoundError:
            # Deleted since the list was read: the next sync's list will not have it either.
            continue
    if payloads:
        written = page_write(BRANDS, [(p, BRANDS.values(p)) for p in payloads], now=timezone.now())
        result.tally(BRANDS.resource).add(written)
    pending: list[Record] = []
    seen: set[str] = set()
    for brand_id in unit["brand_ids"]:
        for page in ctx.listing(ctx.client.messaging_10dlc.campaign.list, brand_id=brand_id):
            pending += mapped(CAMPAIGNS, page.records)
            if len(pending) >= ctx.per_page:
                seen.update(campaigns_write(pending, result))
                pending = []
    seen.update(campaigns_write(pending, result))
    scope = Campaign.objects.filter(brand_id__in=unit["brand_ids"])
    result.tally(CAMPAIGNS.resource).deleted += mark_gone(CAMPAIGNS, scope, seen, now=timezone.now())


def campaigns_write(records: list[Record], result: UnitResult) -> set[str]:
    """Write campaigns whose brand is stored; skip and count the others. Answers the campaign ids read."""
    if not records:
        return set()
    tally = result.tally(CAMPAIGNS.resource)
    brand_ids = {values.get("brand_id") for _, values in records}
    known = set(Brand.objects.filter(brand_id__in=brand_ids).values_list("brand_id", flat=True))
    kept = [(payload, values) for payload, values in records if values.get("brand_id") in known]
    tally.add(page_write(CAMPAIGNS, kept, now=timezone.now()))
    numbers_link(campaign_ids={values["campaign_id"] for _, values in kept})
    if len(kept) < len(records):
        tally.skipped += len(records) - len(kept)
        unknown = sorted({str(values.get("brand_id")) for _, values in records} - known)
        result.errors.append(f"campaigns of unknown brands skipped: {', '.join(unknown)}")
    return {values["campaign_id"] for _, values in records}


def partner_campaigns_unit(ctx: SyncContext, unit: Unit, result: UnitResult) -> None:
    tally = result.tally(PARTNER_CAMPAIGNS.resource)
    seen: set[str] = set()
    for page in ctx.listing(ctx.client.messaging_10dlc.partner_campaigns.list):
        records = mapped(PARTNER_CAMPAIGNS, page.records)
        seen.update(values["tcr_campaign_id"] for _, values in records)
        tally.add(page_write(PARTNER_CAMPAIGNS, records, now=timezone.now()))
        listed = {values["tcr_campaign_id"] for _, values in records}
        partner_campaigns_accept(listed)
        numbers_link(partner_campaign_ids=listed)
    tally.deleted += mark_gone(PARTNER_CAMPAIGNS, PartnerCampaign.objects.all(), seen, now=timezone.now())


def partner_campaigns_accept(listed: Collection[str]) -> None:
    """Mark the listed partner campaigns accepted: the list holds only campaigns whose sharing was accepted,
    and carries no sharing status of its own. Read first, for the timeline; one query when none changed."""
    accepted = {"sharing_status": SharingStatus.ACCEPTED.value}
    pending = list(
        PartnerCampaign.objects.filter(tcr_campaign_id__in=listed)
        .exclude(**accepted)
        .order_by()
        .values(*tracked_columns(PartnerCampaign))
    )
    if not pending:
        return
    timeline = status_changes_between(
        PartnerCampaign, [(row, accepted) for row in pending], at=timezone.now()
    )
    with transaction.atomic():
        PartnerCampaign.objects.filter(
            tcr_campaign_id__in=[row["tcr_campaign_id"] for row in pending]
        ).update(**accepted)
        status_changes_save(timeline)


def shared_campaigns_unit(ctx: SyncContext, unit: Unit, result: UnitResult) -> None:
    tally = result.tally(SHARED_CAMPAIGNS.resource)
    seen: set[str] = set()
    partners = ctx.client.messaging_10dlc.partner_campaigns
    for page in ctx.listing(partners.list_shared_by_me):
        records = mapped(SHARED_CAMPAIGNS, page.records)
        seen.update(values["campaign_id"] for _, values in records)
        fields = set().union(*(values for _, values in records)) if records else set()
        stored = stored_rows(SHARED_CAMPAIGNS, seen, {*fields, "sharing_status"})
        for _, values in records:
            row = stored.get(values["campaign_id"])
            if row is None or differs(row, values) or row["sharing_status"] in UNSETTLED_SHARING:
                ctx.recorder.pages_found(1)
                sharing = ctx.fetch(partners.retrieve_sharing_status, values["campaign_id"]).raw
                ours: Mapping[str, Any] = sharing.get("sharedByMe") or next(iter(sharing.values()), {})
                values.update(sharing_status_values(SharedCampaign, ours))
        tally.add(page_write(SHARED_CAMPAIGNS, records, now=timezone.now()))
    tally.deleted += mark_gone(SHARED_CAMPAIGNS, SharedCampaign.objects.all(), seen, now=timezone.now())


# --- number assignments ------------------------------------------------------------------------------------


def numbers_plan(ctx: SyncContext) -> list[Unit]:
    """Ranges of number pages, the last one open-ended so numbers added meanwhile are read too."""
    ctx.recorder.pages_found(1)
    numbers = ctx.client.messaging_10dlc.phone_number_campaigns
    first = ctx.fetch(numbers.list, page=1, records_per_page=1, sort="phoneNumber")
    pages = pages_of(first.total_records or 0, ctx.per_page)
    ctx.recorder.pages_found(pages)
    return [
        {
            "kind": "numbers",
            "key": f"numbers:{start}",
            "first": start,
            "last": min(start + NUMBER_PAGES_PER_UNIT - 1, pages),
            "open": start + NUMBER_PAGES_PER_UNIT > pages,
            "per_page": ctx.per_page,
        }
        for start in range(1, pages + 1, NUMBER_PAGES_PER_UNIT)
    ]


def numbers_unit(ctx: SyncContext, unit: Unit, result: UnitResult) -> None:
    """Write the unit's pages; mark what is missing inside the range read. ``result.info`` keeps the range
    (``low``/``high``; None for "from the start" / "to the end") for ``numbers_gaps_mark``."""
    tally = result.tally(NUMBERS.resource)
    numbers = ctx.client.messaging_10dlc.phone_number_campaigns
    # The ranges were planned with this page size: the unit must read the pages they name.
    per_page = unit["per_page"]
    seen: set[str] = set()
    first_key = last_key = None
    number, reached_end = unit["first"], False
    while True:
        page = ctx.fetch(numbers.list, page=number, records_per_page=per_page, sort="phoneNumber")
        records = mapped(NUMBERS, page.records)
        if records:
            first_key = first_key or records[0][1]["phone_number"]
            last_key = records[-1][1]["phone_number"]
            seen.update(values["phone_number"] for _, values in records)
            link_campaigns(records)
            tally.add(page_write(NUMBERS, records, now=timezone.now()))
        if len(records) < per_page:
            reached_end = True
            break
        if number >= unit["last"]:
            if not unit["open"]:
                break
            ctx.recorder.pages_found(1)
        number += 1
    low = None if unit["first"] == 1 else first_key
    high = None if reached_end else last_key
    covered = unit["first"] == 1 or first_key is not None
    result.info = {"first": unit["first"], "covered": covered, "low": low, "high": high}
    if covered:
        live = NUMBERS.model.objects.filter(key_range(NUMBERS, low, high))
        tally.deleted += mark_gone(NUMBERS, live, seen, now=timezone.now())


def link_campaigns(records: list[Record]) -> None:
    """Set each number's campaign or partner campaign foreign key from the ids it carries: one lookup of each
    kind for the page."""
    ours = {values["telnyx_campaign_id"] for _, values in records if values.get("telnyx_campaign_id")}
    theirs = {
        values["tcr_campaign_id"]
        for _, values in records
        if not values.get("telnyx_campaign_id") and values.get("tcr_campaign_id")
    }
    campaigns: dict[str, int] = {}
    partners: dict[str, int] = {}
    if ours:
        campaigns = dict(Campaign.objects.filter(campaign_id__in=ours).values_list("campaign_id", "pk"))
    if theirs:
        partners = dict(
            PartnerCampaign.objects.filter(tcr_campaign_id__in=theirs).values_list("tcr_campaign_id", "pk")
        )
    for _, values in records:
        values["campaign_id"] = campaigns.get(values.get("telnyx_campaign_id") or "")
        ours_id = values.get("telnyx_campaign_id")
        values["partner_campaign_id"] = None if ours_id else partners.get(values.get("tcr_campaign_id") or "")


def mirror_rows_load(*, resource: str, payloads: Sequence[Mapping[str, Any]]) -> int:
    """Write ``payloads`` of ``resource`` (``"brands"``, ``"campaigns"``, ``"phone_numbers"``...) onto its mirror
    table as a sync writes a page, numbers linked to the campaigns stored, but without reading the stored rows
    or comparing: every record is written. The floor of what writing a sync's records costs, which
    benchmarks/sync.py measures a full sync against. Answers how many records were written."""
    mirror = MIRRORS_BY_RESOURCE[resource]
    records = [(payload, mirror.values(payload)) for payload in payloads]
    if mirror is NUMBERS:
        link_campaigns(records)
    if records:
        upsert(mirror, records, now=timezone.now())
    return len(records)


def numbers_link(
    *, campaign_ids: Collection[str] | None = None, partner_campaign_ids: Collection[str] | None = None
) -> int:
    """Link the numbers whose campaign was not stored yet when their page was written: one UPDATE for our
    campaigns and one for partner campaigns. Given ids (a page of campaigns just written), only the numbers
    naming those, and only that kind. Answers how many rows were linked."""
    now = timezone.now()
    ours = Campaign.objects.filter(campaign_id=OuterRef("telnyx_campaign_id"))
    theirs = PartnerCampaign.objects.filter(tcr_campaign_id=OuterRef("tcr_campaign_id"))
    unlinked = PhoneNumberAssignment.objects.filter(campaign__isnull=True, partner_campaign__isnull=True)
    everything = campaign_ids is None and partner_campaign_ids is None
    linked = 0
    if everything or campaign_ids:
        waiting = unlinked.exclude(telnyx_campaign_id="").filter(Exists(ours))
        for scope in _scopes(waiting, "telnyx_campaign_id", campaign_ids):
            linked += scope.update(campaign_id=Subquery(ours.values("pk")[:1]), changed_at=now)
    if everything or partner_campaign_ids:
        waiting = unlinked.filter(telnyx_campaign_id="").exclude(tcr_campaign_id="").filter(Exists(theirs))
        for scope in _scopes(waiting, "tcr_campaign_id", partner_campaign_ids):
            linked += scope.update(partner_campaign_id=Subquery(theirs.values("pk")[:1]), changed_at=now)
    return linked


def _scopes(query: QuerySet[Any], column: str, ids: Collection[str] | None) -> Iterator[QuerySet[Any]]:
    """``query`` whole when no ids are given, else narrowed to the ids, a batch of them at a time."""
    if ids is None:
        yield query
        return
    ordered = sorted(ids)
    for start in range(0, len(ordered), MARK_BATCH):
        yield query.filter(**{f"{column}__in": ordered[start : start + MARK_BATCH]})


def numbers_gaps_mark(units_done: Mapping[str, Mapping[str, Any]]) -> int:
    """Mark numbers outside every unit's range: between two units' ranges (the API returned nothing there),
    before the first or after the last. Only for a phase whose units all succeeded."""
    ranges = [info for info in units_done.values() if info.get("covered")]
    if any(info["low"] is None and info["high"] is None for info in ranges):
        return 0
    outside = NUMBERS.model.objects.all()
    for info in ranges:
        outside = outside.exclude(key_range(NUMBERS, info["low"], info["high"]))
    return mark_gone(NUMBERS, outside, set(), now=timezone.now())


# The API sorts phone numbers by their characters; the database must compare the same way, whatever the
# column's collation. PostgreSQL's default may be a locale's: compare in "C", which an index made for it
# (migration 0008) serves. SQLite's columns compare bytes (BINARY) already, and a COLLATE there would keep
# the planner off the column's own index: a range would scan every row.
BYTE_ORDER = {"postgresql": "C"}


def key_range(mirror: Mirror, low: str | None, high: str | None) -> Q:
    """Rows whose remote id lies from ``low`` to ``high`` (both included; None leaves that side open)."""
    collation = BYTE_ORDER.get(connection.vendor)
    column: Any = Collate(F(mirror.key), collation) if collation else F(mirror.key)
    condition = Q()
    if low is not None:
        condition &= Q(GreaterThanOrEqual(column, low))
    if high is not None:
        condition &= Q(LessThanOrEqual(column, high))
    return condition
