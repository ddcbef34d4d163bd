"""A brand after submission: registration completes ``REGISTRATION_SECONDS`` after create, a revet
``REVET_SECONDS`` after it is asked for, the PUBLIC_PROFIT 2FA e-mail is followed ``TWO_FACTOR_EMAIL_SECONDS``
after it is sent; every identity change is announced as a ``10dlc.brand.update`` webhook (reference §4.4)."""

from collections.abc import Mapping
from typing import Any

from tendlc.sandbox.brands.identity import (
    MARKER_FAIL_REGISTRATION,
    MARKER_NO_2FA,
    assess_identity,
    failure_reasons,
    marked_fields,
)
from tendlc.sandbox.brands.records import BrandRecord, has_successful_vetting, load_record, save_record
from tendlc.sandbox.context import Context

EVENT_TYPE = "10dlc.brand.update"
REGISTRATION_SECONDS = 3.0
REVET_SECONDS = 3.0
TWO_FACTOR_EMAIL_SECONDS = 5.0

STEP_REGISTER = "brand.register"
STEP_REVET = "brand.revet"
STEP_2FA_EMAIL = "brand.2fa_email"


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


def complete_registration(context: Context, brand_id: str, data: dict[str, Any]) -> None:
    record = load_record(context.store, brand_id)
    if record is None or record.doc["status"] != "REGISTRATION_PENDING":
        return
    doc = record.doc
    marked = marked_fields(doc, MARKER_FAIL_REGISTRATION)
    if marked:
        findings = [{"id": "OTHERS", "fields": marked}]
        doc.update(
            status="REGISTRATION_FAILED",
            identityStatus="UNVERIFIED",
            failureReasons="; ".join(reason["description"] for reason in failure_reasons(findings)),
        )
    else:
        identity, findings = assess_identity(record, has_successful_vetting(context.store, brand_id))
        doc.update(status="OK", identityStatus=identity, failureReasons=None)
    record.state.feedback = findings
    doc["updatedAt"] = context.clock.naive_iso()
    save_record(context, record)
    if marked:
        emit_result(context, doc, "REGISTRATION", False, failure_reasons(findings))
    else:
        emit_tcr_update(context, doc, "BRAND_ADD", f"Brand {doc['tcrBrandId']} is added")


def complete_revet(context: Context, brand_id: str, data: dict[str, Any]) -> None:
    record = load_record(context.store, brand_id)
    if record is None or record.doc["status"] != "OK":
        return
    identity, findings = assess_identity(record, has_successful_vetting(context.store, brand_id))
    record.state.feedback = findings
    record.doc.update(identityStatus=identity, updatedAt=context.clock.naive_iso())
    save_record(context, record)
    emit_result(context, record.doc, "REVET", not findings, failure_reasons(findings))


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


def schedule_registration(context: Context, brand_id: str) -> None:
    context.scheduler.schedule(STEP_REGISTER, brand_id, REGISTRATION_SECONDS)


def schedule_revet(context: Context, brand_id: str) -> None:
    context.scheduler.schedule(STEP_REVET, brand_id, REVET_SECONDS)


def send_2fa_email(context: Context, record: BrandRecord) -> None:
    record.state.pending_2fa = True
    context.scheduler.cancel(record.doc["brandId"], (STEP_2FA_EMAIL,))
    context.scheduler.schedule(STEP_2FA_EMAIL, record.doc["brandId"], TWO_FACTOR_EMAIL_SECONDS)


def force_status(context: Context, record: BrandRecord, status: str) -> None:
    """A control-plane status, with the webhook the registry would have sent for it."""
    doc = record.doc
    context.scheduler.cancel(doc["brandId"], (STEP_REGISTER,))
    doc["status"] = status
    doc["failureReasons"] = None
    if status == "REGISTRATION_PENDING":
        # Registration runs again, with the rules, after the usual delay.
        schedule_registration(context, doc["brandId"])
    elif status == "REGISTRATION_FAILED":
        reasons = [
            {"fields": [], "description": "Registration failed (forced by the sandbox control plane)."}
        ]
        doc["failureReasons"] = reasons[0]["description"]
        emit_result(context, doc, "REGISTRATION", False, reasons)
    else:
        emit_tcr_update(context, doc, "BRAND_ADD", f"Brand {doc['tcrBrandId']} is added")


STEPS = {
    STEP_REGISTER: complete_registration,
    STEP_REVET: complete_revet,
    STEP_2FA_EMAIL: complete_2fa_email,
}
