"""External vetting of a brand (reference §2.3): list (V1), order (V2), import (V3).

An order completes ``VETTING_SECONDS`` later. A vetting of a verified brand completes (state ACTIVE,
``vettedDate`` and ``vettingScore`` set) whatever its score: the score (0-100) is the result, and a low one
means low throughput, not a failed vetting (Telnyx's troubleshooting guide). Any completed vetting makes the
brand VETTED_VERIFIED. A vetting that cannot be done, of a brand whose identity is not verified, fails
(state FAILED, no ``vettedDate``, no score) and may be re-ordered at once. An import is scored the same way
at once. V1 lists the completed ones only: the SDK reads a record without ``vettedDate`` as not complete or
not valid.
"""

import json
import re
import uuid
from datetime import datetime
from typing import Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox import catalog
from tendlc.sandbox.brands.identity import brand_is_verified, marked_fields
from tendlc.sandbox.brands.lifecycle import emit_result, set_identity
from tendlc.sandbox.brands.records import BrandRecord, load_record, require_record
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import CODE_DUPLICATE_VETTING, bad_request, json_body, json_response
from tendlc.sandbox.store import dumps
from tendlc.sandbox.validation import Field, validate_body

VETTING_SECONDS = 10.0
DUPLICATE_WINDOW_SECONDS = 180 * 86400.0
LOW_SCORE = 20
MARKER_LOW_SCORE = "LOWSCORE"
SCORES = {"GOVERNMENT": 90, "PUBLIC_PROFIT": 85, "PRIVATE_PROFIT": 75, "NON_PROFIT": 70}
# A provider does not confirm an imported vetting whose id starts so (case-insensitive).
INVALID_IMPORT_PREFIX = "INVALID"
# Imports carry no class: Campaign Verify vets political campaigns, the others standard ones.
IMPORT_CLASSES = {"CV": "POLITICAL"}

ORDER_FIELDS = (
    Field("evpId", required=True, choices=catalog.VETTING_PROVIDERS),
    Field("vettingClass", required=True, choices=catalog.VETTING_CLASSES),
)
IMPORT_FIELDS = (
    Field("evpId", required=True, max_length=10, choices=catalog.VETTING_PROVIDERS),
    Field("vettingId", required=True, max_length=100),
    Field("vettingToken", max_length=500, nullable=True),
)


def vetting_score(doc: dict[str, Any]) -> int:
    """The score a provider gives a verified brand."""
    return LOW_SCORE if marked_fields(doc, MARKER_LOW_SCORE) else SCORES[doc["entityType"]]


def _require_vettable(record: BrandRecord) -> None:
    doc = record.doc
    if doc["entityType"] == "SOLE_PROPRIETOR":
        raise bad_request("Sole proprietor brands cannot be vetted.")
    if doc["status"] != "OK":
        raise bad_request("Brand is not registered yet: vetting is possible once registration has completed.")
    if doc["entityType"] == "PUBLIC_PROFIT" and not brand_is_verified(doc):
        raise bad_request(
            "Brand identity is not verified: a PUBLIC_PROFIT brand must complete its 2FA e-mail verification"
            " before it can be vetted."
        )


def _is_duplicate(context: Context, brand_id: str, evp_id: str, vetting_class: str) -> bool:
    """An order of this provider and class in progress, or successful within the last 180 days."""
    rows = context.store.all(
        "SELECT state, doc FROM vettings WHERE brand_id = ? AND evp_id = ? AND vetting_class = ?"
        " AND state IN ('PENDING', 'ACTIVE')",
        (brand_id, evp_id, vetting_class),
    )
    since = context.clock.now() - DUPLICATE_WINDOW_SECONDS
    return any(
        row["state"] == "PENDING"
        or datetime.fromisoformat(json.loads(row["doc"])["vettedDate"]).timestamp() > since
        for row in rows
    )


def _put(context: Context, brand_id: str, state: str, created_at: float, doc: dict[str, Any]) -> None:
    context.store.execute(
        "INSERT INTO vettings (vetting_id, brand_id, evp_id, vetting_class, state, created_at, doc)"
        " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (vetting_id) DO UPDATE SET state = excluded.state,"
        " evp_id = excluded.evp_id, vetting_class = excluded.vetting_class, created_at = excluded.created_at,"
        " doc = excluded.doc",
        (doc["vettingId"], brand_id, doc["evpId"], doc["vettingClass"], state, created_at, dumps(doc)),
    )


def _score(context: Context, record: BrandRecord, doc: dict[str, Any]) -> tuple[str, list[dict]]:
    """Complete ``doc`` for the brand, or fail it if the brand cannot be vetted; a completed vetting makes the
    brand VETTED_VERIFIED. Returns the vetting's state and the reasons of a failure."""
    if not brand_is_verified(record.doc):
        return "FAILED", [
            {
                "fields": ["identityStatus"],
                "description": "Brand identity is not verified: the provider could not vet the brand.",
            }
        ]
    doc.update(vettingScore=vetting_score(record.doc), vettedDate=context.clock.iso())
    if record.doc["identityStatus"] != "VETTED_VERIFIED":
        set_identity(context, record, "VETTED_VERIFIED")
    return "ACTIVE", []


def list_vettings(context: Context, request: Request, brandId: str) -> Response:
    """V1: the brand's completed vettings, as a bare array."""
    require_record(context, brandId)
    rows = context.store.all(
        "SELECT doc FROM vettings WHERE brand_id = ? AND state = 'ACTIVE' ORDER BY created_at, vetting_id",
        (brandId,),
    )
    return json_response([json.loads(row["doc"]) for row in rows])


def order_vetting(context: Context, request: Request, brandId: str) -> Response:
    """V2."""
    values = validate_body(json_body(request), ORDER_FIELDS)
    with context.store.transaction():
        record = require_record(context, brandId)
        _require_vettable(record)
        if _is_duplicate(context, brandId, values["evpId"], values["vettingClass"]):
            raise bad_request(
                f"A {values['vettingClass']} vetting by {values['evpId']} is already in progress or succeeded"
                " within the last 180 days.",
                code=CODE_DUPLICATE_VETTING,
            )
        now = context.clock.now()
        doc = {
            "evpId": values["evpId"],
            "vettingId": str(uuid.uuid4()),
            "vettingClass": values["vettingClass"],
            "vettingToken": None,
            "createDate": context.clock.iso(now),
            "vettedDate": None,
            "vettingScore": None,
        }
        _put(context, brandId, "PENDING", now, doc)
        context.scheduler.schedule("vetting.complete", doc["vettingId"], VETTING_SECONDS)
    return json_response(doc)


def import_vetting(context: Context, request: Request, brandId: str) -> Response:
    """V3: a vetting done elsewhere, confirmed by its provider unless its id says otherwise."""
    values = validate_body(json_body(request), IMPORT_FIELDS)
    store = context.store
    with store.transaction():
        record = require_record(context, brandId)
        _require_vettable(record)
        vetting_id = values["vettingId"]
        if re.match(INVALID_IMPORT_PREFIX, vetting_id, re.IGNORECASE):
            raise bad_request(
                f"{values['evpId']} could not confirm vetting {vetting_id}.", pointer="/vettingId"
            )
        owner = store.scalar("SELECT brand_id FROM vettings WHERE vetting_id = ?", (vetting_id,))
        if owner not in (None, brandId):
            raise bad_request(f"Vetting {vetting_id} belongs to another brand.", pointer="/vettingId")
        now = context.clock.now()
        doc = {
            "evpId": values["evpId"],
            "vettingId": vetting_id,
            "vettingClass": IMPORT_CLASSES.get(values["evpId"], "STANDARD"),
            "vettingToken": values.get("vettingToken"),
            "createDate": context.clock.iso(now),
            "vettedDate": None,
            "vettingScore": None,
        }
        state, _ = _score(context, record, doc)
        _put(context, brandId, state, now, doc)
    return json_response(doc)


def complete_order(context: Context, vetting_id: str, data: dict[str, Any]) -> None:
    row = context.store.one(
        "SELECT brand_id, state, created_at, doc FROM vettings WHERE vetting_id = ?", (vetting_id,)
    )
    if row is None or row["state"] != "PENDING":
        return
    record = load_record(context.store, row["brand_id"])
    if record is None:
        return
    doc = json.loads(row["doc"])
    state, reasons = _score(context, record, doc)
    _put(context, row["brand_id"], state, row["created_at"], doc)
    emit_result(context, record.doc, "ORDER_EXTERNAL_VETTING", state == "ACTIVE", reasons)


STEPS = {"vetting.complete": complete_order}

ROUTES = [
    Rule("/10dlc/brand/<brandId>/externalVetting", endpoint=list_vettings, methods=["GET"]),
    Rule("/10dlc/brand/<brandId>/externalVetting", endpoint=order_vetting, methods=["POST"]),
    Rule("/10dlc/brand/<brandId>/externalVetting", endpoint=import_vetting, methods=["PUT"]),
]
