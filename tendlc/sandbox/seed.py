"""``POST /sandbox/seed``: bulk data for demos, load tests and sync benchmarks.

``{"brands": N, "campaignsPerBrand": M, "numbersPerCampaign": K, "partnerCampaigns": P}`` adds N registered,
verified brands, M provisioned campaigns for each (at most five, the most a brand may have), K assigned numbers
for each campaign and P accepted partner campaigns, in one transaction and without webhooks: seeding stands for
data that already existed, so nothing is charged, but each campaign renews at its
``nextRenewalOrExpirationDate`` as a submitted one does. Ids come from a serial kept in the store, so repeated
seeds add new records and never collide with earlier ones. Campaigns holding more numbers than a campaign may
have without one use a T-Mobile number pool (``numberPool``); campaigns seeded with no numbers start their
dormancy count as a provisioned campaign does.
"""

import time
import uuid
from typing import Any

from tendlc.sandbox import catalog, renewal
from tendlc.sandbox.brands.records import new_brand_doc, new_brand_id, put_brand
from tendlc.sandbox.campaign_builder import MAX_CAMPAIGNS_PER_BRAND, new_campaign_doc
from tendlc.sandbox.campaigns import put_campaign
from tendlc.sandbox.context import Context
from tendlc.sandbox.dormancy.watch import DORMANT_AFTER_SECONDS, STEP_CHECK
from tendlc.sandbox.http import ApiError, invalid
from tendlc.sandbox.partner_campaigns import put_partner_campaign
from tendlc.sandbox.phone_numbers.records import put_phone_numbers
from tendlc.sandbox.phone_numbers.rules import MAX_NUMBERS_WITHOUT_POOL

LIMITS = {
    "brands": 100_000,
    "campaignsPerBrand": MAX_CAMPAIGNS_PER_BRAND,
    "numbersPerCampaign": 10_000,
    "partnerCampaigns": 100_000,
}
MAX_NUMBERS = 2_000_000
FIRST_NUMBER = 2_002_000_000  # +1 200 200 0000 onwards: E.164, and clear of the failure rules' 0000 endings
BASE36 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def parse_counts(body: dict[str, Any]) -> dict[str, int]:
    errors, counts = [], {}
    for name, limit in LIMITS.items():
        value = body.get(name, 0)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= limit:
            why = " (a brand has at most five campaigns)" if name == "campaignsPerBrand" else ""
            errors.append(invalid(name, f"{name} must be an integer from 0 to {limit}{why}."))
        else:
            counts[name] = value
    unknown = sorted(set(body) - set(LIMITS))
    errors.extend(invalid(name, f"Unknown seed field {name}; use {', '.join(LIMITS)}.") for name in unknown)
    if not errors:
        numbers = counts["brands"] * counts["campaignsPerBrand"] * counts["numbersPerCampaign"]
        if numbers > MAX_NUMBERS:
            errors.append(
                invalid("numbersPerCampaign", f"At most {MAX_NUMBERS} numbers per seed; this asks {numbers}.")
            )
    if errors:
        raise ApiError(422, errors)
    return counts


def base36(value: int, width: int) -> str:
    digits = ""
    while value:
        value, digit = divmod(value, 36)
        digits = BASE36[digit] + digits
    return digits.rjust(width, "0")


def brand_values(serial: int) -> dict[str, Any]:
    name = f"Seed Brand {serial:06d}"
    return {
        "entityType": "PRIVATE_PROFIT",
        "displayName": name,
        "companyName": f"{name} LLC",
        "ein": f"{10_000_000 + serial:09d}"[-9:],
        "email": f"compliance+{serial}@seed.example",
        "phone": "+12025550100",
        "street": f"{serial} Main Street",
        "city": "New York",
        "state": "NY",
        "postalCode": "10001",
        "country": "US",
        "vertical": catalog.VERTICALS[serial % len(catalog.VERTICALS)],
        "website": f"https://brand{serial}.seed.example",
    }


def campaign_fields(brand: dict[str, Any], index: int) -> dict[str, Any]:
    name, website = brand["displayName"], brand["website"]
    return {
        "usecase": "CUSTOMER_CARE",
        "description": f"{name} answers support questions from its customers by text, campaign {index + 1}.",
        "messageFlow": f"Customers opt in by texting START or on the form at {website}/sms; privacy policy linked.",
        "sample1": f"{name}: your support ticket was updated. Reply STOP to opt out.",
        "sample2": f"{name}: an agent replied to your question. Reply HELP for help, STOP to opt out.",
        "helpMessage": f"{name} support: call +12025550100. Reply STOP to opt out.",
        "helpKeywords": "HELP,INFO",
        "optinMessage": f"{name}: you get support messages. Msg&data rates may apply. Reply STOP to end.",
        "optinKeywords": "START",
        "optoutMessage": f"{name}: you are unsubscribed and will get no more messages.",
        "optoutKeywords": "STOP,END,CANCEL,UNSUBSCRIBE,QUIT",
        "privacyPolicyLink": f"{website}/privacy",
        "termsAndConditionsLink": f"{website}/terms",
        "termsAndConditions": True,
        "subscriberHelp": True,
        "subscriberOptin": True,
        "subscriberOptout": True,
    }


def seed(context: Context, body: dict[str, Any]) -> dict[str, Any]:
    counts = parse_counts(body)
    started = time.perf_counter()
    store = context.store
    with store.transaction():
        serial = int(store.meta_get("seed_serial", "0") or 0)
        number = int(store.meta_get("seed_number", str(FIRST_NUMBER)) or FIRST_NUMBER)
        now = context.clock.now()
        timestamp = context.clock.naive_iso(now)
        order = 0  # each record a microsecond newer than the last, so newest-first lists are stable
        numbers: list[tuple[str, dict[str, Any]]] = []
        campaign_counts: list[tuple[int, str]] = []
        for _ in range(counts["brands"]):
            serial += 1
            order += 1
            brand = new_brand_doc(brand_values(serial), new_brand_id(), f"BS{base36(serial, 5)}", timestamp)
            brand.update(status="OK", identityStatus="VERIFIED")
            put_brand(context, brand, now + order * 1e-6)
            for index in range(counts["campaignsPerBrand"]):
                serial += 1
                order += 1
                campaign_id = "4b30" + str(uuid.uuid4())[4:]
                campaign = new_campaign_doc(
                    context, brand, campaign_fields(brand, index), campaign_id, f"CS{base36(serial, 5)}"
                )
                pooled = counts["numbersPerCampaign"] > MAX_NUMBERS_WITHOUT_POOL
                campaign.update(
                    campaignStatus="MNO_PROVISIONED",
                    submissionStatus="CREATED",
                    isTMobileRegistered=True,
                    numberPool=pooled,
                    isTMobileNumberPoolingEnabled=pooled,
                )
                put_campaign(context, campaign, now + order * 1e-6)
                renewal.schedule(context, campaign, context.clock.now())
                if not counts["numbersPerCampaign"]:
                    # A new campaign has no check to replace: schedule it without watch's search.
                    context.scheduler.schedule(STEP_CHECK, campaign_id, DORMANT_AFTER_SECONDS)
                for _ in range(counts["numbersPerCampaign"]):
                    numbers.append((f"+1{number}", campaign))
                    number += 1
            campaign_counts.append((counts["campaignsPerBrand"], brand["brandId"]))
        store.executemany(
            "UPDATE brands SET campaign_count = campaign_count + ? WHERE brand_id = ?", campaign_counts
        )
        put_phone_numbers(context, numbers)
        for _ in range(counts["partnerCampaigns"]):
            serial += 1
            order += 1
            put_partner_campaign(
                context, partner_campaign_doc(serial, timestamp), now + order * 1e-6, accepted=True
            )
        store.meta_set("seed_serial", str(serial))
        store.meta_set("seed_number", str(number))
    return {
        "brands": counts["brands"],
        "campaigns": counts["brands"] * counts["campaignsPerBrand"],
        "phoneNumbers": len(numbers),
        "partnerCampaigns": counts["partnerCampaigns"],
        "seconds": round(time.perf_counter() - started, 3),
    }


def partner_campaign_doc(serial: int, timestamp: str) -> dict[str, Any]:
    name = f"Partner Brand {serial:06d}"
    return {
        "tcrCampaignId": f"CP{base36(serial, 5)}",
        "tcrBrandId": f"BP{base36(serial, 5)}",
        "brandDisplayName": name,
        "usecase": "ACCOUNT_NOTIFICATION",
        "subUsecases": [],
        "description": f"{name} notifies its customers about their accounts.",
        "messageFlow": f"Customers opt in when they open an account with {name}.",
        "sample1": f"{name}: your statement is ready. Reply STOP to opt out.",
        "sample2": f"{name}: a payment was received. Reply HELP for help.",
        "campaignStatus": "MNO_PROVISIONED",
        "termsAndConditions": True,
        "subscriberOptin": True,
        "subscriberOptout": True,
        "createdAt": timestamp,
        "updatedAt": timestamp,
    }
