"""Live compliance findings in the admin's forms: the JSON their endpoints answer and the script that reads it.

The brand form and the campaign builder's content page post their form as the user types and show what comes
back beside each field (``static/tendlc/live_findings.js``); this module owns that answer's shape, so both
endpoints give the script the same one.
"""

from collections.abc import Iterable

from django.http import JsonResponse

from tendlc.services.compliance import ComplianceResult, findings_by_field

LIVE_FINDINGS_SCRIPT = "tendlc/live_findings.js"


def findings_response(result: ComplianceResult, fields: Iterable[str]) -> JsonResponse:
    """``{"findings": [{"field": name, "findings": [...]}, ...], "errors": n, "warnings": n}``: the findings
    grouped by the page's field names, in ``fields``' order ("" first, for those about none of them)."""
    return JsonResponse(
        {
            "findings": [
                {"field": group.field, "findings": [finding.to_dict() for finding in group.findings]}
                for group in findings_by_field(result.findings, fields)
            ],
            "errors": len(result.errors),
            "warnings": len(result.warnings),
        }
    )
