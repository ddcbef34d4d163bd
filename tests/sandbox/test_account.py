"""The sandbox account (``/sandbox/account``): the balance fees are paid from and the ledger of charges."""

import pytest

from tests.fixtures.sandbox import pointers
from tests.sandbox.campaign_payloads import submit
from tests.sandbox.factories import insert_brand


def test_account_defaults_to_1000_with_no_charges(sandbox_control):
    assert sandbox_control.get("/account").json == {"balance": "1000.00", "currency": "USD", "charges": []}


def test_the_ledger_says_what_was_charged_for_which_campaign_and_when(sandbox, sandbox_api, sandbox_control):
    brand = insert_brand(sandbox)
    campaign = submit(sandbox_api, brand)

    account = sandbox_control.get("/account").json

    assert account["balance"] == "955.00"
    assert account["charges"] == [  # newest first
        {
            "kind": "CAMPAIGN_REVIEW",
            "description": "Campaign review",
            "amount": "15.00",
            "brandId": brand["brandId"],
            "campaignId": campaign["campaignId"],
            "chargedAt": "2026-09-21T14:13:20+00:00",
        },
        {
            "kind": "CAMPAIGN_UPFRONT",
            "description": "CUSTOMER_CARE campaign, three months up front",
            "amount": "30.00",
            "brandId": brand["brandId"],
            "campaignId": campaign["campaignId"],
            "chargedAt": "2026-09-21T14:13:20+00:00",
        },
    ]


def test_the_ledger_is_filtered_by_campaign_and_limited(sandbox, sandbox_api, sandbox_control):
    brand = insert_brand(sandbox)
    first, second = submit(sandbox_api, brand), submit(sandbox_api, brand)

    mine = sandbox_control.get("/account", query_string={"campaignId": first["campaignId"]}).json["charges"]
    latest = sandbox_control.get("/account", query_string={"limit": 1}).json["charges"]

    assert [charge["kind"] for charge in mine] == ["CAMPAIGN_REVIEW", "CAMPAIGN_UPFRONT"]
    assert {charge["campaignId"] for charge in mine} == {first["campaignId"]}
    assert [(charge["kind"], charge["campaignId"]) for charge in latest] == [
        ("CAMPAIGN_REVIEW", second["campaignId"])
    ]


@pytest.mark.parametrize("limit", ["0", "ten", "10001"])
def test_the_ledger_limit_is_validated(sandbox_control, limit):
    response = sandbox_control.get("/account", query_string={"limit": limit})

    assert response.status_code == 422
    assert response.json["errors"][0]["source"] == {"parameter": "limit"}


@pytest.mark.parametrize("balance", [12, 12.5, "0"])
def test_account_balance_accepts_amounts(sandbox_control, balance):
    response = sandbox_control.post("/account", {"balance": balance})

    assert response.status_code == 200
    assert response.json["balance"] == f"{float(balance):.2f}"


@pytest.mark.parametrize("balance", ["abc", "-1", -1, True, None, "NaN", []])
def test_account_balance_validation(sandbox_control, balance):
    response = sandbox_control.post("/account", {"balance": balance})

    assert response.status_code == 422
    assert pointers(response) == ["/balance"]
