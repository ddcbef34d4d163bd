"""Brand workflows (reference §2.2, §2.3, §5.4): create, update, delete, revet, the public companies' 2FA
e-mail, feedback, external vettings and the sole proprietors' SMS OTP, each recorded in the audit log.

A create the API refuses keeps what was typed as a local draft (no ``brand_id``, ``last_error`` set), so the
user corrects it and submits the same row again instead of typing it anew. A deleted brand keeps its row,
marked ``remote_deleted_at``: its campaigns, feedback and audit history still point at it. Only a draft,
which never existed remotely, is deleted outright.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from tendlc.choices import EntityType
from tendlc.client import NotFoundError, TenDLCClient, TenDLCError, TenDLCObject
from tendlc.client.fields import attribute_name
from tendlc.mapping.records import (
    brand_create_body,
    brand_update_body,
    brand_values,
)
from tendlc.models import Brand, BrandFeedback, BrandFeedbackCategory, ExternalVetting, SmsOtpVerification
from tendlc.services.audit import User, audited, error_text, user_may
from tendlc.services.charges import charges_record_for_brand_registration, charges_record_for_vetting_order
from tendlc.services.errors import DraftKept, WorkflowError
from tendlc.services.mirror import remote_record_gone
from tendlc.services.notification_events import brand_feedback_notice
from tendlc.services.otp import sms_otp_poll, sms_otp_trigger, sms_otp_verify
from tendlc.services.timeline import status_changes_of, status_changes_save
from tendlc.services.vettings import vetting_store

PIN_PLACEHOLDER = "@OTP_PIN@"
# B11 requires a success SMS; the form leaves it optional and this is sent when it is left empty.
DEFAULT_SUCCESS_SMS = "{name}: your mobile number is verified. Thank you."


@dataclass(frozen=True)
class VettingOptions:
    """What an external vetting order may name, as ``(code, label)`` pairs from the API's enumerations."""

    providers: list[tuple[str, str]]
    classes: list[tuple[str, str]]


def brand_create(*, user: User, brand: Brand, client: TenDLCClient) -> Brand:
    """Register ``brand`` (unsaved, or a draft) through B2 and fill its row from the answer.

    Refused by the API, the brand is kept as a draft with the error and ``DraftKept`` is raised; the API's
    error is the audit entry's, with its request id, about the draft."""
    if brand.is_submitted:
        raise WorkflowError("This brand is registered already: its changes are sent as an update.")
    arguments = _arguments(brand_create_body(brand))
    try:
        with audited(
            user=user, action="brand.create", target=brand if brand.pk else None, summary=arguments
        ) as audit:
            try:
                answer = client.messaging_10dlc.brand.create(**arguments)
            except TenDLCError as error:
                brand.last_error = error_text(error)
                brand.save()
                audit.target = brand
                raise
            _brand_store(brand, answer.raw)
            audit.target = brand
    except TenDLCError as error:
        raise DraftKept(error, draft=brand) from error
    charges_record_for_brand_registration(brand=brand, user=user)
    return brand


def brand_update(*, user: User, brand: Brand, client: TenDLCClient) -> Brand:
    """Send ``brand`` (the stored row with the user's changes, not yet saved) through B4 and store the answer.
    A refusal leaves the stored row as it was, with the error in ``last_error``."""
    brand_id = _registered_id(brand)
    arguments = _arguments(brand_update_body(brand))
    with audited(user=user, action="brand.update", target=brand, summary=arguments):
        try:
            answer = client.messaging_10dlc.brand.update(brand_id, **arguments)
        except TenDLCError as error:
            Brand.objects.filter(pk=brand.pk).update(last_error=error_text(error))
            raise
        _brand_store(brand, answer.raw)
    return brand


def brand_delete(*, user: User, brand: Brand, client: TenDLCClient) -> None:
    """Admins only. Delete the brand at Telnyx (B5) and mark its row gone; a draft is deleted here only."""
    if not user_may(user, "tendlc.delete_brand"):
        raise PermissionDenied("Only compliance admins may delete brands.")
    if brand.remote_deleted_at is not None:
        raise WorkflowError("This brand was deleted already.")
    if not brand.is_submitted:
        with audited(user=user, action="brand.delete_draft", target=brand, summary={"draft": brand.pk}):
            brand.delete()
        return
    with audited(
        user=user, action="brand.delete", target=brand, summary={"brand_id": brand.brand_id}
    ) as audit:
        try:
            client.messaging_10dlc.brand.delete(brand.brand_id or "")
        except NotFoundError:
            # Gone already (deleted elsewhere, or an earlier answer was lost): what was asked is true.
            audit.summary["already_gone"] = True
        remote_record_gone(brand)


def brand_revet(*, user: User, brand: Brand, client: TenDLCClient) -> Brand:
    """Ask the registry to vet the brand again (B10; once after registration, then every three months)."""
    brand_id = _registered_id(brand)
    with audited(user=user, action="brand.revet", target=brand, summary={"brand_id": brand_id}):
        answer = client.messaging_10dlc.brand.revet(brand_id)
        _brand_store(brand, answer.raw)
    return brand


def brand_2fa_email_resend(*, user: User, brand: Brand, client: TenDLCClient) -> None:
    """Send the public company's verification e-mail to its business contact again (B8)."""
    brand_id = _registered_id(brand)
    if brand.entity_type != EntityType.PUBLIC_PROFIT:
        raise WorkflowError("The 2FA e-mail is sent to public companies only.")
    if not brand.business_contact_email:
        raise WorkflowError(
            "The brand has no business contact e-mail: set one first.", field="business_contact_email"
        )
    with audited(
        user=user,
        action="brand.resend_2fa_email",
        target=brand,
        summary={"business_contact_email": brand.business_contact_email},
    ):
        client.messaging_10dlc.brand.resend_2fa_email(brand_id)


def brand_feedback_refresh(*, user: User, brand: Brand, client: TenDLCClient) -> BrandFeedback:
    """Read the registry's feedback on the brand (B6) and keep it as one more reading of its history."""
    brand_id = _registered_id(brand)
    with audited(user=user, action="brand.refresh_feedback", target=brand, summary={"brand_id": brand_id}):
        return brand_feedback_read(brand=brand, client=client)


def brand_feedback_read(*, brand: Brand, client: TenDLCClient) -> BrandFeedback:
    """Read the feedback (B6) into one more reading of the brand's history, with no audit entry: a webhook
    about the brand asks for it, not a person."""
    answer = client.messaging_10dlc.brand.get_feedback(brand.brand_id or "")
    with transaction.atomic():
        feedback = BrandFeedback.objects.create(brand=brand, raw=answer.raw)
        BrandFeedbackCategory.objects.bulk_create(
            BrandFeedbackCategory(
                feedback=feedback,
                category=category.id,
                display_name=category.display_name,
                description=category.description,
                fields=list(category.fields),
            )
            for category in answer.category
        )
        brand_feedback_notice(feedback)
    return feedback


def brand_vetting_options(*, client: TenDLCClient) -> VettingOptions:
    """The vetting providers and classes the API accepts (E1 ``extVettingProvider``, ``vettingClass``)."""
    resource = client.messaging_10dlc
    return VettingOptions(
        providers=_enum_choices(resource.get_enum("extVettingProvider")),
        classes=_enum_choices(resource.get_enum("vettingClass")),
    )


def brand_vetting_order(
    *, user: User, brand: Brand, evp_id: str, vetting_class: str, client: TenDLCClient
) -> ExternalVetting:
    """Order a vetting of the brand from provider ``evp_id`` (V2); it completes later, when the scheduled poll
    (``tendlc.services.vettings``) reads it."""
    brand_id = _registered_id(brand)
    with audited(
        user=user,
        action="brand.order_vetting",
        target=brand,
        summary={"evp_id": evp_id, "vetting_class": vetting_class},
    ):
        answer = client.messaging_10dlc.brand.external_vetting.order(
            brand_id, evp_id=evp_id, vetting_class=vetting_class
        )
        vetting = vetting_store(brand, answer.raw)
    charges_record_for_vetting_order(vetting=vetting, user=user)
    return vetting


def brand_vetting_import(
    *, user: User, brand: Brand, evp_id: str, vetting_id: str, vetting_token: str, client: TenDLCClient
) -> ExternalVetting:
    """Import a vetting done at provider ``evp_id`` (V3); the provider confirms it or the API refuses."""
    brand_id = _registered_id(brand)
    with audited(
        user=user,
        action="brand.import_vetting",
        target=brand,
        summary={"evp_id": evp_id, "vetting_id": vetting_id, "vetting_token": vetting_token},
    ):
        answer = client.messaging_10dlc.brand.external_vetting.imports(
            brand_id, evp_id=evp_id, vetting_id=vetting_id, vetting_token=vetting_token or None
        )
        return vetting_store(brand, answer.raw)


def brand_vettings_refresh(*, user: User, brand: Brand, client: TenDLCClient) -> int:
    """Read the brand's valid vettings (V1) into its rows; answer how many the API listed."""
    brand_id = _registered_id(brand)
    with audited(user=user, action="brand.refresh_vettings", target=brand, summary={"brand_id": brand_id}):
        page = client.messaging_10dlc.brand.external_vetting.list(brand_id)
        with transaction.atomic():
            for vetting in page:
                vetting_store(brand, vetting.raw)
        return len(page)


def brand_sms_otp_trigger(
    *, user: User, brand: Brand, pin_sms: str, success_sms: str, client: TenDLCClient
) -> SmsOtpVerification:
    """Text a PIN to the sole proprietor's mobile phone (B11). ``pin_sms`` must hold ``@OTP_PIN@``;
    an empty ``success_sms`` is replaced by a plain confirmation naming the brand."""
    _require_sole_proprietor(brand)
    if PIN_PLACEHOLDER not in pin_sms:
        raise WorkflowError(
            f"The PIN message must contain {PIN_PLACEHOLDER}, where the PIN goes.", field="pin_sms"
        )
    success_sms = success_sms or DEFAULT_SUCCESS_SMS.format(name=brand.display_name)
    with audited(
        user=user,
        action="brand.trigger_sms_otp",
        target=brand,
        summary={"pin_sms": pin_sms, "success_sms": success_sms, "mobile_phone": brand.mobile_phone},
    ):
        return sms_otp_trigger(brand=brand, pin_sms=pin_sms, success_sms=success_sms, client=client)


def brand_sms_otp_verify(
    *, user: User, brand: Brand, otp_pin: str, client: TenDLCClient
) -> SmsOtpVerification | None:
    """Verify the PIN the sole proprietor received (B12); the brand becomes VERIFIED."""
    _require_sole_proprietor(brand)
    with audited(user=user, action="brand.verify_sms_otp", target=brand, summary={"otp_pin": otp_pin}):
        return sms_otp_verify(brand=brand, pin=otp_pin, client=client)


def brand_sms_otp_refresh(*, user: User, brand: Brand, client: TenDLCClient) -> SmsOtpVerification:
    """Read the delivery status of the brand's latest OTP now rather than at the next scheduled poll (B7)."""
    _require_sole_proprietor(brand)
    verification = brand.sms_otps.order_by("-recorded_at", "-pk").first()
    if verification is None:
        raise WorkflowError("No SMS OTP was sent for this brand yet: trigger one first.")
    with audited(
        user=user,
        action="brand.refresh_sms_otp",
        target=brand,
        summary={"reference_id": verification.reference_id},
    ):
        return sms_otp_poll(verification=verification, client=client)


def _arguments(body: Mapping[str, Any]) -> dict[str, Any]:
    """The client's keyword arguments for a request body the mapping built (the mapping decides which fields
    go and how blanks and flags are sent; the client takes them by our names)."""
    return {attribute_name(wire) or wire: value for wire, value in body.items()}


def _brand_store(brand: Brand, payload: Mapping[str, Any]) -> None:
    """Save ``brand`` with what the API answered about it, which wins over what was typed."""
    values = brand_values(payload)
    now = timezone.now()
    timeline = status_changes_of(brand, values, at=now)
    for name, value in values.items():
        setattr(brand, name, value)
    brand.raw = dict(payload)
    brand.last_error = ""
    brand.synced_at = now
    with transaction.atomic():
        brand.save()
        status_changes_save(timeline)


def _registered_id(brand: Brand) -> str:
    """The brand's Telnyx id, for actions that need the brand to exist remotely."""
    if brand.remote_deleted_at is not None:
        raise WorkflowError("This brand was deleted at Telnyx: nothing can be done with it any more.")
    if not brand.brand_id:
        raise WorkflowError("This brand is not submitted yet: save it to submit it first.")
    return brand.brand_id


def _require_sole_proprietor(brand: Brand) -> None:
    _registered_id(brand)
    if brand.entity_type != EntityType.SOLE_PROPRIETOR:
        raise WorkflowError("SMS OTP verification is for sole proprietor brands only.")


def _enum_choices(values: Any) -> list[tuple[str, str]]:
    """``(code, label)`` pairs from an enumeration in either shape these enums come in (reference §2.8): a
    list of codes, or a map of code to a label (or to an object with a ``displayName``)."""
    if isinstance(values, list):
        return [(str(value), str(value)) for value in values]
    if isinstance(values, TenDLCObject):
        return [(code, _label(code, label)) for code, label in values.raw.items()]
    return []


def _label(code: str, value: Any) -> str:
    if isinstance(value, Mapping):
        return str(value.get("displayName") or code)
    return str(value)
