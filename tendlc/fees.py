"""What 10DLC costs the account: the portal's own fee table, read by the cost ledger and the forecast.

The table owns one decision, which figure a charge is recorded at when nothing better says it, and each row
names where Telnyx publishes it. A billing event that states its amount is recorded at that amount; this
table is the fallback, and the only source for the fees Telnyx charges without an event (registration,
vetting, review, the up-front months, the number pool). The sandbox keeps a table of its own: the portal
never reads the sandbox, so a test that agrees with it checks two independent readings of one article.

| fee                  | amount                     | when                                         | source |
|----------------------|----------------------------|----------------------------------------------|--------|
| brand registration   | $4.50                      | once, when the brand is registered           | FEES   |
| external vetting     | $40.00                     | each vetting ordered, when the order is made | VET    |
| campaign review      | $15.00                     | each time a campaign goes to carrier review  | FEES   |
| campaign up front    | 3 x the monthly charge     | at submission                                | FEES   |
| campaign monthly     | by use case, below         | at each renewal                              | FEES   |
| number pool          | $50.00                     | a T-Mobile number pool requested             | FEES   |

Where Telnyx's pages disagree the portal follows the fees article: $4.50 for a brand registration, where the
mock-brands article writes $4.00. Mock brands and their campaigns cost nothing (MOCK). The fees article
does not price external vetting; Telnyx's release note on brand vetting (VET) does, charged when the request
goes through.
"""

from dataclasses import dataclass
from decimal import Decimal

FEES = "https://support.telnyx.com/en/articles/5634625-10dlc-fees-and-charges"
MOCK = "https://support.telnyx.com/en/articles/12812898-10dlc-mock-brands-and-campaigns"
VET = "https://telnyx.com/release-notes/10DLC-vetting"

UPFRONT_MONTHS = 3


@dataclass(frozen=True)
class Fee:
    """One figure of the price list: how much, what it pays for, and where Telnyx says so."""

    amount: Decimal
    what: str
    source: str = FEES


BRAND_REGISTRATION = Fee(Decimal("4.50"), "brand registration, once")
EXTERNAL_VETTING = Fee(Decimal("40.00"), "external vetting, each order", VET)
CAMPAIGN_REVIEW = Fee(Decimal("15.00"), "campaign review, each time a campaign goes to carrier review")
NUMBER_POOL = Fee(Decimal("50.00"), "T-Mobile number pool request")
STANDARD_MONTHLY = Fee(Decimal("10.00"), "monthly, standard use cases")
# The Campaign Registry's list of 2025-07-22, which the fees article repeats; any other use case is standard.
MONTHLY_BY_USECASE = {
    "LOW_VOLUME": Fee(Decimal("1.50"), "monthly, low-volume mixed"),
    "CHARITY": Fee(Decimal("3.00"), "monthly, charity"),
    "EMERGENCY": Fee(Decimal("5.00"), "monthly, emergency"),
    "AGENTS_FRANCHISES": Fee(Decimal("30.00"), "monthly, agents and franchises"),
    "SOLE_PROPRIETOR": Fee(Decimal("2.00"), "monthly, sole proprietor"),
}


def monthly_fee(usecase: str) -> Decimal:
    return MONTHLY_BY_USECASE.get(usecase, STANDARD_MONTHLY).amount


def upfront_fee(usecase: str) -> Decimal:
    return monthly_fee(usecase) * UPFRONT_MONTHS
