"""The read-only panels under a brand's form: the registry's feedback, the external vettings, the SMS OTP,
and its compliance findings.

The vettings and the SMS OTP follow work that completes later: their panels poll a small JSON endpoint
(``static/tendlc/progress.js``) answered from the mirrored rows, which the scheduled polls keep current, so a
result shows without a reload and an open page costs the API nothing.

Feedback and compliance findings name the brand fields they concern by their wire names (``companyName``);
the panels show them by the labels the form uses, so the reader finds the field to correct.
"""

from datetime import datetime
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Field
from django.urls import reverse
from django.utils import dateformat, timezone

from tendlc.admin.display import SEVERITY_TONES, choice_label, tone_badge, tone_of
from tendlc.admin.panels import Panel
from tendlc.choices import EntityType, IdentityStatus, OtpDeliveryStatus
from tendlc.client.fields import attribute_name
from tendlc.models import Brand, BrandFeedback
from tendlc.selectors.compliance_checks import brand_compliance_check_latest
from tendlc.selectors.otps import sms_otp_list_pending
from tendlc.selectors.vettings import vetting_list_pending
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
        {
            "progress": vettings_progress(brand),
            "progress_url": reverse("admin:tendlc_brand_vettings_progress", args=[brand.pk]),
        },
    )


def vettings_progress(brand: Brand) -> dict[str, Any]:
    """The brand's vettings as its panel shows them, from the mirrored rows (the scheduled poll reads the API):
    the panel's first render and the JSON its page polls while a vetting is under way."""
    under_way = set(vetting_list_pending().filter(brand=brand).values_list("pk", flat=True))
    return {
        "finished": not under_way,
        "error": "",
        "vettings": [
            {
                "provider": vetting.evp_id,
                "vetting_class": vetting.vetting_class or "-",
                "vetting_id": vetting.vetting_id,
                "score": "-" if vetting.vetting_score is None else str(vetting.vetting_score),
                "ordered": _when(vetting.create_date, "-"),
                "vetted": _when(
                    vetting.vetted_date,
                    "under way: shown here once the provider completes it"
                    if vetting.pk in under_way
                    else "not complete or not valid",
                ),
            }
            for vetting in brand.vettings.all()
        ],
    }


def sms_otp_panel(brand: Brand) -> Panel:
    return Panel(
        "SMS OTP verification",
        "admin/tendlc/brands/panels/sms_otp.html",
        {
            "progress": sms_otp_progress(brand),
            "progress_url": reverse("admin:tendlc_brand_sms_otp_progress", args=[brand.pk]),
        },
    )


def sms_otp_progress(brand: Brand) -> dict[str, Any]:
    """The brand's latest SMS OTP and its identity as the panel shows them, from the mirrored rows (the
    scheduled poll reads the API): the panel's first render and the JSON its page polls while the OTP is
    pending."""
    otp = brand.sms_otps.order_by("-recorded_at", "-pk").first()
    identity = {
        "identity": choice_label(brand.identity_status, IdentityStatus),
        "identity_value": brand.identity_status,
        "identity_tone": tone_of(brand.identity_status),
        "error": "",
    }
    if otp is None:
        return {"finished": True, "sent": False, **identity}
    return {
        "finished": not sms_otp_list_pending().filter(pk=otp.pk).exists(),
        "sent": True,
        "reference_id": otp.reference_id,
        "mobile_phone": otp.mobile_phone or "-",
        "status": choice_label(otp.delivery_status, OtpDeliveryStatus),
        "status_value": otp.delivery_status,
        "status_tone": tone_of(otp.delivery_status),
        "status_details": otp.delivery_status_details,
        "requested": _when(otp.request_date, "-", seconds=True),
        "status_date": _when(otp.delivery_status_date, "-", seconds=True),
        "verified": _when(otp.verify_date, "not yet", seconds=True),
        "replaced": otp.remote_deleted_at is not None,
        **identity,
    }


def _when(moment: datetime | None, otherwise: str, *, seconds: bool = False) -> str:
    """A date and time in the user's time zone, as the panels' templates show them."""
    if moment is None:
        return otherwise
    return dateformat.format(timezone.localtime(moment), "Y-m-d H:i:s" if seconds else "Y-m-d H:i")


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
