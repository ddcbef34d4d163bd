"""Money reads with its currency (issue 18): one helper for every cost and fee."""

import pytest

from tendlc.admin.money import money


@pytest.mark.parametrize(
    ("amount", "kwargs", "shown"),
    [
        ("10.00", {"per": "month"}, "$10.00 per month"),
        ("30", {}, "$30.00"),
        (1500.5, {"per": "year"}, "$1,500.50 per year"),
        ("2.5", {"currency": "eur"}, "2.50 EUR"),
        (None, {"per": "month"}, "-"),
        ("", {}, "-"),
        ("call us", {}, "call us"),
    ],
)
def test_money_reads_with_its_currency(amount, kwargs, shown):
    assert money(amount, **kwargs) == shown
