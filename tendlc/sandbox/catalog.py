"""The sandbox's fixed tables: enums, use cases with their qualification rules, carriers (fees: ``fees``).

Values the reference gives are used as given (§3). Where the reference says no source lists them (the use
case list, carriers, vetting providers and classes, operation statuses, sharing statuses), these tables are
the sandbox's documented choice, modelled on what The Campaign Registry publishes; the README repeats them
so a demo user can predict every qualification.
"""

from dataclasses import dataclass

ENTITY_TYPES = ("PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT", "SOLE_PROPRIETOR")
VERTICALS = (
    "AGRICULTURE", "COMMUNICATION", "CONSTRUCTION", "EDUCATION", "ENERGY", "ENTERTAINMENT", "FINANCIAL",
    "GAMBLING", "GOVERNMENT", "HEALTHCARE", "HOSPITALITY", "HUMAN_RESOURCES", "INSURANCE", "LEGAL",
    "MANUFACTURING", "NGO", "POLITICAL", "POSTAL", "PROFESSIONAL", "REAL_ESTATE", "RETAIL", "TECHNOLOGY",
    "TRANSPORTATION",
)  # fmt: skip
STOCK_EXCHANGES = (
    "NONE", "NASDAQ", "NYSE", "AMEX", "AMX", "ASX", "B3", "BME", "BSE", "FRA", "ICEX", "JPX", "JSE", "KRX",
    "LON", "NSE", "OMX", "SEHK", "SSE", "STO", "SWX", "SZSE", "TSX", "TWSE", "VSE",
)  # fmt: skip
ALT_BUSINESS_ID_TYPES = ("NONE", "DUNS", "GIIN", "LEI")
IDENTITY_STATUSES = ("VERIFIED", "UNVERIFIED", "SELF_DECLARED", "VETTED_VERIFIED")
BRAND_STATUSES = ("OK", "REGISTRATION_PENDING", "REGISTRATION_FAILED")
BRAND_RELATIONSHIPS = ("BASIC_ACCOUNT", "SMALL_ACCOUNT", "MEDIUM_ACCOUNT", "LARGE_ACCOUNT", "KEY_ACCOUNT")
CAMPAIGN_STATUSES = (
    "TCR_PENDING", "TCR_SUSPENDED", "TCR_EXPIRED", "TCR_ACCEPTED", "TCR_FAILED", "TELNYX_ACCEPTED",
    "TELNYX_FAILED", "MNO_PENDING", "MNO_ACCEPTED", "MNO_REJECTED", "MNO_PROVISIONED", "MNO_PROVISIONING_FAILED",
)  # fmt: skip
APPEALABLE_CAMPAIGN_STATUSES = ("TELNYX_FAILED", "MNO_REJECTED")
ASSIGNMENT_STATUSES = (
    "FAILED_ASSIGNMENT", "PENDING_ASSIGNMENT", "ASSIGNED", "PENDING_UNASSIGNMENT", "FAILED_UNASSIGNMENT",
)  # fmt: skip
TASK_STATUSES = ("pending", "processing", "completed", "failed")
OPERATION_STATUSES = ("REVIEW", "APPROVED", "REJECTED", "SUSPENDED")
VETTING_STATUSES = ("PENDING", "ACTIVE", "FAILED", "EXPIRED")
FEEDBACK_CATEGORIES = {
    "TAX_ID": ("Tax Id", "Tax Id does not match with the company name or business type."),
    "STOCK_SYMBOL": ("Stock Symbol", "Stock symbol could not be found on the given exchange."),
    "GOVERNMENT_ENTITY": ("Government Entity", "The brand could not be verified as a government entity."),
    "NONPROFIT": ("Non-profit", "The brand could not be verified as a tax-exempt non-profit."),
    "OTHERS": ("Others", "The brand's identity could not be verified from the submitted details."),
}
OPTIONAL_ATTRIBUTES = {"taxExemptStatus": "Tax exempt status of a non-profit, e.g. 501(c)(3)."}


@dataclass(frozen=True)
class Carrier:
    network_id: int
    name: str
    osr_bitmask_index: int
    min_samples: int
    reviews: bool  # the carrier reviews campaigns itself (MNO review stage), rather than only TCR


CARRIERS = (
    Carrier(10017, "AT&T", 0, 1, True),
    Carrier(10035, "T-Mobile", 1, 1, True),
    Carrier(10037, "Verizon Wireless", 2, 1, True),
    Carrier(10038, "US Cellular", 3, 1, False),
    Carrier(10999, "Interop", 4, 1, False),
)
CARRIERS_BY_ID = {carrier.network_id: carrier for carrier in CARRIERS}


@dataclass(frozen=True)
class Usecase:
    name: str
    display_name: str
    description: str
    min_sub_usecases: int = 0
    max_sub_usecases: int = 0
    # Who may run it: entity types allowed (None: every type but SOLE_PROPRIETOR), and whether the brand must
    # be VETTED_VERIFIED (special use cases that carriers only accept after external vetting).
    entity_types: tuple[str, ...] | None = None
    requires_vetting: bool = False
    unsupported_carriers: tuple[int, ...] = ()


USECASES = (
    Usecase("2FA", "2FA", "Authentication, verification, or one-time passcodes."),
    Usecase("ACCOUNT_NOTIFICATION", "Account Notification", "Notifications about the status of an account."),
    Usecase("CUSTOMER_CARE", "Customer Care", "Account support and customer care conversations."),
    Usecase("DELIVERY_NOTIFICATION", "Delivery Notification", "Status of the delivery of a product or service."),
    Usecase("FRAUD_ALERT", "Fraud Alert Messaging", "Notifications about potential fraudulent activity."),
    Usecase("HIGHER_EDUCATION", "Higher Education", "Messages from colleges, universities and school districts."),
    Usecase("MARKETING", "Marketing", "Promotional content: sales, offers, news."),
    Usecase("POLLING_VOTING", "Polling and voting", "Surveys and polls, not for political elections."),
    Usecase("PUBLIC_SERVICE_ANNOUNCEMENT", "Public Service Announcement", "Raising awareness of a public topic."),
    Usecase("SECURITY_ALERT", "Security Alert", "Notices of a compromised system or account."),
    Usecase("MIXED", "Mixed", "Two to five standard use cases on one campaign.", 2, 5),
    Usecase("LOW_VOLUME", "Low Volume Mixed", "Two to five standard use cases at low volume.", 2, 5),
    Usecase("CHARITY", "Charity", "Communications from a registered charity.", entity_types=("NON_PROFIT",)),
    Usecase("POLITICAL", "Political", "Election campaigns; needs a political vetting.", entity_types=("NON_PROFIT", "PRIVATE_PROFIT"), requires_vetting=True),
    Usecase("EMERGENCY", "Emergency", "Public safety in natural disasters and emergencies.", requires_vetting=True),
    Usecase("K12_EDUCATION", "K-12 Education", "Messages from K-12 schools.", requires_vetting=True),
    Usecase("SWEEPSTAKE", "Sweepstake", "Sweepstakes and contests.", requires_vetting=True, unsupported_carriers=(10017,)),
    Usecase("AGENTS_FRANCHISES", "Agents and Franchises", "A brand's local agents or franchisees.", requires_vetting=True),
    Usecase("SOLE_PROPRIETOR", "Sole Proprietor", "Any messaging by a sole proprietor.", entity_types=("SOLE_PROPRIETOR",)),
)  # fmt: skip
USECASES_BY_NAME = {usecase.name: usecase for usecase in USECASES}
# Sub use cases of MIXED and LOW_VOLUME come from the standard list.
SUB_USECASES = tuple(
    usecase.name
    for usecase in USECASES
    if usecase.name not in {"MIXED", "LOW_VOLUME", "SOLE_PROPRIETOR"}
    and not usecase.requires_vetting
    and usecase.entity_types is None
)

# External vetting providers (evpId) and the vetting classes each offers.
VETTING_PROVIDERS = {"AEGIS": "Aegis Mobile", "CV": "Campaign Verify", "WMC": "WMC Global"}
VETTING_CLASSES = {"STANDARD": "Standard vetting", "POLITICAL": "Political vetting (Campaign Verify)", "ENHANCED": "Enhanced vetting"}  # fmt: skip

APPROVED_PUBLIC_COMPANIES = (
    {"isin": "US68243Q1067", "iso2": "US", "symbol": "FLWS", "exchange": "NASDAQ", "displayName": "1-800 FLOWERS.COM, Inc."},
    {"isin": "US0378331005", "iso2": "US", "symbol": "AAPL", "exchange": "NASDAQ", "displayName": "Apple Inc."},
    {"isin": "US5949181045", "iso2": "US", "symbol": "MSFT", "exchange": "NASDAQ", "displayName": "Microsoft Corporation"},
    {"isin": "US4781601046", "iso2": "US", "symbol": "JNJ", "exchange": "NYSE", "displayName": "Johnson & Johnson"},
    {"isin": "US9311421039", "iso2": "US", "symbol": "WMT", "exchange": "NYSE", "displayName": "Walmart Inc."},
)  # fmt: skip

# ISO 3166-1 alpha-2 codes, for brand ``country``.
COUNTRIES = frozenset((
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ", "BA",
    "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS", "BT", "BV",
    "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN", "CO", "CR", "CU",
    "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES",
    "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM",
    "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE",
    "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM",
    "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY",
    "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT",
    "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU",
    "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA",
    "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM",
    "SN", "SO", "SR", "SS", "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL",
    "TM", "TN", "TO", "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE",
    "VG", "VI", "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"
))  # fmt: skip
# USPS codes of the states, DC and the inhabited territories, for the ``state`` of a US brand.
US_STATES = frozenset((
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS", "KY",
    "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC", "ND",
    "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY", "DC",
    "AS", "GU", "MP", "PR", "VI"
))  # fmt: skip

# What ``GET /10dlc/enum/vertical`` says of each vertical (the spec's example shape: industryId, displayName,
# description).
VERTICAL_DETAILS = {
    "AGRICULTURE": ("agriculture", "Agriculture", "Farming, forestry and food production."),
    "COMMUNICATION": ("communication", "Communication", "Telecommunications, media and communication services."),
    "CONSTRUCTION": ("construction", "Construction", "Building, construction and trades."),
    "EDUCATION": ("education", "Education", "Schools, universities and training."),
    "ENERGY": ("energy", "Energy", "Energy production, utilities and services."),
    "ENTERTAINMENT": ("entertainment", "Entertainment", "Entertainment, events and leisure."),
    "FINANCIAL": ("financial", "Financial", "Banking, lending, payments and investment."),
    "GAMBLING": ("gambling", "Gambling", "Gambling and lotteries."),
    "GOVERNMENT": ("government", "Government", "Local, state and federal government."),
    "HEALTHCARE": ("healthcare", "Healthcare", "Healthcare providers and services."),
    "HOSPITALITY": ("hospitality", "Hospitality", "Hotels, restaurants and travel."),
    "HUMAN_RESOURCES": ("human-resources", "Human Resources", "Staffing, recruiting and HR services."),
    "INSURANCE": ("insurance", "Insurance", "Insurance carriers and agents."),
    "LEGAL": ("legal", "Legal", "Law firms and legal services."),
    "MANUFACTURING": ("manufacturing", "Manufacturing", "Manufacturing and industrial production."),
    "NGO": ("ngo", "NGO", "Non-governmental and non-profit organisations."),
    "POLITICAL": ("political", "Political", "Political campaigns and organisations."),
    "POSTAL": ("postal", "Postal", "Postal and delivery services."),
    "PROFESSIONAL": ("professional-services", "Professional Services", "Professional services."),
    "REAL_ESTATE": ("real-estate", "Real Estate", "Real estate brokers and property management."),
    "RETAIL": ("retail", "Retail", "Retail and consumer goods."),
    "TECHNOLOGY": ("technology", "Technology", "Software, hardware and IT services."),
    "TRANSPORTATION": ("transportation", "Transportation", "Transportation and logistics."),
}  # fmt: skip
