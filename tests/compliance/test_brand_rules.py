"""Each brand rule against its mistake and its look-alikes; EIN forms in detail."""

from typing import Any

import pytest

from tendlc.compliance import CheckContext, check_brand
from tests.compliance import payloads


def found(brand: dict[str, Any], context: CheckContext | None = None) -> list[tuple[str, tuple[str, ...]]]:
    return [(finding.rule, finding.fields) for finding in check_brand(brand, context or payloads.context())]


def messages(brand: dict[str, Any], context: CheckContext | None = None) -> list[str]:
    return [finding.message for finding in check_brand(brand, context or payloads.context())]


@pytest.mark.parametrize(
    ("ein", "expected"),
    [
        ("12-3456789", []),
        (" 74-2918365 ", []),
        ("98-7654321", []),
        # As the API stores it.
        ("123456789", []),
        ("12 3456789", ["Write the EIN as 12-3456789 (or 123456789): only digits and one hyphen."]),
        ("12.345.6789", ["Write the EIN as 12-3456789 (or 123456789): only digits and one hyphen."]),
        ("003456789", ["No EIN starts with 00: check 003456789 against the IRS letter (CP 575)."]),
        (
            "12-345678",
            ["The EIN '12-345678' is not nine digits: enter it as on the IRS letter, e.g. 12-3456789."],
        ),
        (
            "EIN-TBD",
            ["The EIN 'EIN-TBD' is not nine digits: enter it as on the IRS letter, e.g. 12-3456789."],
        ),
        ("00-1234567", ["No EIN starts with 00: check 00-1234567 against the IRS letter (CP 575)."]),
        ("07-5512090", ["No EIN starts with 07: check 07-5512090 against the IRS letter (CP 575)."]),
        ("89-1234567", ["No EIN starts with 89: check 89-1234567 against the IRS letter (CP 575)."]),
    ],
)
def test_ein_forms(ein, expected):
    assert messages(payloads.brand(ein=ein)) == expected


FIRING = [
    pytest.param(payloads.brand(ein=""), None, [("brand.ein.required", ("ein",))], id="company without EIN"),
    pytest.param(
        payloads.brand(entityType="GOVERNMENT", ein=None),
        None,
        [("brand.ein.required", ("ein",))],
        id="government body without EIN",
    ),
    pytest.param(
        payloads.brand(),
        payloads.context(other_brands_with_ein=1),
        [("brand.ein.shared", ("ein",))],
        id="EIN on another brand",
    ),
    pytest.param(payloads.brand(street="P.O. Box 4410"), None, [("brand.street.po_box", ("street",))]),
    pytest.param(payloads.brand(street="PO Box 12"), None, [("brand.street.po_box", ("street",))]),
    pytest.param(payloads.brand(street="Post Office Box 9"), None, [("brand.street.po_box", ("street",))]),
    pytest.param(payloads.brand(street="POB 77"), None, [("brand.street.po_box", ("street",))]),
    pytest.param(
        payloads.brand(street="Box 300, Rural Route 2"), None, [("brand.street.po_box", ("street",))]
    ),
    pytest.param(payloads.brand(street="1200 Main St PMB 118"), None, [("brand.street.po_box", ("street",))]),
    pytest.param(
        payloads.brand(website="https://www.facebook.com/brightsidedental", email="office@facebook.com"),
        None,
        [("brand.website.own_domain", ("website",))],
        id="social profile",
    ),
    pytest.param(
        payloads.brand(website="https://brightside-dental.wixsite.com/home", email="office@wixsite.com"),
        None,
        [("brand.website.own_domain", ("website",))],
        id="free site builder",
    ),
    pytest.param(
        payloads.brand(website="https://www.brightsidedental.com/locations/austin"),
        None,
        [("brand.website.own_domain", ("website",))],
        id="a page, not the root",
    ),
    pytest.param(
        payloads.brand(website="brightside dental"),
        None,
        [("brand.website.own_domain", ("website",))],
        id="no address at all",
    ),
    pytest.param(
        payloads.brand(email="brightsidedental@gmail.com"),
        None,
        [("brand.email.domain", ("email", "website"))],
    ),
    pytest.param(
        payloads.brand(entityType="PUBLIC_PROFIT", stockExchange="NONE"),
        None,
        [("brand.public_company.listing", ("stockSymbol", "stockExchange", "businessContactEmail"))],
    ),
    pytest.param(payloads.sole_proprietor(ein="82-4419302"), None, [("brand.sole_proprietor.ein", ("ein",))]),
    pytest.param(
        payloads.sole_proprietor(),
        payloads.context(other_sole_proprietor_brands_on_mobile=3),
        [("brand.sole_proprietor.mobile_phone_limit", ("mobilePhone",))],
    ),
]


@pytest.mark.parametrize(("brand", "context", "expected"), FIRING)
def test_a_rule_fires_on_the_mistake_it_exists_for(brand, context, expected):
    assert found(brand, context) == expected


QUIET = [
    pytest.param(payloads.brand(country="CA", ein="123456789RC0001"), None, id="Canadian business number"),
    pytest.param(payloads.brand(street="1200 Boxwood Ln"), None, id="Boxwood is no box"),
    pytest.param(payloads.brand(street="55 Post Office Square"), None, id="Post Office Square"),
    pytest.param(payloads.brand(website="brightsidedental.com/"), None, id="root without scheme"),
    pytest.param(payloads.brand(website="http://brightsidedental.com"), None, id="http root"),
    pytest.param(payloads.brand(email="billing@mail.brightsidedental.com"), None, id="e-mail on a subdomain"),
    pytest.param(payloads.brand(website=None, email="office@gmail.com"), None, id="no website to compare"),
    pytest.param(
        payloads.brand(
            entityType="PUBLIC_PROFIT",
            stockSymbol="BSDG",
            stockExchange="NYSE",
            businessContactEmail="legal@brightsidedental.com",
        ),
        None,
        id="listed public company",
    ),
    pytest.param(
        payloads.sole_proprietor(), payloads.context(other_sole_proprietor_brands_on_mobile=2), id="third"
    ),
    pytest.param(payloads.brand(), CheckContext(), id="context not looked up"),
]


@pytest.mark.parametrize(("brand", "context"), QUIET)
def test_a_rule_lets_the_look_alikes_pass(brand, context):
    assert found(brand, context) == []


def test_a_public_company_is_told_what_is_missing():
    brand = payloads.brand(entityType="PUBLIC_PROFIT", stockSymbol="BSDG", stockExchange="NYSE")

    assert messages(brand) == [
        "A public company needs its business contact e-mail: the registry checks the listing, and Telnyx "
        "e-mails a verification link to the business contact e-mail."
    ]
