"""Admin lists searched by a selector's rule instead of Django's substring match over ``search_fields``: the
rule finds rows on the indexes (a substring match scanned every row), and the REST API asks the same rule, so
a search finds the same rows in both (``tendlc.api.filters``)."""

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest


class RuleSearchAdmin:
    """Mixed into a ``ModelAdmin``; ``search_rule`` answers the rows a term finds. ``search_fields`` stays set,
    since the admin shows its search box only for a list that has some."""

    search_rule: Callable[[str], Q]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        if not search_term.strip():
            return queryset, False
        return queryset.filter(self.search_rule(search_term)), False
