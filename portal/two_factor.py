"""``PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS`` enforced on every admin page: someone who must use two-factor sign-in
and has not set it up is sent to their two-factor page until they do; a session signed in with the password
alone before they set it up ends (the person signs in again, now with a code)."""

from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tendlc.services.two_factor import two_factor_enabled, two_factor_required


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            request.path.startswith("/admin/")
            and isinstance(user, User)
            and two_factor_required(user=user)
            and not user.is_verified()  # type: ignore[attr-defined]
        ):
            if two_factor_enabled(user=user):
                logout(request)
                return redirect(f"{reverse('admin:login')}?next={request.path}")
            allowed = {reverse("admin:two_factor"), reverse("admin:logout"), reverse("admin:jsi18n")}
            if request.path not in allowed:
                return redirect("admin:two_factor")
        return self.get_response(request)
