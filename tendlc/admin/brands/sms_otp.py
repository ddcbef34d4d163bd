"""SMS OTP verifications of sole proprietors' brands, read-only."""

from django.contrib import admin

from tendlc.admin.attention import attention_filter
from tendlc.admin.brands.records import BrandRecordAdmin
from tendlc.admin.display import BadgeColumn, LongColumn
from tendlc.admin.export import csv_export_action
from tendlc.choices import OtpDeliveryStatus
from tendlc.models import SmsOtpVerification
from tendlc.selectors import search


@admin.register(SmsOtpVerification)
class SmsOtpVerificationAdmin(BrandRecordAdmin[SmsOtpVerification]):
    # The reference is a UUID: cut short, whole on hover. The delivery's own date is on the record's page.
    list_display = (
        "reference_column",
        "brand_link",
        "mobile_phone",
        "delivery_status_badge",
        "request_date",
        "verify_date",
    )
    list_display_links = ("reference_column",)
    list_filter = (attention_filter(SmsOtpVerification), "delivery_status")
    search_fields = search.SMS_OTP_VERIFICATIONS
    readonly_fields = [field.name for field in SmsOtpVerification._meta.fields]
    actions = [
        csv_export_action(
            [
                ("Reference", "reference_id"),
                ("Brand", "brand"),
                ("Brand id", lambda otp: otp.brand.brand_id),
                ("Mobile phone", "mobile_phone"),
                ("Delivery status", "delivery_status"),
                ("Requested", "request_date"),
                ("Status date", "delivery_status_date"),
                ("Verified", "verify_date"),
            ]
        )
    ]

    reference_column = LongColumn("reference_id", description="reference")
    delivery_status_badge = BadgeColumn("delivery_status", OtpDeliveryStatus, description="delivery")
