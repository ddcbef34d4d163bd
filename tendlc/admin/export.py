"""A changelist action that downloads the selected rows as CSV, columns as the list shows them: each cell
holds what is stored, formula-like cells neutralised (``tendlc.services.csv_cells``)."""

from collections.abc import Callable, Sequence
from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from tendlc.services.csv_cells import csv_writer


def csv_export_action(
    columns: Sequence[tuple[str, Callable[[Any], Any] | str]],
) -> Callable[..., HttpResponse]:
    """An action writing ``columns`` (header, attribute name or function of the row) of the selected rows.

    Rows are streamed from the database in chunks, so exporting 100,000 rows does not hold them all."""

    @admin.action(description="Export selected rows as CSV")
    def export_csv(
        modeladmin: admin.ModelAdmin[Any], request: HttpRequest, queryset: QuerySet[Model]
    ) -> HttpResponse:
        opts = modeladmin.model._meta
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = f'attachment; filename="{opts.model_name}-{stamp}.csv"'
        writer = csv_writer(response)
        writer.writerow([header for header, _ in columns])
        for row in queryset.iterator(chunk_size=2000):
            writer.writerow([cell(row, source) for _, source in columns])
        return response

    return export_csv


def cell(row: object, source: Callable[[Any], Any] | str) -> Any:
    """The value of one column of ``row``: an attribute's, or a function's of the row."""
    return source(row) if callable(source) else getattr(row, source)
