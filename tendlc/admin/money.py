"""How money reads on the admin's pages: "$10.00 per month", one helper for every cost, fee and price.

The 10DLC API answers amounts as bare numbers or strings ("30.00") without a currency (reference C1, C13);
Telnyx bills 10DLC in US dollars, so an amount without one is USD. An amount that is not a number is shown
as the API gave it rather than hidden.
"""

from decimal import Decimal, InvalidOperation

DEFAULT_CURRENCY = "USD"
SIGNS = {"USD": "$"}


def money(amount: object, *, currency: str = DEFAULT_CURRENCY, per: str = "") -> str:
    """``amount`` with its currency, two decimals and thousands grouped; ``per`` names the period ("month")."""
    if amount in (None, ""):
        return "-"
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    sign = SIGNS.get(currency.upper())
    text = f"{sign}{value:,.2f}" if sign else f"{value:,.2f} {currency.upper()}"
    return f"{text} per {per}" if per else text
