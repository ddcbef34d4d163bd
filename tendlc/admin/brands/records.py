"""What brand workflows record, listed read-only: the base of the feedback, vetting and SMS OTP admins.

They are written by the brand's object actions (and polls), never typed: each list links to its brand, where
the actions are.
"""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tendlc.admin.object_actions import ModelT
from tendlc.admin.panels import PortalAdmin
from tendlc.models import Brand, BrandFeedback, ExternalVetting, SmsOtpVerification


def brand_link(brand: Brand) -> SafeString:
    return format_html('<a href="{}">{}</a>', reverse("admin:tendlc_brand_change", args=[brand.pk]), brand)


class BrandRecordAdmin(PortalAdmin[ModelT]):
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
