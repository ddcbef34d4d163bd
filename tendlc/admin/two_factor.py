"""A person's own two-factor page (under their name at the top right): turn it on by scanning a QR code and
typing a code, see the backup codes once, turn it off when not required. And the user admin's action for an
admin to reset a colleague who lost their phone and codes.

django-otp's own device admins are taken off the site: they show secrets and wire names, and the two things
a person needs are here."""

from base64 import b32encode
from typing import Any, cast

import segno
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from tendlc.services.two_factor import (
    TwoFactorCodeWrong,
    two_factor_enabled,
    two_factor_enrolment_confirm,
    two_factor_enrolment_start,
    two_factor_required,
    two_factor_reset,
)

for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)

PENDING = "portal_two_factor_pending"


def secret_in_groups(device: TOTPDevice) -> str:
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def enrolment_context(request: HttpRequest, user: User) -> dict[str, Any]:
    device = TOTPDevice.objects.filter(pk=request.session.get(PENDING), user=user, confirmed=False).first()
    if device is None:
        device = two_factor_enrolment_start(user=user)
        request.session[PENDING] = device.pk
    return {
        "qr_code": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": secret_in_groups(device),
        "device": device,
    }


def two_factor_page(request: HttpRequest) -> HttpResponse:
    # admin_view lets only a signed-in user of the site here.
    user = cast(User, request.user)
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": "Two-factor sign-in",
        "required": two_factor_required(user=user),
    }
    if request.method == "POST" and request.POST.get("turn") == "off" and not context["required"]:
        two_factor_reset(user=user, target=user)
        messages.success(request, "Two-factor sign-in is off: you sign in with your password alone.")
        return redirect("admin:two_factor")
    if two_factor_enabled(user=user):
        context["enabled"] = True
        context["backup_left"] = sum(
            device.token_set.count() for device in StaticDevice.objects.filter(user=user)
        )
        return TemplateResponse(request, "admin/tendlc/two_factor.html", context)
    context.update(enrolment_context(request, user))
    if request.method == "POST":
        token = request.POST.get("otp_token", "")
        context["typed"] = token
        try:
            context["backup_codes"] = two_factor_enrolment_confirm(
                user=user, device=context["device"], token=token
            )
        except TwoFactorCodeWrong:
            context["error"] = TwoFactorCodeWrong.message
        else:
            del request.session[PENDING]
            otp_login(request, context["device"])
            context["enabled"] = True
            context["backup_left"] = len(context["backup_codes"])
    return TemplateResponse(request, "admin/tendlc/two_factor.html", context)


@admin.action(description="Reset two-factor sign-in (for a lost phone)", permissions=["change"])
def two_factor_reset_selected(
    modeladmin: admin.ModelAdmin[User], request: HttpRequest, queryset: QuerySet[User]
) -> None:
    reset = [user for user in queryset if two_factor_reset(user=request.user, target=user)]
    message = ngettext(
        "Reset two-factor sign-in for %(count)d user: they sign in with their password and enrol again.",
        "Reset two-factor sign-in for %(count)d users: they sign in with their password and enrol again.",
        len(reset),
    ) % {"count": len(reset)}
    modeladmin.message_user(request, message, messages.SUCCESS)
