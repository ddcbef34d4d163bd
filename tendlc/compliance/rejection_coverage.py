"""Which rules find each published rejection reason before submission (``rejection_reasons``), and the fields
a reviewer's objection concerns; where no rule can find it, why.

This module owns that decision, one row per reason. ``rules`` are rule ids of the registry; a reason may be
covered in part (``note`` says what the rules cannot see, mostly what is on the brand's website, which the
link checks read). ``fields`` are wire names, campaign fields first, then the brand's.
"""

from dataclasses import dataclass
from typing import Final

from tendlc.compliance.wire import SAMPLE_FIELDS

SAMPLES: Final = SAMPLE_FIELDS
WEBSITE_PAGES: Final = "what the website's pages say is read by the link checks, not by these rules"


@dataclass(frozen=True)
class Coverage:
    rules: tuple[str, ...]
    fields: tuple[str, ...]
    # Why no rule covers the reason (rules empty), or what the rules cannot see (rules given).
    note: str = ""


COVERAGE: Final = {
    "601": Coverage(
        ("campaign.link.flag", "campaign.phone.flag", "campaign.link.sample", "campaign.link.domain"),
        ("embeddedLink", "embeddedPhone", "embeddedLinkSample", *SAMPLES),
        f"the business on the website against the samples: {WEBSITE_PAGES}",
    ),
    "602": Coverage(
        (
            "campaign.sample.usecase_fit",
            "campaign.sample.per_usecase",
            "campaign.usecase.sub_usecase_count",
            "campaign.description.thin",
        ),
        ("usecase", "subUsecases", "description", "messageFlow", *SAMPLES),
    ),
    "603": Coverage(
        ("campaign.link.domain", "campaign.sample.brand_name", "brand.website.own_domain"),
        (*SAMPLES, "website"),
        f"whose business the website shows: {WEBSITE_PAGES}",
    ),
    "611": Coverage(("campaign.optin_message.disclosures",), ("optinMessage", "optinKeywords")),
    "701": Coverage(("campaign.content.prohibited",), ("description", *SAMPLES, "messageFlow")),
    "702": Coverage(("campaign.age_gated.flag",), ("ageGated", "messageFlow", *SAMPLES)),
    "703": Coverage(("campaign.content.prohibited",), ("description", *SAMPLES, "messageFlow")),
    "704": Coverage(("campaign.content.prohibited",), ("description", *SAMPLES, "messageFlow")),
    "705": Coverage(("campaign.content.prohibited",), ("description", *SAMPLES, "messageFlow")),
    "706": Coverage(("campaign.age_gated.flag",), ("ageGated", "messageFlow", *SAMPLES)),
    "707": Coverage(("campaign.age_gated.flag",), ("ageGated", "messageFlow", *SAMPLES)),
    "708": Coverage(
        ("campaign.content.lead_generation",),
        ("description", "messageFlow", *SAMPLES),
        f"lead generation mentioned on the website: {WEBSITE_PAGES}",
    ),
    "709": Coverage(
        ("campaign.content.lead_generation", "campaign.direct_lending.flag"),
        ("description", "directLending", *SAMPLES),
        "crypto and stock-trading promotions have no word list of their own",
    ),
    "710": Coverage(
        ("campaign.sample.brand_name", "campaign.sample.brand_name_every"),
        (*SAMPLES, "description"),
        "whether an agency registered in its client's place is a fact about the business, not the text",
    ),
    "711": Coverage(("brand.ein.shared",), ("ein",)),
    "712": Coverage(("campaign.direct_lending.flag",), ("directLending", "description")),
    "713": Coverage(("brand.email.domain",), ("email", "website")),
    "801": Coverage(
        ("brand.sole_proprietor.ein", "campaign.sole_proprietor.usecase"), ("usecase", "ein", "entityType")
    ),
    "802": Coverage(
        (),
        ("usecase",),
        "the authorization to register sole proprietors is the account's, given by the registry; no field of "
        "the campaign shows it",
    ),
    "803": Coverage(
        (), ("messageFlow", "website"), f"the opt-in language on the website's forms: {WEBSITE_PAGES}"
    ),
    "804": Coverage(
        ("campaign.privacy_policy.link", "campaign.terms.link", "campaign.message_flow.mechanism"),
        ("messageFlow", "privacyPolicyLink", "termsAndConditionsLink", "website"),
        f"whether the pages open: {WEBSITE_PAGES}",
    ),
    "805": Coverage(
        ("campaign.privacy_policy.link", "campaign.message_flow.privacy"),
        ("privacyPolicyLink", "messageFlow"),
        f"the no-sharing clause in the policy itself: {WEBSITE_PAGES}",
    ),
    "806": Coverage(
        (
            "campaign.message_flow.length",
            "campaign.message_flow.mechanism",
            "campaign.message_flow.privacy",
            "campaign.terms.link",
            "campaign.keywords.required",
            "campaign.optin_message.disclosures",
        ),
        ("messageFlow", "termsAndConditionsLink", "privacyPolicyLink", "optinMessage"),
        f"the disclosures on the opt-in form: {WEBSITE_PAGES}",
    ),
    "807": Coverage(
        ("brand.website.own_domain",), ("website",), f"whether the website is complete: {WEBSITE_PAGES}"
    ),
    "851": Coverage(
        (
            "campaign.privacy_policy.link",
            "campaign.optin_message.disclosures",
            "campaign.help_message.contact",
        ),
        ("privacyPolicyLink", "optinMessage", "helpMessage"),
        f"the clause in the policy itself: {WEBSITE_PAGES}",
    ),
    "852": Coverage(
        ("campaign.privacy_policy.link", "campaign.message_flow.privacy"),
        ("privacyPolicyLink", "messageFlow"),
        f"the clause in the policy itself: {WEBSITE_PAGES}",
    ),
    "861": Coverage(
        ("campaign.message_flow.mechanism", "campaign.terms.link", "campaign.optin_message.disclosures"),
        ("messageFlow", "termsAndConditionsLink", "optinMessage"),
    ),
    "usecase-mismatch": Coverage(
        ("campaign.sample.usecase_fit", "campaign.sample.per_usecase"), ("usecase", "subUsecases", *SAMPLES)
    ),
    "missing-opt-out": Coverage(("campaign.sample.opt_out",), SAMPLES),
    "inadequate-opt-in": Coverage(
        ("campaign.message_flow.length", "campaign.message_flow.mechanism"), ("messageFlow",)
    ),
    "prohibited-content": Coverage(
        ("campaign.content.prohibited", "campaign.age_gated.flag"), ("description", "ageGated", *SAMPLES)
    ),
    "brand-not-vetted": Coverage(
        ("campaign.brand.verified", "campaign.usecase.qualified"), ("brandId", "usecase")
    ),
    "duplicate-campaign": Coverage(("campaign.duplicate",), ("description", *SAMPLES)),
    "insufficient-samples": Coverage(("campaign.sample.count", "campaign.sample.per_usecase"), SAMPLES),
}
