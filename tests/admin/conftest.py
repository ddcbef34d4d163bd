"""Admin pages over the test client: plain HTTP, static files as they are (no collectstatic), and users
in the portal's two roles."""

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

STAFF = "Compliance staff"
ADMIN = "Compliance admin"


@pytest.fixture(autouse=True)
def admin_pages(settings):
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return settings


def member_of(group: str, username: str) -> User:
    user = User.objects.create_user(username, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff_user(db) -> User:
    return member_of(STAFF, "staff")


@pytest.fixture
def compliance_admin(db) -> User:
    return member_of(ADMIN, "compliance-admin")


@pytest.fixture
def staff_client(staff_user) -> Client:
    """A browser of its own, logged in as staff: a test may use it beside another role's."""
    browser = Client()
    browser.force_login(staff_user)
    return browser


@pytest.fixture
def compliance_admin_client(compliance_admin) -> Client:
    browser = Client()
    browser.force_login(compliance_admin)
    return browser
