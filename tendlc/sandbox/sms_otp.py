"""The SMS OTP that verifies a sole proprietor's mobile number (reference §5.4): trigger (B11), status by
reference (B7) and by brand (B9), verify (B12), and the control routes that read the PIN and force delivery.

No SMS leaves the sandbox: the PIN "sent" is logged and readable with ``GET /sandbox/brands/{id}/smsOtp``.
Delivery completes ``DELIVERY_SECONDS`` after the trigger (a mobile number ending in 0000 is unreachable) and
the PIN expires ``LIFETIME_SECONDS`` after it. A brand has one OTP at a time: a new trigger replaces it.
"""

import json
import logging
import random
import re
import uuid
from typing import TYPE_CHECKING, Any

from werkzeug.routing import Rule
from werkzeug.wrappers import Request, Response

from tendlc.sandbox.brands.lifecycle import verify_after_otp
from tendlc.sandbox.brands.records import load_record, require_record
from tendlc.sandbox.context import Context
from tendlc.sandbox.http import bad_request, empty_response, invalid, json_body, json_response, not_found
from tendlc.sandbox.store import dumps
from tendlc.sandbox.validation import Field, validate_body, validate_body_with

if TYPE_CHECKING:
    from sqlite3 import Row

logger = logging.getLogger(__name__)

DELIVERY_SECONDS = 2.0
LIFETIME_SECONDS = 24 * 3600.0
PIN_PLACEHOLDER = "@OTP_PIN@"
UNREACHABLE_SUFFIX = "0000"
# Real OTPs go to US and Canadian mobiles only (NANP); mock brands may use any E.164 number.
NANP_NUMBER = re.compile(r"^\+1[2-9]\d{9}$")
NOT_ELIGIBLE = "Brand is not a Sole Proprietor or invalid mobile phone number"

TRIGGER_FIELDS = (
    Field("pinSms", required=True, max_length=500),
    Field("successSms", required=True, max_length=500),
)
VERIFY_FIELDS = (Field("otpPin", required=True, min_length=4, max_length=10),)
FORCEABLE_STATUSES = ("PENDING", "DELIVERED_HANDSET", "DELIVERY_FAILED", "EXPIRED")
STATUS_DETAILS = {
    "PENDING": "Queued for delivery",
    "DELIVERED_HANDSET": "Delivered to handset",
    "DELIVERY_FAILED": "The handset could not be reached",
    "EXPIRED": "The PIN expired before it was verified",
    "VERIFIED": "The PIN was verified",
}


def _template_errors(values: dict[str, Any]) -> list[dict[str, Any]]:
    if "pinSms" in values and PIN_PLACEHOLDER not in values["pinSms"]:
        return [invalid("pinSms", f"pinSms must contain the placeholder {PIN_PLACEHOLDER}.")]
    return []


def _new_reference(context: Context) -> str:
    while True:
        candidate = "OTP" + uuid.uuid4().hex[:6].upper()
        if context.store.scalar("SELECT 1 FROM sms_otps WHERE reference_id = ?", (candidate,)) is None:
            return candidate


def _latest(context: Context, brand_id: str) -> "Row | None":
    return context.store.one(
        "SELECT * FROM sms_otps WHERE brand_id = ? ORDER BY created_at DESC LIMIT 1", (brand_id,)
    )


def _set_status(context: Context, reference_id: str, doc: dict[str, Any], status: str) -> None:
    doc.update(
        deliveryStatus=status,
        deliveryStatusDate=context.clock.iso(),
        deliveryStatusDetails=STATUS_DETAILS[status],
    )
    context.store.execute("UPDATE sms_otps SET doc = ? WHERE reference_id = ?", (dumps(doc), reference_id))


def trigger(context: Context, request: Request, brandId: str) -> Response:
    """B11: a new 6-digit PIN texted to the brand's mobilePhone, replacing any earlier OTP."""
    values = validate_body_with(json_body(request), TRIGGER_FIELDS, _template_errors)
    store = context.store
    with store.transaction():
        brand = require_record(context, brandId).doc
        mobile = brand.get("mobilePhone") or ""
        if brand["entityType"] != "SOLE_PROPRIETOR" or not (
            NANP_NUMBER.match(mobile) or (brand.get("mock") and mobile)
        ):
            raise bad_request(NOT_ELIGIBLE)
        for (reference_id,) in store.all("SELECT reference_id FROM sms_otps WHERE brand_id = ?", (brandId,)):
            context.scheduler.cancel(reference_id)
        store.execute("DELETE FROM sms_otps WHERE brand_id = ?", (brandId,))
        reference_id = _new_reference(context)
        pin = f"{random.randrange(10**6):06d}"
        now = context.clock.now()
        doc = {
            "brandId": brandId,
            "referenceId": reference_id,
            "mobilePhone": mobile,
            "requestDate": context.clock.iso(now),
            "deliveryStatus": "PENDING",
            "deliveryStatusDate": context.clock.iso(now),
            "deliveryStatusDetails": STATUS_DETAILS["PENDING"],
            "verifyDate": None,
        }
        store.execute(
            "INSERT INTO sms_otps (reference_id, brand_id, pin, created_at, expires_at, success_sms, doc)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (reference_id, brandId, pin, now, now + LIFETIME_SECONDS, values["successSms"], dumps(doc)),
        )
        context.scheduler.schedule("sms_otp.deliver", reference_id, DELIVERY_SECONDS)
        context.scheduler.schedule("sms_otp.expire", reference_id, LIFETIME_SECONDS)
    logger.info(
        "SMS OTP %s for brand %s to %s: %s",
        reference_id,
        brandId,
        mobile,
        values["pinSms"].replace(PIN_PLACEHOLDER, pin),
    )
    return json_response({"brandId": brandId, "referenceId": reference_id})


def get_by_reference(context: Context, request: Request, referenceId: str) -> Response:
    """B7. ``brandId``, when given, must name the OTP's brand (its Telnyx or its TCR id)."""
    row = context.store.one("SELECT brand_id, doc FROM sms_otps WHERE reference_id = ?", (referenceId,))
    brand_filter = request.args.get("brandId")
    if row is not None and brand_filter and brand_filter != row["brand_id"]:
        brand = load_record(context.store, row["brand_id"])
        if brand is None or brand.doc["tcrBrandId"] != brand_filter:
            row = None
    if row is None:
        raise not_found("OTP reference not found")
    return json_response(json.loads(row["doc"]))


def get_by_brand(context: Context, request: Request, brandId: str) -> Response:
    """B9."""
    require_record(context, brandId)
    row = _latest(context, brandId)
    if row is None:
        raise not_found("OTP status not found for this brand")
    return json_response(json.loads(row["doc"]))


def verify(context: Context, request: Request, brandId: str) -> Response:
    """B12: the right PIN of the brand's OTP, delivered and not expired, verifies the brand."""
    values = validate_body(json_body(request), VERIFY_FIELDS)
    with context.store.transaction():
        record = require_record(context, brandId)
        row = _latest(context, brandId)
        if row is None:
            raise bad_request("No SMS OTP was sent for this brand: trigger one first.")
        doc = json.loads(row["doc"])
        status = doc["deliveryStatus"]
        if status == "VERIFIED" and values["otpPin"] == row["pin"]:
            return empty_response(204)
        if status == "EXPIRED" or context.clock.now() >= row["expires_at"]:
            raise bad_request("The OTP has expired: trigger a new one.", pointer="/otpPin")
        if status == "DELIVERY_FAILED":
            raise bad_request("The OTP could not be delivered: trigger a new one.", pointer="/otpPin")
        if values["otpPin"] != row["pin"]:
            raise bad_request("Invalid OTP PIN.", pointer="/otpPin")
        doc["verifyDate"] = context.clock.iso()
        _set_status(context, row["reference_id"], doc, "VERIFIED")
        context.scheduler.cancel(row["reference_id"])
        verify_after_otp(context, record)
    logger.info(
        "SMS OTP %s verified; success SMS to %s: %s",
        row["reference_id"],
        doc["mobilePhone"],
        row["success_sms"],
    )
    return empty_response(204)


ROUTES = [
    Rule("/10dlc/brand/smsOtp/<referenceId>", endpoint=get_by_reference, methods=["GET"]),
    Rule("/10dlc/brand/<brandId>/smsOtp", endpoint=get_by_brand, methods=["GET"]),
    Rule("/10dlc/brand/<brandId>/smsOtp", endpoint=trigger, methods=["POST"]),
    Rule("/10dlc/brand/<brandId>/smsOtp", endpoint=verify, methods=["PUT"]),
]


# --- lifecycle steps -----------------------------------------------------------------------------------------


def _load(context: Context, reference_id: str) -> "Row | None":
    return context.store.one("SELECT * FROM sms_otps WHERE reference_id = ?", (reference_id,))


def deliver(context: Context, reference_id: str, data: dict[str, Any]) -> None:
    row = _load(context, reference_id)
    if row is None:
        return
    doc = json.loads(row["doc"])
    if doc["deliveryStatus"] == "PENDING":
        unreachable = doc["mobilePhone"].endswith(UNREACHABLE_SUFFIX)
        _set_status(context, reference_id, doc, "DELIVERY_FAILED" if unreachable else "DELIVERED_HANDSET")


def expire(context: Context, reference_id: str, data: dict[str, Any]) -> None:
    row = _load(context, reference_id)
    if row is None:
        return
    doc = json.loads(row["doc"])
    if doc["deliveryStatus"] in ("PENDING", "DELIVERED_HANDSET"):
        _set_status(context, reference_id, doc, "EXPIRED")


STEPS = {"sms_otp.deliver": deliver, "sms_otp.expire": expire}


# --- control plane -------------------------------------------------------------------------------------------


def _control_view(context: Context, row: "Row") -> dict[str, Any]:
    return {
        "otpPin": row["pin"],
        "referenceId": row["reference_id"],
        "deliveryStatus": json.loads(row["doc"])["deliveryStatus"],
        "expiresAt": context.clock.iso(row["expires_at"]),
    }


def read_pin(context: Context, request: Request, brandId: str) -> Response:
    """The brand's current OTP with its PIN, as the handset would have received it."""
    row = _latest(context, brandId)
    if row is None:
        raise not_found("No SMS OTP was sent for this brand")
    return json_response(_control_view(context, row))


def transition(context: Context, request: Request, brandId: str) -> Response:
    """Force the delivery status of the brand's OTP; its pending delivery step is dropped."""
    values = validate_body(
        json_body(request), (Field("deliveryStatus", required=True, choices=FORCEABLE_STATUSES),)
    )
    with context.store.transaction():
        row = _latest(context, brandId)
        if row is None:
            raise not_found("No SMS OTP was sent for this brand")
        reference_id = row["reference_id"]
        context.scheduler.cancel(reference_id, ("sms_otp.deliver",))
        if values["deliveryStatus"] == "EXPIRED":
            context.scheduler.cancel(reference_id, ("sms_otp.expire",))
        _set_status(context, reference_id, json.loads(row["doc"]), values["deliveryStatus"])
        row = _load(context, reference_id)
    return json_response(_control_view(context, row))


CONTROL_ROUTES = [
    Rule("/brands/<brandId>/smsOtp", endpoint=read_pin, methods=["GET"]),
    Rule("/brands/<brandId>/smsOtp/transition", endpoint=transition, methods=["POST"]),
]
