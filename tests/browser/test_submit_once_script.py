"""submit_once.js in a real browser (Debian's headless Chromium): a double click on the brand form's button
sends one POST, with the clicked button's name (the admin's "Save and continue editing" still leads back to
the brand's page)."""

import re

import pytest
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from tendlc.models import Brand
from tests.fixtures.brands import FORM_VALUES

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "submit-once-password"


def test_a_double_click_on_save_sends_one_post(page, dlc):
    user = User.objects.create_user("stella", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Compliance staff"))
    page.goto("/admin/login/?next=/admin/tendlc/brand/add/")
    page.fill("#id_username", "stella")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/tendlc/brand/add/")
    page.select_option("#id_entity_type", FORM_VALUES["entity_type"])
    for name, value in FORM_VALUES.items():
        field = page.locator(f"#id_{name}")
        if field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
    saves = []
    page.on(
        "request",
        lambda request: (
            saves.append(request)
            if request.url.endswith("/brand/add/") and request.method == "POST"
            else None
        ),
    )

    page.dblclick("input[name=_continue]")

    page.wait_for_url(re.compile(r"/admin/tendlc/brand/\d+/change/$"))
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    assert len(saves) == 1
    assert Brand.objects.count() == 1
    assert dlc.brand.list().total_records == 1
