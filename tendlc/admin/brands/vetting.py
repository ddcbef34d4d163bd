"""External vettings of brands, read-only."""

from django.contrib import admin
from django.utils.safestring import SafeString

from tendlc.admin.brands.records import BrandRecordAdmin
from tendlc.admin.display import LongColumn, badge
from tendlc.admin.export import csv_export_action
from tendlc.choices import SubmissionStatus, TaskStatus
from tendlc.models import ExternalVetting
from tendlc.selectors import search


@admin.register(ExternalVetting)
class ExternalVettingAdmin(BrandRecordAdmin[ExternalVetting]):
    list_display = (
        "vetting_column",
        "brand_link",
        "evp_id",
        "vetting_class",
        "vetting_score",
        "create_date",
        "vetted_badge",
    )
    list_display_links = ("vetting_column",)
    list_filter = ("evp_id", "vetting_class")
    search_fields = search.EXTERNAL_VETTINGS
    # The token proves the vetting to its provider: it is sent on import and not shown again.
    readonly_fields = [field.name for field in ExternalVetting._meta.fields if field.name != "vetting_token"]
    fields = tuple(readonly_fields)
    actions = [
        csv_export_action(
            [
                ("Vetting id", "vetting_id"),
                ("Brand", "brand"),
                ("Brand id", lambda vetting: vetting.brand.brand_id),
                ("Provider", "evp_id"),
                ("Class", "vetting_class"),
                ("Score", "vetting_score"),
                ("Ordered", "create_date"),
                ("Vetted", "vetted_date"),
            ]
        )
    ]

    vetting_column = LongColumn("vetting_id", description="vetting id")

    @admin.display(description="vetted", ordering="vetted_date")
    def vetted_badge(self, vetting: ExternalVetting) -> SafeString:
        if vetting.vetted_date is None:
            # Tones of a pending submission and a completed task: no status field records a vetting's.
            return badge(SubmissionStatus.PENDING, "Not complete")
        return badge(TaskStatus.COMPLETED, f"{vetting.vetted_date:%Y-%m-%d}")
