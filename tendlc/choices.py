"""TextChoices mirroring the 10DLC API's enums (reference §3); the values are the wire values."""

from django.db import models


class EntityType(models.TextChoices):
    PRIVATE_PROFIT = "PRIVATE_PROFIT", "Private for-profit"
    PUBLIC_PROFIT = "PUBLIC_PROFIT", "Public for-profit"
    NON_PROFIT = "NON_PROFIT", "Non-profit"
    GOVERNMENT = "GOVERNMENT", "Government"
    SOLE_PROPRIETOR = "SOLE_PROPRIETOR", "Sole proprietor"


class Vertical(models.TextChoices):
    AGRICULTURE = "AGRICULTURE", "Agriculture"
    COMMUNICATION = "COMMUNICATION", "Communication"
    CONSTRUCTION = "CONSTRUCTION", "Construction"
    EDUCATION = "EDUCATION", "Education"
    ENERGY = "ENERGY", "Energy"
    ENTERTAINMENT = "ENTERTAINMENT", "Entertainment"
    FINANCIAL = "FINANCIAL", "Financial"
    GAMBLING = "GAMBLING", "Gambling"
    GOVERNMENT = "GOVERNMENT", "Government"
    HEALTHCARE = "HEALTHCARE", "Healthcare"
    HOSPITALITY = "HOSPITALITY", "Hospitality"
    HUMAN_RESOURCES = "HUMAN_RESOURCES", "Human resources"
    INSURANCE = "INSURANCE", "Insurance"
    LEGAL = "LEGAL", "Legal"
    MANUFACTURING = "MANUFACTURING", "Manufacturing"
    NGO = "NGO", "NGO"
    POLITICAL = "POLITICAL", "Political"
    POSTAL = "POSTAL", "Postal"
    PROFESSIONAL = "PROFESSIONAL", "Professional services"
    REAL_ESTATE = "REAL_ESTATE", "Real estate"
    RETAIL = "RETAIL", "Retail"
    TECHNOLOGY = "TECHNOLOGY", "Technology"
    TRANSPORTATION = "TRANSPORTATION", "Transportation"


class StockExchange(models.TextChoices):
    NONE = "NONE", "None"
    NASDAQ = "NASDAQ", "NASDAQ"
    NYSE = "NYSE", "NYSE"
    AMEX = "AMEX", "AMEX"
    AMX = "AMX", "AMX"
    ASX = "ASX", "ASX"
    B3 = "B3", "B3"
    BME = "BME", "BME"
    BSE = "BSE", "BSE"
    FRA = "FRA", "FRA"
    ICEX = "ICEX", "ICEX"
    JPX = "JPX", "JPX"
    JSE = "JSE", "JSE"
    KRX = "KRX", "KRX"
    LON = "LON", "LON"
    NSE = "NSE", "NSE"
    OMX = "OMX", "OMX"
    SEHK = "SEHK", "SEHK"
    SSE = "SSE", "SSE"
    STO = "STO", "STO"
    SWX = "SWX", "SWX"
    SZSE = "SZSE", "SZSE"
    TSX = "TSX", "TSX"
    TWSE = "TWSE", "TWSE"
    VSE = "VSE", "VSE"


class AltBusinessIdType(models.TextChoices):
    NONE = "NONE", "None"
    DUNS = "DUNS", "DUNS"
    GIIN = "GIIN", "GIIN"
    LEI = "LEI", "LEI"


class IdentityStatus(models.TextChoices):
    VERIFIED = "VERIFIED", "Verified"
    UNVERIFIED = "UNVERIFIED", "Unverified"
    SELF_DECLARED = "SELF_DECLARED", "Self-declared"
    VETTED_VERIFIED = "VETTED_VERIFIED", "Vetted and verified"


class BrandStatus(models.TextChoices):
    OK = "OK", "Registered"
    REGISTRATION_PENDING = "REGISTRATION_PENDING", "Registration pending"
    REGISTRATION_FAILED = "REGISTRATION_FAILED", "Registration failed"


class BrandRelationship(models.TextChoices):
    BASIC_ACCOUNT = "BASIC_ACCOUNT", "Basic account"
    SMALL_ACCOUNT = "SMALL_ACCOUNT", "Small account"
    MEDIUM_ACCOUNT = "MEDIUM_ACCOUNT", "Medium account"
    LARGE_ACCOUNT = "LARGE_ACCOUNT", "Large account"
    KEY_ACCOUNT = "KEY_ACCOUNT", "Key account"


class CampaignStatus(models.TextChoices):
    TCR_PENDING = "TCR_PENDING", "TCR review pending"
    TCR_SUSPENDED = "TCR_SUSPENDED", "Suspended by TCR"
    TCR_EXPIRED = "TCR_EXPIRED", "Expired"
    TCR_ACCEPTED = "TCR_ACCEPTED", "Accepted by TCR"
    TCR_FAILED = "TCR_FAILED", "Rejected by TCR"
    TELNYX_ACCEPTED = "TELNYX_ACCEPTED", "Accepted by Telnyx"
    TELNYX_FAILED = "TELNYX_FAILED", "Rejected by Telnyx"
    MNO_PENDING = "MNO_PENDING", "Carrier review pending"
    MNO_ACCEPTED = "MNO_ACCEPTED", "Accepted by carriers"
    MNO_REJECTED = "MNO_REJECTED", "Rejected by a carrier"
    MNO_PROVISIONED = "MNO_PROVISIONED", "Provisioned"
    MNO_PROVISIONING_FAILED = "MNO_PROVISIONING_FAILED", "Provisioning failed"


APPEALABLE_CAMPAIGN_STATUSES = (CampaignStatus.TELNYX_FAILED, CampaignStatus.MNO_REJECTED)


class CampaignActivity(models.TextChoices):
    """The campaign's ``status`` field: active, or ended by deactivation or expiry."""

    ACTIVE = "ACTIVE", "Active"
    EXPIRED = "EXPIRED", "Expired"


class SubmissionStatus(models.TextChoices):
    CREATED = "CREATED", "Created"
    FAILED = "FAILED", "Failed"
    PENDING = "PENDING", "Pending"


class AssignmentStatus(models.TextChoices):
    PENDING_ASSIGNMENT = "PENDING_ASSIGNMENT", "Assignment pending"
    ASSIGNED = "ASSIGNED", "Assigned"
    FAILED_ASSIGNMENT = "FAILED_ASSIGNMENT", "Assignment failed"
    PENDING_UNASSIGNMENT = "PENDING_UNASSIGNMENT", "Removal pending"
    FAILED_UNASSIGNMENT = "FAILED_UNASSIGNMENT", "Removal failed"


class TaskStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class OtpDeliveryStatus(models.TextChoices):
    """Free text on the wire; these are the values the sources name (reference §3.10), both spellings of failure."""

    PENDING = "PENDING", "Pending"
    DELIVERED_HANDSET = "DELIVERED_HANDSET", "Delivered to handset"
    DELIVERY_FAILED = "DELIVERY_FAILED", "Delivery failed"
    FAILED = "FAILED", "Failed"
    VERIFIED = "VERIFIED", "Verified"
    EXPIRED = "EXPIRED", "Expired"


class FeedbackCategory(models.TextChoices):
    TAX_ID = "TAX_ID", "Tax Id"
    STOCK_SYMBOL = "STOCK_SYMBOL", "Stock symbol"
    GOVERNMENT_ENTITY = "GOVERNMENT_ENTITY", "Government entity"
    NONPROFIT = "NONPROFIT", "Non-profit"
    OTHERS = "OTHERS", "Others"


class TaskNumberStatus(models.TextChoices):
    """A number's status within an assignment task (A3); undocumented, these are the values seen."""

    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    SUCCESS = "success", "Success"
    FAILED = "failed", "Failed"


class SharingStatus(models.TextChoices):
    """A campaign sharing's ``sharingStatus``."""

    PENDING = "PENDING", "Pending"
    ACCEPTED = "ACCEPTED", "Accepted"
    DECLINED = "DECLINED", "Declined"


class OperationStatus(models.TextChoices):
    """A carrier's ``operationStatus`` of a campaign (C9)."""

    REVIEW = "REVIEW", "Review"
    APPROVED = "APPROVED", "Approved"
    REJECTED = "REJECTED", "Rejected"
    SUSPENDED = "SUSPENDED", "Suspended"


class Usecase(models.TextChoices):
    """A campaign's ``usecase``: free text on the wire, validated against the use-case enumeration (reference
    §3); these are the values the sources name, labelled as Telnyx's portal names them."""

    TWO_FA = "2FA", "Two-factor authentication"
    ACCOUNT_NOTIFICATION = "ACCOUNT_NOTIFICATION", "Account notification"
    CUSTOMER_CARE = "CUSTOMER_CARE", "Customer care"
    DELIVERY_NOTIFICATION = "DELIVERY_NOTIFICATION", "Delivery notification"
    FRAUD_ALERT = "FRAUD_ALERT", "Fraud alert"
    HIGHER_EDUCATION = "HIGHER_EDUCATION", "Higher education"
    MARKETING = "MARKETING", "Marketing"
    POLLING_VOTING = "POLLING_VOTING", "Polling and voting"
    PUBLIC_SERVICE_ANNOUNCEMENT = "PUBLIC_SERVICE_ANNOUNCEMENT", "Public service announcement"
    SECURITY_ALERT = "SECURITY_ALERT", "Security alert"
    MIXED = "MIXED", "Mixed"
    LOW_VOLUME = "LOW_VOLUME", "Low volume mixed"
    CHARITY = "CHARITY", "Charity"
    POLITICAL = "POLITICAL", "Political"
    EMERGENCY = "EMERGENCY", "Emergency"
    K12_EDUCATION = "K12_EDUCATION", "K-12 education"
    SWEEPSTAKE = "SWEEPSTAKE", "Sweepstake"
    AGENTS_FRANCHISES = "AGENTS_FRANCHISES", "Agents and franchises"
    SOLE_PROPRIETOR = "SOLE_PROPRIETOR", "Sole proprietor"


def label_of(choices: type[models.TextChoices], value: str) -> str:
    """How a person reads ``value`` of ``choices``: its label, or for a value the enum lacks (the wire's free
    text may name one we do not know) the value in words, "NEW_THING" as "New thing"."""
    if value in choices.values:
        return str(choices(value).label)
    return value.replace("_", " ").capitalize()


class WebhookEventType(models.TextChoices):
    """A webhook's ``data.event_type``: what the event is about (reference §4.2)."""

    BRAND_UPDATE = "10dlc.brand.update", "Brand"
    CAMPAIGN_UPDATE = "10dlc.campaign.update", "Campaign"
    PHONE_NUMBER_UPDATE = "10dlc.phone_number.update", "Phone number"


class WebhookPayloadType(models.TextChoices):
    """A webhook payload's ``type``: what happened (reference §4.4, the types the sources name)."""

    REGISTRATION = "REGISTRATION", "Registration result"
    REVET = "REVET", "Revet result"
    ORDER_EXTERNAL_VETTING = "ORDER_EXTERNAL_VETTING", "Vetting result"
    TCR_BRAND_UPDATE = "TCR_BRAND_UPDATE", "Registry update of a brand"
    TCR_BRAND_WEBHOOK = "TCR_BRAND_WEBHOOK", "Registry update of a brand (older name)"
    TELNYX_REVIEW = "TELNYX_REVIEW", "Telnyx review"
    MNO_REVIEW = "MNO_REVIEW", "Carrier review"
    TELNYX_EVENT = "TELNYX_EVENT", "Telnyx notice"
    NUMBER_POOL_PROVISIONED = "NUMBER_POOL_PROVISIONED", "Number pool provisioned"
    NUMBER_POOL_DEPROVISIONED = "NUMBER_POOL_DEPROVISIONED", "Number pool removed"
    VERIFIED = "VERIFIED", "Verified"
    TCR_EVENT = "TCR_EVENT", "Registry event"
    CAMPAIGN_NUDGE = "CAMPAIGN_NUDGE", "Registry nudge"
    ASSIGNMENT = "ASSIGNMENT", "Number assignment"
    DELETION = "DELETION", "Number removal"
    STATUS_UPDATE = "STATUS_UPDATE", "Number status update"
