"""What brand workflows record, listed read-only: feedback readings, external vettings, SMS OTPs.

They are written by the brand's object actions (and polls), never typed: each list links to its brand, where
the actions are.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tendlc.admin.display import badge
from tendlc.admin.export import csv_export_action
from tendlc.admin.panels import PortalAdmin
from tendlc.models import Brand, BrandFeedback, ExternalVetting, SmsOtpVerification

BRAND_SEARCH = ("brand__display_name", "brand__brand_id", "brand__tcr_brand_id")


def brand_link(brand: Brand) -> SafeString:
    return format_html('<a href="{}">{}</a>', reverse("admin:tendlc_brand_change", args=[brand.pk]), brand)


class BrandRecordAdmin(PortalAdmin):
    """Read-only: rows come from the API through the brand's actions."""

    list_select_related = ("brand",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="brand", ordering="brand__display_name")
    def brand_link(self, record: BrandFeedback | ExternalVetting | SmsOtpVerification) -> SafeString:
        return brand_link(record.brand)


@admin.register(BrandFeedback)
class BrandFeedbackAdmin(BrandRecordAdmin):
    list_display = ("fetched_at", "brand_link", "issues")
    list_filter = ("categories__category",)
    search_fields = BRAND_SEARCH
    date_hierarchy = "fetched_at"
    readonly_fields = ("brand", "fetched_at", "issues", "raw")
    fields = readonly_fields
    actions = [
        csv_export_action(
            [
                ("Fetched", "fetched_at"),
                ("Brand", "brand"),
                ("Brand id", lambda feedback: feedback.brand.brand_id),
                ("Issues", lambda feedback: issues_text(feedback)),
            ]
        )
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BrandFeedback]:
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description="issues")
    def issues(self, feedback: BrandFeedback) -> str:
        return issues_text(feedback) or "none"


def issues_text(feedback: BrandFeedback) -> str:
    return "; ".join(category.display_name for category in feedback.categories.all())


@admin.register(ExternalVetting)
class ExternalVettingAdmin(BrandRecordAdmin):
    list_display = (
        "vetting_id",
        "brand_link",
        "evp_id",
        "vetting_class",
        "vetting_score",
        "create_date",
        "vetted",
    )
    list_filter = ("evp_id", "vetting_class")
    search_fields = ("vetting_id", *BRAND_SEARCH)
    # The token proves the vetting to its provider: it is sent on import and not shown again.
    readonly_fields = [field.name for field in ExternalVetting._meta.fields if field.name != "vetting_token"]
    fields = readonly_fields
    actions = [
        csv_export_action(
            [
                ("Vetting id", "vetting_id"),
                ("Brand", "brand"),
                ("Brand id", lambda vetting: vetting.brand.brand_id),
                ("Provider", "evp_id"),
                ("Class", "vetting_class"),
                ("Score", "vetting_score"),
                ("Ordered", "create_date"),
                ("Vetted", "vetted_date"),
            ]
        )
    ]

    @admin.display(description="vetted", ordering="vetted_date")
    def vetted(self, vetting: ExternalVetting) -> SafeString:
        if vetting.vetted_date is None:
            return badge("PENDING", "Not complete")
        return badge("completed", f"{vetting.vetted_date:%Y-%m-%d}")


@admin.register(SmsOtpVerification)
class SmsOtpVerificationAdmin(BrandRecordAdmin):
    list_display = (
        "reference_id",
        "brand_link",
        "mobile_phone",
        "status",
        "request_date",
        "delivery_status_date",
        "verify_date",
    )
    list_filter = ("delivery_status",)
    search_fields = ("reference_id", "mobile_phone", "brand__mobile_phone", *BRAND_SEARCH)
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

    @admin.display(description="delivery status", ordering="delivery_status")
    def status(self, otp: SmsOtpVerification) -> SafeString:
        return badge(otp.delivery_status, otp.get_delivery_status_display())
