"""The link checks on a campaign's page and in the builder: the panel of the newest check (live while it
runs, through ``static/tendlc/progress.js``), and its findings by field for the builder's content page."""

from typing import Any

from django.urls import reverse

from tendlc.models import Campaign, LinkCheckResult, LinkCheckRun
from tendlc.models.link_checks import LinkOutcome
from tendlc.selectors.link_checks import (
    link_check_latest,
    link_check_progress,
    link_check_results,
)
from tendlc.services.compliance import field_name

PANEL_TEMPLATE = "admin/tendlc/campaigns/panels/links.html"
FIELD_LABELS = {
    "website": "Brand website",
    "privacyPolicyLink": "Privacy policy",
    "termsAndConditionsLink": "Terms and conditions",
    "messageFlow": "Opt-in page (message flow)",
    "embeddedLinkSample": "Link in the messages",
}


def result_row(result: LinkCheckResult) -> dict[str, Any]:
    findings = result.findings
    return {
        "result": result,
        "label": FIELD_LABELS.get(result.field, result.field),
        "opened": result.outcome == LinkOutcome.OK,
        "tone": "bad"
        if any(f["severity"] == "error" for f in findings) or result.outcome != LinkOutcome.OK
        else ("pending" if findings else "good"),
        "verdict": _verdict(result),
        "redirected": len(result.hops) > 1,
        "redirects": len(result.hops) - 1,
        "findings": findings,
        "evidence_url": reverse(
            "admin:tendlc_campaign_evidence_download", args=[result.evidence.campaign_id, result.evidence_id]
        )
        if result.evidence
        else "",
    }


def _verdict(result: LinkCheckResult) -> str:
    if result.outcome != LinkOutcome.OK:
        answered = f" {result.http_status}" if result.http_status else ""
        return f"Not opened: {result.get_outcome_display().lower()}{answered}"
    return "Opened, with findings" if result.findings else "Opened, nothing to change"


def link_panel(campaign: Campaign, *, progress_url_name: str) -> dict[str, Any]:
    run = link_check_latest(campaign=campaign)
    return run_context(run, progress_url=reverse(progress_url_name, args=[run.pk]) if run else "")


def run_context(run: LinkCheckRun | None, *, progress_url: str) -> dict[str, Any]:
    if run is None:
        return {"run": None}
    return {
        "run": run,
        "progress": link_check_progress(run=run),
        "progress_url": progress_url,
        "rows": [result_row(result) for result in link_check_results(run=run)],
    }


def findings_by_field(run: LinkCheckRun | None) -> dict[str, list[dict[str, Any]]]:
    """The newest check's results by our field names (``website`` stays as it is: the brand's)."""
    if run is None:
        return {}
    rows: dict[str, list[dict[str, Any]]] = {}
    for result in link_check_results(run=run):
        rows.setdefault(field_name(result.field), []).append(result_row(result))
    return rows
