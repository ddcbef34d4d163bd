"""Reads of the link checks: the newest check of a campaign or of a builder run, and where a check stands."""

from typing import Any

from tendlc.models import Campaign, LinkCheckResult, LinkCheckRun, LinkCheckState


def link_check_latest(*, campaign: Campaign) -> LinkCheckRun | None:
    return (
        LinkCheckRun.objects.filter(campaign=campaign)
        .select_related("started_by")
        .order_by("-created_at", "-id")
        .first()
    )


def link_check_latest_for_builder(*, builder_run: str) -> LinkCheckRun | None:
    return (
        LinkCheckRun.objects.filter(builder_run=builder_run)
        .select_related("started_by")
        .order_by("-created_at", "-id")
        .first()
    )


def link_check_results(*, run: LinkCheckRun) -> list[LinkCheckResult]:
    return list(run.results.select_related("evidence").order_by("id"))


def link_check_progress(*, run: LinkCheckRun) -> dict[str, Any]:
    """What a page polling a check shows: how many links are done, and whether the check has ended."""
    done = run.results.count()
    total = run.url_count
    if run.state == LinkCheckState.FAILED:
        label = f"The check could not finish: {run.error}" if run.error else "The check could not finish."
    elif run.state == LinkCheckState.DONE:
        label = f"Checked {done} link{'s' if done != 1 else ''}."
    else:
        label = f"Checking links: {done} of {total} done."
    return {
        "finished": run.finished,
        "state": run.state,
        "done": done,
        "total": total,
        "percent": round(100 * done / total) if total else None,
        "label": label,
    }
