"""Brands: list, create, get, update, delete (B1 to B5), feedback (B6), the PUBLIC_PROFIT 2FA e-mail (B8), revet
(B10), the registration and identity lifecycle, and the ``10dlc.brand.update`` webhooks.

A brand row holds the wire document (``doc``) beside ``internal``: what the sandbox needs to replay the
registry's decisions (the feedback of the last assessment, whether the 2FA e-mail is outstanding, whether
the SMS OTP was verified, when the brand was last revetted). Registration completes ``REGISTRATION_SECONDS``
after create and identity follows the deterministic rules of ``identity_findings`` and ``assess_identity``,
so a demo user can predict every outcome from the submitted data alone.

The SMS OTP of sole proprietors lives in ``sms_otp`` and external vetting in ``vetting``; both change a
brand's identity through ``verify_after_otp`` and ``set_identity``.
"""

import json
import random
import re
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import catalog
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import (
    CODE_BAD_REQUEST,
    ApiError,
    bad_request,
    empty_response,
    error_item,
    invalid,
    json_body,
    json_response,
    not_found,
)
from tendlc.sandbox.pagination import order_by, page_params
from tendlc.sandbox.store import Store, dumps
from tendlc.sandbox.validation import Field, validate_body, validate_body_with

EVENT_TYPE = "10dlc.brand.update"
CSP_ID = "SANDBOX"
BRAND_RELATIONSHIP = "BASIC_ACCOUNT"

REGISTRATION_SECONDS = 3.0
REVET_SECONDS = 3.0
TWO_FACTOR_EMAIL_SECONDS = 5.0
REVET_INTERVAL_SECONDS = 90 * 86400.0  # "at most once every 3 months"

# Deterministic outcome markers, matched case-insensitively in displayName and companyName.
MARKER_FAIL_REGISTRATION = "FAILREG"
MARKER_UNVERIFIED = "UNVERIFIED"
MARKER_NOT_TAX_EXEMPT = "NOTEXEMPT"
MARKER_NOT_GOVERNMENT = "NOTGOV"
# In businessContactEmail: the 2FA e-mail is never completed.
MARKER_NO_2FA = "+no2fa"
INVALID_EIN_DIGITS = "000000000"
MARKED_FIELDS = ("displayName", "companyName")

VERIFIED_IDENTITIES = ("VERIFIED", "VETTED_VERIFIED")
EIN_ENTITY_TYPES = ("PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT")
ENTITY_REQUIREMENTS = {
    "PRIVATE_PROFIT": ("companyName",),
    "NON_PROFIT": ("companyName", "ein"),
    "GOVERNMENT": (),
    "PUBLIC_PROFIT": ("companyName", "stockSymbol", "stockExchange", "businessContactEmail"),
    "SOLE_PROPRIETOR": ("firstName", "lastName", "mobilePhone"),
}
FEEDBACK_FIELDS = {
    "TAX_ID": ["ein", "companyName", "entityType"],
    "STOCK_SYMBOL": ["stockSymbol", "stockExchange"],
    "NONPROFIT": ["entityType", "companyName", "ein"],
    "GOVERNMENT_ENTITY": ["entityType", "companyName"],
}

US_EIN = re.compile(r"^(\d{9}|\d{2}-\d{7})$")
US_POSTAL_CODE = re.compile(r"^\d{5}(-\d{4})?$")

# TelnyxBrand (reference §2.1.1), in the order responses show them.
BRAND_KEYS = (
    "brandId", "tcrBrandId", "referenceId", "cspId", "brandRelationship", "entityType", "displayName",
    "companyName", "firstName", "lastName", "ein", "universalEin", "altBusinessId", "altBusinessIdType", "phone",
    "mobilePhone", "email", "businessContactEmail", "street", "city", "state", "postalCode", "country", "website",
    "stockSymbol", "stockExchange", "ipAddress", "vertical", "isReseller", "mock", "identityStatus", "status",
    "failureReasons", "optionalAttributes", "webhookURL", "webhookFailoverURL", "createdAt", "updatedAt",
)  # fmt: skip
# BrandBasic (§2.1.2): the records of B1.
LIST_ITEM_KEYS = (
    "brandId", "tcrBrandId", "entityType", "displayName", "companyName", "email", "website", "identityStatus",
    "status", "failureReasons", "createdAt", "updatedAt",
)  # fmt: skip

REQUIRED_FIELDS = (
    Field("entityType", required=True, choices=catalog.ENTITY_TYPES),
    Field("displayName", required=True, max_length=100),
    Field("country", required=True, max_length=2),
    Field("email", required=True, max_length=100, format="email"),
    Field("vertical", required=True, choices=catalog.VERTICALS),
)
OPTIONAL_FIELDS = (
    Field("companyName", max_length=100, nullable=True),
    Field("firstName", max_length=100, nullable=True),
    Field("lastName", max_length=100, nullable=True),
    Field("ein", max_length=20, nullable=True),
    Field("phone", max_length=20, format="e164", nullable=True),
    Field("street", max_length=100, nullable=True),
    Field("city", max_length=100, nullable=True),
    Field("state", max_length=20, nullable=True),
    Field("postalCode", max_length=10, nullable=True),
    Field("stockSymbol", max_length=10, nullable=True),
    Field("stockExchange", choices=catalog.STOCK_EXCHANGES, nullable=True),
    Field("ipAddress", max_length=50, nullable=True),
    Field("website", max_length=100, format="url", nullable=True),
    Field("isReseller", kind=bool, nullable=True),
    Field("businessContactEmail", max_length=100, format="email", nullable=True),
    Field("webhookURL", format="url", nullable=True),
    Field("webhookFailoverURL", format="url", nullable=True),
)
CREATE_FIELDS = (
    *REQUIRED_FIELDS,
    *OPTIONAL_FIELDS,
    Field("mobilePhone", max_length=20, format="e164", nullable=True),
    Field("mock", kind=bool, nullable=True),
)
UPDATE_FIELDS = (
    *REQUIRED_FIELDS,
    *OPTIONAL_FIELDS,
    Field("altBusinessId", max_length=50, nullable=True),
    Field("altBusinessIdType", choices=catalog.ALT_BUSINESS_ID_TYPES, nullable=True),
    Field("identityStatus", choices=catalog.IDENTITY_STATUSES, nullable=True),
)
CREATE_ONLY_FIELDS = ("mock", "mobilePhone")


# --- records -----------------------------------------------------------------------------------------------


@dataclass
class BrandState:
    """The registry's private memory of a brand (never on the wire)."""

    feedback: list[dict[str, Any]] = field(default_factory=list)  # [{"id": category, "fields": [...]}]
    pending_2fa: bool = False
    otp_verified: bool = False
    last_revet_at: float | None = None

    def dumps(self) -> str:
        return dumps(
            {
                "feedback": self.feedback,
                "pending2fa": self.pending_2fa,
                "otpVerified": self.otp_verified,
                "lastRevetAt": self.last_revet_at,
            }
        )

    @classmethod
    def loads(cls, raw: str, doc: Mapping[str, Any]) -> "BrandState":
        data = json.loads(raw)
        if not data:
            return cls.implied_by(doc)
        return cls(data["feedback"], data["pending2fa"], data["otpVerified"], data["lastRevetAt"])

    @classmethod
    def implied_by(cls, doc: Mapping[str, Any]) -> "BrandState":
        """The state of a brand written without one (bulk seeding, test factories): what its document shows."""
        verified = brand_is_verified(doc)
        return cls(
            feedback=[] if verified else identity_findings(doc),
            otp_verified=doc.get("entityType") == "SOLE_PROPRIETOR" and verified,
        )


@dataclass
class BrandRecord:
    doc: dict[str, Any]
    state: BrandState
    campaign_count: int


def brand_is_verified(doc: Mapping[str, Any]) -> bool:
    """Whether the brand's identity is established (campaigns may be registered for it)."""
    return doc.get("identityStatus") in VERIFIED_IDENTITIES


def new_brand_id() -> str:
    return "4b20" + str(uuid.uuid4())[4:]


def random_tcr_brand_id() -> str:
    return "B" + "".join(random.choices(string.ascii_uppercase + string.digits, k=6))


def new_brand_doc(
    values: Mapping[str, Any], brand_id: str, tcr_brand_id: str, timestamp: str
) -> dict[str, Any]:
    """A freshly submitted brand: the accepted wire ``values`` plus what the registry fills in."""
    doc: dict[str, Any] = dict.fromkeys(BRAND_KEYS)
    doc.update(values)
    doc.update(
        brandId=brand_id,
        tcrBrandId=tcr_brand_id,
        referenceId=brand_id,
        cspId=CSP_ID,
        brandRelationship=BRAND_RELATIONSHIP,
        universalEin=universal_ein(doc),
        isReseller=bool(values.get("isReseller")),
        mock=bool(values.get("mock")),
        identityStatus="UNVERIFIED",
        status="REGISTRATION_PENDING",
        failureReasons=None,
        optionalAttributes={},
        createdAt=timestamp,
        updatedAt=timestamp,
    )
    return doc


def universal_ein(doc: Mapping[str, Any]) -> str | None:
    ein = doc.get("ein")
    if not ein or not doc.get("country"):
        return None
    return f"{doc['country']}_{re.sub(r'[^0-9A-Za-z]', '', ein)}"


def put_brand(
    context: Context, doc: Mapping[str, Any], created_at: float, state: BrandState | None = None
) -> None:
    """Write a brand (insert, or replace the document of an existing one) with its index columns.

    One statement, no reads, so bulk seeding can call it per row. Without ``state`` a new brand's state is
    implied by its document when read (``BrandState.implied_by``) and an existing brand keeps its own.
    """
    context.store.execute(
        "INSERT INTO brands (brand_id, tcr_brand_id, created_at, display_name, entity_type, state, country,"
        " identity_status, status, doc, internal) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (brand_id) DO UPDATE SET tcr_brand_id = excluded.tcr_brand_id,"
        " display_name = excluded.display_name, entity_type = excluded.entity_type, state = excluded.state,"
        " country = excluded.country, identity_status = excluded.identity_status, status = excluded.status,"
        " doc = excluded.doc,"
        " internal = CASE excluded.internal WHEN '{}' THEN brands.internal ELSE excluded.internal END",
        (
            doc["brandId"],
            doc["tcrBrandId"],
            created_at,
            doc["displayName"],
            doc["entityType"],
            doc.get("state"),
            doc["country"],
            doc.get("identityStatus"),
            doc.get("status"),
            dumps(doc),
            state.dumps() if state is not None else "{}",
        ),
    )


def load_record(store: Store, brand_id: str) -> BrandRecord | None:
    row = store.one("SELECT doc, internal, campaign_count FROM brands WHERE brand_id = ?", (brand_id,))
    if row is None:
        return None
    doc = json.loads(row["doc"])
    return BrandRecord(doc, BrandState.loads(row["internal"], doc), row["campaign_count"])


def require_record(context: Context, brand_id: str) -> BrandRecord:
    record = load_record(context.store, brand_id)
    if record is None:
        raise not_found("Brand not found")
    return record


def save_record(context: Context, record: BrandRecord) -> None:
    doc = record.doc
    context.store.execute(
        "UPDATE brands SET tcr_brand_id = ?, display_name = ?, entity_type = ?, state = ?, country = ?,"
        " identity_status = ?, status = ?, doc = ?, internal = ? WHERE brand_id = ?",
        (
            doc["tcrBrandId"],
            doc["displayName"],
            doc["entityType"],
            doc.get("state"),
            doc["country"],
            doc["identityStatus"],
            doc["status"],
            dumps(doc),
            record.state.dumps(),
            doc["brandId"],
        ),
    )


def _new_tcr_brand_id(store: Store) -> str:
    while True:
        candidate = random_tcr_brand_id()
        if store.scalar("SELECT 1 FROM brands WHERE tcr_brand_id = ?", (candidate,)) is None:
            return candidate


# --- identity rules ------------------------------------------------------------------------------------------


def _marked(doc: Mapping[str, Any], marker: str) -> list[str]:
    """The fields among displayName and companyName that carry ``marker``."""
    return [name for name in MARKED_FIELDS if marker.lower() in (doc.get(name) or "").lower()]


def _is_listed_company(doc: Mapping[str, Any]) -> bool:
    symbol = (doc.get("stockSymbol") or "").upper()
    exchange = doc.get("stockExchange")
    return any(
        company["symbol"] == symbol and company["exchange"] == exchange
        for company in catalog.APPROVED_PUBLIC_COMPANIES
    )


def identity_findings(doc: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Why the registry cannot verify this brand from its data: feedback categories and the fields concerned."""
    findings: list[dict[str, Any]] = []
    entity = doc.get("entityType")
    if entity in EIN_ENTITY_TYPES:
        digits = re.sub(r"\D", "", doc.get("ein") or "")
        # The reference makes an EIN mandatory for non-profits only; the registry still cannot verify a
        # company's tax identity without one.
        if not digits or digits == INVALID_EIN_DIGITS or _marked(doc, MARKER_UNVERIFIED):
            findings.append({"id": "TAX_ID", "fields": FEEDBACK_FIELDS["TAX_ID"]})
    elif marked := _marked(doc, MARKER_UNVERIFIED):
        findings.append({"id": "OTHERS", "fields": marked})
    if entity == "PUBLIC_PROFIT" and not _is_listed_company(doc):
        findings.append({"id": "STOCK_SYMBOL", "fields": FEEDBACK_FIELDS["STOCK_SYMBOL"]})
    if entity == "NON_PROFIT" and _marked(doc, MARKER_NOT_TAX_EXEMPT):
        findings.append({"id": "NONPROFIT", "fields": FEEDBACK_FIELDS["NONPROFIT"]})
    if entity == "GOVERNMENT" and _marked(doc, MARKER_NOT_GOVERNMENT):
        findings.append({"id": "GOVERNMENT_ENTITY", "fields": FEEDBACK_FIELDS["GOVERNMENT_ENTITY"]})
    return findings


def has_successful_vetting(store: Store, brand_id: str) -> bool:
    return (
        store.scalar("SELECT 1 FROM vettings WHERE brand_id = ? AND state = 'ACTIVE'", (brand_id,))
        is not None
    )


def assess_identity(store: Store, record: BrandRecord) -> tuple[str, list[dict[str, Any]]]:
    """The identity status the registry gives the brand now, and the findings that explain it."""
    doc, state = record.doc, record.state
    findings = identity_findings(doc)
    if findings:
        return "UNVERIFIED", findings
    entity = doc["entityType"]
    if (entity == "SOLE_PROPRIETOR" and not state.otp_verified) or (
        entity == "PUBLIC_PROFIT" and state.pending_2fa
    ):
        return "UNVERIFIED", []
    return ("VETTED_VERIFIED" if has_successful_vetting(store, doc["brandId"]) else "VERIFIED"), []


def _reasons(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {"fields": finding["fields"], "description": catalog.FEEDBACK_CATEGORIES[finding["id"]][1]}
        for finding in findings
    ]


# --- webhooks ------------------------------------------------------------------------------------------------


def emit(context: Context, doc: Mapping[str, Any], payload: dict[str, Any]) -> None:
    """Queue a ``10dlc.brand.update`` event for the brand's webhook URLs."""
    context.webhooks.emit(EVENT_TYPE, payload, doc.get("webhookURL"), doc.get("webhookFailoverURL"))


def emit_result(
    context: Context, doc: Mapping[str, Any], event: str, success: bool, reasons: list[dict[str, Any]]
) -> None:
    """A REGISTRATION, REVET or ORDER_EXTERNAL_VETTING result (reference §4.4)."""
    emit(
        context,
        doc,
        {
            "brandId": doc["brandId"],
            "status": "success" if success else "failed",
            "type": event,
            "reasons": reasons,
        },
    )


def emit_tcr_update(context: Context, doc: Mapping[str, Any], event_type: str, description: str) -> None:
    """A TCR_BRAND_UPDATE event; ``identityStatus`` is a sandbox addition so receivers need not re-fetch."""
    emit(
        context,
        doc,
        {
            "brandId": doc["brandId"],
            "brandName": doc["displayName"],
            "description": description,
            "eventType": event_type,
            "identityStatus": doc["identityStatus"],
            "status": "success",
            "tcrBrandId": doc["tcrBrandId"],
            "type": "TCR_BRAND_UPDATE",
        },
    )


def set_identity(context: Context, record: BrandRecord, identity: str, event_type: str | None) -> None:
    """Change and save the brand's identity status; announce it as a TCR_BRAND_UPDATE ``event_type``."""
    doc = record.doc
    doc["identityStatus"] = identity
    doc["updatedAt"] = context.clock.naive_iso()
    save_record(context, record)
    if event_type is not None:
        emit_tcr_update(context, doc, event_type, f"Brand {doc['tcrBrandId']} identity status is {identity}")


def verify_after_otp(context: Context, record: BrandRecord) -> None:
    """A sole proprietor proved its mobile number: VERIFIED, unless registration is not done or found issues."""
    record.state.otp_verified = True
    doc = record.doc
    if doc["status"] == "OK" and doc["identityStatus"] == "UNVERIFIED" and not record.state.feedback:
        doc["identityStatus"] = "VERIFIED"
    doc["updatedAt"] = context.clock.naive_iso()
    save_record(context, record)
    emit_tcr_update(context, doc, "BRAND_OTP_VERIFIED", f"Brand {doc['tcrBrandId']} SMS OTP is verified")


# --- lifecycle steps -----------------------------------------------------------------------------------------


def complete_registration(context: Context, brand_id: str, data: dict[str, Any]) -> None:
    record = load_record(context.store, brand_id)
    if record is None or record.doc["status"] != "REGISTRATION_PENDING":
        return
    doc = record.doc
    marked = _marked(doc, MARKER_FAIL_REGISTRATION)
    if marked:
        findings = [{"id": "OTHERS", "fields": marked}]
        doc.update(
            status="REGISTRATION_FAILED",
            identityStatus="UNVERIFIED",
            failureReasons="; ".join(reason["description"] for reason in _reasons(findings)),
        )
    else:
        identity, findings = assess_identity(context.store, record)
        doc.update(status="OK", identityStatus=identity, failureReasons=None)
    record.state.feedback = findings
    doc["updatedAt"] = context.clock.naive_iso()
    save_record(context, record)
    if marked:
        emit_result(context, doc, "REGISTRATION", False, _reasons(findings))
    else:
        emit_tcr_update(context, doc, "BRAND_ADD", f"Brand {doc['tcrBrandId']} is added")


def complete_revet(context: Context, brand_id: str, data: dict[str, Any]) -> None:
    record = load_record(context.store, brand_id)
    if record is None or record.doc["status"] != "OK":
        return
    identity, findings = assess_identity(context.store, record)
    record.state.feedback = findings
    record.doc.update(identityStatus=identity, updatedAt=context.clock.naive_iso())
    save_record(context, record)
    emit_result(context, record.doc, "REVET", not findings, _reasons(findings))


def complete_2fa_email(context: Context, brand_id: str, data: dict[str, Any]) -> None:
    """The brand's contact followed the 2FA link, unless the address carries the "+no2fa" marker."""
    record = load_record(context.store, brand_id)
    if record is None or record.doc["entityType"] != "PUBLIC_PROFIT" or not record.state.pending_2fa:
        return
    email = record.doc.get("businessContactEmail") or ""
    if not email or MARKER_NO_2FA in email.lower():
        return
    record.state.pending_2fa = False
    doc = record.doc
    if doc["status"] == "OK" and doc["identityStatus"] == "UNVERIFIED" and not record.state.feedback:
        set_identity(context, record, "VERIFIED", "BRAND_IDENTITY_UPDATE")
    else:
        save_record(context, record)


def _send_2fa_email(context: Context, record: BrandRecord) -> None:
    record.state.pending_2fa = True
    context.scheduler.cancel(record.doc["brandId"], ("brand.2fa_email",))
    context.scheduler.schedule("brand.2fa_email", record.doc["brandId"], TWO_FACTOR_EMAIL_SECONDS)


STEPS = {
    "brand.register": complete_registration,
    "brand.revet": complete_revet,
    "brand.2fa_email": complete_2fa_email,
}


# --- validation ----------------------------------------------------------------------------------------------


def _present(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def brand_rule_errors(brand: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Cross-field rules of a brand's data: the entity type's required fields and the formats of a US address."""
    errors = []
    country = brand.get("country")
    if country and country not in catalog.COUNTRIES:
        errors.append(
            invalid("country", "country must be an ISO 3166-1 alpha-2 code in upper case, e.g. US.")
        )
    entity = brand.get("entityType")
    for name in ENTITY_REQUIREMENTS.get(entity, ()):
        if not _present(brand.get(name)):
            errors.append(
                invalid(name, f"{name} is required for {entity} brands.", title="Missing required field")
            )
    if entity == "SOLE_PROPRIETOR" and _present(brand.get("ein")):
        errors.append(
            invalid("ein", "ein must not be set for SOLE_PROPRIETOR brands: a sole proprietor has no EIN.")
        )
    if country == "US":
        if _present(brand.get("ein")) and not US_EIN.match(brand["ein"]):
            errors.append(invalid("ein", "ein of a US brand must be 9 digits, e.g. 123456789 or 12-3456789."))
        if _present(brand.get("state")) and brand["state"] not in catalog.US_STATES:
            errors.append(invalid("state", "state of a US brand must be a 2-letter state code, e.g. NY."))
        if _present(brand.get("postalCode")) and not US_POSTAL_CODE.match(brand["postalCode"]):
            errors.append(
                invalid("postalCode", "postalCode of a US brand must be a ZIP code: 12345 or 12345-6789.")
            )
    return errors


def _update_errors(
    existing: Mapping[str, Any], body: Mapping[str, Any], values: dict[str, Any]
) -> list[dict]:
    errors = [
        invalid(name, f"{name} cannot be changed by an update.")
        for name in CREATE_ONLY_FIELDS
        if name in body
    ]
    old_entity, new_entity = existing["entityType"], values.get("entityType", existing["entityType"])
    if old_entity != new_entity and "SOLE_PROPRIETOR" in (old_entity, new_entity):
        errors.append(invalid("entityType", "entityType cannot be changed to or from SOLE_PROPRIETOR."))
    if old_entity != new_entity == "PUBLIC_PROFIT" and not _present(values.get("businessContactEmail")):
        errors.append(
            invalid(
                "businessContactEmail",
                "businessContactEmail is required when entityType changes to PUBLIC_PROFIT.",
                title="Missing required field",
            )
        )
    return errors + brand_rule_errors({**existing, **values})


# --- API routes ----------------------------------------------------------------------------------------------

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


def create_brand(context: Context, request: Request) -> Response:
    """B2."""
    values = validate_body_with(json_body(request), CREATE_FIELDS, brand_rule_errors)
    store = context.store
    with store.transaction():
        now = context.clock.now()
        doc = new_brand_doc(values, new_brand_id(), _new_tcr_brand_id(store), context.clock.naive_iso(now))
        state = BrandState()
        put_brand(context, doc, now, state)
        record = BrandRecord(doc, state, 0)
        context.scheduler.schedule("brand.register", doc["brandId"], REGISTRATION_SECONDS)
        if doc["entityType"] == "PUBLIC_PROFIT":
            _send_2fa_email(context, record)
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
        values = validate_body_with(body, UPDATE_FIELDS, lambda accepted: _update_errors(doc, body, accepted))
        values.pop("identityStatus", None)
        old_entity, old_contact = doc["entityType"], doc.get("businessContactEmail")
        doc.update(values)
        doc.update(universalEin=universal_ein(doc), updatedAt=context.clock.naive_iso())
        if doc["entityType"] == "PUBLIC_PROFIT" and (
            old_entity != "PUBLIC_PROFIT"
            or (record.state.pending_2fa and doc.get("businessContactEmail") != old_contact)
        ):
            _send_2fa_email(context, record)
        if doc["status"] == "REGISTRATION_FAILED":
            # A corrected brand is submitted again.
            doc.update(status="REGISTRATION_PENDING", failureReasons=None)
            record.state.feedback = []
            context.scheduler.schedule("brand.register", brandId, REGISTRATION_SECONDS)
        save_record(context, record)
    return json_response(doc)


def delete_brand(context: Context, request: Request, brandId: str) -> Response:
    """B5."""
    store = context.store
    with store.transaction():
        if load_record(store, brandId) is None:
            raise not_found("Brand not found")
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
            _send_2fa_email(context, record)
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
        context.scheduler.schedule("brand.revet", brandId, REVET_SECONDS)
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


# --- control plane -------------------------------------------------------------------------------------------

TRANSITION_FIELDS = (
    Field("status", choices=catalog.BRAND_STATUSES),
    Field("identityStatus", choices=catalog.IDENTITY_STATUSES),
)


def _force_status(context: Context, record: BrandRecord, status: str) -> None:
    doc = record.doc
    context.scheduler.cancel(doc["brandId"], ("brand.register",))
    doc["status"] = status
    doc["failureReasons"] = None
    if status == "REGISTRATION_PENDING":
        # Registration runs again, with the rules, after the usual delay.
        context.scheduler.schedule("brand.register", doc["brandId"], REGISTRATION_SECONDS)
    elif status == "REGISTRATION_FAILED":
        reasons = [
            {"fields": [], "description": "Registration failed (forced by the sandbox control plane)."}
        ]
        doc["failureReasons"] = reasons[0]["description"]
        emit_result(context, doc, "REGISTRATION", False, reasons)
    else:
        emit_tcr_update(context, doc, "BRAND_ADD", f"Brand {doc['tcrBrandId']} is added")


def transition_brand(context: Context, request: Request, brandId: str) -> Response:
    """Force ``status`` and/or ``identityStatus``, with the webhook each change sends."""
    body = json_body(request)
    values = validate_body(body, TRANSITION_FIELDS)
    if not values:
        raise ApiError(
            422, [invalid("status", "Send status and/or identityStatus.", title="Missing required field")]
        )
    with context.store.transaction():
        record = require_record(context, brandId)
        doc = record.doc
        doc["updatedAt"] = context.clock.naive_iso()
        if values.get("status", doc["status"]) != doc["status"]:
            _force_status(context, record, values["status"])
        save_record(context, record)
        identity = values.get("identityStatus", doc["identityStatus"])
        if identity != doc["identityStatus"]:
            set_identity(context, record, identity, "BRAND_IDENTITY_UPDATE")
    return json_response({**record.doc, "assignedCampaignsCount": record.campaign_count})


CONTROL_ROUTES = [Rule("/brands/<brandId>/transition", endpoint=transition_brand, methods=["POST"])]
