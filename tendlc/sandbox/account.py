"""The sandbox account: the balance every 10DLC fee is paid from, and the ledger of what was charged.

The balance starts at 1000.00 and the control plane sets it (``POST /sandbox/account``). A charge (figures
from ``fees``) lowers it and is recorded with what it paid for, the brand or campaign, and when. Only the
operations the reference declares a 402 for refuse a charge the balance cannot pay (campaign submission,
``require_funds``); the others (brand registration, a campaign sent back to review) are charged even when the
balance goes below zero, and the account then owes it: later submissions are refused and renewals expire
until it is topped up.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.context import Context
from tendlc.sandbox.fees import Charge, total, wire
from tendlc.sandbox.http import CODE_BAD_REQUEST, ApiError, error_item, invalid, json_body, json_response
from tendlc.sandbox.validation import query_int

DEFAULT_BALANCE = "1000.00"
BALANCE_KEY = "account_balance"
CURRENCY = "USD"
RECENT_CHARGES = 50


def balance(context: Context) -> Decimal:
    return Decimal(context.store.meta_get(BALANCE_KEY, DEFAULT_BALANCE) or DEFAULT_BALANCE)


def set_balance(context: Context, amount: Decimal) -> None:
    context.store.meta_set(BALANCE_KEY, wire(amount))


def can_pay(context: Context, charges: list[Charge]) -> bool:
    return balance(context) >= total(charges)


def require_funds(context: Context, charges: list[Charge], action: str) -> None:
    """402 "Insufficient Funds" (reference C2) when the balance cannot pay ``charges`` for ``action``."""
    cost, available = total(charges), balance(context)
    if available < cost:
        parts = "; ".join(f"{charge.description}: {wire(charge.amount)}" for charge in charges)
        detail = f"{action} costs {wire(cost)} ({parts}); the account balance is {wire(available)}."
        raise ApiError(402, [error_item(CODE_BAD_REQUEST, "Insufficient Funds", detail)])


def charge(
    context: Context,
    charges: list[Charge],
    *,
    brand_id: str | None,
    campaign_id: str | None = None,
    at: float | None = None,
) -> None:
    """Take ``charges`` from the balance and record each in the ledger, dated ``at`` (default: now)."""
    if not charges:
        return
    at = context.clock.now() if at is None else at
    context.store.executemany(
        "INSERT INTO account_charges (charged_at, kind, amount, description, brand_id, campaign_id)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        [(at, c.kind, wire(c.amount), c.description, brand_id, campaign_id) for c in charges],
    )
    set_balance(context, balance(context) - total(charges))


def campaign_charge(
    context: Context, charges: list[Charge], campaign: dict[str, Any], at: float | None = None
) -> None:
    charge(context, charges, brand_id=campaign.get("brandId"), campaign_id=campaign.get("campaignId"), at=at)


# --- control plane -------------------------------------------------------------------------------------------


def _account(context: Context, request: Request) -> dict[str, Any]:
    limit = query_int(request.args, "limit", default=RECENT_CHARGES, maximum=10_000)
    campaign_id = request.args.get("campaignId")
    where, params = ("WHERE campaign_id = ?", (campaign_id,)) if campaign_id else ("", ())
    rows = context.store.all(
        f"SELECT * FROM account_charges {where} ORDER BY id DESC LIMIT ?",  # noqa: S608 - fixed clause
        (*params, limit),
    )
    charges = [
        {
            "kind": row["kind"],
            "description": row["description"],
            "amount": row["amount"],
            "brandId": row["brand_id"],
            "campaignId": row["campaign_id"],
            "chargedAt": context.clock.iso(row["charged_at"]),
        }
        for row in rows
    ]
    return {"balance": wire(balance(context)), "currency": CURRENCY, "charges": charges}


def get_account(context: Context, request: Request) -> Response:
    """``GET /sandbox/account?limit=50&campaignId=...``: the balance and the latest charges, newest first."""
    return json_response(_account(context, request))


def put_account(context: Context, request: Request) -> Response:
    """``POST /sandbox/account {"balance": "12.00"}`` (a decimal string or a number, at least 0)."""
    raw = json_body(request).get("balance")
    try:
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            raise InvalidOperation
        amount = Decimal(str(raw))
        if not amount.is_finite() or amount < 0:
            raise InvalidOperation
    except InvalidOperation:
        raise ApiError(
            422, [invalid("balance", 'balance must be a non-negative amount, e.g. "12.00".')]
        ) from None
    set_balance(context, amount)
    return json_response(_account(context, request))


CONTROL_ROUTES = [
    Rule("/account", endpoint=get_account, methods=["GET"]),
    Rule("/account", endpoint=put_account, methods=["POST"]),
]
