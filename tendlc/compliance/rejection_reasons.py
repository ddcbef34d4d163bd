"""The rejection reasons Telnyx publishes, kept as data: every carrier (DCA) decline code of its support
article 10547022 ("10DLC carrier error codes explanations") and the campaign rejection reasons of its 10DLC
troubleshooting guide. Meanings and fixes are ours, in plain words, from the pages named in ``source``
(paths in the public repository team-telnyx/knowledge-base, which mirrors Telnyx's support and developer pages).

``tendlc.compliance.rejection_coverage`` maps each of them to the rules that find it before submission; a test
holds the two together, so a reason added here is either covered or said to be uncovered.
"""

from dataclasses import dataclass
from typing import Final

CODES_PAGE: Final = (
    "knowledge-base wiki/support-docs/10dlc-compliance-and-error-codes--part-1.md (support article 10547022)"
)
# 611 appears in Telnyx's longer write-up of the same article, not in the code table above.
CODES_GUIDE: Final = (
    "knowledge-base wiki/support-docs/10dlc-carrier-errors-brand-verification-issues-and-campaign-suspension-"
    "causes-and-fixes--part-1.md (support article 10547022)"
)
TROUBLESHOOTING: Final = (
    "knowledge-base wiki/runbooks/10dlc-troubleshooting-guide.md, Campaign rejection reasons "
    "(developers.telnyx.com/docs/messaging/10dlc/troubleshooting)"
)


@dataclass(frozen=True)
class PublishedReason:
    """One published reason a campaign is declined: a carrier code ("805") or a guide reason (a slug)."""

    key: str
    title: str
    meaning: str
    fix: str
    source: str

    @property
    def is_carrier_code(self) -> bool:
        return self.key.isdigit()

    @property
    def label(self) -> str:
        return f"{self.title} (carrier code {self.key})" if self.is_carrier_code else self.title


def _code(key: str, title: str, meaning: str, fix: str, source: str = CODES_PAGE) -> PublishedReason:
    return PublishedReason(key, title, meaning, fix, source)


CARRIER_CODES: Final = (
    _code(
        "601",
        "Campaign details do not match the website or the samples",
        "What the campaign declares (embedded links or phone numbers, the business) does not match its samples "
        "or the brand's website.",
        "Make the embedded link and phone answers match the samples, and describe the business the website shows.",
    ),
    _code(
        "602",
        "Samples do not match the use case",
        "The sample messages, description or call to action do not fit the use case chosen; often marketing "
        "chosen without the call to action saying so.",
        "Give one sample per use case (two or more for marketing or mixed) and say in the message flow what "
        "subscribers agree to receive.",
    ),
    _code(
        "603",
        "Website and samples describe different businesses",
        "The business on the brand's website is not the one the sample messages come from.",
        "Use the brand's own website and samples that name and describe that business.",
    ),
    _code(
        "611",
        "Opt-in confirmation incomplete",
        "The message sent on opt-in lacks the program name, the frequency, HELP, STOP or the message and data "
        "rates, or the consent is not express.",
        "Write the opt-in confirmation with the brand name, message frequency, 'Msg & data rates may apply', "
        "Reply HELP for help and Reply STOP to opt out.",
        CODES_GUIDE,
    ),
    _code(
        "701",
        "Prohibited content: cannabis",
        "Anything about cannabis, CBD or hemp, its shipping included, is declined.",
        "Remove the cannabis content; such a program cannot run on 10DLC.",
    ),
    _code(
        "702",
        "Firearms without an age gate",
        "Selling guns or ammunition needs age verification; education without sales may pass.",
        "Mark the campaign age-gated and check the date of birth at opt-in, or remove the sales content.",
    ),
    _code(
        "703",
        "Prohibited content: sexual",
        "Explicit or illegal sexual content is declined, also when presented as family-friendly.",
        "Remove the sexual content.",
    ),
    _code(
        "704",
        "Prohibited content: gambling",
        "Casino games, betting, lotteries and online gambling are declined (some bingo passes with an age gate).",
        "Remove the gambling content.",
    ),
    _code(
        "705",
        "Prohibited content: hate or profanity",
        "Hate speech, profanity or other inappropriate content is declined.",
        "Remove the offending words from every field.",
    ),
    _code(
        "706",
        "Alcohol without an age gate",
        "Alcohol content needs a working age gate that asks the date of birth at opt-in, not a yes/no button.",
        "Mark the campaign age-gated and describe the date-of-birth check in the message flow.",
    ),
    _code(
        "707",
        "Tobacco or vape without an age gate",
        "Tobacco and vape content needs the same date-of-birth age gate as alcohol.",
        "Mark the campaign age-gated and describe the date-of-birth check in the message flow.",
    ),
    _code(
        "708",
        "Lead generation or affiliate marketing",
        "Sharing or selling subscribers' details to third parties for leads is declined; lead generation "
        "mentioned on the website is enough.",
        "Remove any sharing of numbers or consent with partners, and say numbers are never shared.",
    ),
    _code(
        "709",
        "High-risk financial services",
        "Payday loans, indirect lending, debt collection or relief, credit repair, crypto and stock trading "
        "promotions are declined as lead generation.",
        "Remove the high-risk financial offers; a direct lender marks the campaign as direct lending.",
    ),
    _code(
        "710",
        "Reseller or agency registered instead of the sender",
        "The brand registered must be the business that sends the messages, not the agency behind it.",
        "Register the campaign under the brand that actually sends, named in every message.",
    ),
    _code(
        "711",
        "One EIN used for several brands",
        "The same EIN is on several brands without a reason.",
        "Use the existing brand for that EIN, or explain why another brand shares it.",
    ),
    _code(
        "712",
        "Misleading registration",
        "A direct lender or regulated business did not declare itself as such.",
        "Mark the campaign as direct lending (or the regulated category) and describe the business as it is.",
    ),
    _code(
        "713",
        "Large company with an unofficial e-mail domain",
        "A large company registered with an e-mail address that is not on its own domain.",
        "Give an e-mail address on the brand's own website domain.",
    ),
    _code(
        "801",
        "Not a sole proprietor",
        "The business does not meet the sole proprietor criteria (for instance it has an EIN).",
        "Register the business as a company with its EIN and a standard use case.",
    ),
    _code(
        "802",
        "Sole proprietor not yet authorized",
        "The account is not authorized to register sole proprietor campaigns.",
        "Ask Telnyx support to have sole proprietor registration authorized.",
    ),
    _code(
        "803",
        "Website collects phone numbers without opt-in language",
        "A form on the website asks for a phone number but does not ask for consent to texts.",
        "Add the SMS consent text and an unchecked box next to the phone number field.",
    ),
    _code(
        "804",
        "Website or call to action cannot be checked",
        "The reviewer could not open the pages or the call to action: broken links or missing information.",
        "Make the website, opt-in page, privacy policy and terms open without a login, and give their full "
        "addresses.",
    ),
    _code(
        "805",
        "Privacy policy not compliant",
        "The privacy policy does not say that SMS opt-in data is not shared with third parties.",
        "Add to the privacy policy: mobile information will not be sold or shared with third parties for "
        "marketing or promotional purposes.",
    ),
    _code(
        "806",
        "Call to action incomplete",
        "The message flow or the opt-in form lacks the opt-in path, HELP, STOP, message frequency, data rates, "
        "or the terms and privacy policy.",
        "Describe exactly where and how subscribers opt in, and show that the form states the brand, frequency, "
        "'Msg & data rates may apply', HELP, STOP and links to the terms and privacy policy.",
    ),
    _code(
        "807",
        "Website cannot prove the business",
        "The website is incomplete or looks inauthentic, so the business cannot be verified.",
        "Use the brand's own complete website, naming the business, its services and contact details.",
    ),
    _code(
        "851",
        "Privacy policy and opt-in confirmation incomplete",
        "The privacy policy lacks the no-sharing clause and the opt-in confirmation lacks the program name, "
        "opt-out or support contact.",
        "Fix the privacy policy's sharing clause and write an opt-in confirmation naming the brand, STOP and a "
        "contact.",
    ),
    _code(
        "852",
        "Privacy policy lacks the no-sharing clause",
        "The privacy policy does not clearly say mobile opt-in data is not shared with third parties.",
        "Add the clause: mobile opt-in data and consent are not shared with third parties.",
    ),
    _code(
        "861",
        "Call to action missing details",
        "The call to action lacks the program name, frequency, opt-in disclosures or the terms link.",
        "State the brand, message frequency and disclosures where subscribers opt in, with a link to the terms.",
    ),
)

REGISTRATION_REASONS: Final = (
    PublishedReason(
        "usecase-mismatch",
        "Samples do not match the use case",
        "The sample messages read as another kind of message than the use case declared.",
        "Rewrite the samples to fit the declared use case exactly.",
        TROUBLESHOOTING,
    ),
    PublishedReason(
        "missing-opt-out",
        "Opt-out language missing",
        "The samples do not tell subscribers how to stop the messages.",
        'Add "Reply STOP to opt out" to the samples.',
        TROUBLESHOOTING,
    ),
    PublishedReason(
        "inadequate-opt-in",
        "Opt-in description inadequate",
        "The message flow is vague about how subscribers opt in, or says nothing about it.",
        "Describe the exact opt-in: the web form's address, the keyword, the paper form.",
        TROUBLESHOOTING,
    ),
    PublishedReason(
        "prohibited-content",
        "Prohibited content",
        "The campaign carries sex, hate, alcohol, firearms, tobacco or cannabis content.",
        "Remove the prohibited content, or register it as an age-gated campaign where that is allowed.",
        TROUBLESHOOTING,
    ),
    PublishedReason(
        "brand-not-vetted",
        "Brand not vetted",
        "The campaign was submitted before the brand's verification or vetting was complete.",
        "Complete the brand's verification (or external vetting) first.",
        TROUBLESHOOTING,
    ),
    PublishedReason(
        "duplicate-campaign",
        "Duplicate campaign",
        "The brand already has a campaign much like this one.",
        "Use the existing campaign, or make clear what this one sends that the other does not.",
        TROUBLESHOOTING,
    ),
    PublishedReason(
        "insufficient-samples",
        "Not enough sample messages",
        "Too few samples, or too little variety among them.",
        "Give two to five samples showing the different messages the campaign sends.",
        TROUBLESHOOTING,
    ),
)

PUBLISHED_REASONS: Final = (*CARRIER_CODES, *REGISTRATION_REASONS)
REASONS_BY_KEY: Final = {reason.key: reason for reason in PUBLISHED_REASONS}
