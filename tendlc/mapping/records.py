"""Which wire fields each model mirrors, and the functions sync, webhooks and services call.

Every function here is pure: a payload in, column values out (or a model instance in, a request body out).
"""

from collections.abc import Mapping
from typing import Any

from tendlc.mapping.convert import from_wire, to_wire, wire_name
from tendlc.models import (
    AssignmentTask,
    Brand,
    Campaign,
    CampaignMnoStatus,
    ExternalVetting,
    PartnerCampaign,
    PhoneNumberAssignment,
    SharedCampaign,
    SmsOtpVerification,
)
from tendlc.models.campaign_content import (
    CAMPAIGN_ONLY_FIELDS,
    CAMPAIGN_UPDATABLE_FIELDS,
    SHARED_CONTENT_FIELDS,
)

BRAND_INPUT_FIELDS = (
    "entityType", "displayName", "companyName", "firstName", "lastName", "ein", "phone", "mobilePhone", "street",
    "city", "state", "postalCode", "country", "email", "stockSymbol", "stockExchange", "ipAddress", "website",
    "vertical", "isReseller", "mock", "businessContactEmail", "webhookURL", "webhookFailoverURL",
)  # fmt: skip
BRAND_UPDATE_ONLY_FIELDS = ("altBusinessId", "altBusinessIdType")
# B4 takes neither mock nor mobilePhone (reference §2.2).
BRAND_UPDATE_FIELDS = (
    tuple(f for f in BRAND_INPUT_FIELDS if f not in {"mock", "mobilePhone"}) + BRAND_UPDATE_ONLY_FIELDS
)
BRAND_FIELDS = (
    *BRAND_INPUT_FIELDS, *BRAND_UPDATE_ONLY_FIELDS, "brandId", "tcrBrandId", "referenceId", "cspId", "universalEin",
    "identityStatus", "status", "brandRelationship", "failureReasons", "optionalAttributes", "createdAt",
    "updatedAt", "assignedCampaignsCount", "assignedCampaingsCount",
)  # fmt: skip

# Campaign content is declared once beside the model; these are its wire names.
CAMPAIGN_CONTENT_FIELDS = ("usecase", *map(wire_name, SHARED_CONTENT_FIELDS))
CAMPAIGN_SUBMIT_FIELDS = (
    *CAMPAIGN_CONTENT_FIELDS,
    *map(wire_name, CAMPAIGN_ONLY_FIELDS),
    "brandId",
    "referenceId",
    "resellerId",
)
CAMPAIGN_UPDATE_FIELDS = tuple(map(wire_name, CAMPAIGN_UPDATABLE_FIELDS))
CAMPAIGN_FIELDS = (
    *CAMPAIGN_SUBMIT_FIELDS, "campaignId", "tcrBrandId", "tcrCampaignId", "cspId", "brandDisplayName", "vertical",
    "mock", "isTMobileRegistered", "isTMobileSuspended", "isTMobileNumberPoolingEnabled", "status",
    "submissionStatus", "campaignStatus", "failureReasons", "createDate", "billedDate",
    "nextRenewalOrExpirationDate", "assignedPhoneNumbersCount",
)  # fmt: skip

PARTNER_CAMPAIGN_FIELDS = (
    *CAMPAIGN_CONTENT_FIELDS, "tcrCampaignId", "tcrBrandId", "brandDisplayName", "isNumberPoolingEnabled",
    "campaignStatus", "failureReasons", "assignedPhoneNumbersCount", "createdAt", "updatedAt",
)  # fmt: skip
SHARED_CAMPAIGN_FIELDS = ("campaignId", "brandId", "usecase", "createDate", "status")
SHARING_STATUS_FIELDS = ("sharingStatus", "sharedDate", "statusDate", "upstreamCnpId", "downstreamCnpId")

PHONE_NUMBER_ASSIGNMENT_FIELDS = (
    "phoneNumber", "telnyxCampaignId", "tcrCampaignId", "brandId", "tcrBrandId", "assignmentStatus",
    "failureReasons", "tmobileNumberMappingStatus", "nonTmobileNumberMappingStatus", "createdAt", "updatedAt",
)  # fmt: skip
ASSIGNMENT_TASK_FIELDS = ("taskId", "messagingProfileId", "tcrCampaignId", "status", "createdAt", "updatedAt")
EXTERNAL_VETTING_FIELDS = (
    "evpId",
    "vettingClass",
    "vettingId",
    "vettingToken",
    "vettingScore",
    "createDate",
    "vettedDate",
)
SMS_OTP_FIELDS = (
    "referenceId", "mobilePhone", "requestDate", "deliveryStatus", "deliveryStatusDate", "deliveryStatusDetails",
    "verifyDate",
)  # fmt: skip
MNO_METADATA_FIELDS = (
    "mno", "qualify", "mnoReview", "mnoSupport", "noEmbeddedLink", "noEmbeddedPhone", "reqSubscriberHelp",
    "reqSubscriberOptin", "reqSubscriberOptout", "minMsgSamples",
)  # fmt: skip


def brand_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    return from_wire(Brand, BRAND_FIELDS, payload)


def brand_create_body(brand: Brand) -> dict[str, Any]:
    return to_wire(brand, BRAND_INPUT_FIELDS)


def brand_update_body(brand: Brand) -> dict[str, Any]:
    body = to_wire(brand, BRAND_UPDATE_FIELDS)
    # A flag left false still has to be said on update, or the API keeps the old value.
    body["isReseller"] = brand.is_reseller
    return body


def campaign_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    return from_wire(Campaign, CAMPAIGN_FIELDS, payload)


def campaign_submit_body(campaign: Campaign) -> dict[str, Any]:
    return to_wire(campaign, CAMPAIGN_SUBMIT_FIELDS)


def campaign_update_body(campaign: Campaign) -> dict[str, Any]:
    return to_wire(campaign, CAMPAIGN_UPDATE_FIELDS)


def partner_campaign_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    return from_wire(PartnerCampaign, PARTNER_CAMPAIGN_FIELDS, payload)


def shared_campaign_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    return from_wire(SharedCampaign, SHARED_CAMPAIGN_FIELDS, payload)


def sharing_status_values(
    model: type[PartnerCampaign | SharedCampaign], payload: Mapping[str, Any]
) -> dict[str, Any]:
    return from_wire(model, SHARING_STATUS_FIELDS, payload)


def phone_number_assignment_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    return from_wire(PhoneNumberAssignment, PHONE_NUMBER_ASSIGNMENT_FIELDS, payload)


def assignment_task_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    values = from_wire(AssignmentTask, ASSIGNMENT_TASK_FIELDS, payload)
    if payload.get("campaignId"):
        values["campaign_id"] = payload["campaignId"]
    return values


def external_vetting_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    return from_wire(ExternalVetting, EXTERNAL_VETTING_FIELDS, payload)


def sms_otp_values(payload: Mapping[str, Any]) -> dict[str, Any]:
    return from_wire(SmsOtpVerification, SMS_OTP_FIELDS, payload)


def mno_status_values(
    network_id: str, metadata: Mapping[str, Any], operation_status: str | None
) -> dict[str, Any]:
    """One carrier's row from C8 (metadata keyed by network id) and C9 (status keyed the same way)."""
    values = from_wire(CampaignMnoStatus, MNO_METADATA_FIELDS, metadata)
    values.update(
        network_id=int(network_id), metadata=dict(metadata), operation_status=operation_status or ""
    )
    return values
