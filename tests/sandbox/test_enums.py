"""E1: every enum endpoint answers in a shape of the SDK's ``Messaging10dlcGetEnumResponse`` union."""

import pytest
from pydantic import TypeAdapter
from telnyx.types.messaging_10dlc_get_enum_response import Messaging10dlcGetEnumResponse

from tendlc.sandbox import catalog

ENUM_RESPONSE = TypeAdapter(Messaging10dlcGetEnumResponse)

STRING_LISTS = {
    "altBusinessIdType": ["NONE", "DUNS", "GIIN", "LEI"],
    "brandIdentityStatus": ["VERIFIED", "UNVERIFIED", "SELF_DECLARED", "VETTED_VERIFIED"],
    "brandRelationship": ["BASIC_ACCOUNT", "SMALL_ACCOUNT", "MEDIUM_ACCOUNT", "LARGE_ACCOUNT", "KEY_ACCOUNT"],
    "brandStatus": ["OK", "REGISTRATION_PENDING", "REGISTRATION_FAILED"],
    "campaignStatus": list(catalog.CAMPAIGN_STATUSES),
    "entityType": ["PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT", "SOLE_PROPRIETOR"],
    "operationStatus": ["REVIEW", "APPROVED", "REJECTED", "SUSPENDED"],
    "stockExchange": list(catalog.STOCK_EXCHANGES),
    "vettingStatus": ["PENDING", "ACTIVE", "FAILED", "EXPIRED"],
}
ENDPOINTS = [
    *STRING_LISTS,
    "mno",
    "optionalAttributes",
    "usecase",
    "vertical",
    "extVettingProvider",
    "vettingClass",
    "approvedPublicCompany",
]


def test_there_are_sixteen_endpoints():
    assert len(ENDPOINTS) == 16


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_endpoint_validates_against_the_sdk_union(sandbox_api, endpoint):
    response = sandbox_api.get(f"/10dlc/enum/{endpoint}")

    assert response.status_code == 200
    ENUM_RESPONSE.validate_python(response.json)


@pytest.mark.parametrize(("endpoint", "values"), STRING_LISTS.items())
def test_simple_enums_are_string_lists(sandbox_api, endpoint, values):
    assert sandbox_api.get(f"/10dlc/enum/{endpoint}").json == values


def test_mno_lists_the_carriers(sandbox_api):
    body = sandbox_api.get("/10dlc/enum/mno").json

    assert body[0] == {"networkId": 10017, "displayName": "AT&T", "osrBitmaskIndex": 0}
    assert [carrier["networkId"] for carrier in body] == [10017, 10035, 10037, 10038, 10999]


def test_vertical_maps_each_name_to_its_details(sandbox_api):
    body = sandbox_api.get("/10dlc/enum/vertical").json

    assert list(body) == list(catalog.VERTICALS)
    assert body["PROFESSIONAL"] == {
        "industryId": "professional-services",
        "displayName": "Professional Services",
        "description": "Professional services.",
    }


def test_usecase_maps_each_name_to_its_details(sandbox_api):
    body = sandbox_api.get("/10dlc/enum/usecase").json

    assert list(body) == [usecase.name for usecase in catalog.USECASES]
    assert body["MIXED"] == {
        "displayName": "Mixed",
        "description": "Two to five standard use cases on one campaign.",
        "minSubUsecases": 2,
        "maxSubUsecases": 5,
        "entityTypes": None,
        "vettingRequired": False,
    }
    assert body["CHARITY"]["entityTypes"] == ["NON_PROFIT"]


@pytest.mark.parametrize(
    ("endpoint", "expected"),
    [
        ("extVettingProvider", catalog.VETTING_PROVIDERS),
        ("vettingClass", catalog.VETTING_CLASSES),
        ("optionalAttributes", catalog.OPTIONAL_ATTRIBUTES),
    ],
)
def test_code_to_text_maps(sandbox_api, endpoint, expected):
    body = sandbox_api.get(f"/10dlc/enum/{endpoint}").json

    assert body == expected
    assert all(isinstance(value, str) for value in body.values())


def test_approved_public_companies_are_paginated(sandbox_api):
    first = sandbox_api.get("/10dlc/enum/approvedPublicCompany").json
    paged = sandbox_api.get(
        "/10dlc/enum/approvedPublicCompany", query_string={"page": 3, "recordsPerPage": 2}
    ).json
    past = sandbox_api.get("/10dlc/enum/approvedPublicCompany", query_string={"page": 9}).json

    assert first == {"records": list(catalog.APPROVED_PUBLIC_COMPANIES), "page": 1, "totalRecords": 5}
    assert paged == {"records": [catalog.APPROVED_PUBLIC_COMPANIES[4]], "page": 3, "totalRecords": 5}
    assert past == {"records": [], "page": 9, "totalRecords": 5}


def test_unknown_endpoint_is_404_envelope(sandbox_api):
    response = sandbox_api.get("/10dlc/enum/colour")

    assert response.status_code == 404
    assert response.json["errors"][0]["code"] == "10005"
    assert response.json["errors"][0]["title"] == "Resource not found"
    assert response.json["errors"][0]["detail"] == "Unknown enum endpoint 'colour'."
