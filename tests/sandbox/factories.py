"""Records written straight into a sandbox's store, for tests of one resource that need another to exist.

They write complete wire documents as the reference describes them (§2.1) and the indexed columns of
``tendlc.sandbox.store.SCHEMA``; tests of a resource's own behaviour go through the API instead.
"""

import itertools
import json
from typing import Any

from tendlc.sandbox.app import Sandbox

_serial = itertools.count(1)


def _uuid(prefix: str, n: int) -> str:
    tail = f"{n:028x}"
    return f"{prefix}{tail[:4]}-{tail[4:8]}-{tail[8:12]}-{tail[12:16]}-{tail[16:28]}"


def brand_doc(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    now = sandbox.clock.naive_iso()
    doc = {
        "brandId": _uuid("4b20", n),
        "tcrBrandId": f"BF{n:05d}",
        "referenceId": None,
        "entityType": "PRIVATE_PROFIT",
        "displayName": f"Acme {n}",
        "companyName": f"Acme {n} Inc.",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "ein": "123456789",
        "phone": "+12025550100",
        "mobilePhone": "+12025550101",
        "street": "1 Main St",
        "city": "Springfield",
        "state": "IL",
        "postalCode": "62701",
        "country": "US",
        "email": "compliance@acme.example",
        "website": "https://acme.example",
        "vertical": "TECHNOLOGY",
        "isReseller": False,
        "mock": False,
        "cspId": "SANDBOX",
        "brandRelationship": "BASIC_ACCOUNT",
        "identityStatus": "VERIFIED",
        "status": "OK",
        "failureReasons": None,
        "universalEin": "US_123456789",
        "optionalAttributes": {},
        "createdAt": now,
        "updatedAt": now,
    }
    doc["referenceId"] = doc["brandId"]
    doc.update(overrides)
    return doc


def insert_brand(sandbox: Sandbox, **overrides: Any) -> dict[str, Any]:
    doc = brand_doc(sandbox, **overrides)
    sandbox.store.execute(
        "INSERT INTO brands (brand_id, tcr_brand_id, created_at, display_name, entity_type, state, country,"
        " identity_status, status, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc["brandId"],
            doc["tcrBrandId"],
            sandbox.clock.now() + next(_serial) * 1e-6,
            doc["displayName"],
            doc["entityType"],
            doc["state"],
            doc["country"],
            doc["identityStatus"],
            doc["status"],
            json.dumps(doc),
        ),
    )
    return doc


def campaign_doc(sandbox: Sandbox, brand: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    name = brand["displayName"]
    doc = {
        "campaignId": _uuid("4b30", n),
        "tcrCampaignId": f"CF{n:05d}",
        "brandId": brand["brandId"],
        "tcrBrandId": brand["tcrBrandId"],
        "brandDisplayName": name,
        "cspId": "SANDBOX",
        "usecase": "CUSTOMER_CARE",
        "subUsecases": [],
        "description": f"{name} sends account support replies to customers who text our support line.",
        "messageFlow": f"Customers text START to opt in on {brand.get('website')}/sms; see the privacy policy.",
        "sample1": f"{name}: your ticket 123 was updated. Reply STOP to opt out.",
        "sample2": f"{name}: an agent replied to your question. Reply HELP for help.",
        "helpMessage": f"{name}: for help call +12025550100. Reply STOP to opt out.",
        "helpKeywords": "HELP,INFO",
        "optinMessage": f"{name}: you are subscribed to support alerts. Msg&data rates may apply. Reply STOP to end.",
        "optinKeywords": "START",
        "optoutMessage": f"{name}: you are unsubscribed and will get no more messages.",
        "optoutKeywords": "STOP,END,CANCEL,UNSUBSCRIBE,QUIT",
        "privacyPolicyLink": "https://acme.example/privacy",
        "termsAndConditionsLink": "https://acme.example/terms",
        "termsAndConditions": True,
        "embeddedLink": False,
        "embeddedPhone": False,
        "numberPool": False,
        "ageGated": False,
        "directLending": False,
        "autoRenewal": True,
        "subscriberHelp": True,
        "subscriberOptin": True,
        "subscriberOptout": True,
        "mock": False,
        "status": "ACTIVE",
        "submissionStatus": "CREATED",
        "campaignStatus": "MNO_PROVISIONED",
        "isTMobileRegistered": True,
        "isTMobileSuspended": False,
        "isTMobileNumberPoolingEnabled": False,
        "failureReasons": None,
        "createDate": sandbox.clock.naive_iso(),
        "billedDate": sandbox.clock.naive_iso(),
        "nextRenewalOrExpirationDate": sandbox.clock.naive_iso(sandbox.clock.now() + 90 * 86400),
    }
    doc.update(overrides)
    return doc


def insert_campaign(sandbox: Sandbox, brand: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    doc = campaign_doc(sandbox, brand, **overrides)
    sandbox.store.execute(
        "INSERT INTO campaigns (campaign_id, brand_id, tcr_campaign_id, reference_id, created_at, status,"
        " campaign_status, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            doc["campaignId"],
            doc["brandId"],
            doc["tcrCampaignId"],
            doc.get("referenceId"),
            sandbox.clock.now() + next(_serial) * 1e-6,
            doc["status"],
            doc["campaignStatus"],
            json.dumps(doc),
        ),
    )
    sandbox.store.execute(
        "UPDATE brands SET campaign_count = campaign_count + 1 WHERE brand_id = ?", (doc["brandId"],)
    )
    return doc


def insert_partner_campaign(sandbox: Sandbox, accepted: bool = True, **overrides: Any) -> dict[str, Any]:
    n = next(_serial)
    now = sandbox.clock.naive_iso()
    doc = {
        "tcrCampaignId": f"CP{n:05d}",
        "tcrBrandId": f"BP{n:05d}",
        "brandDisplayName": f"Partner Brand {n}",
        "usecase": "ACCOUNT_NOTIFICATION",
        "subUsecases": [],
        "description": f"Partner Brand {n} sends account notifications to its customers.",
        "campaignStatus": "MNO_PROVISIONED",
        "sample1": f"Partner Brand {n}: your statement is ready. Reply STOP to opt out.",
        "createdAt": now,
        "updatedAt": now,
    }
    doc.update(overrides)
    sandbox.store.execute(
        "INSERT INTO partner_campaigns (tcr_campaign_id, tcr_brand_id, brand_display_name, campaign_status,"
        " created_at, accepted, doc) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            doc["tcrCampaignId"],
            doc["tcrBrandId"],
            doc["brandDisplayName"],
            doc["campaignStatus"],
            sandbox.clock.now() + next(_serial) * 1e-6,
            int(accepted),
            json.dumps(doc),
        ),
    )
    return doc
