"""The status changes list: every recorded status change, filterable ("everything that changed today",
"every T-Mobile suspension this month"), each row linking to its record. Read-only for everyone."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tendlc.admin.display import long_text
from tendlc.admin.filters import IndexedValuesFilter, PeriodFilter
from tendlc.admin.object_links import change_url
from tendlc.admin.pagination import CappedPaginator
from tendlc.admin.timeline import cause_words, field_label, known_values, value_badge, value_label
from tendlc.models import Brand, StatusChange
from tendlc.selectors import search
from tendlc.selectors.timeline import record_of
from tendlc.services.timeline import TRACKED


class FieldFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "field"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        names: dict[str, set[str]] = {}
        for tracked in TRACKED.values():
            for name in tracked.fields:
                label = field_label(tracked.subject, name)
                names.setdefault(name, set()).add(label)
        return sorted(
            ((name, " / ".join(sorted(labels))) for name, labels in names.items()), key=lambda c: c[1]
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(field=self.value()) if self.value() else queryset


class NewValueFilter(admin.SimpleListFilter):
    """The statuses a tracked field can take, from its choices (no query); a field without choices (a vetting's
    score) offers the values recorded for it, read through the index that leads with the subject. Values a
    person reads alike (the campaign's "Expired" and the registry's) are one choice that finds them all."""

    title = "new status"
    parameter_name = "new_value"
    alike: dict[str, list[str]]

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        labels: dict[str, set[str]] = {}
        for tracked in TRACKED.values():
            for name in tracked.fields:
                for value in tracked_values(tracked.subject, name):
                    labels.setdefault(value, set()).add(value_label(tracked.subject, name, value))
        by_label: dict[str, list[str]] = {}
        for value, found in labels.items():
            by_label.setdefault(" / ".join(sorted(found)), []).append(value)
        groups = {label: sorted(values) for label, values in by_label.items()}
        self.alike = {value: values for values in groups.values() for value in values}
        return sorted(((values[0], label) for label, values in groups.items()), key=lambda c: c[1])

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        return queryset.filter(new_value__in=self.alike.get(value, [value]))


def tracked_values(subject: str, name: str) -> list[str]:
    values = known_values(subject, name)
    if values is not None:
        return values
    recorded = StatusChange.objects.filter(subject=subject, field=name).order_by().values_list("new_value")
    return [value for (value,) in recorded.distinct() if value]


class BrandFilter(admin.SimpleListFilter):
    title = "brand"
    parameter_name = "brand_id"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        # Every submitted brand: which brands have entries would take a DISTINCT over the whole timeline.
        brands = Brand.objects.exclude(brand_id=None).order_by("display_name")
        return [
            (str(brand_id), name or str(brand_id))
            for brand_id, name in brands.values_list("brand_id", "display_name")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.filter(brand_id=self.value()) if self.value() else queryset


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin[StatusChange]):
    list_display = ("changed_at", "record_column", "what_column", "old_column", "new_column")
    list_display_links = None
    list_filter = (
        "subject",
        FieldFilter,
        ("carrier", IndexedValuesFilter),
        NewValueFilter,
        "cause",
        PeriodFilter.of("changed_at"),
        BrandFilter,
    )
    search_fields = search.STATUS_CHANGES
    search_help_text = "A record's id: brand or campaign id, phone number, TCR campaign id or vetting id."
    list_select_related = ("webhook_event", "sync_run", "audit_entry")
    list_per_page = 100
    # As long as the numbers' history: counted up to a cap, never in full (tendlc.admin.pagination).
    paginator = CappedPaginator
    show_full_result_count = False
    # "Show counts" would count every choice of every filter over the whole table.
    show_facets = admin.ShowFacets.NEVER

    class Media:
        css = {"all": ["tendlc/admin.css"]}

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:pk>/record/",
                self.admin_site.admin_view(self.record_view),
                name="tendlc_statuschange_record",
            )
        ]
        return [*own, *super().get_urls()]

    def record_view(self, request: HttpRequest, pk: int) -> HttpResponseRedirect:
        """The page of the record an entry is about: found here, so the list costs no query per row."""
        if not self.has_view_permission(request):
            raise Http404
        entry = StatusChange.objects.filter(pk=pk).first()
        record = record_of(subject=entry.subject, record_id=entry.record_id) if entry is not None else None
        url = change_url(type(record), record.pk) if record is not None else None
        if url is None:
            raise Http404("The record is no longer stored.")
        return HttpResponseRedirect(url)

    @admin.display(description="record", ordering="record_id")
    def record_column(self, entry: StatusChange) -> SafeString:
        url = reverse("admin:tendlc_statuschange_record", args=[entry.pk])
        return format_html(
            '{}: <a href="{}">{}</a>', entry.get_subject_display(), url, long_text(entry.record_id)
        )

    @admin.display(description="what changed", ordering="field")
    def what_column(self, entry: StatusChange) -> str:
        return field_label(entry.subject, entry.field, entry.carrier)

    @admin.display(description="from")
    def old_column(self, entry: StatusChange) -> SafeString:
        return value_badge(entry.subject, entry.field, entry.old_value)

    @admin.display(description="to", ordering="new_value")
    def new_column(self, entry: StatusChange) -> SafeString:
        return value_badge(entry.subject, entry.field, entry.new_value)

    def get_list_display(self, request: HttpRequest) -> Any:
        # The "why" column links only what the user may open, so it is made for the request: a list_display
        # callable is given the row alone.
        @admin.display(description="why", ordering="cause")
        def why_column(entry: StatusChange) -> SafeString:
            return cause_words(entry, request)

        return (*self.list_display, why_column)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: StatusChange | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: StatusChange | None = None) -> bool:
        return False
