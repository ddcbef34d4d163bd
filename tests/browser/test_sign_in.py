"""Signing in (issue 18, item 10): a colleague put only in a role reaches the dashboard; one with no role is
told what is missing."""

import re

import pytest
from django.contrib.auth.models import Group, User

from tests.browser.conftest import PASSWORD, log_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_role_is_enough_to_sign_in_and_no_role_is_named_as_missing(page, shot):
    User.objects.create_user("outsider", password=PASSWORD)
    newcomer = User.objects.create_user("newcomer", password=PASSWORD)
    newcomer.groups.add(Group.objects.get(name="Compliance staff"))

    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", "outsider")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")

    assert page.locator(".errornote").inner_text() == (
        "Your password is right, but your account has no role in this portal yet. Ask an administrator to put "
        "you in “Compliance admin” or “Compliance staff”."
    )
    assert page.input_value("#id_username") == "outsider"
    shot(page, "no role")

    log_in(page, "newcomer")

    assert re.search(r"/admin/$", page.url)
    assert page.locator("#dashboard-counts").is_visible()
    shot(page, "dashboard")
