"""The admin's add and change pages for records that live in the 10DLC API.

Django's own change form saves the model and then calls ``save_model``, where a failing API call can
neither show its error at a field nor keep what the user typed (STYLE: never call the API from
``save_model``). Here saving calls ``form_submit``, which hands the cleaned form to a workflow service;
a refusal is shown at the fields it concerns on the same form, with every value as typed. A create that
failed after keeping a local draft (``DraftKept``) shows the draft's page with the errors, so submitting
again updates that draft instead of making another. The page, its fieldsets, read-only fields and
permissions are the admin's own. No inlines: related records are shown as read-only panels.
"""

import copy
from typing import Any, cast

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import PermissionDenied
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect

from tendlc.admin.errors import SUBMIT_ERRORS, error_apply
from tendlc.admin.object_actions import ModelT, object_or_404
from tendlc.services.errors import DraftKept


class ServiceFormAdmin(admin.ModelAdmin[ModelT]):
    def form_submit(self, request: HttpRequest, form: ModelForm[ModelT], obj: ModelT | None) -> ModelT:
        """Create (``obj`` None) or update the record through its service; answer the saved row. Raise the
        service's error (TenDLCError, WorkflowError or DraftKept) to show it on the form."""
        raise NotImplementedError

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
                raise PermissionDenied

        form_class = self.get_form(
            request, obj, change=not add, fields=flatten_fieldsets(self.get_fieldsets(request, obj))
        )
        if request.method == "POST":
            # The form writes the posted values onto its instance: the stored row stays as it was.
            form = form_class(request.POST, request.FILES, instance=copy.copy(obj))
            if form.is_valid():
                try:
                    saved = self.form_submit(request, form, obj)
                except DraftKept as kept:
                    error_apply(form, kept.error)
                    # The service keeps a draft of the model it creates, this admin's; DraftKept says object.
                    obj = cast(ModelT, kept.draft)
                    object_id, add = str(obj.pk), False
                    form_url = reverse(
                        f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[object_id]
                    )
                except SUBMIT_ERRORS as error:
                    error_apply(form, error)
                else:
                    # django-stubs asks for a Form; Django reads the form's changed_data, which a ModelForm has.
                    message = self.construct_change_message(request, form, [], add)  # type: ignore[arg-type]
                    if add:
                        self.log_addition(request, saved, message)
                        return self.response_add(request, saved)
                    self.log_change(request, saved, message)
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
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
