"""Fixtures for the numbers and shared-campaign admin tests: the live sandbox behind the portal's settings,
provisioned campaigns made there, and a staff user with no portal role.

Django's test client is ``client`` here; the API client of ``tests.polling_fixtures`` goes by ``api``, and
``dlc`` (its resources, which ``make_seeded_campaign`` uses) is rebuilt on it. Test modules take the fixtures
with ``from tests.admin.number_fixtures import *``.
"""

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tendlc.client import TenDLCClient
from tendlc.models import Campaign
from tests.client.conftest import closed_port_url
from tests.polling_fixtures import (
    advance,
    control,
    live_sandbox,
    make_client,
    make_seeded_campaign,
    portal_api,
    sandbox,
    set_profile_numbers,
)

__all__ = [
    "advance",
    "api",
    "closed_port_url",
    "control",
    "dlc",
    "live_sandbox",
    "login",
    "make_client",
    "make_seeded_campaign",
    "other",
    "ours",
    "plain_staff_client",
    "portal_api",
    "sandbox",
    "set_profile_numbers",
]


@pytest.fixture
def api(make_client) -> TenDLCClient:
    return make_client()


@pytest.fixture
def dlc(api):
    return api.messaging_10dlc


@pytest.fixture
def ours(portal_api, make_seeded_campaign) -> Campaign:
    """A provisioned campaign of ours, in the sandbox and mirrored, with the portal pointed at the sandbox."""
    return make_seeded_campaign()


@pytest.fixture
def other(portal_api, make_seeded_campaign) -> Campaign:
    return make_seeded_campaign()


@pytest.fixture
def plain_staff_client(db, client):
    """Staff without a portal role: the admin opens for them, none of the portal's pages do."""
    client.force_login(User.objects.create_user("plain", password="pw", is_staff=True))
    return client


@pytest.fixture
def login(db) -> Callable[[User], Client]:
    """A test client of its own logged in as ``user``: ``staff_client`` and ``compliance_admin_client`` share
    one client, so a test that needs both roles at once takes two of these."""

    def logged_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return logged_in
