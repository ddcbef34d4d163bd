"""Recognisers for what carriers look for in a message: opt-out and help language, unfilled placeholders,
phone numbers and one-time codes. Patterns are built from ``terms`` once, at import."""

import re
from typing import Final

from tendlc.compliance import terms


def _keyword_language(words: tuple[str, ...]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A keyword in capitals as a whole word ("Reply STOP"), and in any case after a reply verb ("text stop")."""
    alternatives = "|".join(word.upper() for word in words)
    verbs = "|".join(r"\s+".join(verb.split()) for verb in terms.REPLY_VERBS)
    capitals = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
    after_verb = re.compile(
        rf"(?<!\w)(?:{verbs})\s+[\"'\u201c\u2018]?(?:{alternatives})(?!\w)", re.IGNORECASE
    )
    return capitals, after_verb


_OPT_OUT: Final = _keyword_language(terms.OPT_OUT_WORDS)
_HELP: Final = _keyword_language(terms.HELP_WORDS)

_BRACKETED: Final = re.compile(r"\[([^\[\]\n]{1,80})\]|<([^<>\n]{1,80})>")
_UNFILLED: Final = tuple(re.compile(pattern) for pattern in terms.UNFILLED_BRACKET_PATTERNS)
_TEMPLATE: Final = re.compile(terms.TEMPLATE_PATTERN)
_CODE_VARIABLE: Final = re.compile(rf"\b(?:{'|'.join(terms.CODE_VARIABLE_WORDS)})\b")

# North American numbers as people write them: (512) 555-0142, 512-555-0142, +1 512.555.0142, +15125550142.
# Ten bare digits are left out: they are as likely an order or account number.
_PHONE: Final = re.compile(
    r"(?<![\w+])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)|(?<![\w+])\+1\d{10}(?!\d)"
)
_DIGIT_CODE: Final = re.compile(r"(?<!\d)\d{4,10}(?!\d)")
_EMAIL_ADDRESS: Final = re.compile(r"[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}\b", re.IGNORECASE)
_FILLER: Final = tuple(re.compile(pattern) for pattern in terms.FILLER_PATTERNS)
# "Text JOIN to 55555", "send the keyword START": a text-in opt-in naming its keyword (in capitals).
_TEXT_IN: Final = re.compile(
    r"(?i:\b(?:text|txt|texting|send|sending|reply|replying)\s+(?:the\s+)?(?:(?:key)?word\s+)?)"
    r"[\"'\u201c\u2018]?[A-Z][A-Z0-9]{1,19}\b"
)
_CAPITALISED_WORD: Final = re.compile(r"\b[A-Z][A-Z0-9]{1,19}\b")
_QUOTED_WORD: Final = re.compile(r"[\"\u201c\u2018']([A-Za-z0-9]{2,20})[\"\u201d\u2019']")


def has_opt_out_language(text: str) -> bool:
    return any(pattern.search(text) for pattern in _OPT_OUT)


def has_help_language(text: str) -> bool:
    return any(pattern.search(text) for pattern in _HELP)


def unfilled_placeholders(text: str) -> list[str]:
    """Template text left in a message: ``{{name}}``, ``[Insert date]``, ``[company name]``, ``<link>``.

    Bracketed per-recipient variables (``[first name]``, ``[date]``, ``[order number]``) are how samples show
    what changes from message to message, and are not reported.
    """
    found = [match.group(0) for match in _TEMPLATE.finditer(text)]
    for match in _BRACKETED.finditer(text):
        content = (match.group(1) or match.group(2)).strip().lower()
        if any(pattern.search(content) for pattern in _UNFILLED):
            found.append(match.group(0))
    return found


def has_phone_number(text: str) -> bool:
    return _PHONE.search(text) is not None


def has_code(text: str) -> bool:
    """A one-time code: four to ten digits outside a phone number, or a bracketed variable for one
    (``[6-digit code]``)."""
    if _DIGIT_CODE.search(_PHONE.sub(" ", text)):
        return True
    return any(
        _CODE_VARIABLE.search((match.group(1) or match.group(2)).lower())
        for match in _BRACKETED.finditer(text)
    )


def has_email_address(text: str) -> bool:
    return _EMAIL_ADDRESS.search(text) is not None


def filler(text: str) -> str | None:
    """Text a template or a hurried user leaves where a description belongs ("lorem ipsum", "test")."""
    lowered = text.strip().lower()
    for pattern in _FILLER:
        match = pattern.search(lowered)
        if match:
            return match.group(0)
    return None


def names_text_in_keyword(text: str) -> bool:
    """Whether the text says which keyword to text: "Text JOIN to 55555"."""
    return _TEXT_IN.search(text) is not None


def keyword_candidates(text: str) -> set[str]:
    """Words a message flow may give as a keyword: in capitals, or in quotes ("text 'join'")."""
    found = {word for word in _CAPITALISED_WORD.findall(text) if word not in terms.NOT_KEYWORDS}
    return found | {word.upper() for word in _QUOTED_WORD.findall(text)}
