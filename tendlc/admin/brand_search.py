"""Brands chosen by typing part of a name (the admin's autocomplete over the brands list's search) rather than
picked from a list of every brand, for a form field the form made itself."""

from typing import Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.db.models import Model


def brands_found_by_typing(form: forms.BaseForm, model: type[Model], name: str = "brands") -> None:
    """Show ``form``'s field ``name`` (``model``'s many-to-many to brands) as the admin's autocomplete."""
    field = cast(forms.ModelMultipleChoiceField[Any], form.fields[name])
    widget = AutocompleteSelectMultiple(
        cast(Any, model._meta.get_field(name)), admin.site, attrs={"data-placeholder": "Every brand"}
    )
    # A field hands its choices and whether it is required to its widget when made; this one came later.
    widget.choices = field.choices
    widget.is_required = field.required
    field.widget = widget
