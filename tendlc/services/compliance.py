"""The Django side of the compliance checks: the engine (``tendlc.compliance``) is pure and reads wire-named
dicts and a ``CheckContext``; this module builds both from our rows (or from what the campaign builder or the
brand form holds), runs the engine, stores a ComplianceCheck, and records a Compliance admin's override.

Brand findings never block saving a brand (errors block campaign submission only): they are stored and shown.

Findings name wire fields; ``findings_by_field`` turns them into our field names, which are the forms'.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tendlc.choices import CampaignActivity, EntityType, IdentityStatus
from tendlc.client.fields import SNAKE_BY_WIRE
from tendlc.compliance import (
    CheckContext,
    Finding,
    OtherCampaign,
    Qualification,
    check_brand,
    check_campaign,
)
from tendlc.mapping.convert import to_wire, wire_name
from tendlc.mapping.records import BRAND_FIELDS, CAMPAIGN_FIELDS
from tendlc.models import Brand, Campaign, ComplianceCheck
from tendlc.services.audit import User, audited, user_may, user_recorded
from tendlc.services.errors import WorkflowError

OVERRIDE_PERMISSION = "tendlc.override_compliancecheck"
# Near-duplicate detection compares with the brand's other campaigns; the newest are the likely copies.
OTHER_CAMPAIGNS_COMPARED = 100
GENERAL = ""  # the group of findings about no field a form shows


@dataclass(frozen=True)
class ComplianceResult:
    """One run of the engine: what it read (wire names) and what it found."""

    subject: dict[str, Any]
    findings: tuple[Finding, ...]

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if finding.is_error)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(finding for finding in self.findings if not finding.is_error)


@dataclass(frozen=True)
class FieldFindings:
    """The findings shown beside one form field (``field`` is GENERAL for those about no field shown)."""

    field: str
    findings: tuple[Finding, ...]


def brand_wire(brand: Brand) -> dict[str, Any]:
    return to_wire(brand, BRAND_FIELDS)


def campaign_wire(campaign: Campaign) -> dict[str, Any]:
    return to_wire(campaign, CAMPAIGN_FIELDS)


def campaign_wire_from_values(values: Mapping[str, Any]) -> dict[str, Any]:
    """The builder's values (our field names) as the wire body the engine reads; blanks are left out, as
    the submission leaves them out."""
    return {wire_name(name): value for name, value in values.items() if value not in (None, "")}


def field_name(wire: str) -> str:
    """Our name of a wire field a finding names (wire names the table lacks are kept as they are)."""
    return SNAKE_BY_WIRE.get(wire, wire)


def brand_check_context(*, brand: Brand) -> CheckContext:
    """What the brand rules need beyond the brand body, from the database: the other brands sharing its EIN
    and the other sole-proprietor brands on its mobile phone. ``brand`` may be unsaved (the add form's
    values); a stored one is left out of its own counts, as the engine expects."""
    # Drafts are left out: a draft sharing a number with this brand is most often this brand typed again.
    others = Brand.objects.filter(brand_id__isnull=False, remote_deleted_at=None)
    if brand.pk is not None:
        others = others.exclude(pk=brand.pk)
    return CheckContext(
        other_sole_proprietor_brands_on_mobile=(
            others.filter(entity_type=EntityType.SOLE_PROPRIETOR, mobile_phone=brand.mobile_phone).count()
            if brand.mobile_phone
            else None
        ),
        other_brands_with_ein=others.filter(ein=brand.ein).count() if brand.ein else None,
    )


def check_context(
    *, brand: Brand, campaign: Campaign | None = None, qualification: Qualification | None = None
) -> CheckContext:
    """What the engine needs beyond the bodies, from the database. Counts leave out ``brand`` and
    ``campaign`` themselves, as the engine expects."""
    others = Campaign.objects.filter(brand=brand, remote_deleted_at=None).exclude(
        status=CampaignActivity.EXPIRED
    )
    if campaign is not None:
        others = others.exclude(pk=campaign.pk)
    compared = [
        OtherCampaign(
            campaign_id=other.campaign_id, description=other.description, samples=tuple(other.samples)
        )
        for other in others.order_by("-create_date", "-pk")[:OTHER_CAMPAIGNS_COMPARED]
    ]
    return replace(
        brand_check_context(brand=brand),
        qualification=qualification,
        other_campaigns=tuple(compared),
        existing_campaign_count=others.count(),
        phone_number_count=(
            campaign.assignments.filter(remote_deleted_at=None).count() if campaign is not None else 0
        ),
    )


def usecase_refusal(
    *, brand: Brand, entity_types: tuple[str, ...] | None, vetting_required: bool
) -> str | None:
    """Why ``brand`` may not register a use case open to ``entity_types`` (None: every type but sole
    proprietors) that may need an externally vetted brand, in plain words; None when it may.

    The use case enumeration says who may run each use case, so the builder decides from it and the brand's
    mirrored entity type and identity, without asking the API once per use case; the API's qualification (C1)
    on the chosen one stays the final word."""
    entity_type = brand.entity_type
    allowed = entity_types or tuple(
        value for value in EntityType.values if value != EntityType.SOLE_PROPRIETOR
    )
    if entity_type not in allowed:
        if entity_type == EntityType.SOLE_PROPRIETOR:
            return "A sole proprietor brand can only register the sole proprietor use case."
        kinds = " or ".join(_entity_type_words(value) for value in allowed)
        return f"Only for {kinds} brands; this brand is {_entity_type_words(entity_type)}."
    if vetting_required and brand.identity_status != IdentityStatus.VETTED_VERIFIED:
        return "Needs an externally vetted brand: order a vetting on the brand's page."
    return None


def _entity_type_words(value: str) -> str:
    """An entity type as a person says it ("non-profit"); a type the portal does not know, as written."""
    return str(EntityType(value).label).lower() if value in EntityType.values else value or "of unknown type"


def compliance_run(
    *, brand: Brand, campaign_body: Mapping[str, Any], context: CheckContext
) -> ComplianceResult:
    body = brand_wire(brand)
    findings = check_campaign(campaign_body, body, context)
    return ComplianceResult(
        subject={"brand": body, "campaign": dict(campaign_body)}, findings=tuple(findings)
    )


def campaign_compliance_result(*, campaign: Campaign) -> ComplianceResult:
    """The checks of a stored campaign, as it is now."""
    return compliance_run(
        brand=campaign.brand,
        campaign_body=campaign_wire(campaign),
        context=check_context(brand=campaign.brand, campaign=campaign),
    )


def findings_by_field(findings: Iterable[Finding], fields: Iterable[str]) -> list[FieldFindings]:
    """Findings grouped by the form field each is shown at, in the form's order: its primary field, the first
    it names that is among ``fields`` (rules name the field to correct first), so a finding about two fields
    is shown once and a count of the findings matches what is shown. One naming none of ``fields`` goes to
    the GENERAL group, first."""
    order = list(fields)
    groups: dict[str, list[Finding]] = {name: [] for name in [GENERAL, *order]}
    for finding in findings:
        shown = (name for name in map(field_name, finding.fields) if name in groups and name != GENERAL)
        groups[next(shown, GENERAL)].append(finding)
    return [FieldFindings(name, tuple(items)) for name, items in groups.items() if items]


def compliance_check_store(
    *, result: ComplianceResult, user: User, brand: Brand, campaign: Campaign | None = None
) -> ComplianceCheck:
    return ComplianceCheck.objects.create(
        checked_by=user_recorded(user),
        brand=brand,
        campaign=campaign,
        subject=result.subject,
        findings=[finding.to_dict() for finding in result.findings],
        error_count=len(result.errors),
        warning_count=len(result.warnings),
    )


def campaign_compliance_check(*, campaign: Campaign, user: User) -> ComplianceCheck:
    """Run the checks on a stored campaign and keep the result on its page."""
    with audited(user=user, action="campaign.check_compliance", target=campaign) as audit:
        result = campaign_compliance_result(campaign=campaign)
        check = compliance_check_store(result=result, user=user, brand=campaign.brand, campaign=campaign)
        audit.summary = {"errors": check.error_count, "warnings": check.warning_count}
    return check


def compliance_override_allowed(user: User) -> bool:
    return user_may(user, OVERRIDE_PERMISSION)


def compliance_override_required(*, result: ComplianceResult, user: User, reason: str) -> bool:
    """Whether submitting despite ``result`` overrides errors, refusing when it may not: errors block unless a
    user allowed to override gives a written reason."""
    if not result.errors:
        return False
    if not reason.strip():
        raise WorkflowError(
            f"{len(result.errors)} compliance error(s) block submission: correct the content, or a Compliance"
            " admin gives a written reason to submit anyway.",
            field="override_reason",
        )
    if not compliance_override_allowed(user):
        raise PermissionDenied("Only a Compliance admin may submit despite compliance errors.")
    return True


def compliance_check_override(*, check: ComplianceCheck, user: User, reason: str) -> ComplianceCheck:
    """Record that a Compliance admin let the checked content through despite its errors, and why."""
    with audited(user=user, action="compliance_check.override", target=check, summary={"reason": reason}):
        if not compliance_override_allowed(user):
            raise PermissionDenied("Only a Compliance admin may override compliance errors.")
        if not reason.strip():
            raise WorkflowError("Say why the errors may be overridden.", field="override_reason")
        check.override_reason = reason.strip()
        check.overridden_by = user_recorded(user)
        check.overridden_at = timezone.now()
        check.save(update_fields=["override_reason", "overridden_by", "overridden_at"])
    return check


def brand_compliance_result(*, brand: Brand) -> ComplianceResult:
    """The brand rules' findings on ``brand`` as it is now: a stored row, or an unsaved one holding what a
    form was given."""
    body = brand_wire(brand)
    findings = check_brand(body, brand_check_context(brand=brand))
    return ComplianceResult(subject={"brand": body}, findings=tuple(findings))


def brand_compliance_record(*, brand: Brand, user: User) -> ComplianceCheck:
    """Run the checks on a stored brand and keep the result on its page. Called after a save, whose own audit
    entry covers it."""
    return compliance_check_store(result=brand_compliance_result(brand=brand), user=user, brand=brand)


def brand_compliance_check(*, brand: Brand, user: User) -> ComplianceCheck:
    """Run the checks on a stored brand when asked to, keep the result on its page, and audit it."""
    with audited(user=user, action="brand.check_compliance", target=brand) as audit:
        check = brand_compliance_record(brand=brand, user=user)
        audit.summary = {"errors": check.error_count, "warnings": check.warning_count}
    return check
