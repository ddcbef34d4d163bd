"""Reads of stored compliance checks."""

from django.db.models import QuerySet

from tendlc.models import Brand, Campaign, ComplianceCheck


def compliance_check_list(*, campaign: Campaign) -> QuerySet[ComplianceCheck]:
    """A campaign's checks, newest first, with the people named on them."""
    return ComplianceCheck.objects.filter(campaign=campaign).select_related("checked_by", "overridden_by")


def brand_compliance_check_latest(*, brand: Brand) -> ComplianceCheck | None:
    """The newest check of the brand itself (its campaigns' checks name it too), with who ran it."""
    checks = ComplianceCheck.objects.filter(brand=brand, campaign=None).select_related("checked_by")
    return checks.first()
