"""What 10DLC costs, as Telnyx publishes it: the one table every charge and every quoted fee is read from.

Qualification (C1 ``monthlyFee``, ``quarterlyFee``, ``annualFee``), the use-case cost operation (C13
``monthlyCost``, ``upFrontCost``) and every charge to the sandbox account take their figures from here, so no
figure is written twice. Amounts are ``Decimal`` dollars; the API writes them as strings with two decimals
("30.00").

Where Telnyx's pages disagree the sandbox follows the fees article (FEES): it charges $4.50 for a brand
registration, where the mock-brands article (MOCK) writes $4.00. Mock brands and their campaigns (a campaign
is mock when its brand is) pay nothing, as MOCK says.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

FEES = "https://support.telnyx.com/en/articles/5634625-10dlc-fees-and-charges"
MOCK = "https://support.telnyx.com/en/articles/12812898-10dlc-mock-brands-and-campaigns"

CENTS = Decimal("0.01")
UPFRONT_MONTHS = 3  # a submission pays three months; renewals then pay one month each (FEES)


@dataclass(frozen=True)
class Fee:
    """One figure of the price list: what it pays for, how much, and where Telnyx says so."""

    kind: str  # the account ledger's name for a charge of this fee
    amount: Decimal
    what: str
    source: str


BRAND_REGISTRATION = Fee("BRAND_REGISTRATION", Decimal("4.50"), "brand registration, once", FEES)
CAMPAIGN_REVIEW = Fee(
    "CAMPAIGN_REVIEW",
    Decimal("15.00"),
    "campaign review, each time a campaign goes to carrier review (submission, resubmission, appeal)",
    FEES,
)
NUMBER_POOL = Fee("NUMBER_POOL", Decimal("50.00"), "T-Mobile number pool request", FEES)
STANDARD_MONTHLY = Fee("CAMPAIGN_MONTHLY", Decimal("10.00"), "monthly, standard use cases", FEES)
# Use cases The Campaign Registry prices apart from the standard ones, on its list of 2025-07-22 that FEES
# repeats; every other use case is standard.
MONTHLY_BY_USECASE = {
    "LOW_VOLUME": Fee("CAMPAIGN_MONTHLY", Decimal("1.50"), "monthly, low-volume mixed", FEES),
    "CHARITY": Fee("CAMPAIGN_MONTHLY", Decimal("3.00"), "monthly, charity", FEES),
    "EMERGENCY": Fee("CAMPAIGN_MONTHLY", Decimal("5.00"), "monthly, emergency", FEES),
    "AGENTS_FRANCHISES": Fee("CAMPAIGN_MONTHLY", Decimal("30.00"), "monthly, agents and franchises", FEES),
    "SOLE_PROPRIETOR": Fee("CAMPAIGN_MONTHLY", Decimal("2.00"), "monthly, sole proprietor", FEES),
}
UPFRONT_KIND = "CAMPAIGN_UPFRONT"


def wire(amount: Decimal) -> str:
    """An amount as the API writes it: "30.00"."""
    return str(amount.quantize(CENTS))


def monthly_fee(usecase: str) -> Decimal:
    return MONTHLY_BY_USECASE.get(usecase, STANDARD_MONTHLY).amount


def upfront_fee(usecase: str) -> Decimal:
    return monthly_fee(usecase) * UPFRONT_MONTHS


# --- what each event costs -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Charge:
    """One line of the account ledger, before it is recorded."""

    kind: str
    amount: Decimal
    description: str


REVIEW_CHARGE = Charge(CAMPAIGN_REVIEW.kind, CAMPAIGN_REVIEW.amount, "Campaign review")
POOL_CHARGE = Charge(NUMBER_POOL.kind, NUMBER_POOL.amount, "T-Mobile number pool")


def brand_registration(brand: dict[str, Any]) -> list[Charge]:
    if brand.get("mock"):
        return []
    return [Charge(BRAND_REGISTRATION.kind, BRAND_REGISTRATION.amount, "Brand registration")]


def campaign_submission(usecase: str, *, number_pool: bool, mock: bool) -> list[Charge]:
    """Three months of the use case's monthly fee, the carrier review, and the number pool when asked for."""
    if mock:
        return []
    upfront = Charge(UPFRONT_KIND, upfront_fee(usecase), f"{usecase} campaign, three months up front")
    return [upfront, REVIEW_CHARGE, *([POOL_CHARGE] if number_pool else [])]


def campaign_review(campaign: dict[str, Any]) -> list[Charge]:
    """A campaign sent back to carrier review (an update that re-enters review, an appeal)."""
    return [] if campaign.get("mock") else [REVIEW_CHARGE]


def campaign_renewal(campaign: dict[str, Any]) -> list[Charge]:
    """One more month of the campaign's use case."""
    if campaign.get("mock"):
        return []
    usecase = campaign.get("usecase", "")
    return [Charge(STANDARD_MONTHLY.kind, monthly_fee(usecase), f"{usecase} campaign, one month")]


def total(charges: list[Charge]) -> Decimal:
    return sum((charge.amount for charge in charges), Decimal("0"))
