"""Links and domains: finding links in message text, telling a public shortener or a social profile from a
domain of one's own, and comparing a link's site with the brand's."""

import re
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from tendlc.compliance import terms

_LABEL: Final = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
# Not after "@" or another host character, so the domain of an e-mail address is not a link.
_LINK: Final = re.compile(
    rf"(?<![@\w.-])(?P<scheme>https?://)?(?P<host>(?:{_LABEL}\.)+(?P<tld>[a-z]{{2,24}}))(?::\d+)?(?P<rest>[/?#]\S*)?",
    re.IGNORECASE,
)
_HOST: Final = re.compile(rf"^(?:{_LABEL}\.)+[a-z]{{2,24}}$")
_EMAIL: Final = re.compile(r"^[^@\s]+@(?P<host>[^@\s]+)$")
_TRAILING_PUNCTUATION: Final = ".,;:!?)]}\"'\u201d\u2019"


@dataclass(frozen=True)
class Link:
    text: str
    host: str


@dataclass(frozen=True)
class WebAddress:
    host: str
    path: str
    query: str


def links_in(text: str) -> tuple[Link, ...]:
    """The links in a message, with or without ``https://``; without it only well-known top-level domains
    count, so "Dr.Smith" is no link."""
    found = []
    for match in _LINK.finditer(text):
        if not match.group("scheme") and match.group("tld").lower() not in terms.BARE_LINK_TLDS:
            continue
        found.append(
            Link(text=match.group(0).rstrip(_TRAILING_PUNCTUATION), host=match.group("host").lower())
        )
    return tuple(found)


def web_address(value: str, *, scheme_required: bool) -> WebAddress | None:
    """A URL typed into a form, or None when it is not one a reviewer could open."""
    value = value.strip()
    has_scheme = value.lower().startswith(("http://", "https://"))
    if not value or any(character.isspace() for character in value) or (scheme_required and not has_scheme):
        return None
    parts = urlsplit(value if has_scheme else f"https://{value}")
    host = (parts.hostname or "").rstrip(".")
    if not _HOST.match(host):
        return None
    return WebAddress(host=host, path=parts.path, query=parts.query)


def email_host(email: str) -> str | None:
    match = _EMAIL.match(email.strip())
    return (
        match.group("host").lower().rstrip(".")
        if match and _HOST.match(match.group("host").lower())
        else None
    )


def site(host: str) -> str:
    """The registrable domain of a host: ``shop.acme.com`` is ``acme.com``, ``www.acme.co.uk`` ``acme.co.uk``."""
    labels = host.lower().split(".")
    size = 3 if len(labels) >= 3 and ".".join(labels[-2:]) in terms.MULTI_LABEL_SUFFIXES else 2
    return ".".join(labels[-size:])


def is_public_shortener(host: str) -> bool:
    return _within(host, terms.PUBLIC_SHORTENERS)


def is_profile_host(host: str) -> bool:
    return _within(host, terms.PROFILE_HOSTS)


def _within(host: str, domains: frozenset[str]) -> bool:
    """Whether ``host`` is one of ``domains`` or a subdomain of one (``on.bit.ly``, ``www.facebook.com``)."""
    labels = host.lower().split(".")
    return any(".".join(labels[start:]) in domains for start in range(len(labels) - 1))
