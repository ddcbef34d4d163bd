"""Badges and the CSV export shared by every changelist."""

import csv
import io
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import RequestFactory

from tendlc.admin.display import STATUS_TONES, BadgeColumn, badge
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


@pytest.mark.parametrize("choices", list(STATUS_TONES), ids=lambda choices: choices.__name__)
def test_every_value_of_a_status_enum_has_a_tone(choices):
    assert set(STATUS_TONES[choices]) == set(choices.values)


def test_a_value_two_status_enums_share_has_one_tone():
    tones = {}
    for table in STATUS_TONES.values():
        for value, tone in table.items():
            assert tones.setdefault(value, tone) == tone, value


def badge_columns():
    for model in apps.get_app_config("tendlc").get_models():
        if admin.site.is_registered(model):
            model_admin = type(admin.site.get_model_admin(model))
            for name in dir(model_admin):
                column = getattr(model_admin, name)
                if isinstance(column, BadgeColumn):
                    yield pytest.param(model, name, column, id=f"{model.__name__}.{name}")


@pytest.mark.parametrize(("model", "name", "column"), list(badge_columns()))
def test_every_badge_column_is_named_for_its_field_and_shows_an_enum_with_tones(model, name, column):
    field = model._meta.get_field(column.field)

    assert name == f"{column.field}_badge"
    assert column.choices in STATUS_TONES
    assert [value for value, _ in field.choices or column.choices.choices] == list(column.choices.values)


def test_only_the_display_module_writes_badge_markup():
    package = Path(__file__).resolve().parents[2] / "tendlc" / "admin"
    writers = [
        path.relative_to(package) for path in package.rglob("*.py") if "tendlc-badge" in path.read_text()
    ]

    assert writers == [Path("display.py")]


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
