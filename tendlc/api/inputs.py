"""What the action endpoints take: input is validated by the shared forms of ``tendlc.forms``
(``form_cleaned_data``), so the API and the admin refuse the same input with the same messages at the same
field names; the request serializers are built from those forms (``form_serializer``) and only describe the
input in the OpenAPI schema."""

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.request import Request


def request_values(request: Request) -> Mapping[str, Any]:
    """The request's fields; a body that is not an object is refused as DRF's serializers refuse it."""
    # Any JSON value: DRF's stubs promise a dict, but a body may as well be a list or a number.
    data: object = request.data
    if not isinstance(data, Mapping):
        message = f"Invalid data. Expected a dictionary, but got {type(data).__name__}."
        raise ValidationError({"non_field_errors": [ErrorDetail(message, code="invalid")]})
    return data


def form_errors(form: forms.BaseForm) -> dict[str, list[ErrorDetail]]:
    """The form's errors by field, with their codes; errors about no field go to ``non_field_errors``."""
    return {
        "non_field_errors" if name == NON_FIELD_ERRORS else name: [
            ErrorDetail(message, code=error.code or "invalid")
            for error in errors
            for message in error.messages
        ]
        for name, errors in form.errors.as_data().items()
    }


SCALARS = (str, int, float, bool, type(None))


LIST_FIELDS = (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)


NUMBER_FIELDS = (forms.IntegerField, forms.FloatField, forms.DecimalField, forms.ModelChoiceField)


def shape_errors(form: forms.BaseForm) -> dict[str, list[ErrorDetail]]:
    """JSON values a form field cannot take: the admin's forms see only text from a browser, and an object,
    or a list where one value is expected, would reach their cleaning code as something it cannot handle."""
    errors: dict[str, list[ErrorDetail]] = {}
    for name, field in form.fields.items():
        if name not in form.data:
            continue
        value = form.data[name]
        if isinstance(field, LIST_FIELDS) and hasattr(form.data, "getlist"):
            value = form.data.getlist(name)  # a multipart form's repeated field
        if isinstance(field, LIST_FIELDS):
            ok = isinstance(value, list | tuple) and all(isinstance(item, SCALARS) for item in value)
            expected = "a list of values"
        elif isinstance(field, forms.FileField):
            continue
        elif isinstance(field, forms.BooleanField):
            ok, expected = isinstance(value, bool | str | type(None)), "true or false"
        elif isinstance(field, NUMBER_FIELDS):
            ok = isinstance(value, int | float | str | type(None)) and not isinstance(value, bool)
            expected = "a number"
        else:
            ok, expected = isinstance(value, str | type(None)), "text"
        if not ok:
            errors[name] = [ErrorDetail(f"Expected {expected}.", code="invalid")]
    return errors


def form_cleaned_data(*forms_: forms.BaseForm) -> dict[str, Any]:
    """The cleaned data of every form, or one 400 with all their errors."""
    errors: dict[str, list[ErrorDetail]] = {}
    for form in forms_:
        shapes = shape_errors(form)
        found = shapes or (form_errors(form) if not form.is_valid() else {})
        for name, items in found.items():
            errors.setdefault(name, []).extend(items)
    if errors:
        raise ValidationError(errors)
    return {name: value for form in forms_ for name, value in form.cleaned_data.items()}


def _serializer_field(field: forms.Field, required: bool) -> serializers.Field[Any, Any, Any, Any]:
    options: dict[str, Any] = {"required": required, "help_text": str(field.help_text or "") or None}
    if isinstance(field, forms.BooleanField):
        return serializers.BooleanField(**options)
    if isinstance(field, forms.FileField):
        return serializers.FileField(**options)
    # Before ModelChoiceField, which it extends: a list of ids, not one.
    if isinstance(field, forms.ModelMultipleChoiceField):
        return serializers.ListField(child=serializers.IntegerField(), **options)
    if isinstance(field, forms.ModelChoiceField):
        return serializers.IntegerField(**options)
    if isinstance(field, forms.MultipleChoiceField):
        return serializers.ListField(child=serializers.CharField(), **options)
    # A form field's choices are normalised to a list when set; only their stubs allow a callable.
    if isinstance(field, forms.ChoiceField) and isinstance(field.choices, Iterable) and field.choices:
        return serializers.ChoiceField(
            choices=[choice for choice in field.choices if choice[0] != ""], **options
        )
    if isinstance(field, forms.EmailField):
        return serializers.EmailField(allow_blank=not required, **options)
    if isinstance(field, forms.URLField):
        return serializers.URLField(allow_blank=not required, **options)
    return serializers.CharField(allow_blank=not required, **options)


def form_serializer(
    name: str,
    form_classes: tuple[type[forms.Form] | type[forms.ModelForm[Any]], ...],
    *,
    partial: bool = False,
) -> type[serializers.Serializer[dict[str, Any]]]:
    """A serializer describing the fields of ``form_classes`` for the schema; with ``partial`` every field is
    optional (a PATCH)."""
    fields: dict[str, Any] = {}
    for form_class in form_classes:
        for field_name_, field in form_class.base_fields.items():
            fields[field_name_] = _serializer_field(field, field.required and not partial)
    return type(name, (serializers.Serializer,), fields)
