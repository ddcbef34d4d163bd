"""Fixtures for the polling services and tasks: the sandbox served over HTTP on a frozen clock, the portal's
settings pointed at it, and remote records made through the API (or seeded) and mirrored as local rows through
``tendlc.mapping``, as the full sync would have.

Test modules take the fixtures with ``from tests.polling_fixtures import *`` (``__all__`` lists them) and
import the helpers by name.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import pytest

from tendlc.mapping.records import brand_values, campaign_values
from tendlc.models import Brand, Campaign
from tests.client.conftest import (
    advance,
    brand_fields,
    client,
    dlc,
    faults,
    make_brand,
    make_campaign,
    make_client,
)
from tests.sandbox.conftest import START, control, live_sandbox, sandbox

__all__ = [
    "advance",
    "client",
    "control",
    "dlc",
    "faults",
    "live_sandbox",
    "make_brand",
    "make_campaign",
    "make_client",
    "make_seeded_campaign",
    "make_sole_proprietor",
    "otp_pin",
    "portal_api",
    "sandbox",
    "set_profile_numbers",
]

SOLE_PROPRIETOR_MOBILE = "+13125550123"


def sandbox_time(seconds_after_start: float = 0) -> datetime:
    """A sandbox time, as the mapping reads the API's timestamps."""
    return datetime.fromtimestamp(START + seconds_after_start, UTC)


def mirror_brand(payload: dict[str, Any]) -> Brand:
    return Brand.objects.create(**brand_values(payload), raw=payload)


def mirror_campaign(payload: dict[str, Any]) -> Campaign:
    return Campaign.objects.create(**campaign_values(payload), raw=payload)


def writes(statements: Iterable[dict[str, str]]) -> list[str]:
    """The statements of a ``CaptureQueriesContext`` that change rows."""
    return [
        query["sql"]
        for query in statements
        if query["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]


@pytest.fixture
def portal_api(settings, live_sandbox):
    """The portal's settings pointed at the live sandbox, so ``tendlc.conf.api_client()`` (the tasks' client)
    talks to it."""
    settings.TELNYX_API_BASE_URL = live_sandbox.base_url
    settings.TELNYX_API_KEY = "test"
    return live_sandbox


@pytest.fixture
def make_sole_proprietor(dlc, advance) -> Callable[..., Brand]:
    """A sole proprietor registered through the API (OK, UNVERIFIED until its OTP is verified), mirrored."""

    def make(name: str = "Jane Doe Studio", mobile_phone: str = SOLE_PROPRIETOR_MOBILE) -> Brand:
        fields = brand_fields(
            name,
            entity_type="SOLE_PROPRIETOR",
            ein=None,
            company_name=None,
            first_name="Jane",
            last_name="Doe",
            mobile_phone=mobile_phone,
        )
        brand_id = dlc.brand.create(**fields).brand_id
        advance(5)
        return mirror_brand(dlc.brand.retrieve(brand_id).raw)

    return make


@pytest.fixture
def otp_pin(control) -> Callable[[Brand], str]:
    """The PIN the brand's handset received, read from the sandbox's log."""

    def read(brand: Brand) -> str:
        response = control.get(f"/brands/{brand.brand_id}/smsOtp")
        assert response.status_code == 200, response.json
        return response.json["otpPin"]

    return read


@pytest.fixture
def make_seeded_campaign(control, dlc) -> Callable[..., Campaign]:
    """A provisioned campaign of a verified brand, seeded with ``numbers`` assigned numbers, both mirrored."""

    def make(numbers: int = 0) -> Campaign:
        seeded = control.post("/seed", {"brands": 1, "campaignsPerBrand": 1, "numbersPerCampaign": numbers})
        assert seeded.status_code == 201, seeded.json
        # Mirrored from the list records, as the sync reads them (only C3's carry the number count).
        known = set(Brand.objects.values_list("brand_id", flat=True))
        brand = next(
            brand for brand in dlc.brand.list(records_per_page=500).records if brand.brand_id not in known
        )
        mirror_brand(brand.raw)
        return mirror_campaign(dlc.campaign.list(brand_id=brand.brand_id).records[0].raw)

    return make


@pytest.fixture
def set_profile_numbers(control) -> Callable[[str, list[str]], None]:
    def set_numbers(messaging_profile_id: str, numbers: list[str]) -> None:
        response = control.post(
            f"/messaging_profiles/{messaging_profile_id}/numbers", {"phoneNumbers": numbers}
        )
        assert response.status_code == 200, response.json

    return set_numbers
