"""The brand add and change forms: the entity type's rules, formats and normalisation, checked on the
server with every error at its field and what was typed kept. No request reaches the API: an invalid form is
never submitted."""

import json
import re

import pytest
from django import forms
from django.contrib.auth.models import User

from tendlc.admin.brands.brand import (
    CREATE_FIELDSETS,
    CREATE_ONLY_FIELDS,
    REGISTRATION_FIELDS,
    UPDATE_FIELDSETS,
)
from tendlc.client.fields import attribute_name
from tendlc.forms.brands import CREATE_FIELDS, ENTITY_RULES, UPDATE_FIELDS, US_STATES, BrandForm
from tendlc.mapping.records import BRAND_INPUT_FIELDS, BRAND_UPDATE_FIELDS
from tendlc.models import AuditEntry, Brand
from tendlc.sandbox import catalog
from tests.factories import BrandFactory
from tests.fixtures.brands import brand_form

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/tendlc/brand/add/"
PUBLIC = {"stock_symbol": "AAPL", "stock_exchange": "NASDAQ", "business_contact_email": "ceo@acme.example"}
US_STATE = "A US state is its 2-letter postal code, e.g. CA or NY (DC and the territories, e.g. PR, too)."
SOLE = {"first_name": "Jane", "last_name": "Doe", "mobile_phone": "+13125550123"}
UpdateForm = forms.modelform_factory(Brand, form=BrandForm, fields=UPDATE_FIELDS)


def form_errors(response) -> dict[str, list[str]]:
    return {name: list(errors) for name, errors in response.context["adminform"].form.errors.items()}


@pytest.mark.parametrize(
    ("entity_type", "extra", "missing", "message"),
    [
        ("PRIVATE_PROFIT", {}, "company_name", "Required for private for-profit brands."),
        ("PRIVATE_PROFIT", {}, "ein", "Required for private for-profit brands."),
        ("NON_PROFIT", {}, "ein", "Required for non-profit brands."),
        ("GOVERNMENT", {}, "company_name", "Required for government brands."),
        ("PUBLIC_PROFIT", PUBLIC, "stock_symbol", "Required for public for-profit brands."),
        ("PUBLIC_PROFIT", PUBLIC, "stock_exchange", "Required for public for-profit brands."),
        ("PUBLIC_PROFIT", PUBLIC, "business_contact_email", "Required for public for-profit brands."),
        ("SOLE_PROPRIETOR", SOLE, "first_name", "Required for sole proprietor brands."),
        ("SOLE_PROPRIETOR", SOLE, "last_name", "Required for sole proprietor brands."),
        ("SOLE_PROPRIETOR", SOLE, "mobile_phone", "Required for sole proprietor brands."),
    ],
)
def test_each_entity_type_requires_its_fields(staff_client, entity_type, extra, missing, message):
    data = brand_form(entity_type=entity_type, display_name="Kept Name 42", **extra)
    data[missing] = ""

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert form_errors(response) == {missing: [message]}
    assert 'value="Kept Name 42"' in response.content.decode()
    assert not Brand.objects.exists()
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"phone": "202-555-010"},
            "phone",
            "202-555-010 is not a valid phone number in its country's numbering plan.",
        ),
        (
            {"phone": "+1 555 555 0100"},
            "phone",
            "+1 555 555 0100 is not a valid phone number in its country's numbering plan.",
        ),
        (
            {"entity_type": "SOLE_PROPRIETOR", **SOLE, "mobile_phone": "call me"},
            "mobile_phone",
            "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 "
            "digits, e.g. (312) 555-0101.",
        ),
        ({"ein": "12345"}, "ein", "A US EIN is 9 digits: 123456789 or 12-3456789."),
        ({"ein": "123-456789"}, "ein", "A US EIN is 9 digits: 123456789 or 12-3456789."),
        ({"website": "not a url"}, "website", "Enter a valid URL."),
        ({"webhook_url": "ftp://hooks.example/x"}, "webhook_url", "Enter a valid URL."),
        ({"email": "support-at-acme"}, "email", "Enter a valid email address."),
        (
            {"entity_type": "PUBLIC_PROFIT", **PUBLIC, "business_contact_email": "ceo@"},
            "business_contact_email",
            "Enter a valid email address.",
        ),
        ({"postal_code": "1234"}, "postal_code", "A US postal code is a ZIP code: 12345 or 12345-6789."),
        ({"state": "California"}, "state", US_STATE),
        ({"state": "ZZ"}, "state", US_STATE),
        ({"state": "ON"}, "state", US_STATE),
        ({"country": "U1"}, "country", "Enter a 2-letter ISO 3166 country code, e.g. US."),
        ({"ip_address": "999.1.1.1"}, "ip_address", "Enter a valid IPv4 or IPv6 address."),
        (
            {"vertical": "FARMING"},
            "vertical",
            "Select a valid choice. FARMING is not one of the available choices.",
        ),
        ({"display_name": ""}, "display_name", "This field is required."),
    ],
)
def test_formats_are_checked_at_their_field_with_the_input_kept(staff_client, overrides, field, message):
    data = brand_form(**overrides)

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert form_errors(response) == {field: [message]}
    assert 'value="Acme Mobile Inc."' in response.content.decode()
    assert not Brand.objects.exists()


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"phone": "(202) 555-0100"}, {"phone": "+12025550100"}),
        ({"phone": "020 7946 0958", "country": "gb", "ein": "GB123", "postal_code": "EC1A 1BB"},
         {"phone": "+442079460958", "country": "GB", "ein": "GB123", "postal_code": "EC1A 1BB"}),
        ({"ein": "12-3456789"}, {"ein": "123456789"}),
        ({"state": "il"}, {"state": "IL"}),
        ({"state": "pr"}, {"state": "PR"}),
        ({"state": "Ontario", "country": "CA", "ein": "CA123", "postal_code": "K1A 0B1"}, {"state": "Ontario"}),
        ({"website": "acme.example"}, {"website": "https://acme.example"}),
        (
            {"entity_type": "PUBLIC_PROFIT", **PUBLIC, "stock_symbol": "aapl"},
            {"stock_symbol": "AAPL", "business_contact_email": "ceo@acme.example"},
        ),
    ],
)  # fmt: skip
def test_values_are_normalised(values, expected):
    form = BrandForm(data=brand_form(**values))

    assert form.is_valid(), form.errors
    assert {name: form.cleaned_data[name] for name in expected} == expected


@pytest.mark.parametrize(
    ("entity_type", "extra", "dropped"),
    [
        ("SOLE_PROPRIETOR", {**SOLE, **PUBLIC}, ["company_name", "ein", *PUBLIC]),
        ("PRIVATE_PROFIT", {**SOLE, **PUBLIC}, ["mobile_phone", *PUBLIC]),
        ("PUBLIC_PROFIT", {**SOLE, **PUBLIC}, ["mobile_phone"]),
    ],
)
def test_values_of_fields_that_do_not_apply_are_dropped(entity_type, extra, dropped):
    form = BrandForm(data=brand_form(entity_type=entity_type, **extra))

    assert form.is_valid(), form.errors
    assert {name: form.cleaned_data[name] for name in dropped} == dict.fromkeys(dropped, "")


def test_a_malformed_value_in_a_field_that_does_not_apply_is_no_error():
    form = BrandForm(data=brand_form(mobile_phone="not a phone", business_contact_email="nope"))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["mobile_phone"] == ""


def test_a_sole_proprietor_ein_is_dropped_not_sent():
    form = BrandForm(data=brand_form(entity_type="SOLE_PROPRIETOR", ein="12-3456789", **SOLE))

    assert form.is_valid(), form.errors
    assert form.cleaned_data["ein"] == ""
    assert form.cleaned_data["company_name"] == ""


def test_the_change_form_takes_the_fixed_mobile_phone_from_the_brand():
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", ein="", company_name="", mobile_phone="+13125550123")
    form = UpdateForm(
        data=brand_form(entity_type="SOLE_PROPRIETOR", first_name="Jane", last_name="Doe"), instance=brand
    )

    assert "mobile_phone" not in form.fields
    assert form.is_valid(), form.errors


def test_the_change_form_refuses_a_sole_proprietor_without_a_mobile_phone():
    brand = BrandFactory(entity_type="PRIVATE_PROFIT", mobile_phone="")
    form = UpdateForm(
        data=brand_form(entity_type="SOLE_PROPRIETOR", first_name="Jane", last_name="Doe"), instance=brand
    )

    assert not form.is_valid()
    assert form.errors == {
        "__all__": ["A sole proprietor brand needs a mobile phone, which cannot be set on a change."]
    }


def test_the_add_page_hands_the_entity_rules_to_the_script(staff_client):
    response = staff_client.get(ADD_URL)

    html = response.content.decode()
    rules = re.search(r'<script id="brand-entity-rules" type="application/json">(.*?)</script>', html)
    assert response.status_code == 200
    assert "/static/tendlc/brand_form.js" in html
    assert json.loads(rules.group(1)) == ENTITY_RULES
    assert response.context["adminform"].form.initial["country"] == "US"


def test_the_rules_hide_and_require_by_entity_type():
    assert ENTITY_RULES["SOLE_PROPRIETOR"] == {
        "required": ["first_name", "last_name", "mobile_phone"],
        "hidden": [
            "company_name",
            "ein",
            "alt_business_id_type",
            "alt_business_id",
            "stock_symbol",
            "stock_exchange",
            "business_contact_email",
        ],
    }
    assert ENTITY_RULES["PUBLIC_PROFIT"] == {
        "required": ["company_name", "ein", "stock_symbol", "stock_exchange", "business_contact_email"],
        "hidden": ["mobile_phone"],
    }


def test_the_change_page_shows_what_cannot_change_read_only(staff_client):
    brand = BrandFactory(mock=True, mobile_phone="+13125550123")

    response = staff_client.get(f"/admin/tendlc/brand/{brand.pk}/change/")

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert "mock" not in form.fields
    assert "mobile_phone" not in form.fields
    assert {"alt_business_id", "alt_business_id_type", "entity_type"} <= set(form.fields)
    assert "+13125550123" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("no-permission", 403), ("staff", 200), ("admin", 200)],
)
def test_who_may_open_the_add_page(client, staff_user, compliance_admin, who, status):
    users = {
        "no-permission": User.objects.create_user("nobody", password="pw", is_staff=True),
        "staff": staff_user,
        "admin": compliance_admin,
    }
    if who in users:
        client.force_login(users[who])

    response = client.get(ADD_URL)

    assert response.status_code == status
    if who == "anonymous":
        assert response["Location"].startswith("/admin/login/")


def fieldset_names(fieldsets) -> list[str]:
    return [name for _, options in fieldsets for name in options["fields"]]


def test_the_forms_carry_every_field_the_api_takes():
    assert set(CREATE_FIELDS) == {attribute_name(wire) for wire in BRAND_INPUT_FIELDS}
    assert set(UPDATE_FIELDS) == {attribute_name(wire) for wire in BRAND_UPDATE_FIELDS}


def test_the_fieldsets_lay_out_every_field_of_the_forms_once():
    created = fieldset_names(CREATE_FIELDSETS)
    updated = fieldset_names(UPDATE_FIELDSETS)

    assert sorted(created) == sorted(CREATE_FIELDS)
    assert len(updated) == len(set(updated))
    assert set(updated) - set(REGISTRATION_FIELDS) - set(CREATE_ONLY_FIELDS) == set(UPDATE_FIELDS)


@pytest.mark.parametrize(
    ("public_url", "offered"),
    [("https://portal.example.com", "https://portal.example.com/webhooks/telnyx/"), ("", "")],
)
def test_the_add_page_offers_the_portals_own_webhook_url(staff_client, settings, public_url, offered):
    settings.PORTAL_PUBLIC_URL = public_url

    response = staff_client.get(ADD_URL)

    assert response.context["adminform"].form.initial["webhook_url"] == offered


def test_the_form_takes_the_us_states_the_api_takes():
    assert US_STATES == catalog.US_STATES
