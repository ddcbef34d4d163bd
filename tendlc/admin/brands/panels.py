"""The read-only panels under a brand's form: the registry's feedback, the external vettings, the SMS OTP,
and its compliance findings.

Feedback and compliance findings name the brand fields they concern by their wire names (``companyName``);
the panels show them by the labels the form uses, so the reader finds the field to correct.
"""

from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field

from tendlc.admin.display import SEVERITY_TONES, choice_badge, tone_badge
from tendlc.admin.panels import Panel
from tendlc.choices import EntityType, IdentityStatus, OtpDeliveryStatus
from tendlc.client.fields import attribute_name
from tendlc.models import Brand, BrandFeedback
from tendlc.selectors.compliance_checks import brand_compliance_check_latest
from tendlc.services.compliance import brand_compliance_result


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
        # A wire name maps to a concrete field, never to a relation's reverse side.
        return str(cast(Field[Any, Any], Brand._meta.get_field(name)).verbose_name)
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
            "status": choice_badge(otp.delivery_status, OtpDeliveryStatus) if otp else "",
            "identity": choice_badge(brand.identity_status, IdentityStatus),
        },
    )


def compliance_panel(brand: Brand) -> Panel:
    """The findings on the brand as stored now, computed on every view (the sync and the API change brands
    too, and a stored check would go stale through them), and the newest check kept, for who ran it."""
    now = brand_compliance_result(brand=brand)
    return Panel(
        "Compliance",
        "admin/tendlc/brands/panels/compliance.html",
        {
            "check": brand_compliance_check_latest(brand=brand),
            "errors": len(now.errors),
            "warnings": len(now.warnings),
            "findings": [
                {
                    "severity": tone_badge(SEVERITY_TONES[finding.severity], finding.severity),
                    "fields": [field_label(name) for name in finding.fields],
                    "message": finding.message,
                    "reference": finding.reference,
                }
                for finding in now.findings
            ],
        },
    )
