"""Who may sign in to the admin: a role is enough, and someone with neither a role nor staff status is told
what is missing."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.fixtures.users import ADMIN, STAFF

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
NO_ROLE = (
    "Your password is right, but your account has no role in this portal yet. Ask an administrator to put "
    "you in “Compliance admin” or “Compliance staff”."
)


def signing_in(username: str, password: str = "pw") -> tuple[Client, object]:
    browser = Client()
    return browser, browser.post(LOGIN, {"username": username, "password": password})


@pytest.mark.parametrize("role", [STAFF, ADMIN])
def test_a_role_alone_lets_a_colleague_sign_in_and_reach_the_dashboard(role):
    user = User.objects.create_user("newcomer", password="pw")
    user.groups.add(Group.objects.get(name=role))

    browser, response = signing_in("newcomer")

    assert (response.status_code, response["Location"]) == (302, "/admin/")
    dashboard = browser.get("/admin/")
    assert dashboard.status_code == 200
    assert dashboard.context["title"] == "Dashboard"
    assert "count_cards" in dashboard.context


def test_without_a_role_or_staff_status_the_login_says_what_is_missing():
    User.objects.create_user("outsider", password="pw")

    browser, response = signing_in("outsider")

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [NO_ROLE]
    assert response.context["form"]["username"].value() == "outsider"
    assert browser.get("/admin/").status_code == 302


def test_a_wrong_password_is_not_told_apart_from_an_unknown_account():
    User.objects.create_user("newcomer", password="pw")

    _, response = signing_in("newcomer", password="wrong")

    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Both are case-sensitive."
    ]


def test_staff_status_alone_still_lets_someone_in():
    User.objects.create_user("helper", password="pw", is_staff=True)

    _, response = signing_in("helper")

    assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_leaving_every_role_closes_the_admin_at_the_next_page():
    user = User.objects.create_user("leaver", password="pw")
    user.groups.add(Group.objects.get(name=STAFF))
    browser, _ = signing_in("leaver")
    assert browser.get("/admin/").status_code == 200

    user.groups.clear()

    assert browser.get("/admin/")["Location"] == "/admin/login/?next=/admin/"


def test_an_inactive_member_of_a_role_stays_out():
    user = User.objects.create_user("gone", password="pw", is_active=False)
    user.groups.add(Group.objects.get(name=STAFF))

    _, response = signing_in("gone")

    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_the_user_form_says_what_a_role_gives(admin_client):
    user = User.objects.create_user("newcomer")

    page = admin_client.get(f"/admin/auth/user/{user.pk}/change/")

    form = page.context["adminform"].form
    assert form.fields["groups"].help_text.startswith(
        "A role is all a colleague needs to sign in to this portal."
    )
    assert form.fields["is_staff"].help_text == (
        "Lets this person sign in without a role; they then see only what the permissions below give them. "
        "Someone in a role does not need it."
    )


def test_a_role_is_looked_up_once_a_request(client):
    user = User.objects.create_user("newcomer", password="pw")
    user.groups.add(Group.objects.get(name=STAFF))
    client.force_login(user)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/tendlc/brand/")

    assert response.status_code == 200
    role_lookups = [
        q["sql"]
        for q in queries.captured_queries
        if '"auth_user_groups"' in q["sql"] and "LIMIT 1" in q["sql"]
    ]
    assert len(role_lookups) == 1
