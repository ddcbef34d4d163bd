"""The campaign and brand bodies read once into typed facts, so each rule is a few lines about one concern
and nothing is parsed twice."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tendlc.compliance import terms, wire
from tendlc.compliance.context import EMPTY_CONTEXT, CheckContext
from tendlc.compliance.links import Link, links_in
from tendlc.compliance.matching import fold


@dataclass(frozen=True)
class BrandFacts:
    entity_type: str
    identity_status: str
    country: str
    display_name: str
    company_name: str
    ein: str
    street: str
    website: str
    email: str
    stock_symbol: str
    stock_exchange: str
    business_contact_email: str
    mobile_phone: str
    # The folded names a message may call the brand by: display name, legal name with and without "LLC".
    names: tuple[str, ...]
    context: CheckContext

    @property
    def is_sole_proprietor(self) -> bool:
        return self.entity_type == terms.SOLE_PROPRIETOR


@dataclass(frozen=True)
class FieldText:
    """A non-empty text field and the links in it."""

    field: str
    text: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class CampaignFacts:
    brand: BrandFacts
    context: CheckContext
    usecase: str
    sub_usecases: tuple[str, ...]
    description: str
    message_flow: str
    samples: tuple[FieldText, ...]
    help_message: str
    optin_message: str
    optout_message: str
    # helpKeywords, optinKeywords and optoutKeywords as typed (comma-separated).
    keywords: Mapping[str, str]
    embedded_link: bool | None
    embedded_phone: bool | None
    embedded_link_sample: str
    number_pool: bool | None
    age_gated: bool | None
    direct_lending: bool | None
    # subscriberOptin, subscriberOptout, subscriberHelp, termsAndConditions: None when not given.
    required_flags: Mapping[str, bool | None]
    privacy_policy_link: str
    terms_and_conditions_link: str
    # Every non-empty field a reviewer reads, samples included.
    content: tuple[FieldText, ...]

    @property
    def sample_fields(self) -> tuple[str, ...]:
        return tuple(sample.field for sample in self.samples)

    @property
    def usecases(self) -> frozenset[str]:
        """The use cases the messages must fit: the sub use cases of MIXED and LOW_VOLUME, else the use case."""
        if self.usecase in terms.MIXED_USECASES:
            return frozenset(self.sub_usecases)
        return frozenset({self.usecase}) if self.usecase else frozenset()


def brand_facts(brand: Mapping[str, Any], context: CheckContext | None) -> BrandFacts:
    display_name = wire.text(brand, "displayName")
    company_name = wire.text(brand, "companyName")
    return BrandFacts(
        entity_type=wire.text(brand, "entityType").upper(),
        identity_status=wire.text(brand, "identityStatus").upper(),
        country=wire.text(brand, "country").upper(),
        display_name=display_name,
        company_name=company_name,
        ein=wire.text(brand, "ein"),
        street=wire.text(brand, "street"),
        website=wire.text(brand, "website"),
        email=wire.text(brand, "email"),
        stock_symbol=wire.text(brand, "stockSymbol"),
        stock_exchange=wire.text(brand, "stockExchange").upper(),
        business_contact_email=wire.text(brand, "businessContactEmail"),
        mobile_phone=wire.text(brand, "mobilePhone"),
        names=_names(display_name, company_name),
        context=context or EMPTY_CONTEXT,
    )


def campaign_facts(
    campaign: Mapping[str, Any], brand: Mapping[str, Any], context: CheckContext | None
) -> CampaignFacts:
    content = tuple(
        FieldText(field=name, text=text, links=links_in(text))
        for name in wire.CONTENT_FIELDS
        if (text := wire.text(campaign, name))
    )
    return CampaignFacts(
        brand=brand_facts(brand, context),
        context=context or EMPTY_CONTEXT,
        usecase=wire.text(campaign, "usecase").upper(),
        sub_usecases=tuple(name.upper() for name in wire.strings(campaign, "subUsecases")),
        description=wire.text(campaign, "description"),
        message_flow=wire.text(campaign, "messageFlow"),
        samples=tuple(item for item in content if item.field in wire.SAMPLE_FIELDS),
        help_message=wire.text(campaign, "helpMessage"),
        optin_message=wire.text(campaign, "optinMessage"),
        optout_message=wire.text(campaign, "optoutMessage"),
        keywords={name: wire.text(campaign, name) for name in wire.KEYWORD_FIELDS},
        embedded_link=wire.flag(campaign, "embeddedLink"),
        embedded_phone=wire.flag(campaign, "embeddedPhone"),
        embedded_link_sample=wire.text(campaign, "embeddedLinkSample"),
        number_pool=wire.flag(campaign, "numberPool"),
        age_gated=wire.flag(campaign, "ageGated"),
        direct_lending=wire.flag(campaign, "directLending"),
        required_flags={name: wire.flag(campaign, name) for name in wire.REQUIRED_TRUE_FLAGS},
        privacy_policy_link=wire.text(campaign, "privacyPolicyLink"),
        terms_and_conditions_link=wire.text(campaign, "termsAndConditionsLink"),
        content=content,
    )


def keyword_list(value: str) -> tuple[str, ...]:
    """The entries of a comma-separated keyword field as typed: spaces and empty entries kept, to be reported."""
    return tuple(value.split(",")) if value else ()


def _names(*names: str) -> tuple[str, ...]:
    folded = []
    for name in filter(None, map(fold, names)):
        folded.append(name)
        words = name.split()
        while len(words) > 1 and words[-1] in terms.LEGAL_SUFFIXES:
            words.pop()
        folded.append(" ".join(words))
    return tuple(dict.fromkeys(folded))
