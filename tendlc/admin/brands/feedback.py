"""The registry's feedback readings of brands, read-only."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from tendlc.admin.brands.records import BrandRecordAdmin
from tendlc.admin.export import csv_export_action
from tendlc.admin.technical import TechnicalDetailsAdmin
from tendlc.models import BrandFeedback
from tendlc.selectors import search


@admin.register(BrandFeedback)
class BrandFeedbackAdmin(TechnicalDetailsAdmin, BrandRecordAdmin[BrandFeedback]):
    list_display = ("fetched_at", "brand_link", "issues")
    list_filter = ("categories__category",)
    search_fields = search.BRAND_FEEDBACK
    date_hierarchy = "fetched_at"
    readonly_fields = ("brand", "fetched_at", "issues", "raw")
    fields = readonly_fields
    technical_fields = ("raw",)
    actions = [
        csv_export_action(
            [
                ("Fetched", "fetched_at"),
                ("Brand", "brand"),
                ("Brand id", lambda feedback: feedback.brand.brand_id),
                ("Issues", lambda feedback: issues_text(feedback)),
            ]
        )
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[BrandFeedback]:
        return super().get_queryset(request).prefetch_related("categories")

    @admin.display(description="issues")
    def issues(self, feedback: BrandFeedback) -> str:
        return issues_text(feedback) or "none"


def issues_text(feedback: BrandFeedback) -> str:
    return "; ".join(category.display_name for category in feedback.categories.all())
