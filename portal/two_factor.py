"""``PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS`` enforced on every page a person opens with their session: the admin,
the API's docs and the detailed health report. Someone who must use two-factor sign-in and has not set it up
is sent to their two-factor page until they do; a session signed in with the password alone before they set
it up ends (the person signs in again, now with a code, and comes back to the page they asked for).

The API's JSON answers refuse such a session themselves (``tendlc.api.authentication``): a script reading
JSON is better served by a 403 saying why than by a redirect to a login form."""

from collections.abc import Callable

from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from tendlc.services.two_factor import two_factor_enabled, two_factor_outstanding

# Paths as portal/urls.py places them: a request served under another URLconf (the sandbox's) has none.
SESSION_PAGES = ("/admin/", "/api/docs/", "/healthz/detail")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            request.path.startswith(SESSION_PAGES)
            and isinstance(user, User)
            and two_factor_outstanding(user=user)
        ):
            if two_factor_enabled(user=user):
                logout(request)
                return redirect(f"{reverse('admin:login')}?next={request.path}")
            allowed = {reverse("admin:two_factor"), reverse("admin:logout"), reverse("admin:jsi18n")}
            if request.path not in allowed:
                return redirect("admin:two_factor")
        return self.get_response(request)
