"""The pages a campaign links to, as a reviewer opens them: which URLs are checked (``link_targets``), what a
fetched page shows (``page_read``), and the findings at the field that links to it (``link_findings``).

Pure like the rest of the engine: fetching is ``tendlc.services.link_fetch``'s; this module reads what came
back. Findings name wire fields (``privacyPolicyLink``; the brand's ``website``) like every other finding.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any, Final
from urllib.parse import urlsplit

from tendlc.compliance import detectors, references, terms
from tendlc.compliance.findings import ERROR, WARNING, Finding
from tendlc.compliance.links import links_in, site, web_address
from tendlc.compliance.matching import TermMatcher

WEBSITE: Final = "website"
PRIVACY: Final = "privacy"
TERMS: Final = "terms"
OPT_IN: Final = "opt_in"
EMBEDDED: Final = "embedded"
KIND_LABELS: Final = {
    WEBSITE: "website",
    PRIVACY: "privacy policy",
    TERMS: "terms and conditions",
    OPT_IN: "opt-in page",
    EMBEDDED: "link in the messages",
}
# Links the message flow names beyond these are not opened: an opt-in page or two is what reviewers follow.
MAX_FLOW_LINKS: Final = 2

_SIGN_IN: Final = TermMatcher(terms.SIGN_IN_TERMS)
_SHARING_VERB: Final = TermMatcher(terms.NO_SHARING_VERBS)
_SHARING_PARTY: Final = TermMatcher(terms.NO_SHARING_PARTIES)
_SHARING_SUBJECT: Final = TermMatcher(terms.NO_SHARING_SUBJECTS)
_NEGATION: Final = TermMatcher(terms.NEGATIONS)
_RATES: Final = TermMatcher(terms.RATES_TERMS)
_CONSENT: Final = tuple(re.compile(pattern) for pattern in terms.SMS_CONSENT_PATTERNS)
_SENTENCE: Final = re.compile(r"(?<=[.!?;])\s+|\n+")
_SCHEMED: Final = re.compile(r"https?://[^\s<>\"'\u201c\u201d]+", re.IGNORECASE)
_TRAILING: Final = ".,;:!?)]}\"'\u201d\u2019"


@dataclass(frozen=True)
class LinkTarget:
    """A URL a reviewer opens, and the field (wire name) that gives it."""

    field: str
    kind: str
    url: str


def _address(value: str) -> str | None:
    """The URL a field holds: as typed when it names its scheme (an address the fetcher then judges, private
    ones included), with https:// when it is a bare site name."""
    value = (value or "").strip()
    if _SCHEMED.fullmatch(value):
        return value
    return f"https://{value}" if web_address(value, scheme_required=False) is not None else None


def _linked(text: str) -> list[str]:
    """The links in prose: those written with their scheme, then bare site names (``acme.com/book``)."""
    schemed = [match.group(0).rstrip(_TRAILING) for match in _SCHEMED.finditer(text or "")]
    bare = [f"https://{link.text}" for link in links_in(text or "") if "://" not in link.text]
    return [url for url in dict.fromkeys([*schemed, *bare]) if urlsplit(url).hostname]


def link_targets(campaign: Mapping[str, Any], *, website: str = "") -> tuple[LinkTarget, ...]:
    """The URLs of a wire-named campaign (and its brand's website) a reviewer opens, each once."""
    found: list[LinkTarget] = []
    for field, kind, url in (
        (WEBSITE, WEBSITE, _address(website)),
        ("privacyPolicyLink", PRIVACY, _address(campaign.get("privacyPolicyLink") or "")),
        ("termsAndConditionsLink", TERMS, _address(campaign.get("termsAndConditionsLink") or "")),
    ):
        if url is not None:
            found.append(LinkTarget(field, kind, url))
    opened = {target.url for target in found}
    flow = [url for url in _linked(campaign.get("messageFlow") or "") if url not in opened]
    found.extend(LinkTarget("messageFlow", OPT_IN, url) for url in dict.fromkeys(flow[:MAX_FLOW_LINKS]))
    for url in _linked(campaign.get("embeddedLinkSample") or "")[:1]:
        found.append(LinkTarget("embeddedLinkSample", EMBEDDED, url))
    return tuple(found)


@dataclass(frozen=True)
class PageRead:
    """What a fetched HTML page shows: its visible text, title and main headings, and whether it asks for a
    password."""

    text: str
    title: str
    headings: str
    has_password_field: bool


class _Reader(HTMLParser):
    HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.title: list[str] = []
        self.headings: list[str] = []
        self.password = False
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input" and any(
            name == "type" and (value or "").lower() == "password" for name, value in attrs
        ):
            self.password = True
        if tag in ("br", "p", "div", "li", "tr", "h1", "h2", "h3", "section", "article"):
            self.text.append("\n")
        if tag not in ("input", "br", "img", "meta", "link", "hr"):
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass
        if tag in ("p", "div", "li", "h1", "h2", "h3"):
            self.text.append("\n")

    def handle_data(self, data: str) -> None:
        if "title" in self._open:
            self.title.append(data)
        elif any(tag in self.HIDDEN for tag in self._open):
            return
        if any(tag in ("h1", "h2") for tag in self._open):
            self.headings.append(data)
        self.text.append(data)


def page_read(html: str) -> PageRead:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    text = re.sub(r"[ \t\r\f\v]+", " ", "".join(reader.text))
    return PageRead(
        text=re.sub(r"\s*\n\s*", "\n", text).strip(),
        title=" ".join("".join(reader.title).split()),
        headings=" ".join(" ".join(reader.headings).split()),
        has_password_field=reader.password,
    )


def has_no_sharing_clause(text: str) -> bool:
    """One sentence saying that mobile (SMS, opt-in) data is not shared, sold or rented to third parties."""
    return any(
        _NEGATION.first(sentence)
        and _SHARING_VERB.first(sentence)
        and _SHARING_PARTY.first(sentence)
        and _SHARING_SUBJECT.first(sentence)
        for sentence in _SENTENCE.split(text)
    )


def has_sms_consent(text: str) -> bool:
    return any(pattern.search(text) for pattern in _CONSENT)


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _hop_list(hops: Sequence[Mapping[str, Any]]) -> str:
    return " \u2192 ".join(str(hop["url"]) for hop in hops)


def link_findings(
    target: LinkTarget,
    *,
    failure: str | None,
    status: int | None,
    hops: Sequence[Mapping[str, Any]],
    final_url: str,
    page: PageRead | None,
) -> tuple[Finding, ...]:
    """The findings on one checked link: ``failure`` says why it could not be read (None: it was), ``hops``
    each request made (``url``, ``status``), ``page`` what the page showed when it was HTML."""
    what = KIND_LABELS[target.kind]
    fields = (target.field,)

    def finding(rule: str, severity: str, message: str, reference: str) -> Finding:
        return Finding(f"link.{rule}", ERROR if severity == ERROR else WARNING, fields, message, reference)

    if failure is not None and status in (401, 403):
        return (
            finding(
                "login_wall",
                ERROR,
                f"The {what} ({target.url}) asks for a login (the site answered {status}): reviewers must be"
                " able to read it without an account.",
                references.TCR_REVIEW_LINKS,
            ),
        )
    if failure is not None:
        return (
            finding(
                "unreachable",
                ERROR,
                f"Reviewers cannot open the {what} ({target.url}): {failure}.",
                references.TCR_REVIEW_LINKS,
            ),
        )
    found: list[Finding] = []
    if target.kind != EMBEDDED and len(hops) > 1 and site(_host(final_url)) != site(_host(target.url)):
        found.append(
            finding(
                "redirected",
                WARNING,
                f"The {what} redirects to another site ({_hop_list(hops)}): give the address reviewers end"
                " up on, on the brand's own site.",
                references.TCR_REVIEW_LINKS,
            )
        )
    if page is None:
        return tuple(found)
    if page.has_password_field or _SIGN_IN.first(f"{page.title}\n{page.headings}"):
        found.append(
            finding(
                "login_wall",
                ERROR,
                f"The {what} ({target.url}) shows a sign-in page: reviewers must be able to read it without"
                " an account.",
                references.TCR_REVIEW_LINKS,
            )
        )
        return tuple(found)
    if target.kind == PRIVACY and not has_no_sharing_clause(page.text):
        found.append(
            finding(
                "privacy.no_sharing",
                ERROR,
                "The privacy policy does not say that mobile numbers and text opt-in data are not shared with"
                ' or sold to third parties for marketing. Add a sentence such as "No mobile information will'
                ' be shared with third parties or affiliates for marketing or promotional purposes."',
                references.CTIA_SHARING_OPT_IN,
            )
        )
    if target.kind == TERMS:
        missing = [
            label
            for label, present in (
                ("how to get help (HELP)", detectors.has_help_language(page.text)),
                ("how to opt out (STOP)", detectors.has_opt_out_language(page.text)),
                (
                    'that message and data rates may apply ("Msg & data rates may apply")',
                    _RATES.first(page.text),
                ),
            )
            if not present
        ]
        if missing:
            found.append(
                finding(
                    "terms.sms",
                    ERROR,
                    f"The terms and conditions do not say {' or '.join(missing)}: the SMS terms need all three.",
                    references.CTIA_OPT_OUT,
                )
            )
    if target.kind == OPT_IN and not has_sms_consent(page.text):
        found.append(
            finding(
                "opt_in.consent",
                ERROR,
                f"The opt-in page ({target.url}) shows no consent to receive text messages: say what subscribers"
                ' agree to, e.g. "By checking this box you agree to receive text messages from ..."',
                references.CTIA_CALL_TO_ACTION,
            )
        )
    return tuple(found)
