"""Admin pages over the test client: plain HTTP, static files as they are (no collectstatic), and users
in the portal's two roles."""

import pytest
from django.contrib.auth.models import Group, User

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
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def compliance_admin_client(client, compliance_admin):
    client.force_login(compliance_admin)
    return client
