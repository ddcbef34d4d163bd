"""The read-only panels under a brand's form: the registry's feedback, the external vettings, the SMS OTP,
and the latest compliance check.

Feedback and compliance findings name the brand fields they concern by their wire names (``companyName``);
the panels show them by the labels the form uses, so the reader finds the field to correct.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils.html import format_html

from tendlc.admin.display import BAD, PENDING, badge
from tendlc.admin.panels import Panel
from tendlc.choices import EntityType
from tendlc.client.fields import attribute_name
from tendlc.compliance import ERROR, WARNING
from tendlc.models import Brand, BrandFeedback
from tendlc.selectors.compliance_checks import brand_compliance_check_latest

# An error is what the registry or carriers reject, a warning what they may question.
SEVERITY_TONES = {ERROR: BAD, WARNING: PENDING}


def brand_panels(brand: Brand) -> list[Panel]:
    if not brand.is_submitted:
        return []
    panels = [feedback_panel(brand)]
    if brand.entity_type == EntityType.SOLE_PROPRIETOR:
        panels.append(sms_otp_panel(brand))
    else:
        panels.append(vettings_panel(brand))
    panels.append(compliance_panel(brand))
    return panels


def feedback_panel(brand: Brand) -> Panel:
    readings = list(brand.feedback.prefetch_related("categories")[:1])
    latest = readings[0] if readings else None
    return Panel(
        "Registry feedback",
        "admin/tendlc/brands/panels/feedback.html",
        {
            "feedback": latest,
            "categories": feedback_categories(latest) if latest is not None else [],
            "readings": brand.feedback.count(),
        },
    )


def feedback_categories(feedback: BrandFeedback) -> list[dict[str, object]]:
    return [
        {
            "id": category.category,
            "title": category.display_name,
            "description": category.description,
            "fields": [field_label(name) for name in category.fields],
        }
        for category in feedback.categories.all()
    ]


def field_label(wire: str) -> str:
    name = attribute_name(wire)
    if name is None:
        return wire
    try:
        return str(Brand._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return wire


def vettings_panel(brand: Brand) -> Panel:
    return Panel(
        "External vettings",
        "admin/tendlc/brands/panels/vettings.html",
        {"vettings": list(brand.vettings.all())},
    )


def sms_otp_panel(brand: Brand) -> Panel:
    otp = brand.sms_otps.order_by("-recorded_at", "-pk").first()
    return Panel(
        "SMS OTP verification",
        "admin/tendlc/brands/panels/sms_otp.html",
        {
            "otp": otp,
            "status": badge(otp.delivery_status, otp.get_delivery_status_display()) if otp else "",
            "identity": badge(brand.identity_status, brand.get_identity_status_display()),
        },
    )


def compliance_panel(brand: Brand) -> Panel:
    check = brand_compliance_check_latest(brand=brand)
    return Panel(
        "Compliance",
        "admin/tendlc/brands/panels/compliance.html",
        {
            "check": check,
            "findings": [
                {
                    "severity": format_html(
                        '<span class="tendlc-badge tendlc-badge-{}">{}</span>',
                        SEVERITY_TONES[finding["severity"]],
                        finding["severity"],
                    ),
                    "fields": [field_label(name) for name in finding["fields"]],
                    "message": finding["message"],
                    "reference": finding["reference"],
                }
                for finding in (check.findings if check is not None else [])
            ],
        },
    )
