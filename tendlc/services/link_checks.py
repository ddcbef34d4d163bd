"""The link checks: start a check of a campaign's links (from its page, from the builder before submission, or
weekly for live campaigns), and perform it in a task: fetch each URL safely (``link_fetch``), read the page
(``tendlc.compliance.link_pages``), store the outcome, its hops, the findings at its field and a snapshot.

A link the campaign's previous finished check opened and this one cannot is marked ``newly_failing``: the site
went down since, which the weekly check reports and a notification can follow.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from kombu.exceptions import OperationalError

from tendlc.compliance.link_pages import LinkTarget, link_findings, link_targets, page_read
from tendlc.models import (
    Brand,
    Campaign,
    LinkCheckResult,
    LinkCheckRun,
    LinkCheckState,
    LinkCheckTrigger,
    LinkOutcome,
)
from tendlc.selectors.campaigns import ACTIVE, campaign_list_in_stage
from tendlc.services.audit import User, audited, user_recorded
from tendlc.services.compliance import campaign_wire, campaign_wire_from_values
from tendlc.services.evidence import evidence_snapshot_add
from tendlc.services.link_fetch import Fetched, fetch, fetch_limits
from tendlc.services.notification_events import link_down_notice

logger = logging.getLogger(__name__)

ACTION = "campaign.check_links"
QUEUE_DOWN = "The check could not be queued (the task queue did not answer): try again in a minute."


@dataclass(frozen=True)
class LinkCheckBatch:
    checked: int
    newly_failing: int


def campaign_link_targets(*, campaign: Campaign) -> tuple[LinkTarget, ...]:
    return link_targets(campaign_wire(campaign), website=campaign.brand.website)


def builder_link_targets(*, brand: Brand, content: Mapping[str, Any]) -> tuple[LinkTarget, ...]:
    """The URLs of content typed in the builder (our field names), with the brand's website."""
    return link_targets(campaign_wire_from_values(content), website=brand.website)


def _targets_stored(targets: tuple[LinkTarget, ...]) -> list[dict[str, str]]:
    return [{"field": target.field, "kind": target.kind, "url": target.url} for target in targets]


def campaign_link_check_start(*, campaign: Campaign, user: User) -> LinkCheckRun:
    """Queue a check of the campaign's links, from its page."""
    with audited(user=user, action=ACTION, target=campaign) as audit:
        run = _run_start(
            targets=campaign_link_targets(campaign=campaign),
            campaign=campaign,
            brand=campaign.brand,
            trigger=LinkCheckTrigger.CAMPAIGN_PAGE,
            user=user,
        )
        audit.summary.update(links=run.url_count)
    return run


def builder_link_check_start(
    *, brand: Brand, content: Mapping[str, Any], builder_run: str, user: User
) -> LinkCheckRun:
    """Queue a check of the links typed in the campaign builder, before the campaign exists."""
    with audited(user=user, action=ACTION, summary={"builder_run": builder_run}) as audit:
        run = _run_start(
            targets=builder_link_targets(brand=brand, content=content),
            brand=brand,
            builder_run=builder_run,
            trigger=LinkCheckTrigger.BUILDER,
            user=user,
        )
        audit.summary.update(links=run.url_count)
    return run


def _run_start(
    *,
    targets: tuple[LinkTarget, ...],
    trigger: str,
    user: User,
    brand: Brand | None,
    campaign: Campaign | None = None,
    builder_run: str = "",
) -> LinkCheckRun:
    # Imported here: the task module imports this one.
    from tendlc.tasks.link_checks import check_links

    with transaction.atomic():
        run = LinkCheckRun.objects.create(
            campaign=campaign,
            brand=brand,
            builder_run=builder_run,
            trigger=trigger,
            started_by=user_recorded(user),
            url_count=len(targets),
            error="",
        )
        # The targets are fixed when the check is asked for: the builder's content may change meanwhile.
        targets_json = _targets_stored(targets)

        def publish() -> None:
            try:
                check_links.apply_async((run.pk, targets_json), retry=False)
            except OperationalError:
                LinkCheckRun.objects.filter(pk=run.pk).update(
                    state=LinkCheckState.FAILED, error=QUEUE_DOWN, finished_at=timezone.now()
                )

        transaction.on_commit(publish)
    return run


def link_check_perform(*, run: LinkCheckRun, targets: list[dict[str, str]]) -> LinkCheckRun:
    """Fetch each target and store what it answered; the run is done once every target has a result."""
    LinkCheckRun.objects.filter(pk=run.pk).update(state=LinkCheckState.RUNNING)
    limits = fetch_limits()
    previous = _previous_outcomes(run)
    try:
        for stored in targets:
            target = LinkTarget(stored["field"], stored["kind"], stored["url"])
            if run.results.filter(field=target.field, url=target.url).exists():
                continue  # a redelivered task: this one was stored before the worker stopped
            _result_store(run, target, fetch(target.url, limits=limits), previous)
    except Exception as error:
        LinkCheckRun.objects.filter(pk=run.pk).update(
            state=LinkCheckState.FAILED, error=type(error).__name__, finished_at=timezone.now()
        )
        raise
    LinkCheckRun.objects.filter(pk=run.pk).update(state=LinkCheckState.DONE, finished_at=timezone.now())
    run.refresh_from_db()
    return run


def _previous_outcomes(run: LinkCheckRun) -> dict[tuple[str, str], str]:
    """What the campaign's last finished check answered, by field and URL."""
    if run.campaign_id is None:
        return {}
    last = (
        LinkCheckRun.objects.filter(campaign_id=run.campaign_id, state=LinkCheckState.DONE)
        .exclude(pk=run.pk)
        .order_by("-created_at", "-id")
        .first()
    )
    if last is None:
        return {}
    return {(result.field, result.url): result.outcome for result in last.results.all()}


def _result_store(
    run: LinkCheckRun, target: LinkTarget, fetched: Fetched, previous: dict[tuple[str, str], str]
) -> LinkCheckResult:
    hops = [hop.to_dict() for hop in fetched.hops]
    page = None
    if fetched.ok and _is_html(fetched):
        page = page_read(fetched.body.decode(_charset(fetched.content_type), errors="replace"))
    findings = link_findings(
        target,
        failure=None if fetched.ok else fetched.detail,
        status=fetched.status,
        hops=hops,
        final_url=fetched.final_url,
        page=page,
    )
    result = LinkCheckResult(
        run=run,
        field=target.field,
        kind=target.kind,
        url=target.url,
        outcome=fetched.outcome,
        http_status=fetched.status,
        final_url=fetched.final_url,
        hops=hops,
        detail=fetched.detail,
        findings=[finding.to_dict() for finding in findings],
        newly_failing=not fetched.ok and previous.get((target.field, target.url)) == LinkOutcome.OK,
        fetched_at=timezone.now(),
    )
    # The limit already bounds the body; the snapshot is the page as the reviewer would have seen it. A
    # campaign's goes to its evidence folder, where carriers' requests for proof are answered from.
    if fetched.body and fetched.ok and run.campaign is not None:
        result.evidence = evidence_snapshot_add(
            campaign=run.campaign,
            url=target.url,
            content=fetched.body,
            content_type=fetched.content_type,
            fetched_at=result.fetched_at,
        )
    elif fetched.body:
        result.snapshot.save(f"{run.pk}-{target.kind}.html", ContentFile(fetched.body), save=False)
    result.save()
    if result.newly_failing and run.campaign is not None:
        link_down_notice(result, campaign=run.campaign)
    return result


def _is_html(fetched: Fetched) -> bool:
    kind = fetched.content_type.split(";", 1)[0].strip().lower()
    return kind in ("", "text/html", "application/xhtml+xml", "text/plain")


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            try:
                "".encode(value.strip('"'))
            except LookupError:
                break
            return value.strip('"')
    return "utf-8"


def live_campaign_link_batches(*, batch_size: int | None = None) -> list[list[int]]:
    """The primary keys of the live (provisioned) campaigns, in batches for the weekly check."""
    size = batch_size or settings.LINK_CHECK_BATCH_SIZE
    pks = list(_live_campaigns().order_by("pk").values_list("pk", flat=True))
    return [pks[start : start + size] for start in range(0, len(pks), size)]


def _live_campaigns() -> QuerySet[Campaign]:
    return campaign_list_in_stage(ACTIVE)


def live_campaign_links_check(*, campaign_pks: list[int]) -> LinkCheckBatch:
    """The weekly check of one batch of live campaigns, each run in turn, in this task."""
    checked = newly_failing = 0
    for campaign in _live_campaigns().filter(pk__in=campaign_pks).select_related("brand").order_by("pk"):
        targets = campaign_link_targets(campaign=campaign)
        run = LinkCheckRun.objects.create(
            campaign=campaign,
            brand=campaign.brand,
            trigger=LinkCheckTrigger.WEEKLY,
            url_count=len(targets),
        )
        link_check_perform(run=run, targets=_targets_stored(targets))
        checked += 1
        newly_failing += run.results.filter(newly_failing=True).count()
    logger.info("Links of %d live campaigns checked, %d newly failing", checked, newly_failing)
    return LinkCheckBatch(checked=checked, newly_failing=newly_failing)
