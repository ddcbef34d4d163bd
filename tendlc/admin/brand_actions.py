"""The object actions of a brand's page: revet, the 2FA e-mail, feedback, external vettings, the SMS OTP,
and the compliance checks.

Each action is one admin URL (``<brand>/actions/<slug>/``) with a plain form, checked on the server against
its permission, that hands the form's values to one service. An action with something to enter (or, for a
revet, something to confirm) has its own page, where a refusal is shown at the field it concerns with the
input kept; a one-click action is posted from a button on the brand's page and reports in a message.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.http import QueryDict

from tendlc.choices import BrandStatus, EntityType
from tendlc.client import TenDLCClient
from tendlc.forms.brands import (
    ConfirmForm,
    SmsOtpTriggerForm,
    SmsOtpVerifyForm,
    VettingImportForm,
    VettingOrderForm,
)
from tendlc.models import Brand
from tendlc.services.audit import User
from tendlc.services.brands import (
    PIN_PLACEHOLDER,
    brand_2fa_email_resend,
    brand_feedback_refresh,
    brand_revet,
    brand_sms_otp_refresh,
    brand_sms_otp_trigger,
    brand_sms_otp_verify,
    brand_vetting_import,
    brand_vetting_options,
    brand_vetting_order,
    brand_vettings_refresh,
)
from tendlc.services.compliance import brand_compliance_check

FormFactory = Callable[[QueryDict | None, Brand, TenDLCClient], forms.Form]


@dataclass(frozen=True)
class BrandAction:
    slug: str
    label: str
    permission: str  # codename in the tendlc app
    shown: Callable[[Brand], bool]  # whether the brand's page offers it (the service still decides)
    run: Callable[..., str]  # the service call; answers the success message
    form: FormFactory | None = None  # None: one click from the brand's page, nothing to enter
    intro: str = ""
    uses_api: bool = True  # False: runs on what is stored, so it works without API settings (client None)


def confirm(data: QueryDict | None, brand: Brand, client: TenDLCClient) -> forms.Form:
    return ConfirmForm(data)


def vetting_order_form(data: QueryDict | None, brand: Brand, client: TenDLCClient) -> forms.Form:
    return VettingOrderForm(data, options=brand_vetting_options(client=client))


def vetting_import_form(data: QueryDict | None, brand: Brand, client: TenDLCClient) -> forms.Form:
    return VettingImportForm(data, options=brand_vetting_options(client=client))


def sms_otp_trigger_form(data: QueryDict | None, brand: Brand, client: TenDLCClient) -> forms.Form:
    return SmsOtpTriggerForm(
        data, initial={"pin_sms": f"{brand.display_name}: your verification PIN is {PIN_PLACEHOLDER}"}
    )


def sms_otp_verify_form(data: QueryDict | None, brand: Brand, client: TenDLCClient) -> forms.Form:
    return SmsOtpVerifyForm(data)


def revet(*, user: User, brand: Brand, client: TenDLCClient) -> str:
    brand_revet(user=user, brand=brand, client=client)
    return f"Revet of {brand} requested: the registry vets it again and the result arrives by webhook."


def resend_2fa_email(*, user: User, brand: Brand, client: TenDLCClient) -> str:
    brand_2fa_email_resend(user=user, brand=brand, client=client)
    return f"The verification e-mail was sent again to {brand.business_contact_email}."


def refresh_feedback(*, user: User, brand: Brand, client: TenDLCClient) -> str:
    feedback = brand_feedback_refresh(user=user, brand=brand, client=client)
    count = feedback.categories.count()
    if not count:
        return f"Feedback of {brand} read: the registry reports no issue."
    return f"Feedback of {brand} read: {count} issue{'s' if count > 1 else ''} reported, shown below."


def order_vetting(*, user: User, brand: Brand, client: TenDLCClient, evp_id: str, vetting_class: str) -> str:
    brand_vetting_order(user=user, brand=brand, evp_id=evp_id, vetting_class=vetting_class, client=client)
    return f"{vetting_class} vetting ordered from {evp_id}; refresh the vettings once it has completed."


def import_vetting(
    *, user: User, brand: Brand, client: TenDLCClient, evp_id: str, vetting_id: str, vetting_token: str
) -> str:
    vetting = brand_vetting_import(
        user=user,
        brand=brand,
        evp_id=evp_id,
        vetting_id=vetting_id,
        vetting_token=vetting_token,
        client=client,
    )
    outcome = "confirmed" if vetting.vetted_date else "recorded, not confirmed as valid"
    return f"Vetting {vetting_id} of {evp_id} imported: {outcome}."


def refresh_vettings(*, user: User, brand: Brand, client: TenDLCClient) -> str:
    count = brand_vettings_refresh(user=user, brand=brand, client=client)
    return f"Vettings of {brand} read: {count} valid vetting{'' if count == 1 else 's'}."


def trigger_sms_otp(*, user: User, brand: Brand, client: TenDLCClient, pin_sms: str, success_sms: str) -> str:
    verification = brand_sms_otp_trigger(
        user=user, brand=brand, pin_sms=pin_sms, success_sms=success_sms, client=client
    )
    return f"PIN sent to {verification.mobile_phone or brand.mobile_phone} (reference {verification.reference_id})."


def verify_sms_otp(*, user: User, brand: Brand, client: TenDLCClient, otp_pin: str) -> str:
    brand_sms_otp_verify(user=user, brand=brand, otp_pin=otp_pin, client=client)
    return f"PIN verified: {brand} is {brand.get_identity_status_display() or 'being verified'}."


def refresh_sms_otp(*, user: User, brand: Brand, client: TenDLCClient) -> str:
    verification = brand_sms_otp_refresh(user=user, brand=brand, client=client)
    status = verification.get_delivery_status_display() or "unknown"
    return f"SMS OTP {verification.reference_id}: {status}."


def check_compliance(*, user: User, brand: Brand, client: None) -> str:
    check = brand_compliance_check(user=user, brand=brand)
    return (
        f"Compliance of {brand} checked: {check.error_count} error(s), {check.warning_count} warning(s),"
        " shown in the Compliance panel."
    )


def is_registered(brand: Brand) -> bool:
    return brand.status == BrandStatus.OK


def is_public_company(brand: Brand) -> bool:
    return brand.entity_type == EntityType.PUBLIC_PROFIT


def is_vettable(brand: Brand) -> bool:
    return brand.entity_type != EntityType.SOLE_PROPRIETOR


def is_sole_proprietor(brand: Brand) -> bool:
    return brand.entity_type == EntityType.SOLE_PROPRIETOR


def always(brand: Brand) -> bool:
    return True


ACTIONS = {
    action.slug: action
    for action in (
        BrandAction(
            "revet",
            "Revet",
            "change_brand",
            is_registered,
            revet,
            confirm,
            "The registry vets the brand again on its current data. This is allowed once after registration,"
            " then at most once every three months.",
        ),
        BrandAction(
            "resend-2fa-email", "Resend 2FA e-mail", "change_brand", is_public_company, resend_2fa_email
        ),
        BrandAction("refresh-feedback", "Refresh feedback", "change_brand", always, refresh_feedback),
        BrandAction(
            "order-vetting",
            "Order vetting",
            "add_externalvetting",
            is_vettable,
            order_vetting,
            vetting_order_form,
            "A provider vets the brand; the vetting completes later. A vetting of the same provider and class"
            " cannot be ordered again while one is in progress or succeeded within 180 days.",
        ),
        BrandAction(
            "import-vetting",
            "Import vetting",
            "add_externalvetting",
            is_vettable,
            import_vetting,
            vetting_import_form,
            "Import a vetting the brand had done at a provider; the provider confirms it.",
        ),
        BrandAction(
            "refresh-vettings", "Refresh vettings", "add_externalvetting", is_vettable, refresh_vettings
        ),
        BrandAction(
            "trigger-sms-otp",
            "Send SMS OTP",
            "add_smsotpverification",
            is_sole_proprietor,
            trigger_sms_otp,
            sms_otp_trigger_form,
            "A PIN is texted to the sole proprietor's mobile phone; it is valid for 24 hours. Sending again"
            " replaces the earlier PIN.",
        ),
        BrandAction(
            "verify-sms-otp",
            "Enter PIN",
            "add_smsotpverification",
            is_sole_proprietor,
            verify_sms_otp,
            sms_otp_verify_form,
            "Enter the PIN the sole proprietor received: the brand's identity becomes verified.",
        ),
        BrandAction(
            "refresh-sms-otp",
            "Refresh OTP status",
            "add_smsotpverification",
            is_sole_proprietor,
            refresh_sms_otp,
        ),
        BrandAction(
            "check-compliance",
            "Check compliance",
            "add_compliancecheck",
            always,
            check_compliance,
            uses_api=False,
        ),
    )
}
