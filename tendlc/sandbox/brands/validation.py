"""What a brand create (B2), update (B4) or control-plane transition accepts: the fields and their cross-field
rules, as 422 items naming the wire field. Pure."""

import re
from collections.abc import Mapping
from typing import Any

from tendlc.sandbox import catalog
from tendlc.sandbox.http import invalid
from tendlc.sandbox.validation import Field

ENTITY_REQUIREMENTS = {
    "PRIVATE_PROFIT": ("companyName",),
    "NON_PROFIT": ("companyName", "ein"),
    "GOVERNMENT": (),
    "PUBLIC_PROFIT": ("companyName", "stockSymbol", "stockExchange", "businessContactEmail"),
    "SOLE_PROPRIETOR": ("firstName", "lastName", "mobilePhone"),
}

US_EIN = re.compile(r"^(\d{9}|\d{2}-\d{7})$")
US_POSTAL_CODE = re.compile(r"^\d{5}(-\d{4})?$")

REQUIRED_FIELDS = (
    Field("entityType", required=True, choices=catalog.ENTITY_TYPES),
    Field("displayName", required=True, max_length=100),
    Field("country", required=True, max_length=2),
    Field("email", required=True, max_length=100, format="email"),
    Field("vertical", required=True, choices=catalog.VERTICALS),
)
OPTIONAL_FIELDS = (
    Field("companyName", max_length=100, nullable=True),
    Field("firstName", max_length=100, nullable=True),
    Field("lastName", max_length=100, nullable=True),
    Field("ein", max_length=20, nullable=True),
    Field("phone", max_length=20, format="e164", nullable=True),
    Field("street", max_length=100, nullable=True),
    Field("city", max_length=100, nullable=True),
    Field("state", max_length=20, nullable=True),
    Field("postalCode", max_length=10, nullable=True),
    Field("stockSymbol", max_length=10, nullable=True),
    Field("stockExchange", choices=catalog.STOCK_EXCHANGES, nullable=True),
    Field("ipAddress", max_length=50, nullable=True),
    Field("website", max_length=100, format="url", nullable=True),
    Field("isReseller", kind=bool, nullable=True),
    Field("businessContactEmail", max_length=100, format="email", nullable=True),
    Field("webhookURL", format="url", nullable=True),
    Field("webhookFailoverURL", format="url", nullable=True),
)
CREATE_FIELDS = (
    *REQUIRED_FIELDS,
    *OPTIONAL_FIELDS,
    Field("mobilePhone", max_length=20, format="e164", nullable=True),
    Field("mock", kind=bool, nullable=True),
)
UPDATE_FIELDS = (
    *REQUIRED_FIELDS,
    *OPTIONAL_FIELDS,
    Field("altBusinessId", max_length=50, nullable=True),
    Field("altBusinessIdType", choices=catalog.ALT_BUSINESS_ID_TYPES, nullable=True),
    Field("identityStatus", choices=catalog.IDENTITY_STATUSES, nullable=True),
)
CREATE_ONLY_FIELDS = ("mock", "mobilePhone")
APPEAL_FIELDS = (Field("outcome", choices=("ACCEPTED", "REJECTED")),)
TRANSITION_FIELDS = (
    Field("status", choices=catalog.BRAND_STATUSES),
    Field("identityStatus", choices=catalog.IDENTITY_STATUSES),
)


def _present(value: Any) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def brand_rule_errors(brand: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Cross-field rules of a brand's data: the entity type's required fields and the formats of a US address."""
    errors = []
    country = brand.get("country")
    if country and country not in catalog.COUNTRIES:
        errors.append(
            invalid("country", "country must be an ISO 3166-1 alpha-2 code in upper case, e.g. US.")
        )
    entity = brand.get("entityType")
    for name in ENTITY_REQUIREMENTS.get(entity, ()):
        if not _present(brand.get(name)):
            errors.append(
                invalid(name, f"{name} is required for {entity} brands.", title="Missing required field")
            )
    if entity == "SOLE_PROPRIETOR" and _present(brand.get("ein")):
        errors.append(
            invalid("ein", "ein must not be set for SOLE_PROPRIETOR brands: a sole proprietor has no EIN.")
        )
    if country == "US":
        if _present(brand.get("ein")) and not US_EIN.match(brand["ein"]):
            errors.append(invalid("ein", "ein of a US brand must be 9 digits, e.g. 123456789 or 12-3456789."))
        if _present(brand.get("state")) and brand["state"] not in catalog.US_STATES:
            errors.append(invalid("state", "state of a US brand must be a 2-letter state code, e.g. NY."))
        if _present(brand.get("postalCode")) and not US_POSTAL_CODE.match(brand["postalCode"]):
            errors.append(
                invalid("postalCode", "postalCode of a US brand must be a ZIP code: 12345 or 12345-6789.")
            )
    return errors


def update_errors(existing: Mapping[str, Any], body: Mapping[str, Any], values: dict[str, Any]) -> list[dict]:
    errors = [
        invalid(name, f"{name} cannot be changed by an update.")
        for name in CREATE_ONLY_FIELDS
        if name in body
    ]
    old_entity, new_entity = existing["entityType"], values.get("entityType", existing["entityType"])
    if old_entity != new_entity and "SOLE_PROPRIETOR" in (old_entity, new_entity):
        errors.append(invalid("entityType", "entityType cannot be changed to or from SOLE_PROPRIETOR."))
    if old_entity != new_entity == "PUBLIC_PROFIT" and not _present(values.get("businessContactEmail")):
        errors.append(
            invalid(
                "businessContactEmail",
                "businessContactEmail is required when entityType changes to PUBLIC_PROFIT.",
                title="Missing required field",
            )
        )
    return errors + brand_rule_errors({**existing, **values})
