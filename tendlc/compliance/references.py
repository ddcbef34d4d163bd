"""The sources the rules enforce, cited in every finding so a reviewer can look the rule up."""

from typing import Final

_CTIA: Final = "CTIA Messaging Principles and Best Practices (May 2023)"

CTIA_CALL_TO_ACTION: Final = f"{_CTIA} 5.1.1 (clear and conspicuous calls-to-action)"
CTIA_CONFIRM_OPT_IN: Final = f"{_CTIA} 5.1.2.1 (confirm opt-in for recurring messages)"
CTIA_ONE_OPT_IN_PER_CAMPAIGN: Final = f"{_CTIA} 5.1.2.2 (one opt-in per campaign)"
CTIA_OPT_OUT: Final = f"{_CTIA} 5.1.3 (consumer opt-out)"
CTIA_SHARING_OPT_IN: Final = f"{_CTIA} 5.1.4 (renting, selling, or sharing opt-in lists)"
CTIA_PRIVACY_POLICY: Final = f"{_CTIA} 5.2.1 (privacy policy)"
CTIA_CONTENT: Final = f"{_CTIA} 5.3.1 (unlawful, deceptive or illicit content; SHAFT)"
CTIA_LINKS: Final = f"{_CTIA} 5.3.2 (embedded website links)"
CTIA_PHONES: Final = f"{_CTIA} 5.3.3 (embedded phone numbers)"
CARRIER_SHORTENERS: Final = f"{_CTIA} 5.3.2; carrier codes of conduct (no public URL shorteners)"
CARRIER_AGE_GATE: Final = f"{_CTIA} 5.3.1; carrier codes of conduct (age-gated content)"

TCR_DESCRIPTION: Final = "TCR campaign registration: campaign description (who sends, to whom, why)"
TCR_MESSAGE_FLOW: Final = "TCR campaign registration: message flow / call-to-action"
TCR_SAMPLES: Final = "TCR campaign registration: sample messages (as sent, brand identified)"
TCR_KEYWORDS: Final = "TCR campaign registration: opt-in, opt-out and help keywords and messages"
TCR_CAMPAIGN_ATTRIBUTES: Final = (
    "TCR campaign registration: campaign attributes (embedded link/phone, lending)"
)
TCR_BRAND_IDENTITY: Final = "TCR brand registration: identity (EIN, legal name, physical address, website)"
TCR_PUBLIC_COMPANY: Final = (
    "TCR brand registration: public companies (stock symbol, exchange, 2FA contact e-mail)"
)

TELNYX_QUALIFICATION: Final = "Telnyx 10DLC API: qualify brand by use case (min/max sub use cases)"
TELNYX_BRAND_IDENTITY: Final = "Telnyx 10DLC API: campaigns need a brand whose identity is verified"
TELNYX_SOLE_PROPRIETOR: Final = (
    "Telnyx 10DLC sole proprietor guide: 1 campaign per brand, 1 number per campaign, "
    "a mobile number on at most 3 brands, no EIN"
)
TELNYX_CAMPAIGN_BODY: Final = "Telnyx 10DLC API: campaign builder body (10dlc-api.md C2; use case, sub use cases of MIXED and LOW_VOLUME)"
TELNYX_CARRIER_TERMS: Final = (
    "Telnyx 10DLC API: carriers' terms per use case (mnoMetadata reqSubscriberOptin, reqSubscriberOptout, "
    "reqSubscriberHelp) and the 10DLC terms accepted at submission"
)
TELNYX_LIMITS: Final = (
    "Telnyx 10DLC limits: five campaigns per brand (FAQ 3679260), 49 numbers per campaign without "
    "T-Mobile number pooling (phone number assignment guide)"
)
CARRIER_INCONSISTENT_USECASE: Final = (
    "Telnyx carrier error codes, 602 (support article 10547022): one representative sample per use case, "
    "marketing named in the call to action"
)
IRS_EIN: Final = "IRS Employer Identification Number: NN-NNNNNNN with an issued campus prefix"
TCR_REVIEW_LINKS: Final = (
    "TCR and Telnyx campaign review: the website, privacy policy, terms and opt-in page open without a login"
)
