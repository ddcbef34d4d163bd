"""External vetting: V1 list, V2 order, V3 import, the scoring rule and its effect on the brand's identity."""

import re

import pytest
from telnyx.types.messaging_10dlc.brand.external_vetting import ExternalVetting

from tests.fixtures.sandbox import pointers
from tests.sandbox.brand_payloads import brand_events, create_brand, registered_brand

ORDER = {"evpId": "AEGIS", "vettingClass": "STANDARD"}
NOW = "2026-09-21T14:13:30+00:00"  # the sandbox clock once a brand is registered


def advance(control, seconds: float) -> None:
    assert control.post("/clock/advance", {"seconds": seconds}).status_code == 200


def path(brand: dict) -> str:
    return f"/10dlc/brand/{brand['brandId']}/externalVetting"


@pytest.fixture
def sandbox_registered_brand(sandbox_api, sandbox_control):
    return registered_brand(sandbox_api, sandbox_control)


# --- V2 order and its completion ---------------------------------------------------------------------------


def test_order_answers_the_pending_vetting(sandbox_api, sandbox_registered_brand):
    response = sandbox_api.post(path(sandbox_registered_brand), ORDER)

    assert response.status_code == 200
    ExternalVetting.model_validate(response.json)
    assert re.fullmatch(r"[0-9a-f-]{36}", response.json["vettingId"])
    assert response.json == {
        "evpId": "AEGIS",
        "vettingId": response.json["vettingId"],
        "vettingClass": "STANDARD",
        "vettingToken": None,
        "createDate": NOW,
        "vettedDate": None,
        "vettingScore": None,
    }
    assert sandbox_api.get(path(sandbox_registered_brand)).json == []


def test_a_completed_order_vets_the_brand(sandbox_api, sandbox_control, sandbox_registered_brand):
    order = sandbox_api.post(path(sandbox_registered_brand), ORDER).json

    advance(sandbox_control, 9.9)
    assert sandbox_api.get(path(sandbox_registered_brand)).json == []
    advance(sandbox_control, 0.1)

    listed = sandbox_api.get(path(sandbox_registered_brand))
    assert listed.status_code == 200
    assert listed.json == [{**order, "vettedDate": "2026-09-21T14:13:40+00:00", "vettingScore": 75}]
    ExternalVetting.model_validate(listed.json[0])
    assert (
        sandbox_api.get(f"/10dlc/brand/{sandbox_registered_brand['brandId']}").json["identityStatus"]
        == "VETTED_VERIFIED"
    )
    assert brand_events(sandbox_control)[-1] == {
        "brandId": sandbox_registered_brand["brandId"],
        "status": "success",
        "type": "ORDER_EXTERNAL_VETTING",
        "reasons": [],
    }


@pytest.mark.parametrize(
    ("entity_type", "score"),
    [("GOVERNMENT", 90), ("PUBLIC_PROFIT", 85), ("PRIVATE_PROFIT", 75), ("NON_PROFIT", 70)],
)
def test_score_by_entity_type(sandbox_api, sandbox_control, entity_type, score):
    vetted = registered_brand(sandbox_api, sandbox_control, entity_type)
    sandbox_api.post(path(vetted), ORDER)

    advance(sandbox_control, 10)

    assert sandbox_api.get(path(vetted)).json[0]["vettingScore"] == score


def test_a_low_score_is_a_completed_vetting(sandbox_api, sandbox_control):
    vetted = registered_brand(sandbox_api, sandbox_control, displayName="Acme lowscore")
    sandbox_api.post(path(vetted), ORDER)

    advance(sandbox_control, 10)

    [vetting] = sandbox_api.get(path(vetted)).json
    ExternalVetting.model_validate(vetting)
    assert (vetting["vettingScore"], vetting["vettedDate"] is not None) == (20, True)
    assert sandbox_api.get(f"/10dlc/brand/{vetted['brandId']}").json["identityStatus"] == "VETTED_VERIFIED"
    assert brand_events(sandbox_control)[-1] == {
        "brandId": vetted["brandId"],
        "status": "success",
        "type": "ORDER_EXTERNAL_VETTING",
        "reasons": [],
    }
    # Completed, so the same order is a duplicate for 180 days, low score or not.
    assert sandbox_api.post(path(vetted), ORDER).json["errors"][0]["code"] == "10012"


def test_a_vetting_of_an_unverified_brand_fails(sandbox_api, sandbox_control):
    vetted = registered_brand(sandbox_api, sandbox_control, ein="000000000")
    sandbox_api.post(path(vetted), ORDER)

    advance(sandbox_control, 10)

    assert sandbox_api.get(path(vetted)).json == []
    assert sandbox_api.get(f"/10dlc/brand/{vetted['brandId']}").json["identityStatus"] == "UNVERIFIED"
    assert brand_events(sandbox_control)[-1] == {
        "brandId": vetted["brandId"],
        "status": "failed",
        "type": "ORDER_EXTERNAL_VETTING",
        "reasons": [
            {
                "fields": ["identityStatus"],
                "description": "Brand identity is not verified: the provider could not vet the brand.",
            }
        ],
    }
    assert (
        sandbox_api.post(path(vetted), ORDER).status_code == 200
    )  # a failed vetting may be re-ordered at once


def test_an_order_in_progress_is_a_duplicate(sandbox_api, sandbox_registered_brand):
    sandbox_api.post(path(sandbox_registered_brand), ORDER)

    response = sandbox_api.post(path(sandbox_registered_brand), ORDER)

    assert response.status_code == 400
    assert response.json["errors"][0]["code"] == "10012"
    assert response.json["errors"][0]["detail"] == (
        "A STANDARD vetting by AEGIS is already in progress or succeeded within the last 180 days."
    )
    assert (
        sandbox_api.post(path(sandbox_registered_brand), {**ORDER, "vettingClass": "ENHANCED"}).status_code
        == 200
    )
    assert sandbox_api.post(path(sandbox_registered_brand), {**ORDER, "evpId": "WMC"}).status_code == 200


def test_a_success_is_a_duplicate_for_180_days(sandbox_api, sandbox_control, sandbox_registered_brand):
    sandbox_api.post(path(sandbox_registered_brand), ORDER)
    advance(sandbox_control, 10)

    advance(sandbox_control, 180 * 86400 - 1)
    assert sandbox_api.post(path(sandbox_registered_brand), ORDER).json["errors"][0]["code"] == "10012"
    advance(sandbox_control, 1)
    assert sandbox_api.post(path(sandbox_registered_brand), ORDER).status_code == 200


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, ["/evpId", "/vettingClass"]),
        ({"evpId": "Evpid", "vettingClass": "STANDARD"}, ["/evpId"]),
        ({"evpId": "AEGIS", "vettingClass": "Vettingclass"}, ["/vettingClass"]),
    ],
)
def test_order_validates_its_body(sandbox_api, sandbox_registered_brand, body, expected):
    response = sandbox_api.post(path(sandbox_registered_brand), body)

    assert response.status_code == 422
    assert pointers(response) == expected


# --- who may be vetted -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_type", "overrides", "register", "detail"),
    [
        ("SOLE_PROPRIETOR", {}, True, "Sole proprietor brands cannot be vetted."),
        (
            "PRIVATE_PROFIT",
            {},
            False,
            "Brand is not registered yet: vetting is possible once registration has completed.",
        ),
        (
            "PUBLIC_PROFIT",
            {"businessContactEmail": "ir+no2fa@abcmobile.example"},
            True,
            "Brand identity is not verified: a PUBLIC_PROFIT brand must complete its 2FA e-mail verification"
            " before it can be vetted.",
        ),
    ],
)
@pytest.mark.parametrize(
    ("method", "body"), [("POST", ORDER), ("PUT", {"evpId": "AEGIS", "vettingId": "V-1"})]
)
def test_brands_that_cannot_be_vetted(
    sandbox_api, sandbox_control, entity_type, overrides, register, detail, method, body
):
    vetted = create_brand(sandbox_api, entity_type, **overrides)
    if register:
        advance(sandbox_control, 10)

    response = sandbox_api.request(method, path(vetted), body)

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == detail


@pytest.mark.parametrize(
    ("method", "body"), [("GET", None), ("POST", ORDER), ("PUT", {"evpId": "AEGIS", "vettingId": "V-1"})]
)
def test_vetting_of_an_unknown_brand_is_404(sandbox_api, method, body):
    response = sandbox_api.request(
        method, "/10dlc/brand/4b20ffff-0000-0000-0000-000000000000/externalVetting", body
    )

    assert response.status_code == 404
    assert response.json["errors"][0]["detail"] == "Brand not found"


# --- V3 import ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("evp_id", "vetting_class"), [("AEGIS", "STANDARD"), ("CV", "POLITICAL")])
def test_import_stores_a_complete_vetting(
    sandbox_api, sandbox_control, sandbox_registered_brand, evp_id, vetting_class
):
    body = {"evpId": evp_id, "vettingId": "VET-123", "vettingToken": "token-abc"}

    response = sandbox_api.put(path(sandbox_registered_brand), body)

    assert response.status_code == 200
    ExternalVetting.model_validate(response.json)
    assert response.json == {
        "evpId": evp_id,
        "vettingId": "VET-123",
        "vettingClass": vetting_class,
        "vettingToken": "token-abc",
        "createDate": NOW,
        "vettedDate": NOW,
        "vettingScore": 75,
    }
    assert sandbox_api.get(path(sandbox_registered_brand)).json == [response.json]
    assert (
        sandbox_api.get(f"/10dlc/brand/{sandbox_registered_brand['brandId']}").json["identityStatus"]
        == "VETTED_VERIFIED"
    )
    # An import is answered at once; Telnyx documents no event for it.
    assert [event["eventType"] for event in brand_events(sandbox_control)] == ["BRAND_ADD"]


def test_import_without_token_and_again(sandbox_api, sandbox_registered_brand):
    first = sandbox_api.put(path(sandbox_registered_brand), {"evpId": "WMC", "vettingId": "VET-9"})
    again = sandbox_api.put(path(sandbox_registered_brand), {"evpId": "WMC", "vettingId": "VET-9"})

    assert first.status_code == again.status_code == 200
    assert first.json["vettingToken"] is None
    assert len(sandbox_api.get(path(sandbox_registered_brand)).json) == 1


def test_a_vetting_the_provider_does_not_confirm_is_refused(sandbox_api, sandbox_registered_brand):
    response = sandbox_api.put(path(sandbox_registered_brand), {"evpId": "AEGIS", "vettingId": "invalid-42"})

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "AEGIS could not confirm vetting invalid-42."
    assert pointers(response) == ["/vettingId"]
    assert sandbox_api.get(path(sandbox_registered_brand)).json == []


def test_a_vetting_of_another_brand_cannot_be_imported(
    sandbox_api, sandbox_control, sandbox_registered_brand
):
    other = registered_brand(sandbox_api, sandbox_control)
    sandbox_api.put(path(other), {"evpId": "AEGIS", "vettingId": "VET-1"})

    response = sandbox_api.put(path(sandbox_registered_brand), {"evpId": "AEGIS", "vettingId": "VET-1"})

    assert response.status_code == 400
    assert response.json["errors"][0]["detail"] == "Vetting VET-1 belongs to another brand."


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, ["/evpId", "/vettingId"]),
        ({"evpId": "Evpid", "vettingId": "V"}, ["/evpId"]),
        ({"evpId": "AEGIS-LONG-ID", "vettingId": "V"}, ["/evpId"]),
        ({"evpId": "AEGIS", "vettingId": "V", "vettingToken": 5}, ["/vettingToken"]),
    ],
)
def test_import_validates_its_body(sandbox_api, sandbox_registered_brand, body, expected):
    response = sandbox_api.put(path(sandbox_registered_brand), body)

    assert response.status_code == 422
    assert pointers(response) == expected


def test_a_vetted_brand_stays_vetted_after_revet(sandbox_api, sandbox_control, sandbox_registered_brand):
    sandbox_api.put(path(sandbox_registered_brand), {"evpId": "AEGIS", "vettingId": "VET-1"})

    sandbox_api.put(f"/10dlc/brand/{sandbox_registered_brand['brandId']}/revet")
    advance(sandbox_control, 3)

    assert (
        sandbox_api.get(f"/10dlc/brand/{sandbox_registered_brand['brandId']}").json["identityStatus"]
        == "VETTED_VERIFIED"
    )
