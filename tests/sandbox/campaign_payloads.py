"""Request bodies of campaign tests, and helpers to submit campaigns and read their webhooks."""

import json
from typing import Any

from tendlc.sandbox.app import Sandbox
from tests.fixtures.sandbox import ApiClient

# The whole happy path at speed 1: TCR 2 s + Telnyx review 10 s + MNO review 20 s.
PROVISION_SECONDS = 32
# Connection refused at once, so a clock advance that delivers webhooks never waits on the network.
WEBHOOK_URL = "http://127.0.0.1:9/campaign-hooks"
FAILOVER_URL = "http://127.0.0.1:9/campaign-failover"


def campaign_body(brand: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A CUSTOMER_CARE submission for ``brand`` that passes every review."""
    name = brand["displayName"]
    body: dict[str, Any] = {
        "brandId": brand["brandId"],
        "usecase": "CUSTOMER_CARE",
        "description": f"{name} answers customer support questions by text message.",
        "messageFlow": "Customers opt in by texting START to our support number, as our website explains.",
        "sample1": f"{name}: your ticket was updated. Reply STOP to opt out.",
        "sample2": f"{name}: an agent answered your question. Reply HELP for help.",
        "helpMessage": f"{name} support. Reply STOP to opt out.",
        "helpKeywords": "HELP,INFO",
        "optinMessage": f"{name}: you are subscribed to support messages. Reply STOP to end.",
        "optinKeywords": "START",
        "optoutMessage": f"{name}: you are unsubscribed.",
        "optoutKeywords": "STOP,END,CANCEL,UNSUBSCRIBE,QUIT",
        "privacyPolicyLink": "https://acme.example/privacy",
        "termsAndConditionsLink": "https://acme.example/terms",
        "subscriberHelp": True,
        "subscriberOptin": True,
        "subscriberOptout": True,
        "termsAndConditions": True,
        "embeddedLink": False,
        "embeddedPhone": False,
        "webhookURL": WEBHOOK_URL,
        "webhookFailoverURL": FAILOVER_URL,
    }
    body.update(overrides)
    return {key: value for key, value in body.items() if value is not None}


def submit(api: ApiClient, brand: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    response = api.post("/10dlc/campaignBuilder", campaign_body(brand, **overrides))
    assert response.status_code == 200, response.json
    return response.json


def campaign_status(api: ApiClient, campaign_id: str) -> str:
    return api.get(f"/10dlc/campaign/{campaign_id}").json["campaignStatus"]


def campaign_events(sandbox: Sandbox, campaign_id: str) -> list[dict[str, Any]]:
    """The payloads of the campaign's queued ``10dlc.campaign.update`` events, oldest first."""
    rows = sandbox.store.all(
        "SELECT payload FROM webhook_deliveries WHERE event_type = '10dlc.campaign.update' ORDER BY id"
    )
    payloads = [json.loads(row["payload"])["payload"] for row in rows]
    return [payload for payload in payloads if payload.get("campaignId") == campaign_id]


def event_kinds(sandbox: Sandbox, campaign_id: str) -> list[tuple[str, str | None]]:
    """(type, status or eventType) of each event: enough to read a lifecycle at a glance."""
    return [
        (event["type"], event.get("status") or event.get("eventType"))
        for event in campaign_events(sandbox, campaign_id)
    ]
