"""What a locked-out person sees: the login page again, their username kept, saying for how long signing in
is paused and who can lift it sooner. django-axes calls ``lockout_response`` (``AXES_LOCKOUT_CALLABLE``)
instead of checking the password, so the right password is refused too until the pause ends."""

from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from portal.admin import RoleAuthenticationForm


def client_address(request: HttpRequest) -> str | None:
    """The address counted: REMOTE_ADDR, or with ``LOGIN_PROXY_COUNT`` proxies in front, the address the
    outermost of them saw. Trusting X-Forwarded-For otherwise would let a guesser name a new address for
    every try and never be locked out."""
    proxies = settings.LOGIN_PROXY_COUNT
    forwarded = [
        part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part.strip()
    ]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def cool_off_words() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


def lockout_message() -> str:
    # Each try during the pause starts it again (axes' default), so the full cool-off is the true wait.
    return (
        f"Signing in to this account from your address is paused after {settings.AXES_FAILURE_LIMIT} wrong "
        f"passwords in a row. Try again in {cool_off_words()}, or ask a Compliance admin to unlock it "
        "sooner (under “Sign-in lockouts”)."
    )


class LockedOutForm(RoleAuthenticationForm):
    """The login form as typed, refused without checking the password."""

    def clean(self) -> dict[str, Any]:
        raise ValidationError(lockout_message(), code="locked_out")


def lockout_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    form = LockedOutForm(request, data=request.POST or None)
    form.is_valid()
    context = {
        **admin.site.each_context(request),
        "title": "Log in",
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.POST.get("username", ""),
        "form": form,
        REDIRECT_FIELD_NAME: request.POST.get(REDIRECT_FIELD_NAME, request.GET.get(REDIRECT_FIELD_NAME, "")),
    }
    # Rendered here: axes' middleware hands it back after the template-response phase has passed.
    return TemplateResponse(request, "admin/login.html", context, status=429).render()
