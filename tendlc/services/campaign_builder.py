"""The campaign builder's rules and API calls: which brands may build a campaign, the use cases the API
offers, a brand's qualification for one (C1) with its cost (C13), and the submission (C2).

Submitting charges three months of the use case's fee, so the submission checks again everything the builder
pages checked (brand, qualification, sub use case count, compliance errors and their override) instead of
trusting what the browser went through. The builder run's id is sent as ``referenceId``: the API refuses a
second campaign with the same one, so a double click or a retry after a lost answer cannot pay twice.
"""

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from tendlc.choices import BrandStatus, CampaignActivity, EntityType, IdentityStatus
from tendlc.client import BadRequestError, TenDLCClient, TenDLCObject
from tendlc.compliance import Qualification
from tendlc.compliance.limits import MAX_CAMPAIGNS_PER_BRAND
from tendlc.mapping.records import campaign_values
from tendlc.mapping.usecases import usecase_values
from tendlc.models import Brand, Campaign
from tendlc.models.campaign_content import CONTENT_FIELDS, FLAG_FIELDS
from tendlc.services.audit import User, audited
from tendlc.services.charges import charges_record_for_campaign_submission
from tendlc.services.compliance import (
    ComplianceResult,
    campaign_wire_from_values,
    check_context,
    compliance_check_override,
    compliance_check_store,
    compliance_override_required,
    compliance_run,
    usecase_refusal,
)
from tendlc.services.errors import WorkflowError

VERIFIED_IDENTITIES = (IdentityStatus.VERIFIED, IdentityStatus.VETTED_VERIFIED)


@dataclass(frozen=True)
class UsecaseOption:
    """One use case of the API's list (E1 ``usecase``). ``entity_types`` None: every type but sole
    proprietors."""

    name: str
    display_name: str
    description: str
    min_sub_usecases: int = 0
    max_sub_usecases: int = 0
    vetting_required: bool = False
    entity_types: tuple[str, ...] | None = None

    @property
    def is_mixed(self) -> bool:
        """MIXED-like use cases list others as sub use cases."""
        return self.max_sub_usecases > 0

    @property
    def is_standard(self) -> bool:
        """Open to every brand that is not a sole proprietor, without vetting: what a mixed campaign lists."""
        return not self.is_mixed and not self.vetting_required and self.entity_types is None

    @property
    def label(self) -> str:
        return f"{self.display_name}: {self.description}" if self.description else self.display_name


@dataclass(frozen=True)
class CarrierTerms:
    """What one carrier says of the use case for this brand (C1 ``mnoMetadata``)."""

    network_id: str
    name: str
    qualifies: bool | None
    supported: bool | None
    reviews: bool | None
    min_samples: int | None
    requires_help: bool | None
    requires_optin: bool | None
    requires_optout: bool | None
    no_embedded_link: bool | None
    no_embedded_phone: bool | None


@dataclass(frozen=True)
class UsecaseQualification:
    """A brand's qualification for a use case, its fees and its cost; ``refusal`` says why not eligible.

    Kept in the builder's session between pages, hence ``as_dict``/``from_dict``."""

    brand_id: str
    usecase: str
    eligible: bool
    refusal: str = ""
    annual_fee: float | None = None
    monthly_fee: float | None = None
    quarterly_fee: float | None = None
    min_sub_usecases: int = 0
    max_sub_usecases: int = 0
    carriers: tuple[CarrierTerms, ...] = ()
    up_front_cost: str = ""
    monthly_cost: str = ""
    cost_description: str = ""

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "UsecaseQualification":
        carriers = tuple(CarrierTerms(**carrier) for carrier in data.get("carriers", ()))
        return cls(**{**data, "carriers": carriers})

    @property
    def engine_qualification(self) -> Qualification:
        return Qualification(
            qualified=self.eligible,
            min_sub_usecases=self.min_sub_usecases,
            max_sub_usecases=self.max_sub_usecases,
        )


# --- brands ---------------------------------------------------------------------------------------------------


def _active_campaigns() -> QuerySet[Campaign]:
    return Campaign.objects.filter(remote_deleted_at=None).exclude(status=CampaignActivity.EXPIRED)


def _brands_with_all_their_campaigns() -> QuerySet[Campaign, Any]:
    """The brand ids that have ``MAX_CAMPAIGNS_PER_BRAND`` active campaigns (or more, synced from elsewhere)."""
    return (
        _active_campaigns()
        .order_by()
        .values("brand_id")
        .annotate(active=Count("pk"))
        .filter(active__gte=MAX_CAMPAIGNS_PER_BRAND)
        .values("brand_id")
    )


def brand_list_for_builder() -> QuerySet[Brand]:
    """Brands that may build a campaign: registered (not drafts, not gone), identity verified (a sole
    proprietor through its SMS OTP), a sole proprietor only while it has no campaign (one is its limit), and
    any other only while it has fewer than five."""
    sole_proprietor_taken = Q(entity_type=EntityType.SOLE_PROPRIETOR) & Exists(
        _active_campaigns().filter(brand_id=OuterRef("brand_id"))
    )
    return (
        Brand.objects.filter(
            brand_id__isnull=False,
            remote_deleted_at=None,
            status=BrandStatus.OK,
            identity_status__in=VERIFIED_IDENTITIES,
        )
        .exclude(sole_proprietor_taken)
        .exclude(brand_id__in=_brands_with_all_their_campaigns())
        .order_by("display_name", "pk")
    )


def brand_builder_refusal(brand: Brand) -> str | None:
    """Why ``brand`` may not build a campaign now, or None (the rules of ``brand_list_for_builder``)."""
    if not brand.brand_id:
        return "This brand is a draft that was never registered: submit it first."
    if brand.remote_deleted_at is not None:
        return "This brand no longer exists at Telnyx."
    if brand.status != BrandStatus.OK:
        return f"This brand is not registered yet (status {brand.status or 'unknown'})."
    sole_proprietor = brand.entity_type == EntityType.SOLE_PROPRIETOR
    if brand.identity_status not in VERIFIED_IDENTITIES:
        if sole_proprietor:
            return "This sole proprietor has not verified its mobile number by SMS OTP yet."
        return (
            f"This brand's identity is not verified (identity status {brand.identity_status or 'unknown'})."
        )
    active = _active_campaigns().filter(brand_id=brand.brand_id).count()
    if sole_proprietor and active:
        return "A sole proprietor may have only one campaign, and this one has it already."
    if active >= MAX_CAMPAIGNS_PER_BRAND:
        return (
            f"This brand has {active} active campaigns, the most Telnyx allows a brand: deactivate one"
            " before building another."
        )
    return None


# --- use cases and qualification ------------------------------------------------------------------------------


def usecase_list(*, client: TenDLCClient) -> list[UsecaseOption]:
    """The use cases the API offers (E1). The enum is a map of name to details, or a plain list of names."""
    values = client.messaging_10dlc.get_enum("usecase")
    if isinstance(values, TenDLCObject):
        return [UsecaseOption(**usecase_values(name, values.raw[name])) for name in values]
    if isinstance(values, list):
        return [UsecaseOption(**usecase_values(value, None)) for value in values if isinstance(value, str)]
    return []


def usecase_refusals(*, brand: Brand, usecases: list[UsecaseOption]) -> dict[str, str]:
    """The use cases of ``usecases`` that ``brand`` may not register, each with why (``usecase_refusal``)."""
    refusals = {
        option.name: usecase_refusal(
            brand=brand, entity_types=option.entity_types, vetting_required=option.vetting_required
        )
        for option in usecases
    }
    return {name: refusal for name, refusal in refusals.items() if refusal is not None}


def sub_usecase_options(usecases: list[UsecaseOption]) -> list[UsecaseOption]:
    """What a mixed campaign may list as its sub use cases: the standard use cases."""
    return [option for option in usecases if option.is_standard]


def campaign_builder_qualify(*, brand: Brand, usecase: str, client: TenDLCClient) -> UsecaseQualification:
    """The brand's qualification for ``usecase`` (C1) and the use case's cost (C13). A brand the API says does
    not qualify (400) is an answer, not an error: the qualification says why."""
    refusal = brand_builder_refusal(brand)
    if refusal is not None:
        raise WorkflowError(refusal, field="brand")
    return usecase_qualification_read(brand=brand, usecase=usecase, client=client)


def usecase_qualification_read(*, brand: Brand, usecase: str, client: TenDLCClient) -> UsecaseQualification:
    """The qualification and cost as the API answers them, whether or not the brand may build a campaign now:
    a rejected campaign's resubmission reads it for the paths that build none."""
    brand_id = brand.brand_id or ""
    try:
        metadata = client.messaging_10dlc.campaign_builder.brand.qualify_by_usecase(
            usecase, brand_id=brand_id
        )
    except BadRequestError as error:
        reason = "; ".join(error.non_field_errors + [m for ms in error.field_errors.values() for m in ms])
        return UsecaseQualification(
            brand_id=brand_id, usecase=usecase, eligible=False, refusal=reason or error.message
        )
    cost = client.messaging_10dlc.campaign.usecase.get_cost(usecase=usecase)
    carriers = metadata.mno_metadata
    return UsecaseQualification(
        brand_id=brand_id,
        usecase=metadata.usecase or usecase,
        eligible=True,
        annual_fee=metadata.annual_fee,
        monthly_fee=metadata.monthly_fee,
        quarterly_fee=metadata.quarterly_fee,
        min_sub_usecases=metadata.min_sub_usecases or 0,
        max_sub_usecases=metadata.max_sub_usecases or 0,
        carriers=tuple(_carrier_terms(key, carriers[key]) for key in carriers) if carriers else (),
        up_front_cost=cost.up_front_cost,
        monthly_cost=cost.monthly_cost,
        cost_description=cost.description,
    )


def _carrier_terms(network_id: str, item: Any) -> CarrierTerms:
    return CarrierTerms(
        network_id=network_id,
        name=item.mno or network_id,
        qualifies=item.qualify,
        supported=item.mno_support,
        reviews=item.mno_review,
        min_samples=item.min_msg_samples,
        requires_help=item.req_subscriber_help,
        requires_optin=item.req_subscriber_optin,
        requires_optout=item.req_subscriber_optout,
        no_embedded_link=item.no_embedded_link,
        no_embedded_phone=item.no_embedded_phone,
    )


def sub_usecase_count_problem(qualification: UsecaseQualification, count: int) -> str | None:
    """Why ``count`` sub use cases do not fit the qualified range, or None."""
    low, high = qualification.min_sub_usecases, qualification.max_sub_usecases
    if low <= count <= high:
        return None
    if high == 0:
        return f"The {qualification.usecase} use case takes no sub use cases; {count} chosen."
    return f"The {qualification.usecase} use case takes {low} to {high} sub use cases; {count} chosen."


OPTOUT_MESSAGE_REQUIRED = (
    "Write the opt-out message, the reply to STOP: Telnyx refuses a campaign without one."
)


# --- compliance and submission --------------------------------------------------------------------------------


def campaign_builder_compliance(
    *,
    brand: Brand,
    qualification: UsecaseQualification,
    content: Mapping[str, Any],
    fixing: Campaign | None = None,
) -> ComplianceResult:
    """The compliance findings of the builder's content, judged against the brand and its qualification.
    Content ``fixing`` a rejected campaign is not compared with that campaign, whose fix it is."""
    values = {"brand_id": brand.brand_id, "usecase": qualification.usecase, **content}
    return compliance_run(
        brand=brand,
        campaign_body=campaign_wire_from_values(values),
        context=check_context(brand=brand, campaign=fixing, qualification=qualification.engine_qualification),
    )


def _submit_arguments(content: Mapping[str, Any]) -> dict[str, Any]:
    """The client's submit arguments: blank text left out, every flag said, sub use cases when there are."""
    arguments: dict[str, Any] = {name: content.get(name) or None for name in CONTENT_FIELDS}
    arguments.update({name: bool(content.get(name)) for name in FLAG_FIELDS})
    arguments["sub_usecases"] = list(content.get("sub_usecases") or ()) or None
    return arguments


def campaign_builder_submit(
    *,
    brand: Brand,
    qualification: UsecaseQualification,
    content: Mapping[str, Any],
    run_id: str,
    override_reason: str,
    user: User,
    client: TenDLCClient,
) -> Campaign:
    """Submit the campaign (C2), mirror it as a Campaign row and keep its compliance check on it. Compliance
    errors block unless a Compliance admin gives ``override_reason``; the override is audited too."""
    summary = {
        "brand_id": brand.brand_id,
        "usecase": qualification.usecase,
        "reference_id": run_id,
        "override_reason": override_reason,
        **{name: content.get(name) for name in CONTENT_FIELDS},
    }
    with audited(user=user, action="campaign.submit", summary=summary) as audit:
        refusal = brand_builder_refusal(brand)
        if refusal is not None:
            raise WorkflowError(refusal, field="brand")
        if not qualification.eligible or qualification.brand_id != brand.brand_id:
            raise WorkflowError(
                f"The brand does not qualify for {qualification.usecase}: {qualification.refusal}",
                field="usecase",
            )
        problem = sub_usecase_count_problem(qualification, len(content.get("sub_usecases") or ()))
        if problem is not None:
            raise WorkflowError(problem, field="sub_usecases")
        # The API refuses a submission without it, so no compliance override can let one through.
        if not (content.get("optout_message") or "").strip():
            raise WorkflowError(OPTOUT_MESSAGE_REQUIRED, field="optout_message")
        result = campaign_builder_compliance(brand=brand, qualification=qualification, content=content)
        overridden = compliance_override_required(result=result, user=user, reason=override_reason)
        answer = client.messaging_10dlc.campaign_builder.submit(
            brand_id=brand.brand_id or "",
            usecase=qualification.usecase,
            reference_id=run_id,
            **_submit_arguments(content),
        )
        with transaction.atomic():
            # A row already there was mirrored by a sync or webhook from a read made after the campaign
            # existed, so after this answer was written: it is at least as new, and is kept (writing the
            # answer over it could take its status back, and put that step back on the timeline).
            campaign, _ = Campaign.objects.get_or_create(
                campaign_id=answer.campaign_id,
                defaults={**campaign_values(answer.raw), "raw": answer.raw, "synced_at": timezone.now()},
            )
            check = compliance_check_store(result=result, user=user, brand=brand, campaign=campaign)
        audit.target = campaign
        audit.summary["compliance_check"] = check.pk
    charges_record_for_campaign_submission(campaign=campaign, user=user)
    if overridden:
        compliance_check_override(check=check, user=user, reason=override_reason)
    return campaign
