"""A list filter for a related record chosen by typing part of it, for lists whose related records are too
many to show (thousands of campaigns, a thousand brands).

Django's ``RelatedOnlyFieldListFilter`` lists every related record on every load, and finds which ones the
list uses by scanning the whole table; this one renders a single box (the admin's own autocomplete, select2
over ``admin:autocomplete``, answering 20 matches of the related admin's search at a time) and reads one
record, the one chosen, if any. Choosing a record, or clearing the box, opens the list filtered so
(``tendlc/autocomplete_filter.js``).

Use ``("campaign", AutocompleteFilter)`` in ``list_filter`` (``("campaign__brand", AutocompleteFilter)``
through a relation), add ``autocomplete_filter_media()`` to the admin's media, and give the related record's
admin ``search_fields``.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Model, QuerySet
from django.http import HttpRequest


class AutocompleteFilter(admin.FieldListFilter):
    template = "admin/tendlc/autocomplete_filter.html"

    def __init__(
        self,
        field: Any,
        request: HttpRequest,
        params: dict[str, list[str]],
        model: type[Model],
        model_admin: admin.ModelAdmin[Any],
        field_path: str,
    ) -> None:
        self.lookup_kwarg = f"{field_path}__{field.target_field.name}__exact"
        chosen = params.get(self.lookup_kwarg) or [""]
        self.chosen = chosen[-1]
        super().__init__(field, request, params, model, model_admin, field_path)
        self.admin_site = model_admin.admin_site

    def expected_parameters(self) -> list[str]:
        return [self.lookup_kwarg]

    def get_facet_counts(self, pk_attname: str, filtered_qs: QuerySet[Any]) -> dict[str, Any]:
        # Counting per related record is the full scan this filter exists to avoid.
        return {}

    def choices(self, changelist: Any) -> Any:
        yield {
            "selected": bool(self.chosen),
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": "All",
            "widget": self.widget_html(),
        }

    def widget_html(self) -> str:
        remote = self.field.remote_field.model
        widget = AutocompleteSelect(
            self.field, self.admin_site, attrs={"data-placeholder": f"Any {self.title}"}
        )
        # The choices of a model field: the widget reads the chosen record's name, and nothing else.
        field = forms.ModelChoiceField(remote._default_manager.all(), required=False, widget=widget)
        name = f"filter-{self.lookup_kwarg}"
        return str(field.widget.render(name, self.chosen or None, attrs={"id": f"id_{name}"}))


def autocomplete_filter_media() -> forms.Media:
    """What a list with autocomplete filters loads: the admin's select2 and the script that applies a choice."""
    widget_media: forms.Media = AutocompleteSelect(None, admin.site).media
    # Named after jquery.init.js so the merged media keep the script after it: it needs django.jQuery.
    return widget_media + forms.Media(js=["admin/js/jquery.init.js", "tendlc/autocomplete_filter.js"])
