"""The one table between the API's wire names and our snake_case names.

Every name is listed; nothing is derived by case conversion, because the wire is irregular: URL suffixes in
capitals (``webhookURL``), ``isTMobileRegistered`` beside ``tmobileNumberMappingStatus``, snake_case fields
(``appeal_reason``, ``appealed_at``, ``record_type``, ``msg_class``), bracketed filter keys
(``filter[telnyx_campaign_id]``) and the misspelled ``assignedCampaingsCount`` of brand lists. Our snake names
are the official SDK's (``is_t_mobile_registered``), except that the misspelling is corrected: both count
spellings read as ``assigned_campaigns_count``.

The client uses the table to send keyword arguments and to read responses; the portal's mapping layer and
forms use it to turn an error's ``source.pointer`` or ``source.parameter`` into the field it concerns.
"""

import re
from collections.abc import Collection, Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

SNAKE_BY_WIRE: Final[Mapping[str, str]] = MappingProxyType(
    {
        # Brands (reference §2.1.1, §2.1.2, B1-B4)
        "altBusinessId": "alt_business_id",
        "altBusinessIdType": "alt_business_id_type",
        "assignedCampaignsCount": "assigned_campaigns_count",
        "assignedCampaingsCount": "assigned_campaigns_count",  # sic: brand list items (§1.2)
        "brandId": "brand_id",
        "brandRelationship": "brand_relationship",
        "businessContactEmail": "business_contact_email",
        "city": "city",
        "companyName": "company_name",
        "country": "country",
        "cspId": "csp_id",
        "displayName": "display_name",
        "ein": "ein",
        "email": "email",
        "entityType": "entity_type",
        "firstName": "first_name",
        "identityStatus": "identity_status",
        "ipAddress": "ip_address",
        "isReseller": "is_reseller",
        "lastName": "last_name",
        "mobilePhone": "mobile_phone",
        "mock": "mock",
        "optionalAttributes": "optional_attributes",
        "phone": "phone",
        "postalCode": "postal_code",
        "state": "state",
        "stockExchange": "stock_exchange",
        "stockSymbol": "stock_symbol",
        "street": "street",
        "taxExemptStatus": "tax_exempt_status",
        "universalEin": "universal_ein",
        "vertical": "vertical",
        "website": "website",
        # Brand feedback (B6)
        "category": "category",
        "description": "description",
        "fields": "fields",
        "id": "id",
        # SMS OTP (§2.1.9, B11, B12)
        "deliveryStatus": "delivery_status",
        "deliveryStatusDate": "delivery_status_date",
        "deliveryStatusDetails": "delivery_status_details",
        "otpPin": "otp_pin",
        "pinSms": "pin_sms",
        "requestDate": "request_date",
        "successSms": "success_sms",
        "verifyDate": "verify_date",
        # External vetting (§2.1.8, V2, V3)
        "createDate": "create_date",
        "evpId": "evp_id",
        "vettedDate": "vetted_date",
        "vettingClass": "vetting_class",
        "vettingId": "vetting_id",
        "vettingScore": "vetting_score",
        "vettingToken": "vetting_token",
        # Campaigns (§2.1.3, §2.1.4, C2, C5)
        "ageGated": "age_gated",
        "assignedPhoneNumbersCount": "assigned_phone_numbers_count",
        "autoRenewal": "auto_renewal",
        "billedDate": "billed_date",
        "brandDisplayName": "brand_display_name",
        "campaignId": "campaign_id",
        "campaignStatus": "campaign_status",
        "directLending": "direct_lending",
        "embeddedLink": "embedded_link",
        "embeddedLinkSample": "embedded_link_sample",
        "embeddedPhone": "embedded_phone",
        "helpKeywords": "help_keywords",
        "helpMessage": "help_message",
        "isTMobileNumberPoolingEnabled": "is_t_mobile_number_pooling_enabled",
        "isTMobileRegistered": "is_t_mobile_registered",
        "isTMobileSuspended": "is_t_mobile_suspended",
        "messageFlow": "message_flow",
        "mnoIds": "mno_ids",
        "nextRenewalOrExpirationDate": "next_renewal_or_expiration_date",
        "numberPool": "number_pool",
        "optinKeywords": "optin_keywords",
        "optinMessage": "optin_message",
        "optoutKeywords": "optout_keywords",
        "optoutMessage": "optout_message",
        "privacyPolicyLink": "privacy_policy_link",
        "resellerId": "reseller_id",
        "sample1": "sample1",
        "sample2": "sample2",
        "sample3": "sample3",
        "sample4": "sample4",
        "sample5": "sample5",
        "subUsecases": "sub_usecases",
        "submissionStatus": "submission_status",
        "subscriberHelp": "subscriber_help",
        "subscriberOptin": "subscriber_optin",
        "subscriberOptout": "subscriber_optout",
        "tag": "tag",
        "termsAndConditions": "terms_and_conditions",
        "termsAndConditionsLink": "terms_and_conditions_link",
        "usecase": "usecase",
        # Campaign deactivation, appeal, OSR attributes (C6, C7, C10): snake_case on the wire
        "appeal_reason": "appeal_reason",
        "appealed_at": "appealed_at",
        "message": "message",
        "msg_class": "msg_class",
        "record_type": "record_type",
        "time": "time",
        # Use case qualification and MNO metadata (C1, C8)
        "annualFee": "annual_fee",
        "maxSubUsecases": "max_sub_usecases",
        "minMsgSamples": "min_msg_samples",
        "minSubUsecases": "min_sub_usecases",
        "mno": "mno",
        "mnoMetadata": "mno_metadata",
        "mnoReview": "mno_review",
        "mnoSupport": "mno_support",
        "monthlyFee": "monthly_fee",
        "noEmbeddedLink": "no_embedded_link",
        "noEmbeddedPhone": "no_embedded_phone",
        "quarterlyFee": "quarterly_fee",
        "qualify": "qualify",
        "reqSubscriberHelp": "req_subscriber_help",
        "reqSubscriberOptin": "req_subscriber_optin",
        "reqSubscriberOptout": "req_subscriber_optout",
        # Use case cost (C13)
        "campaignUsecase": "campaign_usecase",
        "monthlyCost": "monthly_cost",
        "upFrontCost": "up_front_cost",
        # Sharing (§2.1.10, C11, S5)
        "downstreamCnpId": "downstream_cnp_id",
        "sharedByMe": "shared_by_me",
        "sharedDate": "shared_date",
        "sharedWithMe": "shared_with_me",
        "sharingStatus": "sharing_status",
        "statusDate": "status_date",
        "upstreamCnpId": "upstream_cnp_id",
        # Partner campaigns (§2.1.5)
        "isNumberPoolingEnabled": "is_number_pooling_enabled",
        # Phone number assignments (§2.1.7, A1-A3)
        "assignmentStatus": "assignment_status",
        "messagingProfileId": "messaging_profile_id",
        "nonTmobileNumberMappingStatus": "non_tmobile_number_mapping_status",
        "phoneNumber": "phone_number",
        "taskId": "task_id",
        "telnyxCampaignId": "telnyx_campaign_id",
        "tmobileNumberMappingStatus": "tmobile_number_mapping_status",
        # Shared by several resources
        "createdAt": "created_at",
        "failureReasons": "failure_reasons",
        "referenceId": "reference_id",
        "status": "status",
        "tcrBrandId": "tcr_brand_id",
        "tcrCampaignId": "tcr_campaign_id",
        "updatedAt": "updated_at",
        "webhookFailoverURL": "webhook_failover_url",
        "webhookURL": "webhook_url",
        # Enumerations (E1)
        "exchange": "exchange",
        "industryId": "industry_id",
        "isin": "isin",
        "iso2": "iso2",
        "networkId": "network_id",
        "osrBitmaskIndex": "osr_bitmask_index",
        "symbol": "symbol",
        # Pagination (§1.8)
        "page": "page",
        "records": "records",
        "recordsPerPage": "records_per_page",
        "sort": "sort",
        "totalRecords": "total_records",
    }
)

# The phone-number list's filters go out as bracketed query keys (N1); the SDK takes them as
# ``filter={"telnyx_campaign_id": ...}``, so their snake names are the keys inside that argument.
FILTER_PARAMETER_BY_KEY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "tcr_brand_id": "filter[tcr_brand_id]",
        "tcr_campaign_id": "filter[tcr_campaign_id]",
        "telnyx_brand_id": "filter[telnyx_brand_id]",
        "telnyx_campaign_id": "filter[telnyx_campaign_id]",
    }
)


def _wire_by_snake() -> dict[str, str]:
    table: dict[str, str] = {}
    for wire, snake in SNAKE_BY_WIRE.items():
        table.setdefault(snake, wire)
    # Requests only ever name the correctly spelled count (it is a sort value, never a body field).
    table["assigned_campaigns_count"] = "assignedCampaignsCount"
    return table


WIRE_BY_SNAKE: Final[Mapping[str, str]] = MappingProxyType(_wire_by_snake())

_SNAKE_SHAPED = re.compile(r"^[a-z][a-z0-9_]*$")


def wire_name(snake: str) -> str:
    """The wire name of a keyword argument; a name missing from the table is a bug in the client."""
    return WIRE_BY_SNAKE[snake]


def to_wire(values: Mapping[str, Any]) -> dict[str, Any]:
    """A request body or query from keyword arguments; arguments left at None are omitted, as the
    reference says unset optional fields are (§1.1)."""
    return {wire_name(name): value for name, value in values.items() if value is not None}


def arguments_to_wire(arguments: Mapping[str, Any], *, in_path: Collection[str] = ()) -> dict[str, Any]:
    """A request body from a method's own ``locals()``, taken before anything else is bound, so that its typed
    signature is the one list of the operation's fields: ``self`` and the ``in_path`` parameters are left
    out, sequences go as JSON arrays, and None is omitted as in ``to_wire``."""
    return to_wire(
        {
            name: list(value) if isinstance(value, Sequence) and not isinstance(value, str) else value
            for name, value in arguments.items()
            if name != "self" and name not in in_path
        }
    )


def attribute_name(wire: str) -> str | None:
    """The attribute a response object exposes a wire key as, or None when it has none.

    Listed wire names use the table. Map keys that are numbers (MNO network ids: ``"10999"``) become
    ``_10999``, as in the SDK's ``response._10999``. A key not in the table that is already snake_case (a
    free-form map such as OSR attributes) keeps its name. Any other key stays reachable by its wire name,
    ``obj["someKey"]``.
    """
    if wire in SNAKE_BY_WIRE:
        return SNAKE_BY_WIRE[wire]
    if wire.isdigit():
        return f"_{wire}"
    if _SNAKE_SHAPED.match(wire):
        return wire
    return None


def field_for_pointer(pointer: str) -> str | None:
    """The snake name of the body field a JSON pointer (``/displayName``, ``/mnoIds/0``) points into."""
    first = pointer.lstrip("/").split("/", 1)[0]
    return SNAKE_BY_WIRE.get(first) if first else None


def field_for_parameter(parameter: str) -> str | None:
    """The snake name of a query or path parameter (``recordsPerPage``, ``filter[tcr_brand_id]``).

    A filter key reads ``filter.<key>``, naming the key inside the ``filter`` argument.
    """
    for key, wire in FILTER_PARAMETER_BY_KEY.items():
        if wire == parameter:
            return f"filter.{key}"
    return SNAKE_BY_WIRE.get(parameter)
