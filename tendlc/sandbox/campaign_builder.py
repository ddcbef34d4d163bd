"""The campaign builder (reference §2.4 C1, C2, C13): qualification of a brand for a use case, submission,
use-case costs.

Qualification follows ``catalog.USECASES``, fees ``fees``. A brand qualifies when it is verified (identityStatus
VERIFIED or VETTED_VERIFIED; a sole proprietor becomes VERIFIED through its SMS OTP), its entity type may run
the use case (sole proprietors run only SOLE_PROPRIETOR, which no one else runs), and, for special use cases,
it is VETTED_VERIFIED. A submission charges the sandbox account (``account``) three months of the use case's
fee, the carrier review and, with ``numberPool``, the T-Mobile number pool; 402 when the balance cannot pay.
"""

import re
import uuid
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import account, fees, renewal
from tendlc.sandbox import campaign_lifecycle as lifecycle
from tendlc.sandbox.brands.identity import VERIFIED_IDENTITIES
from tendlc.sandbox.campaigns import put_campaign
from tendlc.sandbox.catalog import (
    CARRIERS,
    CARRIERS_BY_ID,
    ENTITY_TYPES,
    SUB_USECASES,
    USECASES_BY_NAME,
    Usecase,
)
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import (
    ApiError,
    bad_request,
    invalid,
    invalid_parameter,
    json_body,
    json_response,
    not_found,
)
from tendlc.sandbox.validation import Field, validate_body

SOLE_PROPRIETOR = "SOLE_PROPRIETOR"
MAX_CAMPAIGNS_PER_BRAND = 5  # Telnyx's FAQ; deactivated (EXPIRED) campaigns no longer count
KEYWORD_LIST = re.compile(r"^(?:[^\s,]+(?:,[^\s,]+)*)?$")

BOOLEAN_FIELDS = (
    "ageGated", "autoRenewal", "directLending", "embeddedLink", "embeddedPhone", "numberPool",
    "subscriberHelp", "subscriberOptin", "subscriberOptout", "termsAndConditions",
)  # fmt: skip
TEXT_FIELDS = (
    "messageFlow", *lifecycle.SAMPLE_FIELDS, "helpMessage", "helpKeywords", "optinMessage", "optinKeywords",
    "optoutMessage", "optoutKeywords", "embeddedLinkSample", "referenceId", "resellerId",
)  # fmt: skip
# The docs list optoutMessage as optional, but the live API refuses a submission without it (FRIC).
REQUIRED_TEXT_FIELDS = ("optoutMessage",)
URL_FIELDS = ("privacyPolicyLink", "termsAndConditionsLink", "webhookURL", "webhookFailoverURL")
KEYWORD_FIELDS = ("helpKeywords", "optinKeywords", "optoutKeywords")
SUBMIT_FIELDS = (
    Field("brandId", required=True),
    Field("description", required=True),
    Field("usecase", required=True, choices=tuple(USECASES_BY_NAME)),
    Field("subUsecases", "str_list"),
    Field("mnoIds", "int_list"),
    Field("tag", "str_list"),
    *(Field(name, required=name in REQUIRED_TEXT_FIELDS) for name in TEXT_FIELDS),
    *(Field(name, format="url") for name in URL_FIELDS),
    *(Field(name, bool) for name in BOOLEAN_FIELDS),
)


# --- qualification --------------------------------------------------------------------------------


def qualification_problem(brand: dict[str, Any], usecase: Usecase) -> tuple[str, str] | None:
    """Why ``brand`` may not run ``usecase``, with the submission field to blame; None when it qualifies."""
    identity, entity_type = brand.get("identityStatus"), brand.get("entityType")
    if identity not in VERIFIED_IDENTITIES:
        how = (
            " (a sole proprietor brand is verified by its SMS OTP)" if entity_type == SOLE_PROPRIETOR else ""
        )
        return (
            f"Brand {brand['brandId']} is not verified (identityStatus {identity}): campaigns need a VERIFIED"
            f" or VETTED_VERIFIED brand{how}.",
            "brandId",
        )
    allowed = usecase.entity_types or tuple(t for t in ENTITY_TYPES if t != SOLE_PROPRIETOR)
    if entity_type not in allowed:
        if entity_type == SOLE_PROPRIETOR:
            return "Sole proprietor brands can only register the SOLE_PROPRIETOR use case.", "usecase"
        return (
            f"Use case {usecase.name} is only available to {', '.join(allowed)} brands, not {entity_type}.",
            "usecase",
        )
    if usecase.requires_vetting and identity != "VETTED_VERIFIED":
        return (
            f"Use case {usecase.name} needs an externally vetted brand (identityStatus VETTED_VERIFIED).",
            "usecase",
        )
    return None


def _usecase_parameter(name: str | None) -> Usecase:
    if not name:
        raise ApiError(422, [invalid_parameter("usecase", "usecase is required.")])
    usecase = USECASES_BY_NAME.get(name)
    if usecase is None:
        allowed = ", ".join(USECASES_BY_NAME)
        raise ApiError(422, [invalid_parameter("usecase", f"usecase must be one of: {allowed}.")])
    return usecase


def qualify_by_usecase(context: Context, request: Request, brandId: str, usecase: str) -> Response:
    """C1: 422 for an unknown use case, 404 for an unknown brand, 400 when the brand does not qualify."""
    catalog_usecase = _usecase_parameter(usecase)
    brand = context.store.doc("brands", "brand_id", brandId)
    if brand is None:
        raise not_found("Brand not found")
    problem = qualification_problem(brand, catalog_usecase)
    if problem is not None:
        raise bad_request(problem[0])
    monthly = fees.monthly_fee(catalog_usecase.name)
    return json_response(
        {
            "usecase": catalog_usecase.name,
            "monthlyFee": float(monthly),
            "quarterlyFee": float(fees.upfront_fee(catalog_usecase.name)),
            "annualFee": float(monthly * 12),
            "minSubUsecases": catalog_usecase.min_sub_usecases,
            "maxSubUsecases": catalog_usecase.max_sub_usecases,
            "mnoMetadata": lifecycle.mno_metadata(catalog_usecase.name, CARRIERS),
        }
    )


def get_usecase_cost(context: Context, request: Request) -> Response:
    usecase = _usecase_parameter(request.args.get("usecase"))
    return json_response(
        {
            "campaignUsecase": usecase.name,
            "description": usecase.description,
            "monthlyCost": fees.wire(fees.monthly_fee(usecase.name)),
            "upFrontCost": fees.wire(fees.upfront_fee(usecase.name)),
        }
    )


# --- submission -----------------------------------------------------------------------------------


def _checked_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The submission's fields; one 422 lists every bad field, type errors and value errors alike."""
    fields: dict[str, Any] = {}
    errors: list[dict[str, Any]] = []
    for field in SUBMIT_FIELDS:
        try:
            fields.update(validate_body(body, (field,)))
        except ApiError as error:
            errors.extend(error.errors)
    mno_ids = fields.get("mnoIds")
    if mno_ids is not None and (not mno_ids or any(i not in CARRIERS_BY_ID for i in mno_ids)):
        known = ", ".join(str(i) for i in CARRIERS_BY_ID)
        errors.append(invalid("mnoIds", f"mnoIds must list MNO network ids among: {known}."))
    sub_usecases = fields.get("subUsecases")
    if sub_usecases is not None and any(name not in SUB_USECASES for name in sub_usecases):
        errors.append(invalid("subUsecases", f"subUsecases must be among: {', '.join(SUB_USECASES)}."))
    elif "usecase" in fields and ("subUsecases" in fields or "subUsecases" not in body):
        usecase = USECASES_BY_NAME[fields["usecase"]]
        count = len(sub_usecases or [])
        if not usecase.min_sub_usecases <= count <= usecase.max_sub_usecases:
            wanted = (
                f"{usecase.min_sub_usecases} to {usecase.max_sub_usecases} subUsecases"
                if usecase.max_sub_usecases
                else "no subUsecases"
            )
            errors.append(invalid("subUsecases", f"Use case {usecase.name} takes {wanted}; {count} given."))
    for name in KEYWORD_FIELDS:
        if name in fields and not KEYWORD_LIST.match(fields[name]):
            errors.append(invalid(name, f"{name} must be keywords separated by commas, without spaces."))
    if errors:
        raise ApiError(422, errors)
    return fields


def _refusal(context: Context, brand: dict[str, Any], fields: dict[str, Any]) -> ApiError | None:
    """Why the submission by an existing brand is refused (400), once the body is valid."""
    problem = qualification_problem(brand, USECASES_BY_NAME[fields["usecase"]])
    if problem is not None:
        return bad_request(problem[0], f"/{problem[1]}")
    count = context.store.scalar("SELECT campaign_count FROM brands WHERE brand_id = ?", (brand["brandId"],))
    if brand.get("entityType") == SOLE_PROPRIETOR and count:
        return bad_request("A sole proprietor brand may have only one campaign.", "/brandId")
    if count >= MAX_CAMPAIGNS_PER_BRAND:
        return bad_request(
            f"Brand {brand['brandId']} already has {count} campaigns, the most a brand may have"
            f" ({MAX_CAMPAIGNS_PER_BRAND}): deactivate one before submitting another.",
            "/brandId",
        )
    reference_id = fields.get("referenceId")
    if reference_id and context.store.one("SELECT 1 FROM campaigns WHERE reference_id = ?", (reference_id,)):
        return bad_request("referenceId is already used by another campaign.", "/referenceId")
    return None


def new_campaign_doc(
    context: Context, brand: dict[str, Any], fields: dict[str, Any], campaign_id: str, tcr_campaign_id: str
) -> dict[str, Any]:
    """A just-submitted campaign's wire document (TelnyxCampaignCsp), TCR_PENDING."""
    now = context.clock.now()
    return {
        "campaignId": campaign_id,
        "tcrCampaignId": tcr_campaign_id,
        "brandId": brand["brandId"],
        "tcrBrandId": brand.get("tcrBrandId"),
        "brandDisplayName": brand.get("displayName"),
        "cspId": brand.get("cspId") or "SANDBOX",
        "usecase": fields["usecase"],
        "subUsecases": fields.get("subUsecases", []),
        "vertical": brand.get("vertical"),
        "description": fields["description"],
        **{name: fields.get(name) for name in (*TEXT_FIELDS, *URL_FIELDS)},
        **{name: fields.get(name, False) for name in BOOLEAN_FIELDS},
        "autoRenewal": fields.get("autoRenewal", True),
        "mock": bool(brand.get("mock")),
        "status": "ACTIVE",
        "submissionStatus": "PENDING",
        "campaignStatus": "TCR_PENDING",
        "failureReasons": None,
        "isTMobileRegistered": False,
        "isTMobileSuspended": False,
        "isTMobileNumberPoolingEnabled": False,
        "createDate": context.clock.naive_iso(now),
        "billedDate": context.clock.naive_iso(now),
        "nextRenewalOrExpirationDate": renewal.first_renewal(now),
    }


def submit_campaign(context: Context, request: Request) -> Response:
    """C2: 422 for the body (optoutMessage included), 400 for an unknown or unqualified brand, a brand with
    five campaigns, a second sole proprietor campaign or a reused referenceId, 402 when the balance cannot pay
    what submitting costs."""
    fields = _checked_fields(json_body(request))
    with context.store.transaction():
        brand = context.store.doc("brands", "brand_id", fields["brandId"])
        if brand is None:
            raise bad_request("Brand not found", "/brandId")
        refusal = _refusal(context, brand, fields)
        if refusal is not None:
            raise refusal
        charges = fees.campaign_submission(
            fields["usecase"], number_pool=fields.get("numberPool", False), mock=bool(brand.get("mock"))
        )
        account.require_funds(context, charges, f"Submitting a {fields['usecase']} campaign")
        campaign_id = "4b30" + str(uuid.uuid4())[4:]
        doc = new_campaign_doc(context, brand, fields, campaign_id, lifecycle.new_tcr_campaign_id(context))
        internal = {key: fields[key] for key in ("mnoIds", "tag") if key in fields}
        put_campaign(context, doc, context.clock.now(), internal)
        context.store.execute(
            "UPDATE brands SET campaign_count = campaign_count + 1 WHERE brand_id = ?", (brand["brandId"],)
        )
        account.campaign_charge(context, charges, doc)
        lifecycle.schedule_next(context, lifecycle.CampaignRecord(doc, internal, 0))
        renewal.schedule(context, doc, context.clock.now())
    return json_response(doc)


ROUTES = [
    Rule(
        "/10dlc/campaignBuilder/brand/<brandId>/usecase/<usecase>",
        endpoint=qualify_by_usecase,
        methods=["GET"],
    ),
    Rule("/10dlc/campaignBuilder", endpoint=submit_campaign, methods=["POST"]),
    Rule("/10dlc/campaign/usecase/cost", endpoint=get_usecase_cost, methods=["GET"]),
    Rule("/10dlc/campaign/usecase_cost", endpoint=get_usecase_cost, methods=["GET"]),
]
