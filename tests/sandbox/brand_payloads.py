"""Request bodies of brand tests, and helpers to drive a brand through its lifecycle via the API."""

import itertools
from typing import Any

from tests.fixtures.sandbox import ApiClient

REGISTRATION_SECONDS = 3
# One brand per EIN: each body gets its own.
_eins = itertools.count(111_111_111)


def brand_body(entity_type: str = "PRIVATE_PROFIT", **overrides: Any) -> dict[str, Any]:
    """A complete, consistent brand of ``entity_type`` that the sandbox verifies."""
    body: dict[str, Any] = {
        "entityType": entity_type,
        "displayName": "ABC Mobile",
        "country": "US",
        "email": "support@abcmobile.example",
        "vertical": "TECHNOLOGY",
        "phone": "+12024567890",
        "street": "123 Main St",
        "city": "New York",
        "state": "NY",
        "postalCode": "10001",
        "website": "https://www.abcmobile.example",
    }
    if entity_type == "SOLE_PROPRIETOR":
        body.update(firstName="John", lastName="Smith", mobilePhone="+12024567891")
    else:
        body.update(companyName="ABC Inc.", ein=f"{next(_eins):09d}")
    if entity_type == "PUBLIC_PROFIT":
        body.update(stockSymbol="AAPL", stockExchange="NASDAQ", businessContactEmail="ir@abcmobile.example")
    body.update(overrides)
    return body


def create_brand(api: ApiClient, entity_type: str = "PRIVATE_PROFIT", **overrides: Any) -> dict[str, Any]:
    response = api.post("/10dlc/brand", brand_body(entity_type, **overrides))
    assert response.status_code == 200, response.json
    return response.json


def registered_brand(
    api: ApiClient, control: ApiClient, entity_type: str = "PRIVATE_PROFIT", **overrides: Any
) -> dict[str, Any]:
    """A brand created and taken through registration (the PUBLIC_PROFIT 2FA e-mail included)."""
    brand = create_brand(api, entity_type, **overrides)
    control.post("/clock/advance", {"seconds": 10})
    return api.get(f"/10dlc/brand/{brand['brandId']}").json


def brand_events(control: ApiClient) -> list[dict[str, Any]]:
    """Payloads of the brand webhooks emitted so far, oldest first."""
    records = control.get("/webhooks", query_string={"limit": 1000}).json["records"]
    return [
        record["event"]["payload"]
        for record in reversed(records)
        if record["event"]["event_type"] == "10dlc.brand.update"
    ]
