"""Brand rules: the identity details the registry rejects or flags (EIN, address, website, e-mail, public
listing, sole-proprietor limits)."""

import re
from typing import Final

from tendlc.compliance import references, terms
from tendlc.compliance.facts import BrandFacts
from tendlc.compliance.findings import ERROR, WARNING
from tendlc.compliance.links import email_host, is_profile_host, site, web_address
from tendlc.compliance.registry import NOT_APPLICABLE, PASSED, Hit, RuleSet, Verdict
from tendlc.compliance.wire import words

BRAND_RULES: Final[RuleSet[BrandFacts]] = RuleSet("brand")
rule = BRAND_RULES.rule

# The hyphen is optional: the registry and the API store EINs as nine bare digits (reference §B2: "111111111").
_EIN: Final = re.compile(r"(\d{2})-?\d{7}")
_PO_BOX: Final = tuple(re.compile(pattern) for pattern in terms.PO_BOX_PATTERNS)


def _needs_ein(b: BrandFacts) -> bool:
    # Outside the US the field carries another country's tax id, whose form these rules do not know.
    return b.entity_type in terms.ENTITY_TYPES_NEEDING_EIN and b.country == "US"


@rule("brand.ein.required", ERROR, references.TCR_BRAND_IDENTITY)
def ein_required(b: BrandFacts) -> Verdict:
    """A US company, non-profit or government brand gives its EIN."""
    if not _needs_ein(b):
        return NOT_APPLICABLE
    if b.ein:
        return PASSED
    message = f"A {b.entity_type} brand needs its EIN (12-3456789), exactly as on its IRS letter."
    return [Hit(("ein",), message)]


@rule("brand.ein.format", ERROR, references.IRS_EIN)
def ein_format(b: BrandFacts) -> Verdict:
    """The EIN is nine digits, NN-NNNNNNN (hyphen optional), and starts with a prefix the IRS issues."""
    if not b.ein or not _needs_ein(b):
        return NOT_APPLICABLE
    match = _EIN.fullmatch(b.ein)
    if match and match.group(1) in terms.EIN_PREFIXES:
        return PASSED
    digits = re.sub(r"\D", "", b.ein)
    if match:
        message = f"No EIN starts with {match.group(1)}: check {b.ein} against the IRS letter (CP 575)."
    elif len(digits) == 9:
        message = f"Write the EIN as {digits[:2]}-{digits[2:]} (or {digits}): only digits and one hyphen."
    else:
        message = f"The EIN {b.ein!r} is not nine digits: enter it as on the IRS letter, e.g. 12-3456789."
    return [Hit(("ein",), message)]


@rule("brand.ein.shared", WARNING, references.TCR_BRAND_IDENTITY)
def ein_shared(b: BrandFacts) -> Verdict:
    """No other brand is registered with the same EIN."""
    others = b.context.other_brands_with_ein
    if others is None or not b.ein:
        return NOT_APPLICABLE
    if others == 0:
        return PASSED
    message = (
        f"{others} other brand(s) use the EIN {b.ein}: a company registers one brand; use the existing one, "
        "or check the EIN."
    )
    return [Hit(("ein",), message)]


@rule("brand.street.po_box", ERROR, references.TCR_BRAND_IDENTITY)
def street_po_box(b: BrandFacts) -> Verdict:
    """The street address is a physical address, not a PO box."""
    if not b.street:
        return NOT_APPLICABLE
    street = b.street.lower()
    if not any(pattern.search(street) for pattern in _PO_BOX):
        return PASSED
    message = "The street is a PO box or mailbox: give the physical address where the business operates."
    return [Hit(("street",), message)]


@rule("brand.website.own_domain", ERROR, references.TCR_BRAND_IDENTITY)
def website_own_domain(b: BrandFacts) -> Verdict:
    """The website is the root of a domain of the brand's own, not a social profile or a page on another site."""
    if not b.website:
        return NOT_APPLICABLE
    address = web_address(b.website, scheme_required=False)
    if address is None:
        message = f"The website {b.website!r} is not a web address: enter the brand's site, e.g. https://www.acme.com."
    elif is_profile_host(address.host):
        message = (
            f"The website is a page on {site(address.host)}, not a domain of the brand's own: "
            "enter the brand's own site."
        )
    elif address.path.strip("/") or address.query:
        message = f"Enter the root of the brand's site, https://{address.host}, not one page of it."
    else:
        return PASSED
    return [Hit(("website",), message)]


@rule("brand.email.domain", WARNING, references.TCR_BRAND_IDENTITY)
def email_domain(b: BrandFacts) -> Verdict:
    """The e-mail address is on the website's domain (sole proprietors excepted)."""
    if b.is_sole_proprietor:
        return NOT_APPLICABLE
    address = web_address(b.website, scheme_required=False)
    host = email_host(b.email)
    if address is None or host is None:
        return NOT_APPLICABLE
    own = site(address.host)
    if site(host) == own:
        return PASSED
    message = (
        f"The e-mail {b.email} is not on the brand's domain {own}: use an address at {own}, "
        "so reviewers can tie the brand to its website."
    )
    return [Hit(("email", "website"), message)]


@rule("brand.public_company.listing", ERROR, references.TCR_PUBLIC_COMPANY)
def public_company_listing(b: BrandFacts) -> Verdict:
    """A public company gives its stock symbol, its exchange and a business contact e-mail."""
    if b.entity_type != terms.PUBLIC_PROFIT:
        return NOT_APPLICABLE
    missing = [
        field
        for field, given in (
            ("stockSymbol", b.stock_symbol),
            ("stockExchange", b.stock_exchange not in ("", "NONE")),
            ("businessContactEmail", b.business_contact_email),
        )
        if not given
    ]
    if not missing:
        return PASSED
    message = (
        f"A public company needs its {', '.join(map(words, missing))}: the registry checks the listing, and "
        "Telnyx e-mails a verification link to the business contact e-mail."
    )
    return [Hit(tuple(missing), message)]


@rule("brand.sole_proprietor.ein", ERROR, references.TELNYX_SOLE_PROPRIETOR)
def sole_proprietor_ein(b: BrandFacts) -> Verdict:
    """A sole proprietor registers without an EIN."""
    if not b.is_sole_proprietor:
        return NOT_APPLICABLE
    if not b.ein:
        return PASSED
    message = "A sole proprietor registers without an EIN: remove it, or register the business as a private for-profit company."
    return [Hit(("ein",), message)]


@rule("brand.sole_proprietor.mobile_phone_limit", ERROR, references.TELNYX_SOLE_PROPRIETOR)
def sole_proprietor_mobile_phone_limit(b: BrandFacts) -> Verdict:
    """A sole proprietor's mobile number backs at most three sole-proprietor brands."""
    others = b.context.other_sole_proprietor_brands_on_mobile
    if not b.is_sole_proprietor or others is None:
        return NOT_APPLICABLE
    if others < terms.MAX_SOLE_PROPRIETOR_BRANDS_PER_MOBILE:
        return PASSED
    message = (
        f"The mobile number {b.mobile_phone} already backs {others} sole-proprietor brands, the most allowed: "
        "use another mobile number of the owner's."
    )
    return [Hit(("mobilePhone",), message)]
