"""Badges and the CSV export shared by every changelist."""

import csv
import io

import pytest
from django.contrib import admin
from django.test import RequestFactory

from tendlc.admin.display import badge
from tendlc.admin.export import csv_export_action
from tendlc.models import Brand
from tests.factories import BrandFactory


@pytest.mark.parametrize(
    ("value", "tone"),
    [
        ("MNO_PROVISIONED", "good"),
        ("MNO_REJECTED", "bad"),
        ("TCR_PENDING", "pending"),
        ("SOMETHING_NEW", "neutral"),
    ],
)
def test_a_badge_takes_the_tone_of_its_status(value, tone):
    assert f'class="tendlc-badge tendlc-badge-{tone}"' in badge(value, "Label")


def test_a_badge_escapes_its_label():
    assert "<b>" not in badge("OK", "<b>x</b>")


@pytest.mark.django_db
def test_export_writes_the_columns_of_the_selected_rows_and_defuses_formulas():
    BrandFactory(display_name="=1+2", phone="+12025550101")
    BrandFactory(display_name="Acme")
    export = csv_export_action(
        [("Name", "display_name"), ("Phone", "phone"), ("Upper", lambda b: b.ein.upper())]
    )

    response = export(
        admin.ModelAdmin(Brand, admin.site),
        RequestFactory().get("/"),
        Brand.objects.order_by("pk"),
    )

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="brand-')
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Name", "Phone", "Upper"],
        ["'=1+2", "+12025550101", "123456789"],
        ["Acme", "", "123456789"],
    ]
