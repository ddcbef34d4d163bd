"""Brands: B1 to B6, B8, B10, the registration and identity rules, brand webhooks and the brand control route."""

import re

import pytest
from telnyx.types.messaging_10dlc.brand_get_feedback_response import BrandGetFeedbackResponse
from telnyx.types.messaging_10dlc.brand_list_response import BrandListResponse
from telnyx.types.messaging_10dlc.brand_retrieve_response import BrandRetrieveResponse
from telnyx.types.messaging_10dlc.telnyx_brand import TelnyxBrand

from tendlc.sandbox import catalog
from tendlc.sandbox.brands import records
from tendlc.sandbox.brands.identity import brand_is_verified
from tendlc.sandbox.brands.lifecycle import APPEAL_SECONDS
from tests.fixtures.sandbox import START, pointers
from tests.sandbox.brand_payloads import (
    REGISTRATION_SECONDS,
    brand_body,
    brand_events,
    create_brand,
    registered_brand,
)
from tests.sandbox.factories import insert_brand, insert_campaign

NOW = "2026-09-21T14:13:20"  # START as a naive ISO timestamp


def advance(control, seconds: float) -> None:
    assert control.post("/clock/advance", {"seconds": seconds}).status_code == 200


def brand_of(api, brand_id: str) -> dict:
    return api.get(f"/10dlc/brand/{brand_id}").json


# --- B2 create ---------------------------------------------------------------------------------------------


def test_create_returns_the_full_brand_pending_registration(sandbox_api):
    response = sandbox_api.post(
        "/10dlc/brand", brand_body(ein="11-1111111", webhookURL="https://hooks.example/brand")
    )

    assert response.status_code == 200
    body = response.json
    TelnyxBrand.model_validate(body)
    assert re.fullmatch(r"4b20[0-9a-f]{4}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}", body["brandId"])
    assert re.fullmatch(r"B[A-Z0-9]{6}", body["tcrBrandId"])
    assert body["referenceId"] == body["brandId"]
    assert body["cspId"] == "SANDBOX"
    assert body["brandRelationship"] == "BASIC_ACCOUNT"
    assert body["universalEin"] == "US_111111111"
    assert body["status"] == "REGISTRATION_PENDING"
    assert body["identityStatus"] == "UNVERIFIED"
    assert body["createdAt"] == body["updatedAt"] == NOW
    assert body["isReseller"] is False
    assert body["mock"] is False
    assert body["webhookURL"] == "https://hooks.example/brand"
    assert body["failureReasons"] is None
    assert set(body) == set(records.BRAND_KEYS)


def test_create_accepts_every_documented_field(sandbox_api):
    body = brand_body(
        "PUBLIC_PROFIT",
        ein="12-3456789",
        firstName="John",
        lastName="Smith",
        mobilePhone="+12024567890",
        ipAddress="203.0.113.9",
        isReseller=True,
        mock=True,
        postalCode="10001-1234",
        webhookURL="https://webhook.com/67ea78a8",
        webhookFailoverURL="https://webhook.com/9010a453",
    )

    response = sandbox_api.post("/10dlc/brand", body)

    assert response.status_code == 200
    brand = TelnyxBrand.model_validate(response.json)
    assert (brand.is_reseller, brand.mock, brand.universal_ein) == (True, True, "US_123456789")
    assert {key: response.json[key] for key in body} == body


def test_create_ids_are_unique(sandbox_api):
    first, second = create_brand(sandbox_api), create_brand(sandbox_api)

    assert first["brandId"] != second["brandId"]
    assert first["tcrBrandId"] != second["tcrBrandId"]


def test_create_without_a_body_names_each_required_field(sandbox_api):
    response = sandbox_api.post("/10dlc/brand", {})

    assert response.status_code == 422
    assert pointers(response) == ["/entityType", "/displayName", "/country", "/email", "/vertical"]
    assert {item["title"] for item in response.json["errors"]} == {"Missing required field"}
    assert {item["code"] for item in response.json["errors"]} == {"10016"}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("entityType", "SOLE_PROP"),
        ("displayName", "x" * 101),
        ("displayName", 12),
        ("country", "USA"),
        ("country", "us"),
        ("country", "XX"),
        ("email", "email"),
        ("email", "a@b.c" + "x" * 100),
        ("vertical", "SPORTS"),
        ("companyName", "x" * 101),
        ("phone", "12024567890"),
        ("phone", "+1202456789012345678"),
        ("street", "x" * 101),
        ("city", "x" * 101),
        ("ein", "1" * 21),
        ("stockSymbol", "x" * 11),
        ("stockExchange", "NYSEX"),
        ("ipAddress", "x" * 51),
        ("website", "www.abcmobile.example"),
        ("website", "https://" + "x" * 100 + ".example"),
        ("isReseller", "yes"),
        ("mock", "true"),
        ("businessContactEmail", "not-an-email"),
        ("webhookURL", "ftp://hooks.example"),
        ("webhookFailoverURL", "hooks.example"),
    ],
)
def test_create_rejects_an_invalid_field(sandbox_api, field, value):
    response = sandbox_api.post("/10dlc/brand", brand_body(**{field: value}))

    assert response.status_code == 422
    assert pointers(response) == [f"/{field}"]


@pytest.mark.parametrize(
    ("entity_type", "removed", "expected"),
    [
        ("PRIVATE_PROFIT", ("companyName", "ein"), ["/companyName"]),
        ("NON_PROFIT", ("companyName", "ein"), ["/companyName", "/ein"]),
        (
            "PUBLIC_PROFIT",
            ("stockSymbol", "stockExchange", "businessContactEmail"),
            ["/stockSymbol", "/stockExchange", "/businessContactEmail"],
        ),
        (
            "SOLE_PROPRIETOR",
            ("firstName", "lastName", "mobilePhone"),
            ["/firstName", "/lastName", "/mobilePhone"],
        ),
    ],
)
def test_create_requires_the_fields_of_the_entity_type(sandbox_api, entity_type, removed, expected):
    body = brand_body(entity_type)
    for name in removed:
        del body[name]

    response = sandbox_api.post("/10dlc/brand", body)

    assert response.status_code == 422
    assert pointers(response) == expected
    assert response.json["errors"][0]["detail"] == f"{removed[0]} is required for {entity_type} brands."


@pytest.mark.parametrize("entity_type", ["PRIVATE_PROFIT", "PUBLIC_PROFIT", "GOVERNMENT"])
def test_a_company_without_an_ein_registers_unverified_for_its_tax_id(
    sandbox_api, sandbox_control, entity_type
):
    # The reference requires an EIN of non-profits only; the registry cannot verify the others without one.
    body = brand_body(entity_type)
    del body["ein"]
    brand_id = sandbox_api.post("/10dlc/brand", body).json["brandId"]

    sandbox_control.post("/clock/advance", {"seconds": 10})

    brand = sandbox_api.get(f"/10dlc/brand/{brand_id}").json
    assert (brand["status"], brand["identityStatus"]) == ("OK", "UNVERIFIED")
    categories = [c["id"] for c in sandbox_api.get(f"/10dlc/brand/feedback/{brand_id}").json["category"]]
    assert "TAX_ID" in categories


def test_a_blank_required_by_entity_field_counts_as_missing(sandbox_api):
    response = sandbox_api.post("/10dlc/brand", brand_body("NON_PROFIT", companyName="  ", ein=None))

    assert response.status_code == 422
    assert pointers(response) == ["/companyName", "/ein"]


def test_a_sole_proprietor_has_no_ein(sandbox_api):
    response = sandbox_api.post("/10dlc/brand", brand_body("SOLE_PROPRIETOR", ein="111111111"))

    assert response.status_code == 422
    assert pointers(response) == ["/ein"]


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("ein", "123456789", True),
        ("ein", "12-3456789", True),
        ("ein", "12345678", False),
        ("ein", "123-456789", False),
        ("state", "NY", True),
        ("state", "DC", True),
        ("state", "New York", False),
        ("state", "ny", False),
        ("postalCode", "10001", True),
        ("postalCode", "10001-1234", True),
        ("postalCode", "1000", False),
        ("postalCode", "10001 1234", False),
    ],
)
def test_us_address_and_ein_formats(sandbox_api, field, value, accepted):
    response = sandbox_api.post("/10dlc/brand", brand_body(**{field: value}))

    assert response.status_code == (200 if accepted else 422)
    if not accepted:
        assert pointers(response) == [f"/{field}"]


def test_us_formats_do_not_apply_to_other_countries(sandbox_api):
    body = brand_body(country="CA", state="Ontario", postalCode="K1A 0B1", ein="BN-12345 RT")

    response = sandbox_api.post("/10dlc/brand", body)

    assert response.status_code == 200
    assert response.json["universalEin"] == "CA_BN12345RT"


def test_every_error_of_a_create_comes_in_one_answer(sandbox_api):
    body = brand_body(phone="555", ein="12")
    del body["email"]
    del body["companyName"]

    response = sandbox_api.post("/10dlc/brand", body)

    assert response.status_code == 422
    assert pointers(response) == ["/email", "/phone", "/companyName", "/ein"]


# --- one brand per EIN -------------------------------------------------------------------------------------


def test_a_second_brand_with_the_same_ein_is_refused(sandbox_api):
    create_brand(sandbox_api, ein="12-3456789")

    response = sandbox_api.post("/10dlc/brand", brand_body(ein="123456789", displayName="Other"))

    assert response.status_code == 400
    [error] = response.json["errors"]
    assert (error["code"], error["detail"], error["source"]["pointer"]) == (
        "10015",
        "A brand with this EIN already exists.",
        "/ein",
    )
    assert sandbox_api.get("/10dlc/brand").json["totalRecords"] == 1


def test_mock_brands_neither_hold_nor_are_refused_an_ein(sandbox_api):
    create_brand(sandbox_api, ein="123456789", mock=True)
    create_brand(sandbox_api, ein="123456789")

    assert sandbox_api.post("/10dlc/brand", brand_body(ein="123456789", mock=True)).status_code == 200


def test_a_failed_or_deleted_brand_holds_no_ein(sandbox_api, sandbox_control):
    failed = registered_brand(sandbox_api, sandbox_control, ein="123456789", displayName="FAILREG")
    deleted = registered_brand(sandbox_api, sandbox_control, ein="987654321")
    sandbox_api.delete(f"/10dlc/brand/{deleted['brandId']}")

    assert failed["status"] == "REGISTRATION_FAILED"
    assert sandbox_api.post("/10dlc/brand", brand_body(ein="123456789")).status_code == 200
    assert sandbox_api.post("/10dlc/brand", brand_body(ein="987654321")).status_code == 200
    # The failed brand, corrected and resubmitted, meets the EIN now held.
    response = sandbox_api.put(f"/10dlc/brand/{failed['brandId']}", brand_body(ein="123456789"))
    assert response.json["errors"][0]["detail"] == "A brand with this EIN already exists."


def test_an_update_to_an_ein_another_brand_holds_is_refused(sandbox_api):
    create_brand(sandbox_api, ein="123456789")
    brand = create_brand(sandbox_api, ein="987654321")
    path = f"/10dlc/brand/{brand['brandId']}"

    refused = sandbox_api.put(path, brand_body(ein="12-3456789"))
    kept = sandbox_api.put(path, brand_body(ein="98-7654321", displayName="Renamed"))

    assert refused.status_code == 400
    assert kept.status_code == 200
    assert sandbox_api.get(path).json["ein"] == "98-7654321"


# --- B3 get ------------------------------------------------------------------------------------------------


def test_get_returns_the_brand_with_its_campaign_count(sandbox_api, sandbox):
    created = create_brand(sandbox_api)
    insert_campaign(sandbox, created)
    insert_campaign(sandbox, created)

    response = sandbox_api.get(f"/10dlc/brand/{created['brandId']}")

    assert response.status_code == 200
    BrandRetrieveResponse.model_validate(response.json)
    assert response.json == {**created, "assignedCampaignsCount": 2}


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/10dlc/brand/4b20ffff-0000-0000-0000-000000000000"),
        ("DELETE", "/10dlc/brand/4b20ffff-0000-0000-0000-000000000000"),
        ("GET", "/10dlc/brand/feedback/4b20ffff-0000-0000-0000-000000000000"),
        ("GET", "/10dlc/brand_feedback/4b20ffff-0000-0000-0000-000000000000"),
        ("POST", "/10dlc/brand/4b20ffff-0000-0000-0000-000000000000/2faEmail"),
        ("PUT", "/10dlc/brand/4b20ffff-0000-0000-0000-000000000000/revet"),
    ],
)
def test_unknown_brand_is_404(sandbox_api, method, path):
    response = sandbox_api.request(method, path)

    assert response.status_code == 404
    assert response.json["errors"][0]["code"] == "10005"
    assert response.json["errors"][0]["detail"] == "Brand not found"


# --- B1 list -----------------------------------------------------------------------------------------------


@pytest.fixture
def twelve_brands(sandbox):
    return [insert_brand(sandbox, displayName=f"Brand {n:02d}") for n in range(12)]


def test_list_pages_through_every_brand_newest_first(sandbox_api, twelve_brands):
    pages = [sandbox_api.get("/10dlc/brand", query_string={"page": page}).json for page in (1, 2, 3)]

    assert [page["page"] for page in pages] == [1, 2, 3]
    assert [page["totalRecords"] for page in pages] == [12, 12, 12]
    assert [len(page["records"]) for page in pages] == [10, 2, 0]
    listed = [record["brandId"] for page in pages for record in page["records"]]
    assert listed == [brand["brandId"] for brand in reversed(twelve_brands)]


def test_list_records_are_brand_basics_with_the_misspelt_count(sandbox_api, sandbox):
    brand = insert_brand(sandbox, failureReasons=None)
    insert_campaign(sandbox, brand)

    record = sandbox_api.get("/10dlc/brand").json["records"][0]

    BrandListResponse.model_validate(record)
    assert record == {
        "brandId": brand["brandId"],
        "tcrBrandId": brand["tcrBrandId"],
        "entityType": "PRIVATE_PROFIT",
        "displayName": brand["displayName"],
        "companyName": brand["companyName"],
        "email": brand["email"],
        "website": brand["website"],
        "identityStatus": "VERIFIED",
        "status": "OK",
        "failureReasons": None,
        "createdAt": brand["createdAt"],
        "updatedAt": brand["updatedAt"],
        "assignedCampaingsCount": 1,
    }


def test_list_records_per_page(sandbox_api, twelve_brands):
    body = sandbox_api.get("/10dlc/brand", query_string={"recordsPerPage": 5, "page": 3}).json

    assert (len(body["records"]), body["totalRecords"]) == (2, 12)


@pytest.mark.parametrize(
    ("parameter", "value"),
    [("recordsPerPage", "501"), ("recordsPerPage", "0"), ("page", "0"), ("page", "x"), ("sort", "name")],
)
def test_list_rejects_bad_parameters(sandbox_api, parameter, value):
    response = sandbox_api.get("/10dlc/brand", query_string={parameter: value})

    assert response.status_code == 422
    assert response.json["errors"][0]["source"] == {"parameter": parameter}


def test_list_filters(sandbox_api, sandbox):
    acme = insert_brand(
        sandbox, displayName="Acme Widgets", entityType="NON_PROFIT", state="CA", country="US"
    )
    insert_brand(sandbox, displayName="Bolt 100%", entityType="PRIVATE_PROFIT", state="NY", country="US")
    insert_brand(sandbox, displayName="Maple Goods", entityType="PRIVATE_PROFIT", state="ON", country="CA")

    def names(**query):
        return sorted(
            record["displayName"]
            for record in sandbox_api.get("/10dlc/brand", query_string=query).json["records"]
        )

    assert names(displayName="acme w") == ["Acme Widgets"]
    assert names(displayName="ACME") == ["Acme Widgets"]
    assert names(displayName="Widgets") == []
    assert names(displayName="Bolt 100%") == ["Bolt 100%"]
    assert names(displayName="%") == []
    assert names(entityType="PRIVATE_PROFIT") == ["Bolt 100%", "Maple Goods"]
    assert names(entityType="entityType") == []
    assert names(state="CA") == ["Acme Widgets"]
    assert names(country="CA") == ["Maple Goods"]
    assert names(brandId=acme["brandId"]) == ["Acme Widgets"]
    assert names(tcrBrandId=acme["tcrBrandId"]) == ["Acme Widgets"]
    assert names(tcrBrandId=acme["tcrBrandId"].lower()) == []
    assert names(country="US", state="NY") == ["Bolt 100%"]
    assert sandbox_api.get("/10dlc/brand", query_string={"state": "CA"}).json["totalRecords"] == 1


@pytest.mark.parametrize(
    ("sort", "key"),
    [
        ("displayName", lambda brand, n: brand["displayName"]),
        ("brandId", lambda brand, n: brand["brandId"]),
        ("tcrBrandId", lambda brand, n: brand["tcrBrandId"]),
        ("identityStatus", lambda brand, n: brand["identityStatus"]),
        ("status", lambda brand, n: brand["status"]),
        ("assignedCampaignsCount", lambda brand, n: n),
        ("createdAt", lambda brand, n: n),
    ],
)
@pytest.mark.parametrize("descending", [False, True])
def test_list_sorts(sandbox_api, sandbox, sort, key, descending):
    """Ties (two OK brands) are broken by brandId, in the same direction."""
    statuses = [("VERIFIED", "OK"), ("UNVERIFIED", "REGISTRATION_FAILED"), ("VETTED_VERIFIED", "OK")]
    inserted = []
    for n, name in enumerate(["Charlie", "Alpha", "Bravo"]):
        identity, status = statuses[n]
        brand = insert_brand(
            sandbox, displayName=name, identityStatus=identity, status=status, tcrBrandId=f"B{'ZAM'[n]}00000"
        )
        for _ in range(n):
            insert_campaign(sandbox, brand)
        inserted.append((key(brand, n), brand["brandId"]))

    records = sandbox_api.get("/10dlc/brand", query_string={"sort": f"-{sort}" if descending else sort}).json[
        "records"
    ]

    assert [record["brandId"] for record in records] == [
        brand_id for _, brand_id in sorted(inserted, reverse=descending)
    ]


# --- B4 update ---------------------------------------------------------------------------------------------


def test_update_changes_the_fields_sent_and_keeps_the_others(sandbox_api, sandbox_control):
    created = create_brand(sandbox_api)
    advance(sandbox_control, 60)
    body = brand_body(
        displayName="ABC Mobile Two",
        city=None,
        altBusinessId="123456789",
        altBusinessIdType="DUNS",
        webhookURL="https://hooks.example/new",
    )
    del body["street"]

    response = sandbox_api.put(f"/10dlc/brand/{created['brandId']}", body)

    assert response.status_code == 200
    TelnyxBrand.model_validate(response.json)
    updated = response.json
    assert updated["displayName"] == "ABC Mobile Two"
    assert updated["city"] is None
    assert updated["street"] == "123 Main St"
    assert (updated["altBusinessId"], updated["altBusinessIdType"]) == ("123456789", "DUNS")
    assert updated["webhookURL"] == "https://hooks.example/new"
    assert updated["createdAt"] == NOW
    assert updated["updatedAt"] == "2026-09-21T14:14:20"
    assert brand_of(sandbox_api, created["brandId"]) == {**updated, "assignedCampaignsCount": 0}


def test_update_checks_but_does_not_apply_identity_status(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")

    response = sandbox_api.put(
        f"/10dlc/brand/{brand['brandId']}", brand_body(ein="000000000", identityStatus="VERIFIED")
    )

    assert response.status_code == 200
    assert response.json["identityStatus"] == "UNVERIFIED"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("mock", True),
        ("mobilePhone", "+12024567899"),
        ("altBusinessId", "x" * 51),
        ("altBusinessIdType", "EIN"),
        ("identityStatus", "TRUSTED"),
        ("email", "email"),
        ("vertical", None),
        ("postalCode", "ABCDE"),
    ],
)
def test_update_rejects(sandbox_api, field, value):
    brand = create_brand(sandbox_api)

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", brand_body(**{field: value}))

    assert response.status_code == 422
    assert pointers(response) == [f"/{field}"]


def test_update_requires_the_five_fields(sandbox_api):
    brand = create_brand(sandbox_api)

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", {"displayName": "New"})

    assert response.status_code == 422
    assert pointers(response) == ["/entityType", "/country", "/email", "/vertical"]


def test_update_to_public_profit_needs_a_business_contact_email(sandbox_api):
    brand = create_brand(sandbox_api)
    body = brand_body("PUBLIC_PROFIT")
    del body["businessContactEmail"]

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", body)

    assert response.status_code == 422
    assert pointers(response) == ["/businessContactEmail"]
    assert response.json["errors"][0]["detail"] == (
        "businessContactEmail is required when entityType changes to PUBLIC_PROFIT."
    )


def test_update_applies_the_entity_rules_to_the_result(sandbox_api):
    brand = create_brand(sandbox_api)

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", brand_body(companyName=None))

    assert response.status_code == 422
    assert pointers(response) == ["/companyName"]


@pytest.mark.parametrize(
    ("old", "new"), [("PRIVATE_PROFIT", "SOLE_PROPRIETOR"), ("SOLE_PROPRIETOR", "NON_PROFIT")]
)
def test_update_cannot_change_to_or_from_sole_proprietor(sandbox_api, old, new):
    brand = create_brand(sandbox_api, old)
    body = brand_body(new)
    body.pop("mobilePhone", None)

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", body)

    assert response.status_code == 422
    assert "/entityType" in pointers(response)


def test_update_of_an_unknown_brand_is_404_once_the_body_is_valid(sandbox_api):
    path = "/10dlc/brand/4b20ffff-0000-0000-0000-000000000000"

    assert sandbox_api.put(path, brand_body()).status_code == 404
    assert sandbox_api.put(path, {}).status_code == 422


def test_updating_a_failed_brand_registers_it_again(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, displayName="Acme FAILREG")
    assert brand["status"] == "REGISTRATION_FAILED"

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", brand_body(displayName="Acme"))

    assert response.json["status"] == "REGISTRATION_PENDING"
    assert response.json["failureReasons"] is None
    advance(sandbox_control, 3)
    assert brand_of(sandbox_api, brand["brandId"])["status"] == "OK"
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"


# --- B5 delete ---------------------------------------------------------------------------------------------


def test_delete_removes_the_brand(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")
    assert sandbox_control.post(f"/brands/{brand['brandId']}/appeal", {}).status_code == 202

    response = sandbox_api.delete(f"/10dlc/brand/{brand['brandId']}")

    assert response.status_code == 204
    assert response.data == b""
    assert sandbox_api.get(f"/10dlc/brand/{brand['brandId']}").status_code == 404
    advance(sandbox_control, 3600)  # the pending appeal step finds nothing to do
    assert [event["eventType"] for event in brand_events(sandbox_control)] == [
        "BRAND_ADD",
        "BRAND_APPEAL_ADD",
    ]


def test_a_brand_pending_registration_cannot_be_deleted(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api)

    response = sandbox_api.delete(f"/10dlc/brand/{brand['brandId']}")

    assert response.status_code == 400
    assert (response.json["errors"][0]["code"], response.json["errors"][0]["title"]) == (
        "10015",
        "Brand cannot be deleted",
    )
    advance(sandbox_control, REGISTRATION_SECONDS)
    assert sandbox_api.delete(f"/10dlc/brand/{brand['brandId']}").status_code == 204


def test_a_failed_registration_can_be_deleted(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, displayName="FAILREG")

    assert sandbox_api.delete(f"/10dlc/brand/{brand['brandId']}").status_code == 204


def test_delete_is_refused_while_a_campaign_is_active(sandbox_api, sandbox_control, sandbox):
    brand = registered_brand(sandbox_api, sandbox_control)
    insert_campaign(sandbox, brand, status="ACTIVE")

    response = sandbox_api.delete(f"/10dlc/brand/{brand['brandId']}")

    assert response.status_code == 400
    assert response.json["errors"][0]["title"] == "Brand cannot be deleted"
    assert response.json["errors"][0]["code"] == "10015"
    assert sandbox_api.get(f"/10dlc/brand/{brand['brandId']}").status_code == 200


def test_delete_is_allowed_with_only_inactive_campaigns(sandbox_api, sandbox_control, sandbox):
    brand = registered_brand(sandbox_api, sandbox_control)
    insert_campaign(sandbox, brand, status="EXPIRED")

    assert sandbox_api.delete(f"/10dlc/brand/{brand['brandId']}").status_code == 204


# --- registration and identity rules -----------------------------------------------------------------------


TAX_ID = ("TAX_ID", ["ein", "companyName", "entityType"])
STOCK_SYMBOL = ("STOCK_SYMBOL", ["stockSymbol", "stockExchange"])
NONPROFIT = ("NONPROFIT", ["entityType", "companyName", "ein"])
GOVERNMENT_ENTITY = ("GOVERNMENT_ENTITY", ["entityType", "companyName"])
OTHERS_DISPLAY_NAME = ("OTHERS", ["displayName"])


@pytest.mark.parametrize(
    ("entity_type", "overrides", "status", "identity", "categories"),
    [
        ("PRIVATE_PROFIT", {}, "OK", "VERIFIED", []),
        ("NON_PROFIT", {}, "OK", "VERIFIED", []),
        ("GOVERNMENT", {}, "OK", "VERIFIED", []),
        ("PRIVATE_PROFIT", {"mock": True}, "OK", "VERIFIED", []),
        ("PRIVATE_PROFIT", {"ein": "000000000"}, "OK", "UNVERIFIED", [TAX_ID]),
        ("NON_PROFIT", {"ein": "00-0000000"}, "OK", "UNVERIFIED", [TAX_ID]),
        ("GOVERNMENT", {"companyName": "City Unverified"}, "OK", "UNVERIFIED", [TAX_ID]),
        ("PUBLIC_PROFIT", {"stockSymbol": "ABC"}, "OK", "UNVERIFIED", [STOCK_SYMBOL]),
        ("PUBLIC_PROFIT", {"stockExchange": "NYSE"}, "OK", "UNVERIFIED", [STOCK_SYMBOL]),
        (
            "PUBLIC_PROFIT",
            {"ein": "000000000", "stockSymbol": "X"},
            "OK",
            "UNVERIFIED",
            [TAX_ID, STOCK_SYMBOL],
        ),
        ("NON_PROFIT", {"displayName": "Notexempt Friends"}, "OK", "UNVERIFIED", [NONPROFIT]),
        ("GOVERNMENT", {"companyName": "NOTGOV Agency"}, "OK", "UNVERIFIED", [GOVERNMENT_ENTITY]),
        ("SOLE_PROPRIETOR", {}, "OK", "UNVERIFIED", []),
        ("SOLE_PROPRIETOR", {"displayName": "UNVERIFIED Joe"}, "OK", "UNVERIFIED", [OTHERS_DISPLAY_NAME]),
        ("PRIVATE_PROFIT", {"stockSymbol": "XYZ"}, "OK", "VERIFIED", []),
        (
            "PRIVATE_PROFIT",
            {"displayName": "Acme failreg"},
            "REGISTRATION_FAILED",
            "UNVERIFIED",
            [OTHERS_DISPLAY_NAME],
        ),
    ],
)
def test_registration_rules(
    sandbox_api, sandbox_control, entity_type, overrides, status, identity, categories
):
    brand = create_brand(sandbox_api, entity_type, **overrides)

    advance(sandbox_control, 2.9)
    assert brand_of(sandbox_api, brand["brandId"])["status"] == "REGISTRATION_PENDING"
    advance(sandbox_control, 0.1)

    registered = brand_of(sandbox_api, brand["brandId"])
    assert (registered["status"], registered["identityStatus"]) == (status, identity)
    feedback = sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json
    assert [(category["id"], category["fields"]) for category in feedback["category"]] == categories


def test_successful_registration_announces_the_brand(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api)

    advance(sandbox_control, 3)

    assert brand_events(sandbox_control) == [
        {
            "brandId": brand["brandId"],
            "brandName": "ABC Mobile",
            "description": f"Brand {brand['tcrBrandId']} is added",
            "eventType": "BRAND_ADD",
            "status": "success",
            "tcrBrandId": brand["tcrBrandId"],
            "type": "TCR_BRAND_UPDATE",
        }
    ]


def test_failed_registration_sends_its_reasons(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api, companyName="FailReg Inc.", displayName="FAILREG")

    advance(sandbox_control, 3)

    reason = {
        "fields": ["displayName", "companyName"],
        "description": catalog.FEEDBACK_CATEGORIES["OTHERS"][1],
    }
    assert brand_events(sandbox_control) == [
        {"brandId": brand["brandId"], "status": "failed", "type": "REGISTRATION", "reasons": [reason]}
    ]
    assert brand_of(sandbox_api, brand["brandId"])["failureReasons"] == reason["description"]


def test_brand_webhooks_are_delivered_to_the_brand_urls(sandbox_api, sandbox_control, webhook_receiver):
    webhook_receiver.status = 500
    brand = create_brand(
        sandbox_api, webhookURL=webhook_receiver.url, webhookFailoverURL=webhook_receiver.url + "/failover"
    )

    advance(sandbox_control, 3)
    advance(sandbox_control, 30)

    assert [received.path for received in webhook_receiver.received] == ["/hooks", "/hooks/failover"]
    envelope = webhook_receiver.received[0].json
    assert envelope["data"]["event_type"] == "10dlc.brand.update"
    assert envelope["data"]["payload"]["brandId"] == brand["brandId"]
    assert envelope["meta"] == {"attempt": 1, "delivered_to": webhook_receiver.url}


# --- PUBLIC_PROFIT 2FA e-mail (B8) -------------------------------------------------------------------------


def test_public_company_is_verified_once_its_2fa_email_is_completed(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api, "PUBLIC_PROFIT")

    advance(sandbox_control, 3)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "UNVERIFIED"
    assert sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json["category"] == []
    advance(sandbox_control, 2)

    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"
    # Telnyx documents no event for the 2FA e-mail: BRAND_ADD is the brand's only one.
    assert [(event["type"], event.get("eventType")) for event in brand_events(sandbox_control)] == [
        ("TCR_BRAND_UPDATE", "BRAND_ADD")
    ]


def test_a_no2fa_contact_never_completes_the_2fa_email(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api, "PUBLIC_PROFIT", businessContactEmail="ir+NO2FA@abcmobile.example")
    advance(sandbox_control, 3600)

    assert sandbox_api.post(f"/10dlc/brand/{brand['brandId']}/2faEmail").status_code == 200
    advance(sandbox_control, 3600)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "UNVERIFIED"

    sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", brand_body("PUBLIC_PROFIT"))
    advance(sandbox_control, 5)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"


def test_resending_the_2fa_email_restarts_its_delay(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api, "PUBLIC_PROFIT")
    advance(sandbox_control, 3)

    response = sandbox_api.post(f"/10dlc/brand/{brand['brandId']}/2faEmail")

    assert response.status_code == 200
    assert response.data == b""
    advance(sandbox_control, 4.9)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "UNVERIFIED"
    advance(sandbox_control, 0.1)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"


def test_resending_a_completed_2fa_email_changes_nothing(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, "PUBLIC_PROFIT")

    assert sandbox_api.post(f"/10dlc/brand/{brand['brandId']}/2faEmail").status_code == 200
    advance(sandbox_control, 10)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"


def test_2fa_email_is_only_for_public_companies(sandbox_api):
    brand = create_brand(sandbox_api)

    response = sandbox_api.post(f"/10dlc/brand/{brand['brandId']}/2faEmail")

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "The 2FA e-mail is only sent for PUBLIC_PROFIT brands."


def test_becoming_a_public_company_sends_a_2fa_email(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control)

    sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", brand_body("PUBLIC_PROFIT"))
    assert sandbox_api.post(f"/10dlc/brand/{brand['brandId']}/2faEmail").status_code == 200


# --- B6 feedback -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/10dlc/brand/feedback/{id}", "/10dlc/brand_feedback/{id}"])
def test_feedback_explains_each_failure(sandbox_api, sandbox_control, path):
    brand = registered_brand(
        sandbox_api, sandbox_control, "PUBLIC_PROFIT", ein="000000000", stockSymbol="ZZZ"
    )

    response = sandbox_api.get(path.format(id=brand["brandId"]))

    assert response.status_code == 200
    BrandGetFeedbackResponse.model_validate(response.json)
    assert response.json == {
        "brandId": brand["brandId"],
        "category": [
            {
                "id": "TAX_ID",
                "displayName": "Tax Id",
                "description": "Tax Id does not match with the company name or business type.",
                "fields": ["ein", "companyName", "entityType"],
            },
            {
                "id": "STOCK_SYMBOL",
                "displayName": "Stock Symbol",
                "description": "Stock symbol could not be found on the given exchange.",
                "fields": ["stockSymbol", "stockExchange"],
            },
        ],
    }


def test_feedback_of_a_pending_brand_is_empty(sandbox_api):
    brand = create_brand(sandbox_api, ein="000000000")

    assert sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json == {
        "brandId": brand["brandId"],
        "category": [],
    }


def test_feedback_of_a_seeded_brand_follows_its_data(sandbox_api, sandbox):
    brand = insert_brand(sandbox, identityStatus="UNVERIFIED", ein="000000000")

    categories = sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json["category"]

    assert [category["id"] for category in categories] == ["TAX_ID"]


# --- B10 revet ---------------------------------------------------------------------------------------------


def test_revet_of_a_fixed_brand_verifies_it(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")
    sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", brand_body(ein="123456789"))
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "UNVERIFIED"

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}/revet")

    assert response.status_code == 200
    TelnyxBrand.model_validate(response.json)
    assert response.json["identityStatus"] == "UNVERIFIED"
    advance(sandbox_control, 3)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"
    assert sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json["category"] == []
    assert brand_events(sandbox_control)[-2:] == [
        {"brandId": brand["brandId"], "status": "success", "type": "REVET", "reasons": []},
        {
            "brandId": brand["brandId"],
            "brandName": "ABC Mobile",
            "description": f"Brand {brand['tcrBrandId']} is revetted: identity status VERIFIED",
            "eventType": "BRAND_REVET",
            "status": "success",
            "tcrBrandId": brand["tcrBrandId"],
            "type": "TCR_BRAND_UPDATE",
        },
    ]


def test_revet_of_a_brand_still_wrong_fails_with_reasons(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")

    sandbox_api.put(f"/10dlc/brand/{brand['brandId']}/revet")
    advance(sandbox_control, 3)

    revet, tcr_revet = brand_events(sandbox_control)[-2:]
    assert revet == {
        "brandId": brand["brandId"],
        "status": "failed",
        "type": "REVET",
        "reasons": [
            {
                "fields": ["ein", "companyName", "entityType"],
                "description": "Tax Id does not match with the company name or business type.",
            }
        ],
    }
    assert (tcr_revet["eventType"], tcr_revet["status"]) == ("BRAND_REVET", "failed")
    assert tcr_revet["description"].endswith("identity status UNVERIFIED")


def test_revet_is_allowed_once_every_three_months(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control)
    path = f"/10dlc/brand/{brand['brandId']}/revet"
    assert sandbox_api.put(path).status_code == 200

    advance(sandbox_control, 89 * 86400)
    refused = sandbox_api.put(path)
    advance(sandbox_control, 86400)

    assert refused.status_code == 400
    assert refused.json["errors"][0]["detail"] == (
        "Brand was revetted at 2026-09-21T14:13:30+00:00; revet is allowed at most once every 3 months."
    )
    assert sandbox_api.put(path).status_code == 200


@pytest.mark.parametrize("overrides", [{}, {"displayName": "FAILREG"}])
def test_revet_needs_a_registered_brand(sandbox_api, sandbox_control, overrides):
    brand = create_brand(sandbox_api, **overrides)
    if overrides:
        advance(sandbox_control, 3)

    response = sandbox_api.put(f"/10dlc/brand/{brand['brandId']}/revet")

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == (
        "Brand is not registered yet: revet is allowed once registration has completed."
    )


# --- control plane -----------------------------------------------------------------------------------------


def test_transition_forces_identity_without_an_undocumented_webhook(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")

    response = sandbox_control.post(f"/brands/{brand['brandId']}/transition", {"identityStatus": "VERIFIED"})

    assert response.status_code == 200
    assert response.json["identityStatus"] == "VERIFIED"
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"
    assert sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json["category"] == []
    assert [event["eventType"] for event in brand_events(sandbox_control)] == ["BRAND_ADD"]


def test_transition_to_registration_failed(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api)

    response = sandbox_control.post(
        f"/brands/{brand['brandId']}/transition", {"status": "REGISTRATION_FAILED"}
    )
    advance(sandbox_control, 10)

    assert response.json["status"] == "REGISTRATION_FAILED"
    assert brand_of(sandbox_api, brand["brandId"])["status"] == "REGISTRATION_FAILED"
    assert brand_events(sandbox_control) == [
        {
            "brandId": brand["brandId"],
            "status": "failed",
            "type": "REGISTRATION",
            "reasons": [
                {"fields": [], "description": "Registration failed (forced by the sandbox control plane)."}
            ],
        }
    ]


def test_transition_to_ok_ends_the_pending_registration(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api, ein="000000000")

    sandbox_control.post(
        f"/brands/{brand['brandId']}/transition", {"status": "OK", "identityStatus": "VETTED_VERIFIED"}
    )
    advance(sandbox_control, 10)

    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VETTED_VERIFIED"
    assert [event["eventType"] for event in brand_events(sandbox_control)] == ["BRAND_ADD"]


def test_transition_to_pending_registers_again(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, displayName="FAILREG")
    sandbox_api.put(f"/10dlc/brand/{brand['brandId']}", brand_body())
    sandbox_control.post(f"/brands/{brand['brandId']}/transition", {"status": "REGISTRATION_FAILED"})

    sandbox_control.post(f"/brands/{brand['brandId']}/transition", {"status": "REGISTRATION_PENDING"})
    advance(sandbox_control, 3)

    assert brand_of(sandbox_api, brand["brandId"])["status"] == "OK"


@pytest.mark.parametrize(
    ("body", "pointer"),
    [({}, "/status"), ({"status": "DONE"}, "/status"), ({"identityStatus": "TRUSTED"}, "/identityStatus")],
)
def test_transition_rejects_bad_values(sandbox_api, sandbox_control, body, pointer):
    brand = create_brand(sandbox_api)

    response = sandbox_control.post(f"/brands/{brand['brandId']}/transition", body)

    assert response.status_code == 422
    assert pointers(response) == [pointer]


def test_transition_of_an_unknown_brand_is_404(sandbox_control):
    response = sandbox_control.post(
        "/brands/4b20ffff-0000-0000-0000-000000000000/transition", {"status": "OK"}
    )

    assert response.status_code == 404


# --- functions other modules call --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("identity", "verified"),
    [
        ("VERIFIED", True),
        ("VETTED_VERIFIED", True),
        ("UNVERIFIED", False),
        ("SELF_DECLARED", False),
        (None, False),
    ],
)
def test_brand_is_verified(identity, verified):
    assert brand_is_verified({"identityStatus": identity}) is verified


def test_put_brand_writes_a_listable_brand_and_replaces_it(sandbox_api, sandbox):
    doc = records.new_brand_doc(brand_body(), "4b20aaaa-0000-4000-8000-000000000001", "BSEED01", NOW)
    doc.update(status="OK", identityStatus="VERIFIED")

    records.put_brand(sandbox.context, doc, START)
    records.put_brand(sandbox.context, {**doc, "displayName": "Renamed"}, START)

    listed = sandbox_api.get("/10dlc/brand", query_string={"displayName": "renamed"}).json
    assert [record["brandId"] for record in listed["records"]] == [doc["brandId"]]
    assert brand_of(sandbox_api, doc["brandId"]) == {
        **doc,
        "displayName": "Renamed",
        "assignedCampaignsCount": 0,
    }


def test_put_brand_without_state_keeps_the_state_of_an_existing_brand(sandbox_api, sandbox_control, sandbox):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")
    doc = brand_of(sandbox_api, brand["brandId"])
    del doc["assignedCampaignsCount"]

    records.put_brand(sandbox.context, {**doc, "ein": "123456789"}, START)

    categories = sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json["category"]
    assert [category["id"] for category in categories] == ["TAX_ID"]


# --- identity appeal (control plane) -----------------------------------------------------------------------


def test_an_accepted_appeal_is_added_then_completed_later_on_the_clock(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")

    response = sandbox_control.post(f"/brands/{brand['brandId']}/appeal", {})

    assert (response.status_code, response.json["outcome"]) == (202, "ACCEPTED")
    added = brand_events(sandbox_control)[-1]
    assert added == {
        "brandId": brand["brandId"],
        "brandName": "ABC Mobile",
        "description": f"Brand {brand['tcrBrandId']} appeal is added",
        "eventType": "BRAND_APPEAL_ADD",
        "status": "success",
        "tcrBrandId": brand["tcrBrandId"],
        "type": "TCR_BRAND_UPDATE",
    }
    advance(sandbox_control, APPEAL_SECONDS - 1)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "UNVERIFIED"
    advance(sandbox_control, 1)
    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "VERIFIED"
    assert sandbox_api.get(f"/10dlc/brand/feedback/{brand['brandId']}").json["category"] == []
    completed = brand_events(sandbox_control)[-1]
    assert (completed["eventType"], completed["status"], completed["description"]) == (
        "BRAND_APPEAL_COMPLETE",
        "success",
        f"Brand {brand['tcrBrandId']} appeal is accepted: identity status VERIFIED",
    )


def test_a_rejected_appeal_leaves_the_identity(sandbox_api, sandbox_control):
    brand = registered_brand(sandbox_api, sandbox_control, ein="000000000")

    sandbox_control.post(f"/brands/{brand['brandId']}/appeal", {"outcome": "REJECTED"})
    advance(sandbox_control, APPEAL_SECONDS)

    assert brand_of(sandbox_api, brand["brandId"])["identityStatus"] == "UNVERIFIED"
    completed = brand_events(sandbox_control)[-1]
    assert (completed["eventType"], completed["status"]) == ("BRAND_APPEAL_COMPLETE", "failed")
    assert completed["description"].endswith("is rejected: identity status UNVERIFIED")


@pytest.mark.parametrize(
    ("overrides", "first_appeal", "detail"),
    [
        ({}, False, "Brand identity is verified already"),
        ({"ein": "000000000"}, True, "Brand has an appeal in progress."),
    ],
)
def test_appeals_that_are_refused(sandbox_api, sandbox_control, overrides, first_appeal, detail):
    brand = registered_brand(sandbox_api, sandbox_control, **overrides)
    if first_appeal:
        sandbox_control.post(f"/brands/{brand['brandId']}/appeal", {})

    response = sandbox_control.post(f"/brands/{brand['brandId']}/appeal", {})

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"].startswith(detail)


def test_an_appeal_of_a_pending_brand_or_with_an_unknown_outcome_is_refused(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api)

    assert sandbox_control.post(f"/brands/{brand['brandId']}/appeal", {}).status_code == 400
    assert sandbox_control.post(f"/brands/{brand['brandId']}/appeal", {"outcome": "MAYBE"}).status_code == 422
