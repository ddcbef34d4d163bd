"""The admin's user forms apply the password validators, shown at the password field with the username kept."""

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "error"),
    [
        ("12345678901", "This password is entirely numeric."),
        ("short7x", "This password is too short. It must contain at least 8 characters."),
        ("password123", "This password is too common."),
    ],
)
def test_adding_a_user_with_a_weak_password_is_refused_at_the_field(admin_client, password, error):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {"username": "newcomer", "password1": password, "password2": password, "usable_password": "true"},
    )

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert error in form.errors["password2"]
    assert form["username"].value() == "newcomer"
    assert not User.objects.filter(username="newcomer").exists()


def test_changing_a_password_to_a_weak_one_is_refused(admin_client, staff_user):
    response = admin_client.post(
        f"/admin/auth/user/{staff_user.pk}/password/",
        {"password1": "password", "password2": "password"},
    )

    assert response.status_code == 200
    assert "This password is too common." in response.context["form"].errors["password2"]
    staff_user.refresh_from_db()
    assert staff_user.check_password("pw")
