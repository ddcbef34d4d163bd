"""What each list's search box searches: one declaration for the admin's changelists and the REST API's
``?search=``, so a record found in one is found in the other. A brand search also tries the stored forms of
a phone number or EIN typed as people write them (``selectors.brands.search_variants``)."""

BRAND_OF_RECORD = ("brand__display_name", "brand__brand_id", "brand__tcr_brand_id")

BRANDS = ("display_name", "company_name", "brand_id", "tcr_brand_id", "ein", "phone", "mobile_phone", "email")
BRAND_FEEDBACK = BRAND_OF_RECORD
EXTERNAL_VETTINGS = ("vetting_id", *BRAND_OF_RECORD)
SMS_OTP_VERIFICATIONS = ("reference_id", "mobile_phone", "brand__mobile_phone", *BRAND_OF_RECORD)

CAMPAIGNS = ("tcr_campaign_id", "campaign_id", "brand__display_name", "description")
PARTNER_CAMPAIGNS = ("tcr_campaign_id", "tcr_brand_id", "brand_display_name")
SHARED_CAMPAIGNS = ("campaign_id", "brand_id", "downstream_cnp_id")

NUMBER_ASSIGNMENTS = ("phone_number", "telnyx_campaign_id", "tcr_campaign_id", "brand_id", "tcr_brand_id")
ASSIGNMENT_TASKS = (
    "task_id",
    "messaging_profile_id",
    "campaign__campaign_id",
    "campaign__tcr_campaign_id",
    "tcr_campaign_id",
)
NUMBER_UPLOADS = ("filename", "uploaded_by__username")

WEBHOOK_EVENTS = ("event_id", "campaign_id", "brand_id", "phone_number", "body_hash")
AUDIT_ENTRIES = ("username", "action", "target_repr", "target_id", "error", "api_request_id")

# Exact: a record's remote id, or its campaign's (a carrier's change, a number's).
STATUS_CHANGES = ("=record_id", "=campaign_id")
