"""The audit log in the admin: everyone with view permission can read and filter it; nobody can change it.
Actions are named in words (``AuditEntry.action_label``); the stored code is among the technical details."""

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.models import ContentType
from django.http import HttpRequest

from tendlc.admin.display import LongColumn
from tendlc.admin.filters import IndexedValuesFilter, PeriodFilter
from tendlc.admin.pagination import CappedPaginator
from tendlc.admin.technical import TechnicalDetailsAdmin
from tendlc.models import AuditEntry
from tendlc.models.audit import action_label
from tendlc.selectors import search

if TYPE_CHECKING:
    # Only django-stubs names the dict a filter's choice is.
    from django.contrib.admin.filters import _ListFilterChoices


class AuditActionFilter(IndexedValuesFilter):
    """The actions recorded so far, each named in words and in the order of those words; the query string
    still carries the code."""

    def choices(self, changelist: ChangeList) -> Iterator["_ListFilterChoices"]:
        codes = set(self.lookup_choices)
        others, actions = [], []
        for choice in super().choices(changelist):
            if choice["display"] in codes:
                choice["display"] = action_label(str(choice["display"]))
                actions.append(choice)
            else:
                others.append(choice)
        # "All" leads, as in every filter.
        yield from others[:1]
        yield from sorted(actions, key=lambda choice: str(choice["display"]))
        yield from others[1:]


class AuditTargetTypeFilter(admin.RelatedOnlyFieldListFilter):
    """The kinds of record audited so far, named as the admin names them ("Campaign", not "Tendlc | campaign")."""

    def field_choices(self, field, request, model_admin):  # type: ignore[no-untyped-def]
        audited = ContentType.objects.filter(pk__in=model_admin.get_queryset(request).values("target_type"))
        named = [(content_type.pk, _record_kind(content_type)) for content_type in audited]
        return sorted(named, key=lambda choice: choice[1])


def _record_kind(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else content_type.model


@admin.register(AuditEntry)
class AuditEntryAdmin(TechnicalDetailsAdmin):
    list_display = (
        "at",
        "username",
        "action_column",
        "target_repr",
        "outcome",
        "error_column",
        "request_id_column",
    )
    list_display_links = ("at",)
    list_filter = (
        "outcome",
        ("action", AuditActionFilter),
        ("target_type", AuditTargetTypeFilter),
        PeriodFilter.of("at"),
    )
    search_fields = search.AUDIT_ENTRIES
    # The log grows with every action: counted up to a cap, never in full (tendlc.admin.pagination).
    paginator = CappedPaginator
    show_full_result_count = False
    # "Show counts" would count every choice of every filter over the whole table.
    show_facets = admin.ShowFacets.NEVER
    list_select_related = ("target_type",)
    readonly_fields = [
        "action_column" if field.name == "action" else field.name for field in AuditEntry._meta.fields
    ]
    technical_fields = ("action", "request_summary")
    error_column = LongColumn("error", description="error")
    request_id_column = LongColumn("api_request_id", description="request id")

    @admin.display(description="action", ordering="action")
    def action_column(self, entry: AuditEntry) -> str:
        return entry.action_label

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: AuditEntry | None = None) -> bool:
        return False
