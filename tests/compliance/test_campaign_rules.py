"""Each campaign rule against the one mistake it exists for, and against the look-alikes it must let pass.

Every case starts from a brand and campaign that pass every rule (``payloads``) and changes one thing, so the
findings listed are all the findings the change causes.
"""

from typing import Any

import pytest

from tendlc.compliance import OtherCampaign, Qualification, check, check_campaign
from tests.compliance import payloads

LONG_SAMPLE = "Brightside Dental: " + "x" * 1006  # 1025 characters
SIX_SUB_USECASES = [
    "ACCOUNT_NOTIFICATION", "CUSTOMER_CARE", "DELIVERY_NOTIFICATION", "FRAUD_ALERT", "MARKETING", "SECURITY_ALERT",
]  # fmt: skip


def found(
    brand: dict[str, Any] | None = None, campaign: dict[str, Any] | None = None, **context: Any
) -> list[tuple[str, tuple[str, ...]]]:
    findings = check_campaign(
        payloads.campaign() if campaign is None else campaign,
        payloads.brand() if brand is None else brand,
        payloads.context(**context),
    )
    return [(finding.rule, finding.fields) for finding in findings]


def messages(campaign: dict[str, Any], brand: dict[str, Any] | None = None, **context: Any) -> list[str]:
    findings = check_campaign(campaign, brand or payloads.brand(), payloads.context(**context))
    return [finding.message for finding in findings]


def campaign(**overrides: Any) -> dict[str, Any]:
    return payloads.campaign(**overrides)


FIRING = [
    # Brand and use case
    pytest.param(
        payloads.brand(identityStatus="UNVERIFIED"), None, {}, [("campaign.brand.verified", ("brandId",))]
    ),
    pytest.param(
        payloads.brand(identityStatus="SELF_DECLARED"), None, {}, [("campaign.brand.verified", ("brandId",))]
    ),
    pytest.param(
        None,
        None,
        {"qualification": Qualification(qualified=False)},
        [("campaign.usecase.qualified", ("usecase",))],
    ),
    pytest.param(
        None,
        campaign(usecase="MIXED", subUsecases=["ACCOUNT_NOTIFICATION"]),
        {"qualification": Qualification(qualified=True, min_sub_usecases=2, max_sub_usecases=5)},
        [("campaign.usecase.sub_usecase_count", ("subUsecases",))],
        id="too few sub use cases",
    ),
    pytest.param(
        None,
        campaign(usecase="MIXED", subUsecases=SIX_SUB_USECASES),
        {"qualification": Qualification(qualified=True, min_sub_usecases=2, max_sub_usecases=5)},
        [("campaign.usecase.sub_usecase_count", ("subUsecases",))],
        id="too many sub use cases",
    ),
    pytest.param(
        None,
        campaign(subUsecases=["CUSTOMER_CARE"]),
        {},
        [("campaign.usecase.sub_usecase_count", ("subUsecases",))],
        id="sub use cases where none are taken",
    ),
    # Description
    pytest.param(None, campaign(description=""), {}, [("campaign.description.length", ("description",))]),
    pytest.param(
        None,
        campaign(description="Brightside Dental reminds its patients."),
        {},
        [("campaign.description.length", ("description",))],
        id="39 characters",
    ),
    pytest.param(
        None,
        campaign(description="[Insert company name] sends appointment reminders to patients who opted in."),
        {},
        [("campaign.description.placeholder", ("description",))],
    ),
    pytest.param(
        None,
        campaign(description="Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod."),
        {},
        [("campaign.description.placeholder", ("description",))],
    ),
    pytest.param(
        None,
        campaign(
            description="Brightside Dental: Your appointment is confirmed. Call (512) 555-0142 to reschedule!"
        ),
        {},
        [("campaign.description.copies_sample", ("description", "sample2"))],
    ),
    pytest.param(
        None,
        campaign(description="We will be sending texts from time to time to keep everyone in the loop."),
        {},
        [("campaign.description.thin", ("description",))],
    ),
    # Samples
    pytest.param(
        None, campaign(sample2="", embeddedPhone=False), {}, [("campaign.sample.count", ("sample2",))]
    ),
    pytest.param(
        None,
        campaign(sample1="", sample2="", embeddedLink=False, embeddedLinkSample="", embeddedPhone=False),
        {},
        [("campaign.sample.count", ("sample1", "sample2"))],
        id="no samples at all",
    ),
    pytest.param(
        None,
        campaign(sample2="Brightside Dental!", embeddedPhone=False),
        {},
        [("campaign.sample.length", ("sample2",))],
        id="19 characters",
    ),
    pytest.param(
        None,
        campaign(sample3=LONG_SAMPLE),
        {},
        [("campaign.sample.length", ("sample3",))],
        id="1025 characters",
    ),
    pytest.param(
        None,
        campaign(
            sample1="Hi [first name], your cleaning is on [date]. Reply STOP to opt out.",
            sample2="Your appointment is confirmed. Call (512) 555-0142 to reschedule.",
            embeddedLink=False,
            embeddedLinkSample="",
        ),
        {},
        [("campaign.sample.brand_name", ("sample1", "sample2"))],
    ),
    pytest.param(
        None,
        campaign(sample2="Your appointment is confirmed. Call (512) 555-0142 to reschedule."),
        {},
        [("campaign.sample.brand_name_every", ("sample2",))],
    ),
    pytest.param(
        None,
        campaign(
            sample1="Brightside Dental: Hi [first name], your cleaning is on [date]. https://brightsidedental.com/a"
        ),
        {},
        [("campaign.sample.opt_out", ("sample1", "sample2"))],
    ),
    pytest.param(
        None,
        campaign(sample2="Brightside Dental: {{first_name}}, call (512) 555-0142 to reschedule."),
        {},
        [("campaign.content.placeholder", ("sample2",))],
    ),
    pytest.param(
        None,
        campaign(optoutMessage="Brightside Dental: You are unsubscribed from [Insert program name]."),
        {},
        [("campaign.content.placeholder", ("optoutMessage",))],
    ),
    pytest.param(
        None,
        campaign(
            usecase="2FA", sample2="Brightside Dental: Approve your sign-in. Call (512) 555-0142 if not you."
        ),
        {},
        [("campaign.sample.usecase_fit", ("sample1", "sample2"))],
        id="2FA without a code",
    ),
    pytest.param(
        None,
        campaign(sample2="Brightside Dental: Whitening is 20% off this week! Call (512) 555-0142."),
        {},
        [("campaign.sample.usecase_fit", ("sample2",))],
        id="marketing on a notification use case",
    ),
    pytest.param(
        None,
        campaign(
            usecase="MIXED",
            subUsecases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"],
            sample2="Brightside Dental: Flash sale on whitening! Call (512) 555-0142.",
        ),
        {"qualification": Qualification(qualified=True, min_sub_usecases=2, max_sub_usecases=5)},
        [("campaign.sample.usecase_fit", ("sample2",))],
        id="marketing on a mixed campaign without MARKETING",
    ),
    # Links and phone numbers
    pytest.param(
        None,
        campaign(sample3="Brightside Dental: Rate your visit at https://bit.ly/3xYz"),
        {},
        [("campaign.link.shortener", ("sample3",))],
    ),
    pytest.param(
        None,
        campaign(helpMessage="Brightside Dental: Help at on.bit.ly/bsd or (512) 555-0142."),
        {},
        [("campaign.link.shortener", ("helpMessage",))],
        id="shortener subdomain without a scheme",
    ),
    pytest.param(
        None,
        campaign(embeddedLink=False, embeddedLinkSample=""),
        {},
        [("campaign.link.flag", ("embeddedLink", "sample1"))],
        id="link without embeddedLink",
    ),
    pytest.param(
        None,
        campaign(
            sample1="Brightside Dental: Hi [first name], your cleaning is on [date]. Reply STOP to opt out."
        ),
        {},
        [("campaign.link.flag", ("embeddedLink",))],
        id="embeddedLink without a link",
    ),
    pytest.param(
        None, campaign(embeddedLinkSample=""), {}, [("campaign.link.sample", ("embeddedLinkSample",))]
    ),
    pytest.param(
        None,
        campaign(embeddedLinkSample="our patient portal"),
        {},
        [("campaign.link.sample", ("embeddedLinkSample",))],
        id="link sample that is no link",
    ),
    pytest.param(
        None,
        campaign(
            sample3="Brightside Dental: Book your next visit at https://www.zocdoc.com/practice/brightside"
        ),
        {},
        [("campaign.link.domain", ("sample3",))],
    ),
    pytest.param(
        None, campaign(embeddedPhone=False), {}, [("campaign.phone.flag", ("embeddedPhone", "sample2"))]
    ),
    pytest.param(
        None,
        campaign(sample2="Brightside Dental: Your appointment is confirmed. See you soon!"),
        {},
        [("campaign.phone.flag", ("embeddedPhone",))],
        id="embeddedPhone without a number",
    ),
    # Message flow and policy links
    pytest.param(
        None, campaign(messageFlow="Opt in online."), {}, [("campaign.message_flow.length", ("messageFlow",))]
    ),
    pytest.param(
        None,
        campaign(messageFlow="Patients sign up for texts on our website, which shows our privacy policy."),
        {},
        [("campaign.message_flow.mechanism", ("messageFlow",))],
        id="web opt-in without a URL",
    ),
    pytest.param(
        None,
        campaign(
            messageFlow="Patients text our keyword to 55555 and receive a reply with our privacy policy."
        ),
        {},
        [("campaign.message_flow.mechanism", ("messageFlow",))],
        id="keyword opt-in without the keyword",
    ),
    pytest.param(
        None,
        campaign(
            messageFlow="Our patients have consented to receive messages and know our privacy practices."
        ),
        {},
        [("campaign.message_flow.mechanism", ("messageFlow",))],
        id="no opt-in mechanism",
    ),
    pytest.param(
        None,
        campaign(
            messageFlow="Patients opt in on the intake form at the front desk by ticking an unchecked box."
        ),
        {},
        [("campaign.message_flow.privacy", ("messageFlow",))],
    ),
    pytest.param(
        None, campaign(privacyPolicyLink=""), {}, [("campaign.privacy_policy.link", ("privacyPolicyLink",))]
    ),
    pytest.param(
        None,
        campaign(privacyPolicyLink="www.brightsidedental.com/privacy"),
        {},
        [("campaign.privacy_policy.link", ("privacyPolicyLink",))],
        id="privacy link without https",
    ),
    pytest.param(
        None,
        campaign(termsAndConditionsLink=None),
        {},
        [("campaign.terms.link", ("termsAndConditionsLink",))],
    ),
    # Keywords and messages
    pytest.param(
        None,
        campaign(helpKeywords="INFO", optoutKeywords=None),
        {},
        [
            ("campaign.keywords.required", ("helpKeywords",)),
            ("campaign.keywords.required", ("optoutKeywords",)),
        ],
    ),
    pytest.param(
        None,
        campaign(optinKeywords="JOIN NOW,START", helpKeywords="HELP, INFO", optoutKeywords="STOP,,END"),
        {},
        [
            ("campaign.keywords.format", ("optinKeywords",)),
            ("campaign.keywords.format", ("optoutKeywords",)),
            ("campaign.keywords.format", ("helpKeywords",)),
        ],
    ),
    pytest.param(None, campaign(helpMessage=""), {}, [("campaign.help_message.present", ("helpMessage",))]),
    pytest.param(
        None,
        campaign(helpMessage="For help call (512) 555-0142."),
        {},
        [("campaign.help_message.brand_name", ("helpMessage",))],
    ),
    pytest.param(
        None,
        campaign(helpMessage="Brightside Dental: we are happy to help. Reply STOP to opt out."),
        {},
        [("campaign.help_message.contact", ("helpMessage",))],
    ),
    pytest.param(
        None, campaign(optoutMessage=""), {}, [("campaign.optout_message.present", ("optoutMessage",))]
    ),
    pytest.param(
        None,
        campaign(optoutMessage="You are unsubscribed."),
        {},
        [("campaign.optout_message.brand_name", ("optoutMessage",))],
    ),
    pytest.param(
        None,
        campaign(optinMessage="Brightside Dental: You are signed up. Reply HELP for help, STOP to opt out."),
        {},
        [("campaign.optin_message.disclosures", ("optinMessage",))],
        id="opt-in message without frequency and rates",
    ),
    pytest.param(
        None,
        campaign(optinMessage=""),
        {},
        [("campaign.optin_message.disclosures", ("optinMessage",))],
        id="opt-in keywords without a message",
    ),
    # Content
    pytest.param(
        None,
        campaign(sample3="Brightside Dental: Ask about our CBD mouth rinse for sore gums."),
        {},
        [("campaign.content.prohibited", ("sample3",))],
    ),
    pytest.param(
        None,
        campaign(
            description="Brightside Dental texts patients reminders and invitations to our casino night fundraiser."
        ),
        {},
        [("campaign.content.prohibited", ("description",))],
    ),
    pytest.param(
        None,
        campaign(sample3="Brightside Dental: Join our patient appreciation night with wine and cheese!"),
        {},
        [("campaign.age_gated.flag", ("ageGated", "sample3"))],
    ),
    pytest.param(
        None,
        campaign(sample3="Brightside Dental: Your payment plan loan is approved."),
        {},
        [("campaign.direct_lending.flag", ("directLending", "sample3"))],
    ),
    pytest.param(
        None,
        campaign(
            messageFlow=(
                "Patients opt in on the intake form at https://portal.brightsidedental.com/register, which links "
                "to our privacy policy. We share your information with our marketing partners."
            )
        ),
        {},
        [("campaign.content.lead_generation", ("messageFlow",))],
    ),
    pytest.param(
        None,
        None,
        {
            "other_campaigns": (
                OtherCampaign(
                    campaign_id="c-2",
                    description=payloads.campaign()["description"],
                    samples=(payloads.campaign()["sample1"], payloads.campaign()["sample2"]),
                ),
            )
        },
        [("campaign.duplicate", ("description", "sample1", "sample2"))],
    ),
    # Sole proprietors
    pytest.param(
        payloads.sole_proprietor(),
        payloads.sole_proprietor_campaign(usecase="CUSTOMER_CARE"),
        {},
        [("campaign.sole_proprietor.usecase", ("usecase",))],
        id="sole proprietor on a standard use case",
    ),
    pytest.param(
        None,
        campaign(usecase="SOLE_PROPRIETOR"),
        {},
        [("campaign.sole_proprietor.usecase", ("usecase",))],
        id="company on the sole proprietor use case",
    ),
    pytest.param(
        payloads.sole_proprietor(),
        payloads.sole_proprietor_campaign(),
        {"existing_campaign_count": 1},
        [("campaign.sole_proprietor.campaign_limit", ("brandId",))],
    ),
    pytest.param(
        payloads.sole_proprietor(),
        payloads.sole_proprietor_campaign(numberPool=True),
        {"phone_number_count": 2},
        [
            ("campaign.sole_proprietor.number_limit", ("numberPool",)),
            ("campaign.sole_proprietor.number_limit", ()),
        ],
    ),
    # Registry limits and what the API refuses in the body
    pytest.param(
        None, campaign(usecase=None), {"qualification": None}, [("campaign.usecase.required", ("usecase",))]
    ),
    pytest.param(
        None,
        campaign(usecase="LOW_VOLUME", subUsecases=["MARKETING"]),
        {"qualification": None},
        [("campaign.usecase.sub_usecase_count", ("subUsecases",))],
        id="one sub use case, qualification not read",
    ),
    pytest.param(
        None,
        campaign(usecase="MIXED", subUsecases=["ACCOUNT_NOTIFICATION", "POLITICAL"]),
        {"qualification": None},
        [("campaign.usecase.sub_usecase_kind", ("subUsecases",))],
        id="special use case as a sub use case",
    ),
    pytest.param(
        None,
        campaign(usecase="MIXED", subUsecases=["CUSTOMER_CARE", "CUSTOMER_CARE"]),
        {"qualification": None},
        [("campaign.usecase.sub_usecase_kind", ("subUsecases",))],
        id="sub use case repeated",
    ),
    pytest.param(
        None,
        campaign(
            usecase="MIXED",
            subUsecases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE", "DELIVERY_NOTIFICATION", "SECURITY_ALERT"],
        ),
        {"qualification": None},
        [("campaign.sample.per_usecase", ("sample3", "sample4"))],
        id="four use cases, two samples",
    ),
    pytest.param(
        None,
        campaign(subscriberOptout=False, subscriberHelp=False, termsAndConditions=False),
        {},
        [
            ("campaign.flags.required_true", ("subscriberOptout",)),
            ("campaign.flags.required_true", ("subscriberHelp",)),
            ("campaign.flags.required_true", ("termsAndConditions",)),
        ],
        id="flags answered no",
    ),
    pytest.param(
        None,
        campaign(subscriberOptin=False),
        {},
        [("campaign.flags.required_true", ("subscriberOptin",))],
        id="opt-in answered no",
    ),
    pytest.param(
        None, None, {"existing_campaign_count": 5}, [("campaign.brand.campaign_limit", ("brandId",))]
    ),
    pytest.param(None, None, {"phone_number_count": 50}, [("campaign.numbers.limit", ("numberPool",))]),
]


@pytest.mark.parametrize(("brand", "campaign_body", "context", "expected"), FIRING)
def test_a_rule_fires_on_the_mistake_it_exists_for(brand, campaign_body, context, expected):
    assert found(brand, campaign_body, **context) == expected


QUIET = [
    pytest.param(payloads.brand(identityStatus="VETTED_VERIFIED"), None, {}, id="vetted brand"),
    pytest.param(payloads.brand(identityStatus=None), None, {}, id="identity not known yet"),
    pytest.param(None, None, {"qualification": None, "other_campaigns": None}, id="context not looked up"),
    pytest.param(
        None,
        campaign(usecase="MIXED", subUsecases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"]),
        {"qualification": Qualification(qualified=True, min_sub_usecases=2, max_sub_usecases=5)},
        id="mixed within range",
    ),
    pytest.param(
        None, campaign(description="Brightside Dental texts patient updates."), {}, id="40 characters"
    ),
    pytest.param(None, campaign(sample3="Brightside Dental: " + "x" * 1005), {}, id="1024 characters"),
    pytest.param(
        None,
        campaign(sample2="Brightside Dental Group: confirmed! Call (512) 555-0142 to reschedule."),
        {},
        id="legal name without PLLC",
    ),
    pytest.param(
        None,
        campaign(sample2="BRIGHTSIDE DENTAL - confirmed, call (512) 555-0142 to reschedule."),
        {},
        id="brand name in capitals",
    ),
    pytest.param(
        None,
        campaign(sample2="Brightside Dental: Your bill of $120.00 is due [date]. Call (512) 555-0142."),
        {},
        id="recipient variables",
    ),
    pytest.param(
        None,
        campaign(
            usecase="MIXED",
            subUsecases=["MARKETING", "ACCOUNT_NOTIFICATION"],
            sample2="Brightside Dental: Whitening is 20% off this week! Call (512) 555-0142.",
        ),
        {"qualification": Qualification(qualified=True, min_sub_usecases=2, max_sub_usecases=5)},
        id="marketing on a mixed campaign with MARKETING",
    ),
    pytest.param(
        None,
        campaign(
            usecase="2FA", sample2="Brightside Dental: Your portal code is 482913. Call (512) 555-0142."
        ),
        {},
        id="2FA with a code",
    ),
    pytest.param(payloads.brand(website=None), None, {}, id="no website to compare links with"),
    pytest.param(
        None,
        campaign(
            messageFlow=(
                "Patients text SMILE to 55555, as shown on posters in our office, and get a reply with the terms "
                "and our privacy policy."
            )
        ),
        {},
        id="keyword opt-in with its keyword",
    ),
    pytest.param(
        None,
        campaign(sample3="Brightside Dental: We do not offer loans; ask about payment plans at the desk."),
        {},
        id="negated lending",
    ),
    pytest.param(
        None,
        campaign(sample3="Brightside Dental: Join our appreciation night with wine!", ageGated=True),
        {},
        id="age-gated content with ageGated",
    ),
    pytest.param(
        None,
        campaign(
            sample3="Brightside Dental: Stop by Essex Ave for your free checkup. Reply STOP to opt out."
        ),
        {},
        id="Essex and stop by",
    ),
    pytest.param(
        payloads.sole_proprietor(),
        payloads.sole_proprietor_campaign(),
        {"existing_campaign_count": None, "phone_number_count": None},
        id="sole proprietor limits without context",
    ),
    pytest.param(
        None,
        campaign(
            usecase="2FA",
            sample2="Brightside Dental: Your portal code is 482913. Call (512) 555-0142.",
            subscriberOptin=False,
        ),
        {},
        id="2FA without a separate opt-in",
    ),
    pytest.param(
        None,
        campaign(subscriberOptin=None, subscriberOptout=None, subscriberHelp=None, termsAndConditions=None),
        {},
        id="flags left to the API's default",
    ),
    pytest.param(None, None, {"existing_campaign_count": 4, "phone_number_count": 49}, id="at the limits"),
    pytest.param(None, campaign(numberPool=True), {"phone_number_count": 300}, id="pooled numbers"),
    pytest.param(
        None,
        campaign(usecase="MIXED", subUsecases=["ACCOUNT_NOTIFICATION", "CUSTOMER_CARE"]),
        {"qualification": None},
        id="a sample per use case, qualification not read",
    ),
]


@pytest.mark.parametrize(("brand", "campaign_body", "context"), QUIET)
def test_a_rule_lets_the_look_alikes_pass(brand, campaign_body, context):
    assert found(brand, campaign_body, **context) == []


def test_a_sole_proprietor_brand_is_told_about_the_otp():
    brand = payloads.sole_proprietor(identityStatus="UNVERIFIED")

    assert messages(payloads.sole_proprietor_campaign(), brand) == [
        "The brand's identity is unverified, so it cannot register campaigns: verify the owner's mobile number "
        "with the SMS one-time PIN first."
    ]


def test_messages_say_what_to_change():
    body = campaign(
        sample1="Hi [first name], your cleaning is on [date]. https://bit.ly/3xYz",
        sample2="Your visit is confirmed. Call (512) 555-0142.",
        embeddedLink=False,
        embeddedLinkSample="",
        helpKeywords="INFO",
    )

    assert messages(body) == [
        'No sample names the brand: start the messages with "Brightside Dental:" so subscribers know who texts.',
        'No sample says how to opt out: add "Reply STOP to opt out" to at least one (STOP, END, CANCEL, '
        "UNSUBSCRIBE or QUIT, as a word of its own).",
        "Sample 1 links through bit.ly, a public shortener carriers block: link to the brand's own domain (or a "
        "short domain of its own).",
        "A link appears in sample 1: say the messages carry embedded links.",
        "Add HELP to the help keywords (comma-separated, e.g. HELP,INFO).",
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param(
            campaign(
                sample1="Brightside Dental: Hi [first name], your cleaning is on [date]. Reply STOP to opt out."
            ),
            "The campaign says its messages carry embedded links but no sample has a link: add one showing the link, "
            "or say they do not.",
            id="embeddedLink without a link",
        ),
        pytest.param(
            campaign(embeddedPhone=False),
            "A phone number appears in sample 2: say the messages carry embedded phone numbers.",
            id="phone number without embeddedPhone",
        ),
        pytest.param(
            campaign(sample2="Brightside Dental: Your appointment is confirmed. See you soon!"),
            "The campaign says its messages carry embedded phone numbers but no sample has a phone number: add one "
            "showing it, or say they do not.",
            id="embeddedPhone without a number",
        ),
    ],
)
def test_sample_flag_messages_name_the_flag_and_what_the_samples_carry(body, message):
    assert messages(body) == [message]


def test_sub_use_case_messages_give_the_range():
    body = campaign(usecase="MIXED", subUsecases=["ACCOUNT_NOTIFICATION"])
    qualification = Qualification(qualified=True, min_sub_usecases=2, max_sub_usecases=5)

    assert messages(body, qualification=qualification) == [
        "The mixed use case needs 2 to 5 sub use cases; 1 listed: list what you send."
    ]


def test_a_check_survives_values_of_the_wrong_type():
    body = campaign(sample1=42, subUsecases="MARKETING", embeddedLink="yes", helpKeywords=["HELP"])

    assert [(finding.rule, finding.fields) for finding in check(payloads.brand(ein=123456789), body)] == [
        ("brand.ein.required", ("ein",)),
        ("campaign.sample.count", ("sample1",)),
        ("campaign.sample.opt_out", ("sample2",)),
        ("campaign.keywords.required", ("helpKeywords",)),
    ]
