"""The registry's identity decision, deterministic so a demo user can predict it from the submitted data:
markers in ``displayName`` or ``companyName``, the EIN, the stock listing. Pure: no store, no clock."""

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from tendlc.sandbox import catalog

if TYPE_CHECKING:
    from tendlc.sandbox.brands.records import BrandRecord


# Deterministic outcome markers, matched case-insensitively in displayName and companyName.
MARKER_FAIL_REGISTRATION = "FAILREG"
MARKER_UNVERIFIED = "UNVERIFIED"
MARKER_NOT_TAX_EXEMPT = "NOTEXEMPT"
MARKER_NOT_GOVERNMENT = "NOTGOV"
# In businessContactEmail: the 2FA e-mail is never completed.
MARKER_NO_2FA = "+no2fa"
INVALID_EIN_DIGITS = "000000000"
MARKED_FIELDS = ("displayName", "companyName")

VERIFIED_IDENTITIES = ("VERIFIED", "VETTED_VERIFIED")
EIN_ENTITY_TYPES = ("PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT")
FEEDBACK_FIELDS = {
    "TAX_ID": ["ein", "companyName", "entityType"],
    "STOCK_SYMBOL": ["stockSymbol", "stockExchange"],
    "NONPROFIT": ["entityType", "companyName", "ein"],
    "GOVERNMENT_ENTITY": ["entityType", "companyName"],
}


def brand_is_verified(doc: Mapping[str, Any]) -> bool:
    """Whether the brand's identity is established (campaigns may be registered for it)."""
    return doc.get("identityStatus") in VERIFIED_IDENTITIES


def marked_fields(doc: Mapping[str, Any], marker: str) -> list[str]:
    """The fields among displayName and companyName that carry ``marker``."""
    return [name for name in MARKED_FIELDS if marker.lower() in (doc.get(name) or "").lower()]


def _is_listed_company(doc: Mapping[str, Any]) -> bool:
    symbol = (doc.get("stockSymbol") or "").upper()
    exchange = doc.get("stockExchange")
    return any(
        company["symbol"] == symbol and company["exchange"] == exchange
        for company in catalog.APPROVED_PUBLIC_COMPANIES
    )


def identity_findings(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Why the registry cannot verify this brand from its data: feedback categories and the fields concerned."""
    findings: list[dict[str, Any]] = []
    entity = doc.get("entityType")
    if entity in EIN_ENTITY_TYPES:
        digits = re.sub(r"\D", "", doc.get("ein") or "")
        # The reference makes an EIN mandatory for non-profits only; the registry still cannot verify a
        # company's tax identity without one.
        if not digits or digits == INVALID_EIN_DIGITS or marked_fields(doc, MARKER_UNVERIFIED):
            findings.append({"id": "TAX_ID", "fields": FEEDBACK_FIELDS["TAX_ID"]})
    elif marked := marked_fields(doc, MARKER_UNVERIFIED):
        findings.append({"id": "OTHERS", "fields": marked})
    if entity == "PUBLIC_PROFIT" and not _is_listed_company(doc):
        findings.append({"id": "STOCK_SYMBOL", "fields": FEEDBACK_FIELDS["STOCK_SYMBOL"]})
    if entity == "NON_PROFIT" and marked_fields(doc, MARKER_NOT_TAX_EXEMPT):
        findings.append({"id": "NONPROFIT", "fields": FEEDBACK_FIELDS["NONPROFIT"]})
    if entity == "GOVERNMENT" and marked_fields(doc, MARKER_NOT_GOVERNMENT):
        findings.append({"id": "GOVERNMENT_ENTITY", "fields": FEEDBACK_FIELDS["GOVERNMENT_ENTITY"]})
    return findings


def assess_identity(record: "BrandRecord", vetted: bool) -> tuple[str, list[dict[str, Any]]]:
    """The identity status the registry gives the brand now, and the findings that explain it; ``vetted``
    says whether an external vetting of the brand succeeded."""
    doc, state = record.doc, record.state
    findings = identity_findings(doc)
    if findings:
        return "UNVERIFIED", findings
    entity = doc["entityType"]
    if (entity == "SOLE_PROPRIETOR" and not state.otp_verified) or (
        entity == "PUBLIC_PROFIT" and state.pending_2fa
    ):
        return "UNVERIFIED", []
    return ("VETTED_VERIFIED" if vetted else "VERIFIED"), []


def failure_reasons(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"fields": finding["fields"], "description": catalog.FEEDBACK_CATEGORIES[finding["id"]][1]}
        for finding in findings
    ]
