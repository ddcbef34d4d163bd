"""List filters whose choices are selectors' querysets: a list filtered by one shows exactly the rows the
selector answers, so a count the dashboard shows and the list its card opens cannot disagree."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass(frozen=True)
class RowsChoice:
    key: str
    label: str
    rows: Callable[[], QuerySet[Any]]


def rows_filter(title: str, parameter: str, choices: Sequence[RowsChoice]) -> type[admin.SimpleListFilter]:
    """A list filter titled ``title``, set by ``?<parameter>=<choice key>``."""
    by_key = {choice.key: choice for choice in choices}

    class RowsFilter(admin.SimpleListFilter):
        def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin[Any]) -> list[tuple[str, str]]:
            return [(choice.key, choice.label) for choice in choices]

        def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
            value = self.value()
            if value is None:
                return queryset
            choice = by_key.get(value)
            return queryset.none() if choice is None else queryset.filter(pk__in=choice.rows().values("pk"))

    RowsFilter.title = title
    RowsFilter.parameter_name = parameter
    return RowsFilter
