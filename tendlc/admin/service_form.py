"""The admin's add and change pages for records that live in the 10DLC API.

Django's own change form saves the model and then calls ``save_model``, where a failing API call can
neither show its error at a field nor keep what the user typed (STYLE: never call the API from
``save_model``). Here saving calls ``form_submit``, which hands the cleaned form to a workflow service;
a refusal is shown at the fields it concerns on the same form, with every value as typed. A create that
failed after keeping a local draft (``DraftKept``) shows the draft's page with the errors, so submitting
again updates that draft instead of making another. The page, its fieldsets, read-only fields and
permissions are the admin's own. No inlines: related records are shown as read-only panels.

With ``submit_once``, each rendering of the form carries a one-time token (``tendlc.admin.form_tokens``): a
double click or a second POST of the same page saves once, and lands on what the first saved.
"""

import copy
from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect

from tendlc.admin.errors import SUBMIT_ERRORS, api_failure, error_apply, input_errors
from tendlc.admin.form_tokens import (
    SUBMITTED_BEFORE,
    form_token_claim,
    form_token_done,
    form_token_free,
    form_token_new,
    form_token_outcome,
)
from tendlc.admin.object_actions import ModelT, object_or_404
from tendlc.models import IdempotencyKey
from tendlc.services.errors import DraftKept
from tendlc.services.idempotency import Answered


class ServiceFormAdmin(admin.ModelAdmin[ModelT]):
    # Set where saving pays or cannot be repeated: each rendering of the form is saved once.
    submit_once = False
    # Each record is made by its own workflow, not typed in a series: no "Save and add another".
    save_and_add_another = False
    # False where saving lands on the record's page anyway, so "Save and continue editing" would be "Save".
    save_and_continue = True

    def form_submit(self, request: HttpRequest, form: ModelForm[ModelT], obj: ModelT | None) -> ModelT:
        """Create (``obj`` None) or update the record through its service; answer the saved row. Raise the
        service's error (TenDLCError, WorkflowError or DraftKept) to show it on the form."""
        raise NotImplementedError

    def change_refusal(self, obj: ModelT) -> str:
        """Why ``obj`` cannot be changed by anyone, whatever their role: said on its page (which is then
        read-only, through ``has_change_permission``) and as the refusal of a POST. "" when it can be."""
        return ""

    @method_decorator(csrf_protect)
    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        add = object_id is None
        obj = None
        if object_id is None:
            if not self.has_add_permission(request):
                raise PermissionDenied
        else:
            obj = object_or_404(self, request, object_id)
            allowed = (
                self.has_change_permission if request.method == "POST" else self.has_view_or_change_permission
            )
            if not allowed(request, obj):
                raise PermissionDenied(self.change_refusal(obj))

        form_class = self.get_form(
            request, obj, change=not add, fields=flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if request.method == "POST":
            # The form writes the posted values onto its instance: the stored row stays as it was.
            form = form_class(request.POST, request.FILES, instance=copy.copy(obj))
            if form.is_valid():
                claimed: IdempotencyKey | None = None
                try:
                    claim = form_token_claim(request) if self.submit_once else None
                    if isinstance(claim, Answered):
                        return self.response_submitted_before(request, claim)
                    claimed = claim
                    saved = self.form_submit(request, form, obj)
                except DraftKept as kept:
                    error_apply(form, kept.error)
                    # The service keeps a draft of the model it creates, this admin's; DraftKept says object.
                    obj = cast(ModelT, kept.draft)
                    form_token_done(claimed, object_id=obj.pk)
                    object_id, add = str(obj.pk), False
                    form_url = reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[object_id]
                    )
                except SUBMIT_ERRORS as error:
                    form_token_free(claimed)
                    error_apply(form, error)
                except BaseException:
                    form_token_free(claimed)
                    raise
                else:
                    form_token_done(claimed, object_id=saved.pk)
                    # Django's history of the save is written by the service's audit (tendlc.services.audit).
                    if add:
                        return self.response_add(request, saved)
                    return self.response_change(request, saved)
        elif add:
            form = form_class(initial=self.get_changeform_initial_data(request))
        else:
            form = form_class(instance=obj)
        return self.render_change_form(
            request,
            self.changeform_context(request, form, obj, object_id, add, extra_context),
            add=add,
            change=not add,
            obj=obj,
            form_url=form_url,
        )

    def response_submitted_before(self, request: HttpRequest, answered: Answered) -> HttpResponse:
        """Where a second POST of the same page lands: what the first saved (a draft, if it was refused)."""
        saved = self.get_object(request, str(form_token_outcome(answered).get("object_id", "")))
        if saved is None:
            self.message_user(request, SUBMITTED_BEFORE, messages.WARNING)
            return HttpResponseRedirect(
                reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            )
        self.message_user(
            request, f"{SUBMITTED_BEFORE} Here is {saved}, as the first one saved it.", messages.WARNING
        )
        return HttpResponseRedirect(
            reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[saved.pk])
        )

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: ModelT | None = None,
    ) -> HttpResponse:
        context["show_save_and_add_another"] = self.save_and_add_another
        context["show_save_and_continue"] = self.save_and_continue
        return super().render_change_form(request, context, add, change, form_url, obj)

    def changeform_context(
        self,
        request: HttpRequest,
        form: ModelForm[ModelT],
        obj: ModelT | None,
        object_id: str | None,
        add: bool,
        extra_context: dict[str, Any] | None,
    ) -> dict[str, Any]:
        fieldsets = list(self.get_fieldsets(request, obj))
        editable = add or self.has_change_permission(request, obj)
        admin_form = helpers.AdminForm(
            form,
            # django-stubs types AdminForm's fieldsets narrower than get_fieldsets' own; Django passes them as is.
            fieldsets,  # type: ignore[arg-type]
            self.get_prepopulated_fields(request, obj) if editable else {},
            self.get_readonly_fields(request, obj) if editable else flatten_fieldsets(fieldsets),
            model_admin=self,
        )
        verb = "Add" if add else "Change" if editable else "View"
        return {
            **self.admin_site.each_context(request),
            "title": f"{verb} {self.opts.verbose_name}",
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            # The API's own failure is not the input's: no "Please correct the error below" for it.
            "errors": helpers.AdminErrorList(form, []) if input_errors(form) else [],
            "api_failure": api_failure(form),
            "preserved_filters": self.get_preserved_filters(request),
            "form_token": form_token_new() if self.submit_once and editable else "",
            "read_only_notice": self.change_refusal(obj) if obj is not None else "",
            **(extra_context or {}),
        }
