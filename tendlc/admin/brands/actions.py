"""The object actions of a brand's page: revet, the 2FA e-mail, feedback, external vettings, the SMS OTP,
and the compliance checks.

Each is an ``ObjectAction`` (``tendlc.admin.object_actions``): one admin URL (``<brand>/actions/<slug>/``)
with a plain form, checked on the server against its permission, that hands the form's values to one service.
An action with something to enter (or, for a revet, something to confirm) has its own page, where a refusal is
shown at the field it concerns with the input kept; a one-click action is posted from a button on the brand's
page and reports in a message.
"""

from django import forms
from django.http import QueryDict

from tendlc.admin.object_actions import ObjectAction, has_perm
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


def revet(brand: Brand, *, user: User, client: TenDLCClient) -> str:
    brand_revet(user=user, brand=brand, client=client)
    return f"Revet of {brand} requested: the registry vets it again and the result arrives by webhook."


def resend_2fa_email(brand: Brand, *, user: User, client: TenDLCClient) -> str:
    brand_2fa_email_resend(user=user, brand=brand, client=client)
    return f"The verification e-mail was sent again to {brand.business_contact_email}."


def refresh_feedback(brand: Brand, *, user: User, client: TenDLCClient) -> str:
    feedback = brand_feedback_refresh(user=user, brand=brand, client=client)
    count = feedback.categories.count()
    if not count:
        return f"Feedback of {brand} read: the registry reports no issue."
    return f"Feedback of {brand} read: {count} issue{'s' if count > 1 else ''} reported, shown below."


def order_vetting(brand: Brand, *, user: User, client: TenDLCClient, evp_id: str, vetting_class: str) -> str:
    brand_vetting_order(user=user, brand=brand, evp_id=evp_id, vetting_class=vetting_class, client=client)
    return f"{vetting_class} vetting ordered from {evp_id}: its result shows in the vettings below once the provider completes it."


def import_vetting(
    brand: Brand, *, user: User, client: TenDLCClient, evp_id: str, vetting_id: str, vetting_token: str
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


def refresh_vettings(brand: Brand, *, user: User, client: TenDLCClient) -> str:
    count = brand_vettings_refresh(user=user, brand=brand, client=client)
    return f"Vettings of {brand} read: {count} valid vetting{'' if count == 1 else 's'}."


def trigger_sms_otp(brand: Brand, *, user: User, client: TenDLCClient, pin_sms: str, success_sms: str) -> str:
    verification = brand_sms_otp_trigger(
        user=user, brand=brand, pin_sms=pin_sms, success_sms=success_sms, client=client
    )
    return f"PIN sent to {verification.mobile_phone or brand.mobile_phone} (reference {verification.reference_id})."


def verify_sms_otp(brand: Brand, *, user: User, client: TenDLCClient, otp_pin: str) -> str:
    brand_sms_otp_verify(user=user, brand=brand, otp_pin=otp_pin, client=client)
    return f"PIN verified: {brand} is {brand.get_identity_status_display() or 'being verified'}."


def refresh_sms_otp(brand: Brand, *, user: User, client: TenDLCClient) -> str:
    verification = brand_sms_otp_refresh(user=user, brand=brand, client=client)
    status = verification.get_delivery_status_display() or "unknown"
    return f"SMS OTP {verification.reference_id}: {status}."


def check_compliance(brand: Brand, *, user: User, client: None) -> str:
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


ACTIONS = (
    ObjectAction(
        "revet",
        "Revet",
        revet,
        has_perm("tendlc.change_brand"),
        applies=is_registered,
        form=confirm,
        intro="The registry vets the brand again on its current data. This is allowed once after registration,"
        " then at most once every three months.",
        once=True,
    ),
    ObjectAction(
        "resend-2fa-email",
        "Resend 2FA e-mail",
        resend_2fa_email,
        has_perm("tendlc.change_brand"),
        applies=is_public_company,
    ),
    ObjectAction("refresh-feedback", "Refresh feedback", refresh_feedback, has_perm("tendlc.change_brand")),
    ObjectAction(
        "order-vetting",
        "Order vetting",
        order_vetting,
        has_perm("tendlc.add_externalvetting"),
        applies=is_vettable,
        form=vetting_order_form,
        intro="A provider vets the brand; the vetting completes later. A vetting of the same provider and class"
        " cannot be ordered again while one is in progress or succeeded within 180 days.",
        once=True,
    ),
    ObjectAction(
        "import-vetting",
        "Import vetting",
        import_vetting,
        has_perm("tendlc.add_externalvetting"),
        applies=is_vettable,
        form=vetting_import_form,
        intro="Import a vetting the brand had done at a provider; the provider confirms it.",
    ),
    ObjectAction(
        "refresh-vettings",
        "Refresh vettings",
        refresh_vettings,
        has_perm("tendlc.add_externalvetting"),
        applies=is_vettable,
    ),
    ObjectAction(
        "trigger-sms-otp",
        "Send SMS OTP",
        trigger_sms_otp,
        has_perm("tendlc.add_smsotpverification"),
        applies=is_sole_proprietor,
        form=sms_otp_trigger_form,
        intro="A PIN is texted to the sole proprietor's mobile phone; it is valid for 24 hours. Sending again"
        " replaces the earlier PIN.",
        once=True,
    ),
    ObjectAction(
        "verify-sms-otp",
        "Enter PIN",
        verify_sms_otp,
        has_perm("tendlc.add_smsotpverification"),
        applies=is_sole_proprietor,
        form=sms_otp_verify_form,
        intro="Enter the PIN the sole proprietor received: the brand's identity becomes verified.",
    ),
    ObjectAction(
        "refresh-sms-otp",
        "Refresh OTP status",
        refresh_sms_otp,
        has_perm("tendlc.add_smsotpverification"),
        applies=is_sole_proprietor,
    ),
    # Reads only what is stored: it works without API settings too.
    ObjectAction(
        "check-compliance",
        "Check compliance",
        check_compliance,
        has_perm("tendlc.add_compliancecheck"),
        uses_api=False,
    ),
)
