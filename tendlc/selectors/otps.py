"""Reads about SMS OTP verifications, and which of them are still worth polling.

An OTP is worth polling while it is not verified, not in a final delivery status, not gone remotely, and was
recorded by the portal less than its 24-hour lifetime plus a grace ago. The age is measured on the portal's
own clock (``recorded_at``), so skew between the API's clock and ours cannot end polling early; the grace lets
a poll just after the 24th hour read EXPIRED instead of leaving the row DELIVERED_HANDSET for good.
"""

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from tendlc.choices import OtpDeliveryStatus
from tendlc.models import SmsOtpVerification

OTP_LIFETIME = timedelta(hours=24)
EXPIRY_GRACE = timedelta(minutes=15)
FINAL_DELIVERY_STATUSES = (
    OtpDeliveryStatus.VERIFIED,
    OtpDeliveryStatus.EXPIRED,
    OtpDeliveryStatus.DELIVERY_FAILED,
    OtpDeliveryStatus.FAILED,
)


def sms_otp_list_pending(*, now: datetime | None = None) -> QuerySet[SmsOtpVerification]:
    """The OTPs a poll asks about, oldest first, with their brands (one query)."""
    cutoff = (now or timezone.now()) - OTP_LIFETIME - EXPIRY_GRACE
    return (
        SmsOtpVerification.objects.filter(verify_date=None, remote_deleted_at=None, recorded_at__gte=cutoff)
        .exclude(delivery_status__in=FINAL_DELIVERY_STATUSES)
        .select_related("brand")
        .order_by("pk")
    )
