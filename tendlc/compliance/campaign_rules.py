"""Campaign rules: one function per mechanical reason a campaign is rejected, in the order the builder shows
its fields (brand and use case, description, samples, links, message flow, keywords and messages, content,
sole-proprietor limits)."""

import re
from typing import Final

from tendlc.compliance import detectors, limits, references, terms, wire
from tendlc.compliance.facts import CampaignFacts, FieldText, keyword_list
from tendlc.compliance.findings import ERROR, WARNING
from tendlc.compliance.links import is_public_shortener, links_in, site, web_address
from tendlc.compliance.matching import TermMatcher, fold, mentions, similarity
from tendlc.compliance.registry import NOT_APPLICABLE, PASSED, Hit, RuleSet, Verdict

CAMPAIGN_RULES: Final[RuleSet[CampaignFacts]] = RuleSet("campaign")
rule = CAMPAIGN_RULES.rule

_AUDIENCE: Final = TermMatcher(terms.AUDIENCE_TERMS)
_PURPOSE: Final = TermMatcher(terms.PURPOSE_TERMS)
_WEB_OPT_IN: Final = TermMatcher(terms.WEB_OPT_IN_TERMS)
_KEYWORD_OPT_IN: Final = TermMatcher(terms.KEYWORD_OPT_IN_TERMS)
_OTHER_OPT_IN: Final = TermMatcher(terms.OTHER_OPT_IN_TERMS)
_PRIVACY: Final = TermMatcher(terms.PRIVACY_TERMS)
_FREQUENCY: Final = TermMatcher(terms.FREQUENCY_TERMS)
_RATES: Final = TermMatcher(terms.RATES_TERMS)
_PROHIBITED: Final = {category: TermMatcher(words) for category, words in terms.PROHIBITED_TERMS.items()}
_AGE_GATED: Final = {category: TermMatcher(words) for category, words in terms.AGE_GATED_TERMS.items()}
_LENDING: Final = TermMatcher(terms.LENDING_TERMS)
_LEAD_GENERATION: Final = TermMatcher(terms.LEAD_GENERATION_TERMS)
_MARKETING: Final = TermMatcher(terms.MARKETING_TERMS)
_KEYWORD: Final = re.compile(r"[A-Za-z0-9]+")


def _brand_label(c: CampaignFacts) -> str:
    return c.brand.display_name or c.brand.company_name or "the brand name"


def _listing(fields: list[str] | tuple[str, ...]) -> str:
    return ", ".join(map(wire.words, fields))


# --- Brand and use case ---------------------------------------------------------------------------------------


@rule("campaign.brand.verified", ERROR, references.TELNYX_BRAND_IDENTITY)
def brand_verified(c: CampaignFacts) -> Verdict:
    """The brand is verified (a sole proprietor by SMS one-time PIN) before it registers a campaign."""
    status = c.brand.identity_status
    if not status:
        return NOT_APPLICABLE
    if status in terms.VERIFIED_IDENTITIES:
        return PASSED
    if c.brand.is_sole_proprietor:
        advice = "verify the owner's mobile number with the SMS one-time PIN first"
    else:
        advice = (
            "fix what the registry could not verify (see the brand feedback) or have the brand vetted first"
        )
    # The status in words, as the brand's page labels it: a finding shows no wire value.
    said = status.replace("_", "-").lower()
    return [Hit(("brandId",), f"The brand's identity is {said}, so it cannot register campaigns: {advice}.")]


@rule("campaign.usecase.required", ERROR, references.TELNYX_CAMPAIGN_BODY)
def usecase_required(c: CampaignFacts) -> Verdict:
    """A use case is chosen: the API refuses a campaign without one."""
    if c.usecase:
        return PASSED
    message = (
        "Choose the use case: the kind of messages the campaign sends (account notifications, marketing...)."
    )
    return [Hit(("usecase",), message)]


@rule("campaign.usecase.qualified", ERROR, references.TELNYX_QUALIFICATION)
def usecase_qualified(c: CampaignFacts) -> Verdict:
    """The brand qualifies for the use case."""
    qualification = c.context.qualification
    if qualification is None:
        return NOT_APPLICABLE
    if qualification.qualified:
        return PASSED
    usecase = c.usecase or "chosen"
    message = f"The brand does not qualify for the {usecase} use case: choose one it qualifies for, or have it vetted."
    return [Hit(("usecase",), message)]


def _sub_usecase_bounds(c: CampaignFacts) -> tuple[int, int] | None:
    """The number of sub use cases the use case takes: the brand's qualification says, else what MIXED and
    LOW_VOLUME take everywhere; None when unknown."""
    qualification = c.context.qualification
    if qualification is not None:
        return (
            (qualification.min_sub_usecases, qualification.max_sub_usecases)
            if qualification.qualified
            else None
        )
    if c.usecase in terms.MIXED_USECASES:
        return terms.MIXED_MIN_SUB_USECASES, terms.MIXED_MAX_SUB_USECASES
    return None


def _usecase_words(usecase: str) -> str:
    return usecase.replace("_", " ").lower()


@rule("campaign.usecase.sub_usecase_count", ERROR, references.TELNYX_QUALIFICATION)
def usecase_sub_usecase_count(c: CampaignFacts) -> Verdict:
    """The number of sub use cases is within the range the use case allows (MIXED and LOW_VOLUME: two to
    five, unless the brand's qualification says otherwise)."""
    bounds = _sub_usecase_bounds(c)
    if bounds is None:
        return NOT_APPLICABLE
    count = len(c.sub_usecases)
    low, high = bounds
    if low <= count <= high:
        return PASSED
    usecase = _usecase_words(c.usecase)
    if high == 0:
        message = f"The {usecase} use case takes no sub use cases: remove the {count} listed."
    else:
        message = (
            f"The {usecase} use case needs {low} to {high} sub use cases; {count} listed: list what you send."
        )
    return [Hit(("subUsecases",), message)]


@rule("campaign.usecase.sub_usecase_kind", ERROR, references.TELNYX_CAMPAIGN_BODY)
def usecase_sub_usecase_kind(c: CampaignFacts) -> Verdict:
    """The sub use cases of MIXED and LOW_VOLUME are standard use cases, each listed once."""
    if c.usecase not in terms.MIXED_USECASES or not c.sub_usecases:
        return NOT_APPLICABLE
    unknown = sorted({name for name in c.sub_usecases if name not in terms.STANDARD_USECASES})
    repeated = sorted({name for name in c.sub_usecases if c.sub_usecases.count(name) > 1})
    hits = []
    if unknown:
        message = (
            f"{', '.join(map(_usecase_words, unknown))} cannot be part of a mixed campaign: choose among the "
            "standard use cases (account notification, customer care, marketing...)."
        )
        hits.append(Hit(("subUsecases",), message))
    if repeated:
        message = f"List each sub use case once: {', '.join(map(_usecase_words, repeated))} is listed twice."
        hits.append(Hit(("subUsecases",), message))
    return hits


# What each flag the carriers require true promises, said to a person.
_REQUIRED_FLAG_PROMISES: Final = {
    "subscriberOptin": "subscribers opt in before the first message",
    "subscriberOptout": "subscribers can opt out by replying STOP",
    "subscriberHelp": "subscribers get help by replying HELP",
    "termsAndConditions": "the brand accepts the 10DLC terms and conditions",
}


@rule("campaign.flags.required_true", ERROR, references.TELNYX_CARRIER_TERMS)
def flags_required_true(c: CampaignFacts) -> Verdict:
    """Subscriber opt-in (2FA excepted), opt-out and help, and the terms accepted, are not answered no."""
    # A 2FA code is sent because the subscriber asked for it: that request is the opt-in.
    exempt = {"subscriberOptin"} if c.usecases and c.usecases <= terms.TWO_FACTOR_USECASES else set()
    return [
        Hit(
            (flag,),
            f"The carriers require that {_REQUIRED_FLAG_PROMISES[flag]}: answer yes to {wire.words(flag)}.",
        )
        for flag, value in c.required_flags.items()
        if value is False and flag not in exempt
    ]


@rule("campaign.brand.campaign_limit", ERROR, references.TELNYX_LIMITS)
def brand_campaign_limit(c: CampaignFacts) -> Verdict:
    """A brand has at most five active campaigns (sole proprietors one: their own rule)."""
    existing = c.context.existing_campaign_count
    if c.brand.is_sole_proprietor or existing is None:
        return NOT_APPLICABLE
    if existing < limits.MAX_CAMPAIGNS_PER_BRAND:
        return PASSED
    message = (
        f"The brand already has {existing} active campaigns, the most Telnyx allows "
        f"({limits.MAX_CAMPAIGNS_PER_BRAND}): deactivate one, or update one of them instead."
    )
    return [Hit(("brandId",), message)]


@rule("campaign.numbers.limit", ERROR, references.TELNYX_LIMITS)
def numbers_limit(c: CampaignFacts) -> Verdict:
    """A campaign without T-Mobile number pooling has at most 49 phone numbers (sole proprietors one: their
    own rule)."""
    numbers = c.context.phone_number_count
    if c.brand.is_sole_proprietor or numbers is None:
        return NOT_APPLICABLE
    if c.number_pool is True or numbers <= limits.NUMBERS_WITHOUT_POOL:
        return PASSED
    message = (
        f"The campaign has {numbers} phone numbers; Telnyx allows {limits.NUMBERS_WITHOUT_POOL} without T-Mobile "
        f"number pooling: remove {numbers - limits.NUMBERS_WITHOUT_POOL}, or turn the number pool on."
    )
    return [Hit(("numberPool",), message)]


# --- Description ----------------------------------------------------------------------------------------------


def _description_placeholder(c: CampaignFacts) -> str | None:
    found = detectors.unfilled_placeholders(c.description)
    return found[0] if found else detectors.filler(c.description)


def _description_copies(c: CampaignFacts) -> list[str]:
    return [
        sample.field
        for sample in c.samples
        if similarity(c.description, sample.text) >= terms.COPY_SIMILARITY
    ]


@rule("campaign.description.length", ERROR, references.TCR_DESCRIPTION)
def description_length(c: CampaignFacts) -> Verdict:
    """The description is at least 40 characters."""
    length = len(c.description)
    if length >= terms.MIN_DESCRIPTION_LENGTH:
        return PASSED
    minimum = terms.MIN_DESCRIPTION_LENGTH
    wanted = "who sends the messages, to whom, and why"
    if not length:
        return [Hit(("description",), f"Describe the campaign in at least {minimum} characters: {wanted}.")]
    return [
        Hit(("description",), f"The description has {length} characters; write at least {minimum}: {wanted}.")
    ]


@rule("campaign.description.placeholder", ERROR, references.TCR_DESCRIPTION)
def description_placeholder(c: CampaignFacts) -> Verdict:
    """The description is not placeholder or test text."""
    if not c.description:
        return NOT_APPLICABLE
    found = _description_placeholder(c)
    if found is None:
        return PASSED
    message = (
        f"The description contains placeholder text ({found!r}): replace it with what this campaign sends."
    )
    return [Hit(("description",), message)]


@rule("campaign.description.copies_sample", ERROR, references.TCR_DESCRIPTION)
def description_copies_sample(c: CampaignFacts) -> Verdict:
    """The description describes the campaign instead of repeating a sample."""
    if not c.description or not c.samples:
        return NOT_APPLICABLE
    copies = _description_copies(c)
    if not copies:
        return PASSED
    message = (
        f"The description repeats {_listing(copies)}: describe the campaign (who sends, to whom, why) "
        "instead of quoting a message."
    )
    return [Hit(("description", *copies), message)]


@rule("campaign.description.thin", WARNING, references.TCR_DESCRIPTION)
def description_thin(c: CampaignFacts) -> Verdict:
    """The description says who sends (the brand), to whom, and why."""
    # Only a description that passes the errors above is worth refining.
    if (
        len(c.description) < terms.MIN_DESCRIPTION_LENGTH
        or _description_placeholder(c)
        or _description_copies(c)
    ):
        return NOT_APPLICABLE
    missing = []
    if not mentions(c.description, c.brand.names):
        missing.append(f"who sends ({_brand_label(c)})")
    if _AUDIENCE.first(c.description) is None:
        missing.append("to whom (customers, patients, members...)")
    if _PURPOSE.first(c.description) is None:
        missing.append("why (reminders, order updates, offers...)")
    if not missing:
        return PASSED
    return [Hit(("description",), f"The description does not say {' or '.join(missing)}: add it.")]


# --- Samples --------------------------------------------------------------------------------------------------


@rule("campaign.sample.count", ERROR, references.TCR_SAMPLES)
def sample_count(c: CampaignFacts) -> Verdict:
    """At least two sample messages."""
    given = len(c.samples)
    if given >= terms.MIN_SAMPLES:
        return PASSED
    empty = tuple(name for name in wire.SAMPLE_FIELDS if name not in c.sample_fields)
    message = (
        f"Give at least {terms.MIN_SAMPLES} sample messages ({given} given), written exactly as subscribers "
        "receive them."
    )
    return [Hit(empty[: terms.MIN_SAMPLES - given], message)]


@rule("campaign.sample.per_usecase", ERROR, references.CARRIER_INCONSISTENT_USECASE)
def sample_per_usecase(c: CampaignFacts) -> Verdict:
    """A mixed campaign gives a sample for each of its sub use cases."""
    bounds = _sub_usecase_bounds(c)
    if c.usecase not in terms.MIXED_USECASES or len(c.samples) < terms.MIN_SAMPLES or bounds is None:
        return NOT_APPLICABLE
    if not bounds[0] <= len(c.sub_usecases) <= bounds[1]:
        # campaign.usecase.sub_usecase_count reports the list; samples are judged against a valid one.
        return NOT_APPLICABLE
    wanted = min(len(set(c.sub_usecases)), len(wire.SAMPLE_FIELDS))
    if len(c.samples) >= wanted:
        return PASSED
    empty = tuple(name for name in wire.SAMPLE_FIELDS if name not in c.sample_fields)
    listed = ", ".join(_usecase_words(name) for name in dict.fromkeys(c.sub_usecases))
    message = (
        f"The campaign mixes {wanted} use cases ({listed}) but gives {len(c.samples)} samples: "
        "carriers want one sample for each use case."
    )
    return [Hit(empty[: wanted - len(c.samples)], message)]


@rule("campaign.sample.length", ERROR, references.TCR_SAMPLES)
def sample_length(c: CampaignFacts) -> Verdict:
    """Each sample is 20 to 1024 characters."""
    if not c.samples:
        return NOT_APPLICABLE
    hits = []
    for sample in c.samples:
        length = len(sample.text)
        if length < terms.MIN_SAMPLE_LENGTH:
            hits.append(
                Hit(
                    (sample.field,),
                    f"{wire.subject(sample.field)} has {length} characters: write the whole message as sent "
                    f"(at least {terms.MIN_SAMPLE_LENGTH}).",
                )
            )
        elif length > terms.MAX_SAMPLE_LENGTH:
            hits.append(
                Hit(
                    (sample.field,),
                    f"{wire.subject(sample.field)} has {length} characters: keep it to {terms.MAX_SAMPLE_LENGTH}.",
                )
            )
    return hits


@rule("campaign.sample.brand_name", ERROR, references.TCR_SAMPLES)
def sample_brand_name(c: CampaignFacts) -> Verdict:
    """At least one sample names the brand."""
    if not c.samples or not c.brand.names:
        return NOT_APPLICABLE
    if any(mentions(sample.text, c.brand.names) for sample in c.samples):
        return PASSED
    message = f'No sample names the brand: start the messages with "{_brand_label(c)}:" so subscribers know who texts.'
    return [Hit(c.sample_fields, message)]


@rule("campaign.sample.brand_name_every", WARNING, references.TCR_SAMPLES)
def sample_brand_name_every(c: CampaignFacts) -> Verdict:
    """Every sample names the brand."""
    if not c.samples or not c.brand.names:
        return NOT_APPLICABLE
    without = tuple(sample.field for sample in c.samples if not mentions(sample.text, c.brand.names))
    if len(without) == len(c.samples):
        # No sample names the brand: campaign.sample.brand_name reports it as an error.
        return NOT_APPLICABLE
    if not without:
        return PASSED
    message = f'The brand is not named in {_listing(without)}: begin every message with "{_brand_label(c)}:".'
    return [Hit(without, message)]


@rule("campaign.sample.opt_out", ERROR, references.CTIA_OPT_OUT)
def sample_opt_out(c: CampaignFacts) -> Verdict:
    """At least one sample says how to opt out ("Reply STOP to opt out")."""
    if not c.samples:
        return NOT_APPLICABLE
    if any(detectors.has_opt_out_language(sample.text) for sample in c.samples):
        return PASSED
    message = (
        'No sample says how to opt out: add "Reply STOP to opt out" to at least one '
        "(STOP, END, CANCEL, UNSUBSCRIBE or QUIT, as a word of its own)."
    )
    return [Hit(c.sample_fields, message)]


@rule("campaign.content.placeholder", ERROR, references.TCR_SAMPLES)
def content_placeholder(c: CampaignFacts) -> Verdict:
    """No unfilled template text in the messages: [Insert ...], {{...}}, [company name]."""
    texts = [item for item in c.content if item.field != "description"]
    if not texts:
        return NOT_APPLICABLE
    hits = []
    for item in texts:
        found = detectors.unfilled_placeholders(item.text)
        if found:
            message = (
                f"{wire.subject(item.field)} contains {', '.join(found)}: write the real text; only per-recipient "
                "details may stay as bracketed variables, like [first name]."
            )
            hits.append(Hit((item.field,), message))
    return hits


@rule("campaign.sample.usecase_fit", WARNING, references.TCR_SAMPLES)
def sample_usecase_fit(c: CampaignFacts) -> Verdict:
    """The samples fit the use case: a code in 2FA, no promotional language on a notification use case."""
    usecases = c.usecases
    two_factor = bool(usecases & terms.TWO_FACTOR_USECASES)
    notification = bool(usecases) and usecases <= terms.NOTIFICATION_USECASES
    if not c.samples or not (two_factor or notification):
        return NOT_APPLICABLE
    hits = []
    if two_factor and not any(detectors.has_code(sample.text) for sample in c.samples):
        message = f'No sample shows a one-time code: a 2FA sample reads like "{_brand_label(c)}: your code is 482913".'
        hits.append(Hit(c.sample_fields, message))
    if notification:
        registered = ", ".join(sorted(usecases))
        for sample in c.samples:
            term = _MARKETING.first(sample.text)
            if term:
                message = (
                    f"{sample.field} reads as marketing ({term!r}) on a campaign registered for {registered}: "
                    "remove the promotion, or register a MARKETING (or MIXED) campaign for it."
                )
                hits.append(Hit((sample.field,), message))
    return hits


# --- Links and phone numbers ------------------------------------------------------------------------------------


@rule("campaign.link.shortener", ERROR, references.CARRIER_SHORTENERS)
def link_shortener(c: CampaignFacts) -> Verdict:
    """No public link shorteners (bit.ly, tinyurl.com...)."""
    linked = [item for item in c.content if item.links]
    if not linked:
        return NOT_APPLICABLE
    hits = []
    for item in linked:
        hosts = sorted({link.host for link in item.links if is_public_shortener(link.host)})
        if hosts:
            message = (
                f"{wire.subject(item.field)} links through {', '.join(hosts)}, a public shortener carriers block: "
                "link to the brand's own domain (or a short domain of its own)."
            )
            hits.append(Hit((item.field,), message))
    return hits


def _sample_flag(
    c: CampaignFacts, flag: str, value: bool | None, carrying: tuple[str, ...], *, carried: str, shown: str
) -> Verdict:
    """A flag that declares what the samples carry (embeddedLink, embeddedPhone) is true exactly when one does."""
    if not c.samples:
        return NOT_APPLICABLE
    if carrying and value is not True:
        message = f"{carried.capitalize()} appears in {_listing(carrying)}: say the messages carry {wire.words(flag)}."
        return [Hit((flag, *carrying), message)]
    if not carrying and value is True:
        message = (
            f"The campaign says its messages carry {wire.words(flag)} but no sample has {carried}: add one "
            f"showing {shown}, or say they do not."
        )
        return [Hit((flag,), message)]
    return PASSED


@rule("campaign.link.flag", ERROR, references.TCR_CAMPAIGN_ATTRIBUTES)
def link_flag(c: CampaignFacts) -> Verdict:
    """embeddedLink is true when a sample carries a link, and only then."""
    linked = tuple(sample.field for sample in c.samples if sample.links)
    return _sample_flag(c, "embeddedLink", c.embedded_link, linked, carried="a link", shown="the link")


@rule("campaign.link.sample", ERROR, references.TCR_CAMPAIGN_ATTRIBUTES)
def link_sample(c: CampaignFacts) -> Verdict:
    """With embeddedLink, embeddedLinkSample gives an example link."""
    if c.embedded_link is not True:
        return NOT_APPLICABLE
    if c.embedded_link_sample and links_in(c.embedded_link_sample):
        return PASSED
    message = (
        "Messages carry links: give an embedded link sample, a full example of a link the messages carry."
    )
    return [Hit(("embeddedLinkSample",), message)]


@rule("campaign.link.domain", WARNING, references.CTIA_LINKS)
def link_domain(c: CampaignFacts) -> Verdict:
    """Links in the samples go to the brand's own website domain."""
    website = web_address(c.brand.website, scheme_required=False)
    texts = [*c.samples, *(item for item in c.content if item.field == "embeddedLinkSample")]
    links = [(item, link) for item in texts for link in item.links if not is_public_shortener(link.host)]
    if website is None or not links:
        return NOT_APPLICABLE
    own = site(website.host)
    foreign: dict[str, set[str]] = {}
    for item, link in links:
        if site(link.host) != own:
            foreign.setdefault(item.field, set()).add(link.host)
    return [
        Hit(
            (field,),
            f"The {wire.words(field)} links to {', '.join(sorted(hosts))}, not to the brand's website {own}: "
            "reviewers expect links on the brand's own domain; use it, or explain the other site in the description.",
        )
        for field, hosts in foreign.items()
    ]


@rule("campaign.phone.flag", ERROR, references.CTIA_PHONES)
def phone_flag(c: CampaignFacts) -> Verdict:
    """embeddedPhone is true when a sample carries a phone number, and only then."""
    with_phone = tuple(sample.field for sample in c.samples if detectors.has_phone_number(sample.text))
    return _sample_flag(
        c, "embeddedPhone", c.embedded_phone, with_phone, carried="a phone number", shown="it"
    )


# --- Message flow and links to policies ---------------------------------------------------------------------------


@rule("campaign.message_flow.length", ERROR, references.TCR_MESSAGE_FLOW)
def message_flow_length(c: CampaignFacts) -> Verdict:
    """The message flow is at least 40 characters."""
    length = len(c.message_flow)
    if length >= terms.MIN_MESSAGE_FLOW_LENGTH:
        return PASSED
    message = (
        f"The message flow has {length} characters; write at least {terms.MIN_MESSAGE_FLOW_LENGTH}: how "
        "subscribers opt in (the page URL, the keyword, the form) and what they are told."
    )
    return [Hit(("messageFlow",), message)]


def _flow_names_keyword(c: CampaignFacts) -> bool:
    """Whether the flow says what to text: "Text JOIN to ...", one of the opt-in keywords, or a word in capitals
    or quotes."""
    flow = c.message_flow
    if detectors.names_text_in_keyword(flow) or detectors.keyword_candidates(flow):
        return True
    keywords = {entry.strip().upper() for entry in keyword_list(c.keywords["optinKeywords"])}
    return bool(keywords & set(fold(flow).upper().split()))


@rule("campaign.message_flow.mechanism", WARNING, references.CTIA_CALL_TO_ACTION)
def message_flow_mechanism(c: CampaignFacts) -> Verdict:
    """The message flow names each opt-in mechanism, with the web form's URL and the text-in keyword."""
    flow = c.message_flow
    if len(flow) < terms.MIN_MESSAGE_FLOW_LENGTH:
        return NOT_APPLICABLE
    web = _WEB_OPT_IN.first(flow)
    linked = bool(links_in(flow))
    keyword = _KEYWORD_OPT_IN.first(flow) or detectors.names_text_in_keyword(flow)
    if not (web or linked or keyword or _OTHER_OPT_IN.first(flow)):
        message = (
            "The message flow does not say how subscribers opt in: name each way (web form with its URL, "
            "text keyword, paper form, in person) and what they agree to."
        )
        return [Hit(("messageFlow",), message)]
    hits = []
    if web and not linked:
        message = (
            f"The message flow mentions opting in {web!r} but gives no URL: add the address of that page."
        )
        hits.append(Hit(("messageFlow",), message))
    if keyword and not _flow_names_keyword(c):
        message = "The message flow mentions a text-in opt-in but no keyword: say what to text, e.g. Text JOIN to 55555."
        hits.append(Hit(("messageFlow",), message))
    return hits


@rule("campaign.message_flow.privacy", WARNING, references.CTIA_PRIVACY_POLICY)
def message_flow_privacy(c: CampaignFacts) -> Verdict:
    """The message flow mentions the privacy policy subscribers see when they opt in."""
    if len(c.message_flow) < terms.MIN_MESSAGE_FLOW_LENGTH:
        return NOT_APPLICABLE
    if _PRIVACY.first(c.message_flow):
        return PASSED
    message = (
        "The message flow does not mention the privacy policy: say where subscribers see it when they opt in."
    )
    return [Hit(("messageFlow",), message)]


def _policy_link(value: str, field: str, label: str) -> Verdict:
    if not value:
        return [Hit((field,), f"Add the {label} link: a page on the brand's site reviewers can open.")]
    if web_address(value, scheme_required=True) is None:
        return [
            Hit((field,), f"The {label} link {value!r} is not a full web address: write it as https://...")
        ]
    return PASSED


@rule("campaign.privacy_policy.link", ERROR, references.CTIA_PRIVACY_POLICY)
def privacy_policy_link(c: CampaignFacts) -> Verdict:
    """privacyPolicyLink is given, as a full https:// address."""
    return _policy_link(c.privacy_policy_link, "privacyPolicyLink", "privacy policy")


@rule("campaign.terms.link", ERROR, references.CTIA_CALL_TO_ACTION)
def terms_link(c: CampaignFacts) -> Verdict:
    """termsAndConditionsLink is given, as a full https:// address."""
    return _policy_link(c.terms_and_conditions_link, "termsAndConditionsLink", "terms and conditions")


# --- Keywords and the HELP, opt-in and opt-out messages -------------------------------------------------------------


@rule("campaign.keywords.required", ERROR, references.CTIA_OPT_OUT)
def keywords_required(c: CampaignFacts) -> Verdict:
    """HELP is among the help keywords and STOP among the opt-out keywords."""
    hits = []
    for field, required, example in (
        ("helpKeywords", terms.REQUIRED_HELP_KEYWORD, "HELP,INFO"),
        ("optoutKeywords", terms.REQUIRED_OPT_OUT_KEYWORD, "STOP,END,CANCEL,UNSUBSCRIBE,QUIT"),
    ):
        entries = {entry.strip().upper() for entry in keyword_list(c.keywords[field])}
        if required not in entries:
            hits.append(
                Hit((field,), f"Add {required} to the {wire.words(field)} (comma-separated, e.g. {example}).")
            )
    return hits


@rule("campaign.keywords.format", ERROR, references.TCR_KEYWORDS)
def keywords_format(c: CampaignFacts) -> Verdict:
    """Keywords are single words separated by commas, without spaces."""
    given = [(field, value) for field, value in c.keywords.items() if value]
    if not given:
        return NOT_APPLICABLE
    hits = []
    for field, value in given:
        entries = keyword_list(value)
        bad = [entry for entry in entries if not _KEYWORD.fullmatch(entry)]
        if bad:
            shown = ", ".join(repr(entry) for entry in bad)
            message = (
                f"The {wire.words(field)} have {shown}: give single words (letters and digits) separated by commas "
                "without spaces, e.g. JOIN,START."
            )
            hits.append(Hit((field,), message))
    return hits


@rule("campaign.help_message.present", ERROR, references.TCR_KEYWORDS)
def help_message_present(c: CampaignFacts) -> Verdict:
    """A HELP message is given."""
    if c.help_message:
        return PASSED
    message = (
        f'Write the reply to HELP: "{_brand_label(c)}: for help email or call us at ... '
        'Reply STOP to opt out." It names the brand and a contact.'
    )
    return [Hit(("helpMessage",), message)]


@rule("campaign.help_message.brand_name", ERROR, references.TCR_KEYWORDS)
def help_message_brand_name(c: CampaignFacts) -> Verdict:
    """The HELP message names the brand."""
    if not c.help_message or not c.brand.names:
        return NOT_APPLICABLE
    if mentions(c.help_message, c.brand.names):
        return PASSED
    return [
        Hit(
            ("helpMessage",), f'The HELP message does not name the brand: start it with "{_brand_label(c)}:".'
        )
    ]


@rule("campaign.help_message.contact", ERROR, references.TCR_KEYWORDS)
def help_message_contact(c: CampaignFacts) -> Verdict:
    """The HELP message gives a contact: an e-mail address, a phone number or a website."""
    text = c.help_message
    if not text:
        return NOT_APPLICABLE
    if detectors.has_email_address(text) or detectors.has_phone_number(text) or links_in(text):
        return PASSED
    message = "The HELP message gives no contact: add a support e-mail address, phone number or website."
    return [Hit(("helpMessage",), message)]


@rule("campaign.optout_message.present", ERROR, references.CTIA_OPT_OUT)
def optout_message_present(c: CampaignFacts) -> Verdict:
    """An opt-out confirmation message is given."""
    if c.optout_message:
        return PASSED
    message = f'Write the reply to STOP: "{_brand_label(c)}: you are unsubscribed and will receive no more messages."'
    return [Hit(("optoutMessage",), message)]


@rule("campaign.optout_message.brand_name", ERROR, references.CTIA_OPT_OUT)
def optout_message_brand_name(c: CampaignFacts) -> Verdict:
    """The opt-out confirmation names the brand."""
    if not c.optout_message or not c.brand.names:
        return NOT_APPLICABLE
    if mentions(c.optout_message, c.brand.names):
        return PASSED
    message = f'The opt-out message does not name the brand: start it with "{_brand_label(c)}:".'
    return [Hit(("optoutMessage",), message)]


@rule("campaign.optin_message.disclosures", WARNING, references.CTIA_CONFIRM_OPT_IN)
def optin_message_disclosures(c: CampaignFacts) -> Verdict:
    """The opt-in confirmation names the brand, the frequency, message and data rates, HELP and STOP."""
    text = c.optin_message
    if not text:
        if c.keywords["optinKeywords"]:
            message = "Opt-in keywords are set but there is no opt-in message: write the confirmation sent on opt-in."
            return [Hit(("optinMessage",), message)]
        return NOT_APPLICABLE
    missing = [
        label
        for label, present in (
            ("the brand name", mentions(text, c.brand.names)),
            ('the message frequency ("Msg frequency varies")', _FREQUENCY.first(text) is not None),
            ('"Msg & data rates may apply"', _RATES.first(text) is not None),
            ("Reply HELP for help", detectors.has_help_language(text)),
            ("Reply STOP to opt out", detectors.has_opt_out_language(text)),
        )
        if not present
    ]
    if not missing:
        return PASSED
    pronoun = "it" if len(missing) == 1 else "them"
    return [Hit(("optinMessage",), f"The opt-in message lacks {'; '.join(missing)}: add {pronoun}.")]


# --- Content -------------------------------------------------------------------------------------------------------


def _term_hits(items: tuple[FieldText, ...], matcher: TermMatcher) -> list[tuple[str, str]]:
    """(field, term) for each field where the matcher finds a term not negated in its sentence."""
    found = ((item.field, matcher.first_affirmed(item.text)) for item in items)
    return [(field, term) for field, term in found if term]


def _where(found: list[tuple[str, str]]) -> str:
    return ", ".join(f"{term!r} in the {wire.words(field)}" for field, term in found)


@rule("campaign.content.prohibited", ERROR, references.CTIA_CONTENT)
def content_prohibited(c: CampaignFacts) -> Verdict:
    """No prohibited content: cannabis/CBD, sexual content, gambling, hate speech."""
    if not c.content:
        return NOT_APPLICABLE
    hits = []
    for category, matcher in _PROHIBITED.items():
        found = _term_hits(c.content, matcher)
        if found:
            message = f"{category} content cannot be sent over 10DLC ({_where(found)}): remove it."
            hits.append(Hit(tuple(field for field, _ in found), message))
    return hits


@rule("campaign.age_gated.flag", ERROR, references.CARRIER_AGE_GATE)
def age_gated_flag(c: CampaignFacts) -> Verdict:
    """Alcohol, firearms and tobacco/vape content is registered with ageGated."""
    if not c.content:
        return NOT_APPLICABLE
    if c.age_gated is True:
        return PASSED
    hits = []
    for category, matcher in _AGE_GATED.items():
        found = _term_hits(c.content, matcher)
        if found:
            message = (
                f"{category} content ({_where(found)}) needs an age gate: mark it as age-gated content and confirm "
                "subscribers' age before the first message."
            )
            hits.append(Hit(("ageGated", *(field for field, _ in found)), message))
    return hits


@rule("campaign.direct_lending.flag", ERROR, references.TCR_CAMPAIGN_ATTRIBUTES)
def direct_lending_flag(c: CampaignFacts) -> Verdict:
    """Lending content is registered with directLending."""
    if not c.content:
        return NOT_APPLICABLE
    if c.direct_lending is True:
        return PASSED
    found = _term_hits(c.content, _LENDING)
    if not found:
        return PASSED
    message = f"The campaign is about lending ({_where(found)}): mark it as direct lending."
    return [Hit(("directLending", *(field for field, _ in found)), message)]


@rule("campaign.content.lead_generation", WARNING, references.CTIA_SHARING_OPT_IN)
def content_lead_generation(c: CampaignFacts) -> Verdict:
    """No lead generation, and no consent shared with partners or third parties."""
    if not c.content:
        return NOT_APPLICABLE
    found = _term_hits(c.content, _LEAD_GENERATION)
    if not found:
        return PASSED
    message = (
        f"The campaign reads as lead generation or shared consent ({_where(found)}): consent given to one "
        "brand cannot be shared or sold, and carriers reject such campaigns. Remove it, or say numbers are never shared."
    )
    return [Hit(tuple(field for field, _ in found), message)]


@rule("campaign.duplicate", WARNING, references.CTIA_ONE_OPT_IN_PER_CAMPAIGN)
def duplicate(c: CampaignFacts) -> Verdict:
    """The campaign is not a near-duplicate of another campaign of the same brand."""
    others = c.context.other_campaigns
    if others is None or not (c.description or c.samples):
        return NOT_APPLICABLE
    mine = " ".join([c.description, *(sample.text for sample in c.samples)])
    hits = []
    for other in others:
        alike = similarity(mine, " ".join([other.description, *other.samples]))
        if alike >= terms.DUPLICATE_SIMILARITY:
            message = (
                f"This campaign is {alike:.0%} alike to campaign {other.campaign_id} of the same brand: carriers "
                "reject near-duplicates; update that campaign instead, or say what this one sends that it does not."
            )
            hits.append(Hit(("description", *c.sample_fields), message))
    return hits


# --- Sole proprietors ----------------------------------------------------------------------------------------------


@rule("campaign.sole_proprietor.usecase", ERROR, references.TELNYX_SOLE_PROPRIETOR)
def sole_proprietor_usecase(c: CampaignFacts) -> Verdict:
    """Sole proprietors register the SOLE_PROPRIETOR use case, and only they do."""
    if not c.brand.entity_type or not c.usecase:
        return NOT_APPLICABLE
    chosen = c.usecase == terms.SOLE_PROPRIETOR_USECASE
    if chosen == c.brand.is_sole_proprietor:
        return PASSED
    if chosen:
        message = (
            "Only a sole proprietor brand can register the sole proprietor use case: choose a standard one."
        )
    else:
        message = f"A sole proprietor can only register the sole proprietor use case, not {c.usecase}."
    return [Hit(("usecase",), message)]


@rule("campaign.sole_proprietor.campaign_limit", ERROR, references.TELNYX_SOLE_PROPRIETOR)
def sole_proprietor_campaign_limit(c: CampaignFacts) -> Verdict:
    """A sole proprietor has one campaign."""
    existing = c.context.existing_campaign_count
    if not c.brand.is_sole_proprietor or existing is None:
        return NOT_APPLICABLE
    if existing == 0:
        return PASSED
    message = f"A sole proprietor may have one campaign and this brand has {existing}: update that campaign instead."
    return [Hit(("brandId",), message)]


@rule("campaign.sole_proprietor.number_limit", ERROR, references.TELNYX_SOLE_PROPRIETOR)
def sole_proprietor_number_limit(c: CampaignFacts) -> Verdict:
    """A sole proprietor's campaign sends from one phone number."""
    if not c.brand.is_sole_proprietor:
        return NOT_APPLICABLE
    hits = []
    if c.number_pool is True:
        hits.append(
            Hit(("numberPool",), "A sole proprietor's campaign has one number: turn the number pool off.")
        )
    numbers = c.context.phone_number_count
    if numbers is not None and numbers > 1:
        message = f"A sole proprietor's campaign has one phone number, not {numbers}: assign only one."
        hits.append(Hit((), message))
    return hits
