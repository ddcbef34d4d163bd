"""``GET /10dlc/enum/{endpoint}`` (E1): the catalog's tables in the five shapes of reference §2.8.

Simple enums are string lists; ``mno`` a list of carrier objects; ``vertical`` and ``usecase`` maps of name
to details; ``extVettingProvider``, ``vettingClass`` and ``optionalAttributes`` maps of code to text;
``approvedPublicCompany`` the paginated ``{page, totalRecords, records}``.
"""

from collections.abc import Callable
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import catalog
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import json_response, not_found
from tendlc.sandbox.pagination import page_body, page_params

APPROVED_COMPANIES_PER_PAGE = 100

STRING_LISTS: dict[str, tuple[str, ...]] = {
    "altBusinessIdType": catalog.ALT_BUSINESS_ID_TYPES,
    "brandIdentityStatus": catalog.IDENTITY_STATUSES,
    "brandRelationship": catalog.BRAND_RELATIONSHIPS,
    "brandStatus": catalog.BRAND_STATUSES,
    "campaignStatus": catalog.CAMPAIGN_STATUSES,
    "entityType": catalog.ENTITY_TYPES,
    "operationStatus": catalog.OPERATION_STATUSES,
    "stockExchange": catalog.STOCK_EXCHANGES,
    "vettingStatus": catalog.VETTING_STATUSES,
}
TEXT_MAPS: dict[str, dict[str, str]] = {
    "extVettingProvider": catalog.VETTING_PROVIDERS,
    "optionalAttributes": catalog.OPTIONAL_ATTRIBUTES,
    "vettingClass": catalog.VETTING_CLASSES,
}


def mno() -> list[dict[str, Any]]:
    return [
        {
            "networkId": carrier.network_id,
            "displayName": carrier.name,
            "osrBitmaskIndex": carrier.osr_bitmask_index,
        }
        for carrier in catalog.CARRIERS
    ]


def verticals() -> dict[str, dict[str, Any]]:
    return {
        name: {"industryId": industry_id, "displayName": display_name, "description": description}
        for name, (industry_id, display_name, description) in catalog.VERTICAL_DETAILS.items()
    }


def usecases() -> dict[str, dict[str, Any]]:
    return {
        usecase.name: {
            "displayName": usecase.display_name,
            "description": usecase.description,
            "minSubUsecases": usecase.min_sub_usecases,
            "maxSubUsecases": usecase.max_sub_usecases,
            "entityTypes": list(usecase.entity_types) if usecase.entity_types else None,
            "vettingRequired": usecase.requires_vetting,
        }
        for usecase in catalog.USECASES
    }


DETAIL_MAPS: dict[str, Callable[[], Any]] = {"mno": mno, "vertical": verticals, "usecase": usecases}


def get_enum(context: Context, request: Request, endpoint: str) -> Response:
    if endpoint in STRING_LISTS:
        return json_response(list(STRING_LISTS[endpoint]))
    if endpoint in TEXT_MAPS:
        return json_response(TEXT_MAPS[endpoint])
    if endpoint in DETAIL_MAPS:
        return json_response(DETAIL_MAPS[endpoint]())
    if endpoint == "approvedPublicCompany":
        page, per_page = page_params(request.args, default_per_page=APPROVED_COMPANIES_PER_PAGE)
        companies = catalog.APPROVED_PUBLIC_COMPANIES
        records = list(companies[(page - 1) * per_page : page * per_page])
        return json_response(page_body(records, page, len(companies)))
    raise not_found(f"Unknown enum endpoint '{endpoint}'.")


ROUTES = [Rule("/10dlc/enum/<endpoint>", endpoint=get_enum, methods=["GET"])]
