"""List filters shared by the admin's lists: the values present in a field that holds an enum's wire values
without declaring the enum as its choices (a use case, a webhook's type: free text on the wire), each named by
the enum's label; the same read from the field's index for tables of a million rows; and a period of time.
"""

from typing import Any

from django.contrib import admin
from django.db.models import Field, Model, QuerySet, TextChoices
from django.http import HttpRequest
from django.utils import timezone

from tendlc.choices import label_of
from tendlc.selectors.column_values import column_values
from tendlc.selectors.timeline import PERIODS, period_start


class LabelledValuesFilter(admin.AllValuesFieldListFilter):
    labels: type[TextChoices]

    @classmethod
    def of(cls, labels: type[TextChoices]) -> type["LabelledValuesFilter"]:
        return type(f"{labels.__name__}Filter", (cls,), {"labels": labels})

    def choices(self, changelist: Any) -> Any:
        values = {str(value) for value in self.lookup_choices}
        for choice in super().choices(changelist):
            if choice["display"] in values:
                choice = {**choice, "display": label_of(self.labels, choice["display"])}
            yield choice


class IndexedValuesFilter(admin.AllValuesFieldListFilter):
    """The values present in a field of the list's own table that an index leads with, read by hopping along
    the index (``column_values``) rather than by a DISTINCT over every row."""

    def __init__(
        self,
        field: Field[Any, Any],
        request: HttpRequest,
        params: dict[str, Any],
        model: type[Model],
        model_admin: Any,
        field_path: str,
    ) -> None:
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = column_values(model=model, column=field_path)  # type: ignore[assignment]


class IndexedLabelledValuesFilter(IndexedValuesFilter, LabelledValuesFilter):
    """An enum's wire values present in an indexed field, each named by the enum's label."""


class PeriodFilter(admin.SimpleListFilter):
    """Rows of today, the past 7 days or this month by one date field (``PeriodFilter.of("at")``): a filter
    that costs no query, where the admin's date drill-down reads every row for the dates it offers."""

    title = "date"
    parameter_name = "period"
    date_field: str

    @classmethod
    def of(cls, date_field: str) -> type["PeriodFilter"]:
        return type(f"{date_field.title()}PeriodFilter", (cls,), {"date_field": date_field})

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return list(PERIODS.items())

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value not in PERIODS:
            return queryset
        return queryset.filter(**{f"{self.date_field}__gte": period_start(value, now=timezone.now())})
