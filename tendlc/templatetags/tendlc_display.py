"""Template filters for what the admin's templates show in words: money with its currency, a use case by its
label."""

from django import template

from tendlc.admin.money import money as money_text
from tendlc.choices import Usecase, label_of

register = template.Library()


@register.filter
def money(amount: object, per: str = "") -> str:
    """``{{ cost|money:"month" }}`` reads "$10.00 per month"."""
    return money_text(amount, per=per)


@register.filter
def usecase_label(value: str) -> str:
    return label_of(Usecase, value) if value else ""
