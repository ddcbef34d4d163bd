"""The brand row: its wire document (TelnyxBrand, reference §2.1.1), the registry's private state beside it,
and the one place either is read or written."""

import json
import random
import re
import string
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tendlc.sandbox.brands.identity import brand_is_verified, identity_findings
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import not_found
from tendlc.sandbox.store import Store, dumps

CSP_ID = "SANDBOX"
BRAND_RELATIONSHIP = "BASIC_ACCOUNT"

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


def holds_ein(store: Store, doc: Mapping[str, Any]) -> bool:
    """Whether another brand already holds ``doc``'s EIN (TRBL: "A brand with this EIN already exists").

    Mock brands never reach the registry, so they neither hold an EIN nor are refused one; a brand whose
    registration failed was never added to the registry, so it holds none either.
    """
    if doc.get("mock") or not doc.get("universalEin"):
        return False
    return (
        store.scalar(
            "SELECT 1 FROM brands WHERE json_extract(doc, '$.universalEin') = ? AND brand_id != ?"
            " AND status != 'REGISTRATION_FAILED' AND COALESCE(json_extract(doc, '$.mock'), 0) = 0 LIMIT 1",
            (doc["universalEin"], doc["brandId"]),
        )
        is not None
    )


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


def new_tcr_brand_id(store: Store) -> str:
    while True:
        candidate = random_tcr_brand_id()
        if store.scalar("SELECT 1 FROM brands WHERE tcr_brand_id = ?", (candidate,)) is None:
            return candidate


def has_successful_vetting(store: Store, brand_id: str) -> bool:
    return (
        store.scalar("SELECT 1 FROM vettings WHERE brand_id = ? AND state = 'ACTIVE'", (brand_id,))
        is not None
    )
