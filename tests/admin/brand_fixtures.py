"""Fixtures for the brand admin tests: the live sandbox behind the portal's settings, and brands made there.

Django's test client is ``client`` here; the API client of ``tests.polling_fixtures`` goes by ``api``, and
``dlc`` (its resources, which ``make_brand`` and ``make_sole_proprietor`` use) is rebuilt on it. Test modules
take the fixtures with ``from tests.admin.brand_fixtures import *``.
"""

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User

from tendlc.client import TenDLCClient
from tendlc.models import Brand
from tests.client.conftest import brand_fields
from tests.polling_fixtures import (
    advance,
    control,
    faults,
    live_sandbox,
    make_campaign,
    make_client,
    make_sole_proprietor,
    mirror_brand,
    otp_pin,
    portal_api,
    sandbox,
)

__all__ = [
    "advance",
    "api",
    "brand_post",
    "control",
    "dlc",
    "faults",
    "live_sandbox",
    "make_campaign",
    "make_client",
    "make_sole_proprietor",
    "otp_pin",
    "portal_api",
    "registered_brand",
    "sandbox",
    "viewer_client",
]

# What a user types for a private company that the sandbox registers and verifies.
FORM_VALUES = {
    "entity_type": "PRIVATE_PROFIT",
    "display_name": "Acme Mobile",
    "company_name": "Acme Mobile Inc.",
    "ein": "12-3456789",
    "vertical": "TECHNOLOGY",
    "email": "support@acme.example",
    "phone": "(202) 555-0100",
    "street": "1 Main St",
    "city": "Springfield",
    "state": "IL",
    "postal_code": "62701",
    "country": "US",
    "website": "acme.example",
}


def brand_form(**overrides: Any) -> dict[str, Any]:
    """The add form's POST data: ``FORM_VALUES`` with ``overrides`` (None leaves a field out)."""
    values = {**FORM_VALUES, **overrides}
    return {name: value for name, value in values.items() if value is not None}


@pytest.fixture
def api(make_client) -> TenDLCClient:
    return make_client()


@pytest.fixture
def dlc(api):
    return api.messaging_10dlc


@pytest.fixture
def brand_post() -> Callable[..., dict[str, Any]]:
    return brand_form


@pytest.fixture
def registered_brand(dlc, advance) -> Callable[..., Brand]:
    """A brand created through the API, registered by the sandbox, and mirrored as a local row."""

    def make(name: str = "Acme Mobile", **overrides: Any) -> Brand:
        brand_id = dlc.brand.create(**brand_fields(name, **overrides)).brand_id
        advance(5)
        return mirror_brand(dlc.brand.retrieve(brand_id).raw)

    return make


@pytest.fixture
def viewer_client(client, db):
    """A staff user who may only look at brands and what hangs off them."""
    user = User.objects.create_user("viewer", password="pw", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="tendlc",
            codename__in=[
                "view_brand",
                "view_brandfeedback",
                "view_externalvetting",
                "view_smsotpverification",
            ],
        )
    )
    client.force_login(user)
    return client
