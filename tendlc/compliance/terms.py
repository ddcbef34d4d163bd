"""Every word list the rules use, in one place, so that extending a rule is editing data.

Word lists are lower case and matched case-insensitively as whole words or phrases (a space matches any run of
whitespace), except where a list says otherwise; keywords and hosts are written as on the wire (STOP, bit.ly);
``*_PATTERNS`` are regular expressions.
"""

from typing import Final

# --- Keywords (CTIA 5.1.3: the universal opt-out words; HELP answers with program information) -----------------

# Matched as whole words, in capitals ("Reply STOP") or in any case after a reply verb ("text stop to 55555"),
# so "Stop by our store" and "stopwatch" are not opt-out language.
OPT_OUT_WORDS: Final = ("stop", "end", "cancel", "unsubscribe", "quit", "stopall", "revoke", "optout")
HELP_WORDS: Final = ("help", "info")
REPLY_VERBS: Final = ("reply", "replying", "text", "texting", "txt", "send", "respond", "respond with")
# The keywords carriers require among a campaign's keywords.
REQUIRED_OPT_OUT_KEYWORD: Final = "STOP"
REQUIRED_HELP_KEYWORD: Final = "HELP"

# --- Opt-in disclosures (CTIA 5.1.2.1: brand, frequency, rates, HELP and STOP in the confirmation) --------------

FREQUENCY_TERMS: Final = (
    "frequency",
    "freq",
    "recurring",
    "msgs/mo",
    "msgs/month",
    "msgs/wk",
    "msgs/week",
    "messages per month",
    "messages per week",
    "msgs per month",
    "msgs per week",
    "per month",
    "per week",
)
RATES_TERMS: Final = ("data rates", "msg&data rates", "msg & data", "message and data", "msg and data")

# --- Content (CTIA 5.3.1 and the carriers' SHAFT rules) -------------------------------------------------------

# Not allowed on 10DLC at all.
PROHIBITED_TERMS: Final = {
    "cannabis/CBD": (
        "cannabis",
        "marijuana",
        "cbd",
        "thc",
        "delta-8",
        "delta 8",
        "dispensary",
        "dispensaries",
        "pre-rolls",
        "hemp-derived",
    ),
    "sexual content": (
        "sex",
        "sexy",
        "porn",
        "pornography",
        "nude",
        "nudes",
        "escort",
        "escorts",
        "adult content",
        "adult entertainment",
        "onlyfans",
    ),
    "gambling": (
        "casino",
        "casinos",
        "sportsbook",
        "sports betting",
        "online betting",
        "bet now",
        "place your bets",
        "poker",
        "roulette",
        "blackjack",
        "slot machine",
        "slot machines",
        "wager",
        "wagers",
        "parlay",
    ),
    "hate speech": (
        "white power",
        "white supremacy",
        "white supremacist",
        "racial purity",
        "master race",
        "ethnic cleansing",
        "race war",
        "heil hitler",
    ),
}

# Allowed only with ageGated: the carriers require an age gate before the first message.
AGE_GATED_TERMS: Final = {
    "alcohol": (
        "alcohol",
        "alcoholic",
        "beer",
        "beers",
        "craft beer",
        "wine",
        "wines",
        "liquor",
        "vodka",
        "whiskey",
        "whisky",
        "bourbon",
        "tequila",
        "rum",
        "champagne",
        "cocktail",
        "cocktails",
        "brewery",
        "winery",
        "hard seltzer",
        "happy hour",
    ),
    "firearms": (
        "firearm",
        "firearms",
        "gun",
        "guns",
        "handgun",
        "handguns",
        "rifle",
        "rifles",
        "pistol",
        "pistols",
        "shotgun",
        "ammo",
        "ammunition",
        "gun range",
        "concealed carry",
    ),
    "tobacco/vape": (
        "tobacco",
        "cigar",
        "cigars",
        "cigarette",
        "cigarettes",
        "vape",
        "vapes",
        "vaping",
        "e-cig",
        "e-cigarette",
        "e-liquid",
        "hookah",
        "nicotine",
        "smoke shop",
    ),
}

# Needs directLending.
LENDING_TERMS: Final = (
    "loan",
    "loans",
    "lending",
    "lender",
    "payday",
    "cash advance",
    "line of credit",
    "mortgage",
    "refinance",
    "refinancing",
    "pre-approved",
    "preapproved",
)

# Consent that travels to other senders (CTIA 5.1.4); ignored when negated ("will not be shared").
LEAD_GENERATION_TERMS: Final = (
    "lead generation",
    "lead gen",
    # Not "leads" alone: "the QR code leads to our sign-up page".
    "sales leads",
    "qualified leads",
    "lead list",
    "lead lists",
    "third parties",
    "third-party partners",
    "marketing partners",
    "our partners",
    "partner offers",
    "affiliates",
    "sell your information",
    "sell your data",
    "share your information",
    "share your number",
    "share your phone number",
    "share your data",
)
# A negation before a term in the same sentence turns it into a promise, not a practice.
NEGATIONS: Final = ("not", "never", "no", "won't", "don't", "doesn't", "nor", "without")

# Promotional language, out of place on a use case registered for notifications.
MARKETING_TERMS: Final = (
    "% off",
    "half off",
    "half-price",
    "half price",
    "sale",
    "flash sale",
    "discount",
    "discounts",
    "coupon",
    "coupons",
    "promo",
    "promo code",
    "shop now",
    "buy now",
    "order now",
    "limited time",
    "limited-time",
    "free shipping",
    "clearance",
    "bogo",
    "special offer",
    "exclusive offer",
    "deal",
    "deals",
)

# --- Descriptions (TCR campaign description: who sends, to whom, why) ----------------------------------------

AUDIENCE_TERMS: Final = (
    "customer",
    "customers",
    "client",
    "clients",
    "patient",
    "patients",
    "member",
    "members",
    "subscriber",
    "subscribers",
    "user",
    "users",
    "student",
    "students",
    "parent",
    "parents",
    "families",
    "guardians",
    "donor",
    "donors",
    "supporters",
    "volunteers",
    "resident",
    "residents",
    "tenant",
    "tenants",
    "employee",
    "employees",
    "staff",
    "guest",
    "guests",
    "shopper",
    "shoppers",
    "buyers",
    "borrowers",
    "applicants",
    "policyholders",
    "account holders",
    "cardholders",
    "homeowners",
    "owners",
    "recipients",
    "consumers",
    "attendees",
    "registrants",
    "diners",
    "riders",
    "drivers",
    "travelers",
    "passengers",
    "fans",
    "anyone who",
    "people who",
    "those who",
)
PURPOSE_TERMS: Final = (
    "about",
    "regarding",
    "information",
    "meeting",
    "meetings",
    "reminder",
    "reminders",
    "notification",
    "notifications",
    "notify",
    "alert",
    "alerts",
    "update",
    "updates",
    "confirmation",
    "confirmations",
    "confirm",
    "code",
    "codes",
    "passcode",
    "passcodes",
    "verification",
    "verify",
    "login",
    "offer",
    "offers",
    "promotion",
    "promotions",
    "promotional",
    "deals",
    "news",
    "newsletter",
    "support",
    "status",
    "receipt",
    "receipts",
    "shipping",
    "delivery",
    "deliveries",
    "order",
    "orders",
    "appointment",
    "appointments",
    "payment",
    "payments",
    "billing",
    "invoice",
    "invoices",
    "outage",
    "outages",
    "schedule",
    "schedules",
    "specials",
    "arrivals",
    "classes",
    "visits",
    "event",
    "events",
    "announcements",
    "fundraising",
    "donation",
    "donations",
    "survey",
    "surveys",
    "booking",
    "bookings",
    "reservation",
    "reservations",
    "security",
    "fraud",
    "emergency",
    "pickup",
    "closures",
)
# Text a template or a hurried user leaves where a description belongs (regular expressions).
FILLER_PATTERNS: Final = (
    r"lorem ipsum",
    r"\btest(?:ing)? (?:campaign|description|message|purposes?)\b",
    r"\bthis is a test\b",
    r"\bplaceholder\b",
    r"\btbd\b",
    r"\btodo\b",
    r"\basdf",
    r"\bqwerty\b",
    r"\bx{3,}\b",
    r"\bsample (?:campaign|description)\b",
    r"^(?:test|testing|description|campaign|sample|n/?a|none)$",
)

# --- Placeholders (TCR samples must read as sent; per-recipient variables in brackets are fine) ----------------

# Brackets (square or angle) holding one of these are unfilled template text, not a per-recipient variable:
# [Insert name], [company name], [link]. Regular expressions over the lower-cased bracket content.
UNFILLED_BRACKET_PATTERNS: Final = (
    r"^(?:insert|enter|add|put|type|fill|your)\b",
    r"\b(?:company|business|brand|organi[sz]ation|store|shop) name\b",
    r"^(?:company|business|brand|organi[sz]ation)$",
    r"\b(?:link|url|website|web site|domain)\b",
    r"^(?:x+|tbd|todo|placeholder|\.{2,}|…)$",
)
# Template-engine syntax is never what a subscriber sees: {{name}}, {name}, ${name}.
TEMPLATE_PATTERN: Final = r"\$?\{\{?[^{}\n]{0,80}\}\}?"
# Bracketed variables that stand for a one-time code, which a 2FA sample may show instead of digits.
CODE_VARIABLE_WORDS: Final = ("code", "otp", "pin", "passcode")

# --- Opt-in mechanisms in the message flow (CTIA 5.1.1: a verifiable call-to-action) -------------------------

WEB_OPT_IN_TERMS: Final = (
    "website",
    "web site",
    "webpage",
    "web page",
    "web form",
    "online",
    "web app",
    "page",
    "portal",
)
KEYWORD_OPT_IN_TERMS: Final = ("keyword", "text-in", "texting", "by texting", "text the word", "short code")
OTHER_OPT_IN_TERMS: Final = (
    "verbal",
    "verbally",
    "in person",
    "in-person",
    "in store",
    "in-store",
    "form",
    "forms",
    "agreement",
    "contract",
    "waiver",
    "checkbox",
    "check box",
    "consent box",
    "sign-up sheet",
    "signup sheet",
    "phone call",
    "by phone",
    "over the phone",
    "ivr",
    "qr code",
    "mobile app",
    "our app",
    "in the app",
    "point of sale",
    "checkout",
    "kiosk",
    "tablet",
)
# Capitalised words that name things rather than opt-in keywords, when a flow's keyword is looked for.
NOT_KEYWORDS: Final = frozenset(
    {
        "SMS",
        "MMS",
        "URL",
        "HTTP",
        "HTTPS",
        "LLC",
        "INC",
        "USA",
        "US",
        "FAQ",
        "PDF",
        "CTA",
        "TCPA",
        "ID",
        "OTP",
    }
    | {
        "IVR",
        "QR",
        "PIN",
        "HELP",
        "STOP",
        "FAQS",
        "ZIP",
        "DBA",
        "EIN",
        "API",
        "ASAP",
        "ET",
        "PT",
        "CT",
        "AM",
        "PM",
    }
)
PRIVACY_TERMS: Final = ("privacy",)

# --- Pages the links open (what reviewers read on the privacy policy, terms and opt-in pages) -------------------

# A page behind a login: these in its title or main heading (a password field or a 401/403 says so too).
SIGN_IN_TERMS: Final = (
    "sign in", "sign-in", "signin", "log in", "log-in", "login", "member login", "account login",
    "authentication required", "access denied",
)  # fmt: skip
# The no-sharing clause (CTIA 5.1.4): one sentence naming what is not shared, with whom, and a negation
# ("No mobile information will be shared with third parties or affiliates for marketing purposes").
NO_SHARING_VERBS: Final = (
    "share", "shared", "sharing", "sell", "sold", "rent", "rented", "disclose", "disclosed", "transfer",
    "transferred",
)  # fmt: skip
NO_SHARING_PARTIES: Final = (
    "third party",
    "third parties",
    "third-party",
    "affiliates",
    "affiliate",
    "partners",
)
NO_SHARING_SUBJECTS: Final = (
    "mobile", "sms", "text message", "text messaging", "phone number", "phone numbers", "opt-in", "opt in",
    "consent", "originator",
)  # fmt: skip
# Consent to receive texts on an opt-in page: "By checking this box you agree to receive text messages".
SMS_CONSENT_PATTERNS: Final = (
    r"(?i)\b(?:agree|consent|opt(?:ing)?[- ]in|sign(?:ing)? up|subscribe)\w*\b[^.!?]{0,160}"
    r"\b(?:text|sms|mms|messages?|texts|alerts)\b",
    r"(?i)\bby\s+(?:checking|providing|entering|submitting|clicking|tapping|texting|signing)\b[^.!?]{0,240}"
    r"\b(?:text|sms|mms|messages?|texts)\b",
)

# --- Links (CTIA 5.3.2) ------------------------------------------------------------------------------------------

# Public shorteners hide the destination; carriers filter them. A host matches itself and its subdomains.
PUBLIC_SHORTENERS: Final = frozenset(
    {
        "bit.ly",
        "bitly.com",
        "tinyurl.com",
        "goo.gl",
        "t.co",
        "ow.ly",
        "is.gd",
        "v.gd",
        "buff.ly",
        "rebrand.ly",
        "cutt.ly",
        "shorturl.at",
        "tiny.cc",
        "rb.gy",
        "t.ly",
        "bl.ink",
        "s.id",
        "tiny.one",
        "shorte.st",
        "adf.ly",
        "lnkd.in",
        "dlvr.it",
        "trib.al",
        "clck.ru",
        "u.to",
        "surl.li",
        "qrco.de",
    }
)
# A brand website on these is a profile or a page on someone else's site, not a domain of its own.
PROFILE_HOSTS: Final = frozenset(
    {
        "facebook.com",
        "fb.com",
        "fb.me",
        "instagram.com",
        "twitter.com",
        "x.com",
        "linkedin.com",
        "tiktok.com",
        "youtube.com",
        "youtu.be",
        "pinterest.com",
        "snapchat.com",
        "threads.net",
        "tumblr.com",
        "nextdoor.com",
        "yelp.com",
        "linktr.ee",
        "linkin.bio",
        "beacons.ai",
        "g.page",
        "business.site",
        "sites.google.com",
        "wixsite.com",
        "square.site",
        "godaddysites.com",
        "myshopify.com",
        "carrd.co",
        "etsy.com",
    }
)
# Top-level domains recognised in a link written without https:// ("acme.com/offers"). With a scheme any
# top-level domain is a link; without one, "Dr.Smith" or "St.Louis" must not be.
BARE_LINK_TLDS: Final = frozenset(
    {"com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "io", "co", "us", "ca", "uk", "me"}
    | {"app", "ai", "dev", "page", "site", "online", "store", "shop", "tech", "health", "care", "clinic"}
    | {"dental", "law", "realty", "church", "school", "club", "life", "today", "news", "agency", "events"}
    | {"ly", "gl", "gd", "gy", "cc", "at", "id", "to", "ru", "li", "it", "st", "one", "ee", "bio", "de"}
    | {"fr", "es", "nl", "au", "nz", "in", "mx", "br", "jp", "tv", "fm", "ws", "xyz", "link", "click"}
)
# Public suffixes of more than one label, so "shop.acme.co.uk" belongs to "acme.co.uk".
MULTI_LABEL_SUFFIXES: Final = frozenset(
    {"co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "org.nz", "com.br"}
    | {"com.mx", "co.jp", "co.in", "co.za", "com.sg", "com.hk", "co.kr", "com.cn"}
)

# --- Brands ------------------------------------------------------------------------------------------------------

# Dropped from the end of a legal name when looking for the brand in a message: "Acme Plumbing LLC" is
# "Acme Plumbing" in a text.
LEGAL_SUFFIXES: Final = frozenset(
    {"llc", "inc", "incorporated", "corp", "corporation", "co", "company", "ltd", "limited", "llp", "lp"}
    | {"pllc", "pc", "pa", "plc", "gmbh"}
)
# Regular expressions over the street, lower-cased: a post office box or private mailbox is no premises.
PO_BOX_PATTERNS: Final = (
    r"\bp\.?\s*o\.?\s*box\b",
    r"\bpobox\b",
    r"\bpost\s+office\s+box\b",
    r"\bp\.?\s*o\.?\s*b\.?\s+\d",
    r"^box\s+\d",
    r"\bpmb\s*#?\s*\d",
)
# IRS campus prefixes: an EIN starting with any other two digits was never issued.
EIN_PREFIXES: Final = frozenset(
    f"{number:02d}"
    for number in (
        *range(1, 7),
        *range(10, 17),
        *range(20, 28),
        *range(30, 49),
        *range(50, 69),
        *range(71, 78),
        *range(80, 89),
        *range(90, 96),
        98,
        99,
    )
)
ENTITY_TYPES_NEEDING_EIN: Final = frozenset({"PRIVATE_PROFIT", "PUBLIC_PROFIT", "NON_PROFIT", "GOVERNMENT"})
SOLE_PROPRIETOR: Final = "SOLE_PROPRIETOR"
PUBLIC_PROFIT: Final = "PUBLIC_PROFIT"
# identityStatus values that let a brand register campaigns (a sole proprietor gets VERIFIED by OTP).
VERIFIED_IDENTITIES: Final = frozenset({"VERIFIED", "VETTED_VERIFIED"})
# A sole-proprietor mobile number may back at most this many brands (Telnyx sole proprietor guide).
MAX_SOLE_PROPRIETOR_BRANDS_PER_MOBILE: Final = 3

# --- Use cases -----------------------------------------------------------------------------------------------------

# Families a use case (or, for MIXED and LOW_VOLUME, each sub use case) belongs to.
TWO_FACTOR_USECASES: Final = frozenset({"2FA"})
# Transactional use cases: promotional language on them is a mismatch reviewers reject.
NOTIFICATION_USECASES: Final = frozenset(
    {
        "2FA",
        "ACCOUNT_NOTIFICATION",
        "CUSTOMER_CARE",
        "DELIVERY_NOTIFICATION",
        "FRAUD_ALERT",
        "SECURITY_ALERT",
        "HIGHER_EDUCATION",
        "K12_EDUCATION",
        "POLLING_VOTING",
        "PUBLIC_SERVICE_ANNOUNCEMENT",
        "EMERGENCY",
    }
)
MIXED_USECASES: Final = frozenset({"MIXED", "LOW_VOLUME"})
# What MIXED and LOW_VOLUME take when the brand's qualification is not at hand (reference C1 answers it per
# brand; the sandbox's catalogue, modelled on TCR's, says two to five): standard use cases only.
MIXED_MIN_SUB_USECASES: Final = 2
MIXED_MAX_SUB_USECASES: Final = 5
STANDARD_USECASES: Final = frozenset(
    {
        "2FA",
        "ACCOUNT_NOTIFICATION",
        "CUSTOMER_CARE",
        "DELIVERY_NOTIFICATION",
        "FRAUD_ALERT",
        "HIGHER_EDUCATION",
        "MARKETING",
        "POLLING_VOTING",
        "PUBLIC_SERVICE_ANNOUNCEMENT",
        "SECURITY_ALERT",
    }
)
SOLE_PROPRIETOR_USECASE: Final = "SOLE_PROPRIETOR"

# --- Lengths -----------------------------------------------------------------------------------------------------

MIN_DESCRIPTION_LENGTH: Final = 40
MIN_MESSAGE_FLOW_LENGTH: Final = 40
MIN_SAMPLES: Final = 2
MIN_SAMPLE_LENGTH: Final = 20
MAX_SAMPLE_LENGTH: Final = 1024
# Word-sequence similarity above which two texts count as the same text reworded.
COPY_SIMILARITY: Final = 0.9
DUPLICATE_SIMILARITY: Final = 0.85
