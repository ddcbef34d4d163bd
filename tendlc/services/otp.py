"""SMS OTP verification of sole proprietor brands (reference §5.4): trigger (B11), poll (B7), verify (B12).

Which OTPs are worth polling is the selector ``sms_otp_list_pending``'s decision.

Every remote read of a poll happens before its writes, and the writes of one OTP (the OTP and, once verified,
its brand) are one transaction: a poll killed half-way leaves nothing half-written, and a verified OTP never
leaves the pending set while its brand still shows UNVERIFIED.
"""

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from tendlc.choices import IdentityStatus, OtpDeliveryStatus
from tendlc.client import TRANSIENT_ERRORS, NotFoundError, TenDLCClient
from tendlc.mapping.records import brand_values, sms_otp_values
from tendlc.models import Brand, SmsOtpVerification
from tendlc.selectors.otps import sms_otp_list_pending
from tendlc.services.mirror import remote_record_gone, remote_record_update
from tendlc.services.notification_events import otp_notice

logger = logging.getLogger(__name__)

VERIFIED_IDENTITIES = (IdentityStatus.VERIFIED, IdentityStatus.VETTED_VERIFIED)


def sms_otp_trigger(
    *, brand: Brand, pin_sms: str, success_sms: str, client: TenDLCClient
) -> SmsOtpVerification:
    """Text a PIN to the sole proprietor's mobile (B11; ``pin_sms`` holds ``@OTP_PIN@``), record the OTP and
    read its status. A new trigger replaces the brand's earlier OTP remotely; the earlier row is marked gone
    when a poll finds its reference unknown."""
    answer = client.messaging_10dlc.brand.trigger_sms_otp(
        brand.brand_id or "", pin_sms=pin_sms, success_sms=success_sms
    )
    values = sms_otp_values(answer.raw)
    verification, _ = SmsOtpVerification.objects.get_or_create(
        reference_id=values["reference_id"],
        defaults={**values, "brand": brand, "raw": answer.raw, "synced_at": timezone.now()},
    )
    try:
        sms_otp_poll(verification=verification, client=client)
    except TRANSIENT_ERRORS:
        # The PIN was sent: a read failing for a transient reason is left to the scheduled poll.
        logger.warning("SMS OTP %s sent; its status is left to the next poll", verification.reference_id)
    return verification


def sms_otp_verify(*, brand: Brand, pin: str, client: TenDLCClient) -> SmsOtpVerification | None:
    """Verify the PIN (B12), then mirror the brand's latest OTP (B9, so an OTP triggered outside the portal is
    recorded too) and the brand, now VERIFIED. A wrong or expired PIN raises the API's BadRequestError.

    B12 consumes the PIN: once it succeeded, a failed read is not raised (the admin would retry a verification
    that already happened) but left to the scheduled poll; the answer is then the local row as it stands."""
    brand_id = brand.brand_id or ""
    resource = client.messaging_10dlc.brand
    resource.verify_sms_otp(brand_id, otp_pin=pin)
    try:
        status = resource.retrieve_sms_otp_status(brand_id).raw
        brand_payload = resource.retrieve(brand_id).raw
    except TRANSIENT_ERRORS:
        logger.warning("SMS OTP of brand %s verified; its status is left to the next poll", brand_id)
        return brand.sms_otps.order_by("-recorded_at", "-pk").first()
    with transaction.atomic():
        values = sms_otp_values(status)
        verification, _ = SmsOtpVerification.objects.get_or_create(
            reference_id=values["reference_id"], defaults={"brand": brand}
        )
        remote_record_update(verification, values, status)
        remote_record_update(brand, brand_values(brand_payload), brand_payload)
    return verification


def sms_otp_poll(*, verification: SmsOtpVerification, client: TenDLCClient) -> SmsOtpVerification:
    """Read the OTP's status by its reference (B7) into the row; once it is verified and the brand does not
    show it yet, read the brand (B3) too. A reference the API no longer knows marks the row gone."""
    resource = client.messaging_10dlc.brand
    try:
        status = resource.get_sms_otp_by_reference(verification.reference_id).raw
    except NotFoundError:
        remote_record_gone(verification)
        return verification
    values = sms_otp_values(status)
    brand = verification.brand
    brand_payload: Mapping[str, Any] | None = None
    if _is_verified(values) and brand.identity_status not in VERIFIED_IDENTITIES:
        brand_payload = resource.retrieve(brand.brand_id or "").raw
    before = verification.delivery_status
    with transaction.atomic():
        remote_record_update(verification, values, status)
        if brand_payload is not None:
            remote_record_update(brand, brand_values(brand_payload), brand_payload)
        otp_notice(verification, before=before)
    return verification


def sms_otps_poll_pending(*, client: TenDLCClient) -> int:
    """Poll every pending OTP; answer how many were polled. With none pending this is one query and no
    request, so the schedule can run every minute for good."""
    pending = list(sms_otp_list_pending())
    for verification in pending:
        sms_otp_poll(verification=verification, client=client)
    return len(pending)


def _is_verified(values: Mapping[str, Any]) -> bool:
    return (
        values.get("verify_date") is not None or values.get("delivery_status") == OtpDeliveryStatus.VERIFIED
    )
