"""The portal's admin site: Django's, with the 10DLC dashboard as its home page.

Who may enter is decided here, once: an active user in a role (any of the portal's groups), or one with
"Staff status". Putting someone in a role is enough; Django's own rule (staff status only) left a new
colleague put in "Compliance staff" at the login page with a message that named nothing. Deciding at each
request, rather than keeping ``is_staff`` in step with the groups by signals, means access follows the groups
whichever way they change (bulk edits and fixtures send no signal), and nothing ever clears a flag someone set
on purpose, so no superuser can be locked out.

Every admin page refuses a NUL in its query or form values with a 400 before the page runs: PostgreSQL keeps
NUL in no text, and Django's list filters pass a value to the query as it came (``?state=%00`` was a 500).
Form fields refuse it themselves; a filter, a sort or a selected object's id would not.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.urls import URLPattern, URLResolver, path
from django_otp import user_has_device

from tendlc.selectors.roles import role_names, user_has_role

# The admin asks several times a request (the view, then its context): the answer is kept on the request's
# user object, as Django keeps its permission cache there.
ROLE_CACHE = "_portal_has_role"


def admin_access(user: AbstractBaseUser | AnonymousUser) -> bool:
    if not isinstance(user, User) or not user.is_active:
        return False
    if user.is_staff:
        return True
    if not hasattr(user, ROLE_CACHE):
        setattr(user, ROLE_CACHE, user_has_role(user))
    return bool(getattr(user, ROLE_CACHE))


class RoleAuthenticationForm(AdminAuthenticationForm):
    """Django's admin login, saying what is missing when the password is right but the person has no role,
    and asking for the two-factor code of an account that uses it (checked only once the password is right,
    so a wrong code says nothing about a password being guessed)."""

    otp_token = forms.CharField(
        required=False,
        label="Two-factor code",
        max_length=16,
        help_text="Only if your account uses two-factor sign-in: the six digits your authenticator app shows, "
        "or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": "Please enter a correct %(username)s and password. Both are case-sensitive.",
        "no_role": "Your password is right, but your account has no role in this portal yet. %(ask)s",
        "code_missing": "This account uses two-factor sign-in: type the code your authenticator app shows, "
        "or one of your backup codes.",
    }

    def clean(self) -> dict[str, Any]:
        from tendlc.services.two_factor import TwoFactorCodeWrong, two_factor_verify

        cleaned = super().clean()
        user = self.get_user()
        if user is None or not user_has_device(user):
            return cleaned
        token = cleaned.get("otp_token", "")
        if not token:
            raise ValidationError({"otp_token": self.error_messages["code_missing"]})
        device = two_factor_verify(user=user, token=token)
        if device is None:
            raise ValidationError({"otp_token": TwoFactorCodeWrong.message})
        # django-otp marks the session verified when the user signs in carrying the device.
        user.otp_device = device  # type: ignore[union-attr]
        return cleaned

    def confirm_login_allowed(self, user: AbstractBaseUser) -> None:
        # Django's check for an inactive account; the admin form's own (staff status only) is replaced below.
        AuthenticationForm.confirm_login_allowed(self, user)
        if not admin_access(user):
            roles = " or ".join(f"“{name}”" for name in role_names())
            ask = (
                f"Ask an administrator to put you in {roles}."
                if roles
                else "Ask an administrator for a role."
            )
            raise ValidationError(self.error_messages["no_role"], code="no_role", params={"ask": ask})


class PortalAdminSite(admin.AdminSite):
    site_header = "10DLC compliance portal"
    site_title = "10DLC compliance"
    index_title = "Dashboard"
    index_template = "admin/tendlc/dashboard.html"
    login_form = RoleAuthenticationForm

    def has_permission(self, request: HttpRequest) -> bool:
        return admin_access(request.user)

    def admin_view(self, view: Callable[..., Any], cacheable: bool = False) -> Callable[..., Any]:
        guarded = super().admin_view(view, cacheable)

        @wraps(guarded)
        def without_nul(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            values = [*request.GET.lists(), *(request.POST.lists() if request.method == "POST" else [])]
            if any("\x00" in text for name, texts in values for text in [name, *texts]):
                return HttpResponseBadRequest(
                    "The request contains a NUL character, which nothing here takes: remove it and try again.",
                    content_type="text/plain; charset=utf-8",
                )
            return guarded(request, *args, **kwargs)

        return without_nul

    def get_urls(self) -> list[URLResolver | URLPattern]:
        from tendlc.admin.two_factor import two_factor_page

        return [
            path("two-factor/", self.admin_view(two_factor_page), name="two_factor"),
            *super().get_urls(),
        ]

    def each_context(self, request: HttpRequest) -> dict[str, Any]:
        from tendlc.admin.time_zone import time_zone_media

        return {**super().each_context(request), "time_zone_media": time_zone_media()}

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # Imported here: tendlc.admin registers its ModelAdmins on this site, so it loads after it.
        from tendlc.admin.dashboard import dashboard_context

        return super().index(request, {**dashboard_context(request), **(extra_context or {})})
