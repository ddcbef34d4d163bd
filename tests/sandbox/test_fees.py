"""Fees as Telnyx publishes them: the table, the figures C1 and C13 answer from it, and what each event of a
registration charges to the account (brand registration, submission, review again, number pool), mock brands
and campaigns free."""

import re
from decimal import Decimal
from pathlib import Path

import pytest

from tendlc.sandbox import fees
from tendlc.sandbox.catalog import USECASES_BY_NAME
from tests.sandbox.brand_payloads import create_brand
from tests.sandbox.campaign_payloads import campaign_body, submit
from tests.sandbox.factories import insert_brand

# TCR's monthly fee per use case (FEES, list of 2025-07-22): up front is three months.
PUBLISHED_MONTHLY = [
    ("CUSTOMER_CARE", "10.00"),
    ("MARKETING", "10.00"),
    ("MIXED", "10.00"),
    ("LOW_VOLUME", "1.50"),
    ("CHARITY", "3.00"),
    ("EMERGENCY", "5.00"),
    ("AGENTS_FRANCHISES", "30.00"),
    ("SOLE_PROPRIETOR", "2.00"),
]


def charges(control, **query) -> list[tuple[str, str]]:
    """(kind, amount) of the account's charges, oldest first."""
    records = control.get("/account", query_string={"limit": 1000, **query}).json["charges"]
    return [(charge["kind"], charge["amount"]) for charge in reversed(records)]


def balance(control) -> str:
    return control.get("/account").json["balance"]


# --- the table -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("usecase", "monthly"), PUBLISHED_MONTHLY)
def test_the_monthly_fee_of_each_use_case_is_tcrs(usecase, monthly):
    assert fees.wire(fees.monthly_fee(usecase)) == monthly
    assert fees.upfront_fee(usecase) == Decimal(monthly) * 3


def test_one_off_fees_are_telnyxs_with_their_source():
    assert (fees.BRAND_REGISTRATION.amount, fees.CAMPAIGN_REVIEW.amount, fees.NUMBER_POOL.amount) == (
        Decimal("4.50"),
        Decimal("15.00"),
        Decimal("50.00"),
    )
    every_fee = (fees.BRAND_REGISTRATION, fees.CAMPAIGN_REVIEW, fees.NUMBER_POOL, fees.STANDARD_MONTHLY)
    assert {fee.source for fee in (*every_fee, *fees.MONTHLY_BY_USECASE.values())} == {fees.FEES}


def test_use_cases_priced_apart_are_use_cases_of_the_catalog():
    assert set(fees.MONTHLY_BY_USECASE) <= set(USECASES_BY_NAME)


def test_the_readme_prints_the_table():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    rows = dict(re.findall(r"^\| ([^|]+?) \| (\d+\.\d\d) \|", readme, re.MULTILINE))

    printed = {
        "brand registration": fees.BRAND_REGISTRATION,
        "campaign review": fees.CAMPAIGN_REVIEW,
        "T-Mobile number pool": fees.NUMBER_POOL,
        "monthly, standard use cases (2FA, CUSTOMER_CARE, MARKETING, MIXED, POLITICAL, ...)": fees.STANDARD_MONTHLY,
        "monthly, LOW_VOLUME (low-volume mixed)": fees.MONTHLY_BY_USECASE["LOW_VOLUME"],
        **{f"monthly, {name}": fee for name, fee in fees.MONTHLY_BY_USECASE.items() if name != "LOW_VOLUME"},
    }
    assert {label: rows.get(label) for label in printed} == {
        label: fees.wire(fee.amount) for label, fee in printed.items()
    }


# --- C1 and C13 answer from the table ------------------------------------------------------------------------


@pytest.mark.parametrize(("usecase", "monthly"), PUBLISHED_MONTHLY)
def test_use_case_cost_answers_the_table(sandbox_api, usecase, monthly):
    response = sandbox_api.get(f"/10dlc/campaign/usecase/cost?usecase={usecase}")

    assert (response.json["monthlyCost"], response.json["upFrontCost"]) == (
        monthly,
        fees.wire(Decimal(monthly) * 3),
    )


@pytest.mark.parametrize(("usecase", "monthly"), PUBLISHED_MONTHLY)
def test_qualification_answers_the_table(sandbox, sandbox_api, usecase, monthly):
    entity_type = {"CHARITY": "NON_PROFIT", "SOLE_PROPRIETOR": "SOLE_PROPRIETOR"}.get(
        usecase, "PRIVATE_PROFIT"
    )
    usecase_brand = insert_brand(sandbox, entityType=entity_type, identityStatus="VETTED_VERIFIED")

    response = sandbox_api.get(f"/10dlc/campaignBuilder/brand/{usecase_brand['brandId']}/usecase/{usecase}")

    assert response.status_code == 200, response.json
    amount = float(monthly)
    assert (response.json["monthlyFee"], response.json["quarterlyFee"], response.json["annualFee"]) == (
        amount,
        amount * 3,
        amount * 12,
    )


# --- charges -------------------------------------------------------------------------------------------------


def test_a_brand_registration_is_charged(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api)

    assert balance(sandbox_control) == "995.50"
    [charge] = sandbox_control.get("/account").json["charges"]
    assert (charge["kind"], charge["amount"], charge["brandId"], charge["campaignId"]) == (
        "BRAND_REGISTRATION",
        "4.50",
        brand["brandId"],
        None,
    )


def test_a_brand_registration_is_charged_even_below_zero(sandbox_api, sandbox_control):
    """The reference declares no 402 for brand creation: the account owes what it cannot pay."""
    sandbox_control.post("/account", {"balance": "1.00"})

    create_brand(sandbox_api)

    assert balance(sandbox_control) == "-3.50"


def test_mock_brands_and_their_campaigns_are_free(sandbox_api, sandbox_control):
    brand = create_brand(sandbox_api, mock=True)
    sandbox_control.post("/clock/advance", {"seconds": 10})

    campaign = submit(sandbox_api, brand, numberPool=True)

    assert campaign["mock"] is True
    assert balance(sandbox_control) == "1000.00"
    assert charges(sandbox_control) == []


def test_a_submission_pays_three_months_and_the_review(sandbox, sandbox_api, sandbox_control):
    campaign = submit(
        sandbox_api, insert_brand(sandbox), usecase="LOW_VOLUME", subUsecases=["MARKETING", "2FA"]
    )

    assert charges(sandbox_control, campaignId=campaign["campaignId"]) == [
        ("CAMPAIGN_UPFRONT", "4.50"),
        ("CAMPAIGN_REVIEW", "15.00"),
    ]
    assert balance(sandbox_control) == "980.50"


def test_a_number_pool_is_charged_at_submission(sandbox, sandbox_api, sandbox_control):
    campaign = submit(sandbox_api, insert_brand(sandbox), numberPool=True)

    assert charges(sandbox_control, campaignId=campaign["campaignId"]) == [
        ("CAMPAIGN_UPFRONT", "30.00"),
        ("CAMPAIGN_REVIEW", "15.00"),
        ("NUMBER_POOL", "50.00"),
    ]


def test_a_submission_the_balance_cannot_pay_with_its_pool_is_refused(sandbox, sandbox_api, sandbox_control):
    sandbox_control.post("/account", {"balance": "94.99"})

    response = sandbox_api.post(
        "/10dlc/campaignBuilder", campaign_body(insert_brand(sandbox), numberPool=True)
    )

    assert response.status_code == 402
    assert response.json["errors"][0]["detail"] == (
        "Submitting a CUSTOMER_CARE campaign costs 95.00 (CUSTOMER_CARE campaign, three months up front: 30.00;"
        " Campaign review: 15.00; T-Mobile number pool: 50.00); the account balance is 94.99."
    )
    assert charges(sandbox_control) == []


def test_an_update_that_sends_a_campaign_back_to_review_pays_the_review(
    sandbox, sandbox_api, sandbox_control
):
    campaign_id = submit(sandbox_api, insert_brand(sandbox))["campaignId"]
    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED"})

    sandbox_api.put(f"/10dlc/campaign/{campaign_id}", {"sample1": "Acme: reply STOP to opt out."})
    sandbox_api.put(f"/10dlc/campaign/{campaign_id}", {"sample2": "Acme: reply HELP for help."})  # in review

    assert charges(sandbox_control, campaignId=campaign_id) == [
        ("CAMPAIGN_UPFRONT", "30.00"),
        ("CAMPAIGN_REVIEW", "15.00"),
        ("CAMPAIGN_REVIEW", "15.00"),
    ]


def test_an_appeal_pays_the_review_even_below_zero(sandbox, sandbox_api, sandbox_control):
    campaign_id = submit(sandbox_api, insert_brand(sandbox))["campaignId"]
    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "MNO_REJECTED"})
    sandbox_control.post("/account", {"balance": "10.00"})

    response = sandbox_api.post(f"/10dlc/campaign/{campaign_id}/appeal", {"appeal_reason": "Samples fixed."})

    assert response.status_code == 200
    assert charges(sandbox_control, campaignId=campaign_id)[-1] == ("CAMPAIGN_REVIEW", "15.00")
    assert balance(sandbox_control) == "-5.00"
