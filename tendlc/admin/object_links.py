"""Links from one record's row or page to a related record's admin page.

A model whose admin is not registered (yet) shows as plain text rather than breaking the list.
"""

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString


def change_url(model: type[models.Model], pk: object) -> str | None:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])
    except NoReverseMatch:
        return None


def admin_link(obj: models.Model | None, text: str | None = None) -> SafeString | str:
    if obj is None:
        return "-"
    label = text if text is not None else str(obj)
    url = change_url(type(obj), obj.pk)
    return format_html('<a href="{}">{}</a>', url, label) if url else label
