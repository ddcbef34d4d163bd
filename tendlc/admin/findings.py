"""Live compliance findings in the admin's forms: the JSON their endpoints answer and the script that reads it.

The brand form and the campaign builder's content page post their form as the user types and show what comes
back beside each field (``static/tendlc/live_findings.js``); this module owns that answer's shape, so both
endpoints give the script the same one.

Each finding is shown once, at its primary field (``findings_by_field``). A form may also name what its own
validation refuses in what was typed: those block saving, so they are answered apart (``blocking``), and a
field refused that way shows the form's message alone, not also a finding about the same value in other words.
"""

from collections.abc import Iterable, Mapping, Sequence

from django.http import JsonResponse

from tendlc.services.compliance import ComplianceResult, findings_by_field

LIVE_FINDINGS_SCRIPT = "tendlc/live_findings.js"


def findings_response(
    result: ComplianceResult, fields: Iterable[str], refused: Mapping[str, Sequence[str]] | None = None
) -> JsonResponse:
    """``{"findings": [{"field": name, "findings": [...]}, ...], "blocking": [{"field": name, "messages":
    [...]}, ...], "errors": n, "warnings": n}``: the findings grouped by the page's field names, in
    ``fields``' order ("" first, for those about none of them), leaving out the fields in ``refused`` (the
    form's own errors by field, "" for the form as a whole), which are answered as ``blocking``. The counts
    are of the findings answered."""
    refused = refused or {}
    groups = [group for group in findings_by_field(result.findings, fields) if group.field not in refused]
    shown = [finding for group in groups for finding in group.findings]
    return JsonResponse(
        {
            "findings": [
                {"field": group.field, "findings": [finding.to_dict() for finding in group.findings]}
                for group in groups
            ],
            "blocking": [{"field": name, "messages": list(messages)} for name, messages in refused.items()],
            "errors": sum(finding.is_error for finding in shown),
            "warnings": sum(not finding.is_error for finding in shown),
        }
    )
