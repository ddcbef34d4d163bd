"""One set of phone number forms, read alike by the three places a number is typed: the brand form, a single
assignment and a CSV upload (they share ``phone_number_e164``)."""

import pytest
from django.contrib.auth.models import User

from tendlc.forms.brands import BrandForm
from tendlc.forms.numbers import AssignmentAssignForm
from tendlc.services.number_uploads import number_upload_preview
from tests.fixtures.brands import brand_form

pytestmark = pytest.mark.django_db

E164 = "+15035550203"
TYPED = [
    "+15035550203",
    "+1 (503) 555-0203",
    "(503) 555-0203",
    "503-555-0203",
    "503.555.0203",
    "503 555 0203",
    "5035550203",
    "1 503 555 0203",
    "1-503-555-0203",
]
FORMAT = (
    "Enter the number in E.164 format (+ and the country code, e.g. +13125550101) or as a US number of 10 "
    "digits, e.g. (312) 555-0101."
)
REFUSED = [
    ("503 555 CALL", FORMAT),
    ("503-555-020", "503-555-020 is not a valid phone number in its country's numbering plan."),
]


def brand_phone(typed: str, tendlc_client: object) -> str:
    """The brand form's reading: the number stored, or the error at the phone field."""
    form = BrandForm(data=brand_form(phone=typed))
    return form.cleaned_data["phone"] if form.is_valid() else form.errors["phone"][0]


def assigned_number(typed: str, tendlc_client: object) -> str:
    form = AssignmentAssignForm(data={"phone_number": typed, "campaign_id": ""})
    form.is_valid()  # no campaign chosen: only the number is read here
    return form.cleaned_data.get("phone_number") or form.errors["phone_number"][0]


def uploaded_number(typed: str, tendlc_client: object) -> str:
    """An upload's reading: past the number check, a row is refused for its unknown campaign."""
    upload = number_upload_preview(
        filename="numbers.csv", data=f'"{typed}",C404\n'.encode(), user=User.objects.create_user("uploader")
    )
    reason = upload.rows.get().reason
    return E164 if reason.startswith("No campaign C404 is known here") else reason


ENTRY_POINTS = [
    pytest.param(brand_phone, id="brand form"),
    pytest.param(assigned_number, id="single assignment"),
    pytest.param(uploaded_number, id="CSV upload"),
]


@pytest.mark.parametrize("read", ENTRY_POINTS)
@pytest.mark.parametrize("typed", TYPED)
def test_every_entry_point_takes_the_same_forms_of_a_number(read, typed, tendlc_client):
    assert read(typed, tendlc_client) == E164


@pytest.mark.parametrize("read", ENTRY_POINTS)
@pytest.mark.parametrize(("typed", "message"), REFUSED)
def test_every_entry_point_refuses_alike(read, typed, message, tendlc_client):
    assert read(typed, tendlc_client) == message
