"""A brand after submission: registration completes ``REGISTRATION_SECONDS`` after create, a revet
``REVET_SECONDS`` after it is asked for, the PUBLIC_PROFIT 2FA e-mail is followed ``TWO_FACTOR_EMAIL_SECONDS``
after it is sent, an identity appeal is decided ``APPEAL_SECONDS`` after it is filed.

Each sends the ``10dlc.brand.update`` events Telnyx documents for it (reference §4.4) and no other: a
registration ``TCR_BRAND_UPDATE``/``BRAND_ADD`` or a ``REGISTRATION`` failure; a revet ``REVET`` and
``BRAND_REVET``; an appeal ``BRAND_APPEAL_ADD`` then ``BRAND_APPEAL_COMPLETE``. The 2FA e-mail and the SMS OTP
change the identity without an event: Telnyx documents none for them (B12's ``BRAND_OTP_VERIFIED`` goes to
the CSP, and no forwarded kind carries it)."""

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
APPEAL_SECONDS = 60.0

STEP_REGISTER = "brand.register"
STEP_REVET = "brand.revet"
STEP_2FA_EMAIL = "brand.2fa_email"
STEP_APPEAL = "brand.appeal"


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


def emit_tcr_update(
    context: Context, doc: Mapping[str, Any], event_type: str, description: str, success: bool = True
) -> None:
    """A TCR_BRAND_UPDATE event, with exactly the fields of Telnyx's example."""
    emit(
        context,
        doc,
        {
            "brandId": doc["brandId"],
            "brandName": doc["displayName"],
            "description": description,
            "eventType": event_type,
            "status": "success" if success else "failed",
            "tcrBrandId": doc["tcrBrandId"],
            "type": "TCR_BRAND_UPDATE",
        },
    )


def set_identity(context: Context, record: BrandRecord, identity: str) -> None:
    """Change and save the brand's identity status. The cause sends its own event, if Telnyx documents one."""
    doc = record.doc
    doc["identityStatus"] = identity
    doc["updatedAt"] = context.clock.naive_iso()
    save_record(context, record)


def verify_after_otp(context: Context, record: BrandRecord) -> None:
    """A sole proprietor proved its mobile number: VERIFIED, unless registration is not done or found issues."""
    record.state.otp_verified = True
    doc = record.doc
    if doc["status"] == "OK" and doc["identityStatus"] == "UNVERIFIED" and not record.state.feedback:
        doc["identityStatus"] = "VERIFIED"
    doc["updatedAt"] = context.clock.naive_iso()
    save_record(context, record)


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
    doc = record.doc
    doc.update(identityStatus=identity, updatedAt=context.clock.naive_iso())
    save_record(context, record)
    emit_result(context, doc, "REVET", not findings, failure_reasons(findings))
    emit_tcr_update(
        context,
        doc,
        "BRAND_REVET",
        f"Brand {doc['tcrBrandId']} is revetted: identity status {identity}",
        success=not findings,
    )


def file_appeal(context: Context, record: BrandRecord, outcome: str) -> None:
    """The registry takes an appeal of the brand's identity now and decides it ``APPEAL_SECONDS`` later."""
    doc = record.doc
    context.scheduler.schedule(STEP_APPEAL, doc["brandId"], APPEAL_SECONDS, {"outcome": outcome})
    emit_tcr_update(context, doc, "BRAND_APPEAL_ADD", f"Brand {doc['tcrBrandId']} appeal is added")


def appeal_pending(context: Context, brand_id: str) -> bool:
    return any(step["kind"] == STEP_APPEAL for step in context.scheduler.pending(brand_id))


def complete_appeal(context: Context, brand_id: str, data: dict[str, Any]) -> None:
    """An accepted appeal verifies the brand (VETTED_VERIFIED if a vetting succeeded); a rejected one leaves it."""
    record = load_record(context.store, brand_id)
    if record is None or record.doc["status"] != "OK":
        return
    doc = record.doc
    accepted = data["outcome"] == "ACCEPTED"
    if accepted:
        record.state.feedback = []
        vetted = has_successful_vetting(context.store, brand_id)
        set_identity(context, record, "VETTED_VERIFIED" if vetted else "VERIFIED")
    verdict = "accepted" if accepted else "rejected"
    emit_tcr_update(
        context,
        doc,
        "BRAND_APPEAL_COMPLETE",
        f"Brand {doc['tcrBrandId']} appeal is {verdict}: identity status {doc['identityStatus']}",
        success=accepted,
    )


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
        set_identity(context, record, "VERIFIED")
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
    STEP_APPEAL: complete_appeal,
}
