"""Links in text, shorteners and profiles by host (subdomains included), a host's site, typed URLs."""

import pytest

from tendlc.compliance.links import (
    email_host,
    is_profile_host,
    is_public_shortener,
    links_in,
    site,
    web_address,
)


@pytest.mark.parametrize(
    ("text", "hosts"),
    [
        ("Track: https://www.SwiftParcel.com/t/8H2K4.", ["www.swiftparcel.com"]),
        ("See acme.com/offers or shop.acme.co.uk today", ["acme.com", "shop.acme.co.uk"]),
        ("Go to bit.ly/3xY and t.co/abc", ["bit.ly", "t.co"]),
        ("Any TLD with a scheme: https://studio.photography/book", ["studio.photography"]),
        # Not links: an e-mail address, abbreviations, unknown TLDs without a scheme, prices.
        ("Email help@acme.com", []),
        ("Dr.Smith sees you at 10 a.m. in St.Louis, e.g. Suite 4", []),
        ("Only $9.99 today", []),
    ],
)
def test_links_in_text(text, hosts):
    assert [link.host for link in links_in(text)] == hosts


def test_a_link_keeps_its_path_without_trailing_punctuation():
    assert [link.text for link in links_in("(see https://acme.com/a?b=1).")] == ["https://acme.com/a?b=1"]


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("bit.ly", True),
        ("www.bit.ly", True),
        ("on.bit.ly", True),
        ("tinyurl.com", True),
        ("preview.tinyurl.com", True),
        ("rb.gy", True),
        ("notbit.ly", False),
        ("bit.ly.acme.com", False),
        ("acme.com", False),
        ("go.acme.com", False),
    ],
)
def test_public_shorteners_by_host(host, expected):
    assert is_public_shortener(host) is expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("facebook.com", True),
        ("m.facebook.com", True),
        ("sites.google.com", True),
        ("acme.wixsite.com", True),
        ("linktr.ee", True),
        ("google.com", False),
        ("acmefacebook.com", False),
    ],
)
def test_profile_hosts(host, expected):
    assert is_profile_host(host) is expected


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("acme.com", "acme.com"),
        ("www.acme.com", "acme.com"),
        ("a.b.acme.com", "acme.com"),
        ("www.acme.co.uk", "acme.co.uk"),
        ("ACME.COM", "acme.com"),
    ],
)
def test_site_of_a_host(host, expected):
    assert site(host) == expected


@pytest.mark.parametrize(
    ("value", "scheme_required", "expected"),
    [
        ("https://www.acme.com/privacy", True, ("www.acme.com", "/privacy", "")),
        ("http://acme.com/?a=1", True, ("acme.com", "/", "a=1")),
        ("acme.com/privacy", True, None),
        ("acme.com", False, ("acme.com", "", "")),
        ("https://acme", True, None),
        ("https://acme .com", True, None),
        ("privacy policy on our site", False, None),
        ("", False, None),
    ],
)
def test_web_address(value, scheme_required, expected):
    address = web_address(value, scheme_required=scheme_required)
    assert (address and (address.host, address.path, address.query)) == expected


@pytest.mark.parametrize(
    ("email", "expected"),
    [("office@BrightsideDental.com", "brightsidedental.com"), ("office", None), ("a@b", None), ("", None)],
)
def test_email_host(email, expected):
    assert email_host(email) == expected
