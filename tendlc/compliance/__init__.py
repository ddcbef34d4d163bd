"""Pre-submission compliance checks: the mechanical reasons carriers and the registry reject 10DLC campaigns
and brands, found before anyone pays for a review.

Pure Python on purpose: the rules see wire-named dicts (the campaign builder body, the brand body) and a
``CheckContext`` the caller fills from the database, so the same engine serves the builder page, the admin,
the REST API and the command line, and its tests need no database.
"""

from tendlc.compliance.context import CheckContext, OtherCampaign, Qualification
from tendlc.compliance.engine import all_rules, check, check_brand, check_campaign
from tendlc.compliance.findings import ERROR, WARNING, Finding, Severity

__all__ = [
    "ERROR",
    "WARNING",
    "CheckContext",
    "Finding",
    "OtherCampaign",
    "Qualification",
    "Severity",
    "all_rules",
    "check",
    "check_brand",
    "check_campaign",
]
