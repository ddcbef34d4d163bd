"""Fixtures for the campaign builder and campaign actions: brands registered in the live sandbox and mirrored,
content that passes every compliance check, and the same content as a browser posts it.

Test modules take the fixtures with ``from tests.campaign_fixtures import *`` (``__all__`` lists them) and
import the helpers by name.
"""

from collections.abc import Callable
from typing import Any

import pytest

from tendlc.client import TenDLCClient
from tendlc.models import Brand, Campaign
from tendlc.services.campaign_builder import UsecaseQualification, campaign_builder_qualify

# The sandbox's fixtures, all but ``client``: admin tests need pytest-django's ``client`` (the test browser),
# so the API client here is ``sandbox_client``, and ``dlc`` is redefined on it.
from tests.polling_fixtures import (
    advance,
    control,
    faults,
    live_sandbox,
    make_brand,
    make_campaign,
    make_client,
    make_sole_proprietor,
    mirror_brand,
    mirror_campaign,
    otp_pin,
    portal_api,
    sandbox,
)

__all__ = [
    "advance",
    "control",
    "dlc",
    "faults",
    "live_sandbox",
    "make_brand",
    "make_campaign",
    "make_client",
    "make_portal_campaign",
    "make_sole_proprietor",
    "otp_pin",
    "portal_api",
    "registered_brand",
    "sandbox",
    "sandbox_client",
]

BRAND_NAME = "Acme Mobile"
# Content every compliance rule passes (no error, no warning) for the brand named BRAND_NAME.
CLEAN_CONTENT: dict[str, Any] = {
    "description": (
        "Acme Mobile sends customer support replies by text message to customers who asked for help with"
        " their Acme account."
    ),
    "message_flow": (
        "Customers opt in on the support form at https://acme.example/support by ticking an unchecked box to"
        " receive texts; the form links to the privacy policy at https://acme.example/privacy and the terms at"
        " https://acme.example/terms."
    ),
    "sample1": "Acme Mobile: your support ticket 4821 was updated. Reply STOP to opt out, HELP for help.",
    "sample2": "Acme Mobile: an agent answered your question about billing. Reply STOP to opt out.",
    "sample3": "",
    "sample4": "",
    "sample5": "",
    "help_message": "Acme Mobile: for help email support@acme.example or call 202-555-0100. Reply STOP to opt out.",
    "help_keywords": "HELP,INFO",
    "optin_message": (
        "Acme Mobile: you are subscribed to support messages. Msg frequency varies. Msg & data rates may apply."
        " Reply HELP for help, STOP to opt out."
    ),
    "optin_keywords": "START",
    "optout_message": "Acme Mobile: you are unsubscribed and will receive no more messages.",
    "optout_keywords": "STOP,END,CANCEL,UNSUBSCRIBE,QUIT",
    "privacy_policy_link": "https://acme.example/privacy",
    "terms_and_conditions_link": "https://acme.example/terms",
    "embedded_link_sample": "",
    "webhook_url": "",
    "webhook_failover_url": "",
    "sub_usecases": [],
    "embedded_link": False,
    "embedded_phone": False,
    "number_pool": False,
    "age_gated": False,
    "direct_lending": False,
    "subscriber_optin": True,
    "subscriber_optout": True,
    "subscriber_help": True,
    "auto_renewal": True,
    "terms_and_conditions": True,
}


def content_post(content: dict[str, Any]) -> dict[str, Any]:
    """``content`` as a browser posts the content form: ticked boxes as "on", unticked ones left out."""
    data: dict[str, Any] = {}
    for name, value in content.items():
        if value is True:
            data[name] = "on"
        elif value is not False:
            data[name] = value
    return data


@pytest.fixture
def sandbox_client(make_client) -> TenDLCClient:
    return make_client()


@pytest.fixture
def dlc(sandbox_client):
    return sandbox_client.messaging_10dlc


@pytest.fixture
def registered_brand(make_brand, dlc) -> Brand:
    """A PRIVATE_PROFIT brand registered and verified by the sandbox, mirrored as the sync would."""
    return mirror_brand(dlc.brand.retrieve(make_brand(BRAND_NAME).brand_id).raw)


def qualify(brand: Brand, client: TenDLCClient, usecase: str = "CUSTOMER_CARE") -> UsecaseQualification:
    return campaign_builder_qualify(brand=brand, usecase=usecase, client=client)


@pytest.fixture
def make_portal_campaign(registered_brand, make_campaign) -> Callable[..., Campaign]:
    """A campaign of ``registered_brand`` submitted through the API (provisioned unless told), mirrored."""

    def make(provisioned: bool = True, **overrides: Any) -> Campaign:
        return mirror_campaign(
            make_campaign(registered_brand.brand_id, provisioned=provisioned, **overrides).raw
        )

    return make
