"""What a refused page says: which role may do what was refused, whom to ask, and the way back.

A form refused by the CSRF check (``csrf_failure``, the project's ``CSRF_FAILURE_VIEW``) ends on the same
page, saying in plain words why and what to do, instead of Django's bare "CSRF verification failed".

Every refusal of the admin is a ``PermissionDenied``: Django's own views raise it bare, object actions and
workflows too (their message, when they give one, is shown as is). This module owns the one page all of them
end on (``permission_denied``, the project's ``handler403``): inside the admin's layout, with its header,
breadcrumbs and sidebar. For a bare refusal the page works out what was refused from the address (the
admin's URL names are ``<app>_<model>_<what>``) and names the roles holding the permission it needs, read
from the groups rather than written down, so it cannot drift from what the roles really hold.
"""

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from tendlc.admin.object_actions import NeedsPermission, ObjectActionsAdmin, may_change, may_view
from tendlc.selectors.roles import role_holders

# Names listed on the page before "and N more": whom to ask, not a directory.
NAMES_SHOWN = 5
UNKNOWN = "Your role does not allow this page."
NO_COOKIE = (
    "The form was not sent: your browser did not send the portal's security cookie. Allow cookies for this"
    " site, reload the page and send the form again. Nothing was saved."
)
STALE_FORM = (
    "The form was not sent: its security check no longer matches your session, usually because you signed"
    " in again (or out, in another tab) after the page was opened. Nothing was saved. Go back, reload the"
    " page and send the form again."
)
# The admin's own pages (url name suffix): the permission each needs and what it lets one do.
ADMIN_PAGES = {
    "changelist": ("view", "see the list of {plural}"),
    "add": ("add", "add {one}"),
    "change": ("view", "see {one}"),
    "history": ("view", "see the history of {one}"),
    "delete": ("delete", "delete {one}"),
}


def who_may(permission: str, doing: str) -> str:
    """ "Only a Compliance admin can appeal a campaign; ask one of: …": who may do ``doing``."""
    holders = role_holders(permission=permission)
    if not holders:
        return f"No role in the portal can {doing}."
    roles = (
        f"a {holders[0].role}"
        if len(holders) == 1
        else f"members of {', '.join(h.role for h in holders[:-1])} or {holders[-1].role}"
    )
    names = sorted({name for holder in holders for name in holder.names})
    if not names:
        return f"Only {roles} can {doing}; nobody has that role yet: an administrator can give it."
    shown = ", ".join(names[:NAMES_SHOWN])
    more = f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else ""
    return f"Only {roles} can {doing}; ask one of: {shown}{more}."


def _with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def refusal_of(request: HttpRequest) -> str:
    """What a bare refusal of ``request`` refused, and who may do it, from the admin page it asked for."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return UNKNOWN
    if match.namespace != admin.site.name or not match.url_name:
        return UNKNOWN
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        prefix = f"{opts.app_label}_{opts.model_name}_"
        if not match.url_name.startswith(prefix):
            continue
        page = match.url_name.removeprefix(prefix)
        one, plural = _with_article(str(opts.verbose_name)), str(opts.verbose_name_plural)
        if page in ADMIN_PAGES:
            action, doing = ADMIN_PAGES[page]
            if page == "change" and request.method == "POST":
                action, doing = "change", "change {one}"
            return who_may(
                f"{opts.app_label}.{action}_{opts.model_name}", doing.format(one=one, plural=plural)
            )
        if isinstance(model_admin, ObjectActionsAdmin):
            for object_action in model_admin.object_actions_declared:
                if model_admin.object_action_url_name(object_action) != match.url_name:
                    continue
                label = object_action.label
                doing = f"{label.lower()} {one}" if " " not in label else f'use "{label}" on {one}'
                allowed = object_action.allowed
                if isinstance(allowed, NeedsPermission):
                    return who_may(allowed.permission, doing)
                if allowed is may_change or allowed is may_view:
                    action = "change" if allowed is may_change else "view"
                    return who_may(f"{opts.app_label}.{action}_{opts.model_name}", doing)
    return UNKNOWN


def _back(request: HttpRequest, *, to_same_page: bool = False) -> str:
    """The page the person came from, on this site; the refused page itself only when sending its form
    again is the way on (a refused form of a page posting to itself), else the dashboard."""
    referer = request.headers.get("referer", "")
    if (
        referer
        and (to_same_page or referer != request.build_absolute_uri())
        and url_has_allowed_host_and_scheme(
            referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return referer
    return reverse("admin:index")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 403 page, in the admin's layout."""
    given = str(exception or "") if isinstance(exception, PermissionDenied) else ""
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": "Not allowed",
        "explanation": given or refusal_of(request),
        "back_url": _back(request),
    }
    return render(request, "403.html", context, status=403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check, in the admin's layout, with what to do about it."""
    context: dict[str, Any] = {
        **admin.site.each_context(request),
        "title": "Form not sent",
        "explanation": NO_COOKIE if reason == REASON_NO_CSRF_COOKIE else STALE_FORM,
        "back_url": _back(request, to_same_page=True),
    }
    return render(request, "403.html", context, status=403)
