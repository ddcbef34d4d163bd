"""The workflow pages of one object, declared once: how every ModelAdmin of the portal adds them.

An ``ObjectAction`` says what the action is (label), who may take it (``allowed``), when the object's page
offers it (``applies``; with ``refusal``, the view refuses it too when it does not apply), what the user
enters (``form``) or confirms (``confirm``), and the service call (``run``, answering the message to show).
``ObjectActionsAdmin`` derives the rest from the declarations: one URL per action
(``<object id>/<object_action_prefix><slug>/``, named ``<app>_<model>_<slug with underscores>``), the buttons
of the object's page (``object_actions`` in the portal's change form, ``tendlc.admin.panels.PortalAdmin``), and
one view doing what every action repeats:

1. find the object (404) and check that the user may see it and take the action (403);
2. act only on a POST: a one-click action opened by its address goes back to the object's page (or answers
   405, as the admin declares), a form or a confirmation is shown first;
3. open the API client of the request (``tendlc.conf.api_session``), build the form, call the service;
4. show a refusal at its field with the input kept (a form with fields), or in a message on the object's
   page (one click, confirmation);
5. on success, the message and back to the object's page.

An action declared ``once`` (it pays or sends something) renders a one-time token into its page
(``tendlc.admin.form_tokens``): a double click or a second POST of the page acts once, and lands back on the
object's page with the first one's message.

A hidden button is never the only guard: the view checks the permission on every request, and the services
check the admin-only rules again.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, TypeVar, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db import models
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    QueryDict,
)
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse

from tendlc.admin.errors import SUBMIT_ERRORS, api_failure, error_apply, error_message
from tendlc.admin.form_tokens import (
    SUBMITTED_BEFORE,
    form_token_claim,
    form_token_done,
    form_token_free,
    form_token_new,
    form_token_outcome,
)
from tendlc.client import TenDLCClient
from tendlc.conf import api_session
from tendlc.models import IdempotencyKey
from tendlc.services.idempotency import Answered

ModelT = TypeVar("ModelT", bound=models.Model)
# An action only receives its object: one written for any model may be declared where a Brand's is expected.
ModelT_contra = TypeVar("ModelT_contra", bound=models.Model, contravariant=True)

Permission = Callable[[HttpRequest, admin.ModelAdmin[Any], Any], bool]


@dataclass(frozen=True)
class Done:
    """What ``run`` answers when its message is not a plain success."""

    message: str
    level: int = messages.SUCCESS


def object_or_404(model_admin: admin.ModelAdmin[ModelT], request: HttpRequest, object_id: str) -> ModelT:
    """The object a page under ``<object id>/`` is about, as the admin finds it (its queryset), or 404."""
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None:
        raise Http404(f"No {model_admin.opts.verbose_name} with id {object_id!r}.")
    return obj


@dataclass(frozen=True)
class NeedsPermission:
    """The action needs one permission of the user (``app_label.codename``), whatever the object; a refusal
    names the roles holding it (``tendlc.admin.refusals``)."""

    permission: str

    def __call__(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any], obj: Any) -> bool:
        return request.user.has_perm(self.permission)


def has_perm(codename: str) -> Permission:
    """The action needs one permission of the user (``app_label.codename``), whatever the object."""
    return NeedsPermission(codename)


def may_change(request: HttpRequest, model_admin: admin.ModelAdmin[Any], obj: Any) -> bool:
    return model_admin.has_change_permission(request, obj)


def may_view(request: HttpRequest, model_admin: admin.ModelAdmin[Any], obj: Any) -> bool:
    return model_admin.has_view_permission(request, obj)


def always(obj: Any) -> bool:
    return True


def no_context(obj: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ObjectAction(Generic[ModelT_contra]):
    slug: str
    label: str
    # run(obj, *, user, client, **the form's cleaned values)
    run: Callable[Concatenate[ModelT_contra, ...], str | Done]
    allowed: Permission
    applies: Callable[[ModelT_contra], bool] = always  # whether the object's page offers it now
    refusal: Callable[[ModelT_contra], str] | None = (
        None  # set: the view refuses, with this message, what does not apply
    )
    # form(data, obj, client): built with the request's client, as a form may read its choices from the API.
    form: Callable[[QueryDict | None, ModelT_contra, TenDLCClient], forms.Form] | None = None
    confirm: bool = False  # a page asks first; its POST carries post=yes (Django's delete_selected pattern)
    intro: str = ""
    template: str = "admin/tendlc/object_action.html"
    # The page's own, e.g. its title.
    context: Callable[[ModelT_contra], dict[str, Any]] = field(default=no_context)
    uses_api: bool = True  # False: works on what is stored, so without API settings too (client None)
    once: bool = False  # pays or sends something: each rendering of its page acts once (form_tokens)

    def __post_init__(self) -> None:
        if self.form is not None and not self.uses_api:
            raise ImproperlyConfigured(
                f"Object action {self.slug!r} has a form, which is built with the API client: it uses the API."
            )

    @property
    def one_click(self) -> bool:
        return self.form is None and not self.confirm

    @property
    def url_name(self) -> str:
        return self.slug.replace("-", "_")


class ObjectActionsAdmin(admin.ModelAdmin[ModelT]):
    object_actions_declared: tuple[ObjectAction[ModelT], ...] = ()
    # Where the actions' URLs start after the object id: "actions/" keeps slugs apart from the admin's own.
    object_action_prefix = ""
    # A one-click action opened by its address: back to the object's page (False) or 405 (True).
    object_action_post_only = False

    def object_action_url_name(self, action: ObjectAction[ModelT]) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_{action.url_name}"

    def object_actions_offered(self, request: HttpRequest, obj: ModelT) -> bool:
        """Whether the object's page offers any action (a deleted or draft record may offer none)."""
        return True

    def object_action_buttons(self, request: HttpRequest, obj: ModelT | None) -> list[dict[str, Any]]:
        """The buttons of the object's page this user may use now: a form posted at once for a one-click
        action, a link to its page otherwise."""
        if obj is None or not self.object_actions_offered(request, obj):
            return []
        return [
            {
                "label": action.label,
                "url": reverse(f"admin:{self.object_action_url_name(action)}", args=[obj.pk]),
                "one_click": action.one_click,
            }
            for action in self.object_actions_declared
            if action.applies(obj) and action.allowed(request, self, obj)
        ]

    def get_urls(self) -> list[URLPattern]:
        # Before the admin's own: its "<path:object_id>/" would take these addresses.
        actions = [
            path(
                f"<path:object_id>/{self.object_action_prefix}{action.slug}/",
                self.admin_site.admin_view(self._object_action_view(action)),
                name=self.object_action_url_name(action),
            )
            for action in self.object_actions_declared
        ]
        if self.object_action_prefix:
            actions.append(
                path(
                    f"<path:object_id>/{self.object_action_prefix}<slug:slug>/",
                    self.admin_site.admin_view(self.object_action_unknown),
                )
            )
        return actions + super().get_urls()

    def object_action_unknown(self, request: HttpRequest, object_id: str, slug: str) -> HttpResponse:
        raise Http404(f"No {self.opts.verbose_name} action {slug!r}.")

    def _object_action_view(self, action: ObjectAction[ModelT]) -> Callable[..., HttpResponse]:
        def view(request: HttpRequest, object_id: str) -> HttpResponse:
            return self.object_action_view(request, object_id, action)

        return view

    def object_action_view(
        self, request: HttpRequest, object_id: str, action: ObjectAction[ModelT]
    ) -> HttpResponse:
        obj = object_or_404(self, request, object_id)
        if not self.has_view_or_change_permission(request, obj) or not action.allowed(request, self, obj):
            raise PermissionDenied
        back = HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[obj.pk])
        )
        if action.one_click and request.method != "POST":
            return HttpResponseNotAllowed(["POST"]) if self.object_action_post_only else back
        if action.refusal is not None and not action.applies(obj):
            self.message_user(request, action.refusal(obj), messages.ERROR)
            return back
        data = request.POST if request.method == "POST" else None
        acting = data is not None and (not action.confirm or data.get("post") == "yes")
        form = None
        try:
            with api_session() if action.uses_api else nullcontext() as client:
                # An action with a form uses the API (ObjectAction.__post_init__), so its client is open here.
                form = action.form(data, obj, cast(TenDLCClient, client)) if action.form is not None else None
                if acting and (form is None or form.is_valid()):
                    values = form.cleaned_data if form is not None else {}
                    claimed: IdempotencyKey | None = None
                    try:
                        claim = form_token_claim(request) if action.once else None
                        if isinstance(claim, Answered):
                            message = form_token_outcome(claim).get("message", "")
                            self.message_user(
                                request, f"{SUBMITTED_BEFORE} {message}".strip(), messages.WARNING
                            )
                            return back
                        claimed = claim
                        done = action.run(obj, user=request.user, client=client, **values)
                    except SUBMIT_ERRORS as error:
                        form_token_free(claimed)
                        # Without fields (a confirmation) nothing typed is lost: the refusal is the page's
                        # message, not "Please correct the errors below" over a form with nothing to correct.
                        if form is None or not form.fields:
                            raise
                        error_apply(form, error)
                    except BaseException:
                        form_token_free(claimed)
                        raise
                    else:
                        done = done if isinstance(done, Done) else Done(done)
                        form_token_done(claimed, message=done.message)
                        self.message_user(request, done.message, done.level)
                        return back
        except SUBMIT_ERRORS as error:
            # No API settings, the form's choices could not be read, or an action without a form was refused.
            self.message_user(request, error_message(error), messages.ERROR)
            return back
        return self.object_action_page(request, obj, action, form)

    def object_action_page(
        self, request: HttpRequest, obj: ModelT, action: ObjectAction[ModelT], form: forms.Form | None
    ) -> TemplateResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": action.label,
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "has_view_permission": True,
            "action": action,
            "form": form,
            "api_failure": api_failure(form) if form is not None else "",
            "media": self.media + form.media if form is not None else self.media,
            "form_token": form_token_new() if action.once else "",
            **action.context(obj),
        }
        return TemplateResponse(request, action.template, context)
