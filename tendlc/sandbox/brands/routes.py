"""Brand API routes: list, create, get, update, delete (B1 to B5), feedback (B6), the PUBLIC_PROFIT 2FA e-mail
(B8) and revet (B10)."""

from collections.abc import Mapping
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import account, catalog, fees
from tendlc.sandbox.brands import lifecycle
from tendlc.sandbox.brands.identity import brand_is_verified
from tendlc.sandbox.brands.records import (
    BRAND_KEYS,
    LIST_ITEM_KEYS,
    BrandRecord,
    BrandState,
    holds_ein,
    load_record,
    new_brand_doc,
    new_brand_id,
    new_tcr_brand_id,
    put_brand,
    require_record,
    save_record,
    universal_ein,
)
from tendlc.sandbox.brands.validation import CREATE_FIELDS, UPDATE_FIELDS, brand_rule_errors, update_errors
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import (
    CODE_BAD_REQUEST,
    ApiError,
    bad_request,
    empty_response,
    error_item,
    json_body,
    json_response,
    not_found,
)
from tendlc.sandbox.pagination import order_by, page_params
from tendlc.sandbox.validation import validate_body, validate_body_with

REVET_INTERVAL_SECONDS = 90 * 86400.0  # "at most once every 3 months"
# A brand still being registered cannot be deleted: the live API answers 400, code 10015 (FRIC).
UNDELETABLE_STATUSES = ("REGISTRATION_PENDING",)


LIST_FILTERS = {
    "entityType": "entity_type",
    "state": "state",
    "country": "country",
    "brandId": "brand_id",
    "tcrBrandId": "tcr_brand_id",
}
SORT_COLUMNS = {
    "assignedCampaignsCount": "campaign_count",
    "brandId": "brand_id",
    "createdAt": "created_at",
    "displayName": "display_name",
    "identityStatus": "identity_status",
    "status": "status",
    "tcrBrandId": "tcr_brand_id",
}


# The records of B1 are cut by SQLite from the stored documents: a 500-record page is one query and a
# string join, with no JSON decoding and encoding per record in Python.
LIST_ITEM_SQL = (
    "json_set(json_remove(doc, "
    + ", ".join(f"'$.{key}'" for key in BRAND_KEYS if key not in LIST_ITEM_KEYS)
    + "), '$.assignedCampaingsCount', campaign_count)"  # sic: the wire name of B1 records
)
# Past every character NOCASE compares: the upper bound of a "starts with" range.
LAST_CHARACTER = "\U0010ffff"


def list_brands(context: Context, request: Request) -> Response:
    """B1. Filters match exactly, except displayName: a case-insensitive prefix."""
    args = request.args
    page, per_page = page_params(args, default_per_page=10)
    order = order_by(args, SORT_COLUMNS, tiebreak="brand_id")
    clauses, params = [], []
    for wire_name, column in LIST_FILTERS.items():
        if args.get(wire_name):
            clauses.append(f"{column} = ?")
            params.append(args[wire_name])
    if args.get("displayName"):
        # A case-insensitive prefix: an index range, where a substring search would scan every brand.
        clauses.append("display_name >= ? COLLATE NOCASE AND display_name < ? COLLATE NOCASE")
        params.extend([args["displayName"], args["displayName"] + LAST_CHARACTER])
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    store = context.store
    total = store.count(f"SELECT COUNT(*) FROM brands {where}", params)  # noqa: S608 - fixed fragments
    # The page's rows are chosen on the indexes alone, then read: skipped rows are never fetched.
    rows = store.all(
        f"SELECT {LIST_ITEM_SQL} FROM brands WHERE rowid IN"  # noqa: S608 - fixed fragments
        f" (SELECT rowid FROM brands {where} ORDER BY {order} LIMIT ? OFFSET ?) ORDER BY {order}",
        [*params, per_page, (page - 1) * per_page],
    )
    records = ",".join(row[0] for row in rows)
    body = f'{{"records":[{records}],"page":{page},"totalRecords":{total}}}'
    return Response(body, status=200, content_type="application/json")


def _refuse_duplicate_ein(context: Context, doc: Mapping[str, Any]) -> None:
    if holds_ein(context.store, doc):
        detail = "A brand with this EIN already exists."
        raise ApiError(400, [error_item(CODE_BAD_REQUEST, "Bad Request", detail, pointer="/ein")])


def create_brand(context: Context, request: Request) -> Response:
    """B2."""
    values = validate_body_with(json_body(request), CREATE_FIELDS, brand_rule_errors)
    store = context.store
    with store.transaction():
        now = context.clock.now()
        doc = new_brand_doc(values, new_brand_id(), new_tcr_brand_id(store), context.clock.naive_iso(now))
        _refuse_duplicate_ein(context, doc)
        state = BrandState()
        put_brand(context, doc, now, state)
        account.charge(context, fees.brand_registration(doc), brand_id=doc["brandId"])
        record = BrandRecord(doc, state, 0)
        lifecycle.schedule_registration(context, doc["brandId"])
        if doc["entityType"] == "PUBLIC_PROFIT":
            lifecycle.send_2fa_email(context, record)
            save_record(context, record)
    return json_response(doc)


def get_brand(context: Context, request: Request, brandId: str) -> Response:
    """B3: the brand and the count of its campaigns."""
    record = require_record(context, brandId)
    return json_response({**record.doc, "assignedCampaignsCount": record.campaign_count})


def update_brand(context: Context, request: Request, brandId: str) -> Response:
    """B4. Optional fields left out keep their value; null clears one. The ``identityStatus`` sent is checked
    but not applied: identity is the registry's decision (force it with the control plane)."""
    body = json_body(request)
    store = context.store
    with store.transaction():
        record = load_record(store, brandId)
        if record is None:
            validate_body(body, UPDATE_FIELDS)
            raise not_found("Brand not found")
        doc = record.doc
        values = validate_body_with(body, UPDATE_FIELDS, lambda accepted: update_errors(doc, body, accepted))
        values.pop("identityStatus", None)
        old_entity, old_contact, old_ein = (
            doc["entityType"],
            doc.get("businessContactEmail"),
            doc.get("universalEin"),
        )
        doc.update(values)
        doc.update(universalEin=universal_ein(doc), updatedAt=context.clock.naive_iso())
        if doc["universalEin"] != old_ein or doc["status"] == "REGISTRATION_FAILED":
            _refuse_duplicate_ein(context, doc)
        if doc["entityType"] == "PUBLIC_PROFIT" and (
            old_entity != "PUBLIC_PROFIT"
            or (record.state.pending_2fa and doc.get("businessContactEmail") != old_contact)
        ):
            lifecycle.send_2fa_email(context, record)
        if doc["status"] == "REGISTRATION_FAILED":
            # A corrected brand is submitted again.
            doc.update(status="REGISTRATION_PENDING", failureReasons=None)
            record.state.feedback = []
            lifecycle.schedule_registration(context, brandId)
        save_record(context, record)
    return json_response(doc)


def delete_brand(context: Context, request: Request, brandId: str) -> Response:
    """B5."""
    store = context.store
    with store.transaction():
        record = load_record(store, brandId)
        if record is None:
            raise not_found("Brand not found")
        if record.doc["status"] in UNDELETABLE_STATUSES:
            detail = "The brand's registration is pending; it can be deleted once registration has completed."
            raise ApiError(400, [error_item(CODE_BAD_REQUEST, "Brand cannot be deleted", detail)])
        active = store.scalar(
            "SELECT COUNT(*) FROM campaigns WHERE brand_id = ? AND status = 'ACTIVE'", (brandId,)
        )
        if active:
            detail = f"The brand has {active} active campaign(s); deactivate them before deleting the brand."
            raise ApiError(400, [error_item(CODE_BAD_REQUEST, "Brand cannot be deleted", detail)])
        refs = [
            row[0]
            for row in store.all(
                "SELECT reference_id FROM sms_otps WHERE brand_id = ?"
                " UNION ALL SELECT vetting_id FROM vettings WHERE brand_id = ?",
                (brandId, brandId),
            )
        ]
        for ref in [brandId, *refs]:
            context.scheduler.cancel(ref)
        store.execute("DELETE FROM sms_otps WHERE brand_id = ?", (brandId,))
        store.execute("DELETE FROM vettings WHERE brand_id = ?", (brandId,))
        store.execute("DELETE FROM brands WHERE brand_id = ?", (brandId,))
    return empty_response(204)


def get_feedback(context: Context, request: Request, brandId: str) -> Response:
    """B6: the categories of the last assessment that keep the brand from being verified."""
    record = require_record(context, brandId)
    findings = [] if brand_is_verified(record.doc) else record.state.feedback
    categories = [
        {
            "id": finding["id"],
            "displayName": catalog.FEEDBACK_CATEGORIES[finding["id"]][0],
            "description": catalog.FEEDBACK_CATEGORIES[finding["id"]][1],
            "fields": finding["fields"],
        }
        for finding in findings
    ]
    return json_response({"brandId": brandId, "category": categories})


def resend_2fa_email(context: Context, request: Request, brandId: str) -> Response:
    """B8: a new e-mail while the 2FA is outstanding; nothing to do once it is completed."""
    with context.store.transaction():
        record = require_record(context, brandId)
        if record.doc["entityType"] != "PUBLIC_PROFIT":
            raise bad_request("The 2FA e-mail is only sent for PUBLIC_PROFIT brands.")
        if not record.doc.get("businessContactEmail"):
            raise bad_request("The brand has no businessContactEmail.", pointer="/businessContactEmail")
        if record.state.pending_2fa:
            lifecycle.send_2fa_email(context, record)
            save_record(context, record)
    return empty_response(200)


def revet_brand(context: Context, request: Request, brandId: str) -> Response:
    """B10: the identity rules run again on the brand's current data, ``REVET_SECONDS`` later."""
    with context.store.transaction():
        record = require_record(context, brandId)
        if record.doc["status"] != "OK":
            raise bad_request(
                "Brand is not registered yet: revet is allowed once registration has completed."
            )
        now = context.clock.now()
        last = record.state.last_revet_at
        if last is not None and now - last < REVET_INTERVAL_SECONDS:
            raise bad_request(
                f"Brand was revetted at {context.clock.iso(last)}; revet is allowed at most once every 3 months."
            )
        record.state.last_revet_at = now
        save_record(context, record)
        lifecycle.schedule_revet(context, brandId)
    return json_response(record.doc)


ROUTES = [
    Rule("/10dlc/brand", endpoint=list_brands, methods=["GET"]),
    Rule("/10dlc/brand", endpoint=create_brand, methods=["POST"]),
    Rule("/10dlc/brand/feedback/<brandId>", endpoint=get_feedback, methods=["GET"]),
    Rule("/10dlc/brand_feedback/<brandId>", endpoint=get_feedback, methods=["GET"]),
    Rule("/10dlc/brand/<brandId>", endpoint=get_brand, methods=["GET"]),
    Rule("/10dlc/brand/<brandId>", endpoint=update_brand, methods=["PUT"]),
    Rule("/10dlc/brand/<brandId>", endpoint=delete_brand, methods=["DELETE"]),
    Rule("/10dlc/brand/<brandId>/2faEmail", endpoint=resend_2fa_email, methods=["POST"]),
    Rule("/10dlc/brand/<brandId>/revet", endpoint=revet_brand, methods=["PUT"]),
]
