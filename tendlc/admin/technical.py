"""Raw data exchanged with the API (a webhook's body, a feedback reading, the request an audit entry sent),
kept behind a collapsed "Technical details" disclosure that only Compliance admins and superusers get
(``sees_technical_details``): everything a person needs is shown above it in words.

A ModelAdmin lists its raw fields in ``technical_fields``; they leave the page's fields and come back, each
pretty-printed, inside the one disclosure at the end.
"""

import json
from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from tendlc.selectors.roles import sees_technical_details

TECHNICAL_DETAILS = "technical_details"


def pretty(value: Any) -> str:
    """``value`` as indented JSON; a text that is JSON (a stored body) is indented too, any other as it is."""
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return str(value)
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False)


def technical_block(parts: list[tuple[str, Any]]) -> SafeString:
    return format_html(
        '<details class="tendlc-technical"><summary>Show the raw data</summary>{}</details>',
        format_html_join("", "<h4>{}</h4><pre>{}</pre>", ((label, pretty(value)) for label, value in parts)),
    )


class TechnicalDetailsAdmin(admin.ModelAdmin[Any]):
    technical_fields: tuple[str, ...] = ()

    def get_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        fields = [name for name in super().get_fields(request, obj) if name not in self.technical_fields]
        fields = [name for name in fields if name != TECHNICAL_DETAILS]
        if obj is not None and sees_technical_details(user=request.user):  # type: ignore[arg-type]
            fields.append(TECHNICAL_DETAILS)
        return fields

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> Any:
        return [*super().get_readonly_fields(request, obj), TECHNICAL_DETAILS]

    @admin.display(description="technical details")
    def technical_details(self, obj: Model) -> SafeString:
        return technical_block(
            [
                (capfirst(str(getattr(obj._meta.get_field(name), "verbose_name", name))), getattr(obj, name))
                for name in self.technical_fields
            ]
        )
