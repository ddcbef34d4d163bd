"""Users in the portal's roles and API clients that authenticate as them with their token."""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from rest_framework.test import APIClient

from tendlc.models import ApiToken
from tendlc.services.api_tokens import api_token_issue
from tests.fixtures.users import ADMIN, STAFF


@pytest.fixture(autouse=True)
def throttle_history_cleared():
    """Throttling counts requests per user in the cache; user ids repeat across tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Users here authenticate by token; hashing their passwords with production cost only slows the tests
    (three users a test, some seconds each on a shared machine)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def member_of(group: str | None, username: str) -> User:
    user = User.objects.create_user(username, password="pw")
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def api_staff_user(db) -> User:
    return member_of(STAFF, "staff")


@pytest.fixture
def api_compliance_admin(db) -> User:
    return member_of(ADMIN, "compliance-admin")


@pytest.fixture
def no_role_user(db) -> User:
    """Authenticated, in no group: may call nothing."""
    return member_of(None, "nobody")


@pytest.fixture
def api_as() -> Callable[[User | None], APIClient]:
    """``api_as(user)``: a client sending ``user``'s token (issued on first use); ``api_as(None)``: anonymous."""
    keys: dict[int, str] = {}

    def client_for(user: User | None) -> APIClient:
        api = APIClient()
        if user is not None:
            if user.pk not in keys:
                keys[user.pk] = api_token_issue(token=ApiToken(user=user, name="tests"))
            api.credentials(HTTP_AUTHORIZATION=f"Token {keys[user.pk]}")
        return api

    return client_for


@pytest.fixture
def staff_api(api_as, api_staff_user) -> APIClient:
    return api_as(api_staff_user)


@pytest.fixture
def admin_api(api_as, api_compliance_admin) -> APIClient:
    return api_as(api_compliance_admin)


@pytest.fixture
def role_user(request, api_staff_user, api_compliance_admin, no_role_user) -> Callable[[str], User | None]:
    """``role_user("staff" | "admin" | "nobody" | "anonymous")``: the user of a role, for parametrized tests."""
    users = {
        "staff": api_staff_user,
        "admin": api_compliance_admin,
        "nobody": no_role_user,
        "anonymous": None,
    }
    return users.__getitem__


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", password="pw")
