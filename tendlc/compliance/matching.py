"""Matching words and phrases in free text: whole words, case-insensitive, compiled once."""

import re
from collections.abc import Iterable
from difflib import SequenceMatcher
from typing import Final

from tendlc.compliance import terms

# A full stop inside a link ("acme.com/privacy") does not end the sentence.
_SENTENCE_END: Final = re.compile(r"[.!?;](?=\s|$)|\n")
_NOT_ALNUM: Final = re.compile(r"[^a-z0-9]+")


class TermMatcher:
    """Finds any of a list of terms as a whole word or phrase ("% off" and "e-cig" included)."""

    def __init__(self, words: Iterable[str]) -> None:
        # Longest first, so "craft beer" is reported rather than "beer".
        alternatives = sorted({word.lower() for word in words}, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(_whole, alternatives)), re.IGNORECASE)

    def first(self, text: str) -> str | None:
        found = self._pattern.search(_plain_quotes(text))
        return found.group(0) if found else None

    def first_affirmed(self, text: str) -> str | None:
        """The first term not negated earlier in its sentence ("will never be shared with third parties")."""
        plain = _plain_quotes(text)
        for found in self._pattern.finditer(plain):
            sentence_start = max(
                (end.end() for end in _SENTENCE_END.finditer(plain, 0, found.start())), default=0
            )
            if _NEGATION.first(plain[sentence_start : found.start()]) is None:
                return found.group(0)
        return None


def _whole(term: str) -> str:
    body = r"\s+".join(re.escape(part) for part in term.split())
    # Word boundaries only where the term has a word character, so "% off" still matches "20% off".
    before = r"(?<!\w)" if term[0].isalnum() else ""
    after = r"(?!\w)" if term[-1].isalnum() else ""
    return before + body + after


def _plain_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


_NEGATION: Final = TermMatcher(terms.NEGATIONS)


def fold(text: str) -> str:
    """Lower case, apostrophes dropped, "&" read as "and", any other punctuation a single space."""
    text = _plain_quotes(text).lower().replace("'", "").replace("&", " and ")
    return _NOT_ALNUM.sub(" ", text).strip()


def mentions(text: str, folded_names: Iterable[str]) -> bool:
    """Whether ``text`` names any of the (already folded) names as whole words."""
    padded = f" {fold(text)} "
    return any(name and f" {name} " in padded for name in folded_names)


def similarity(first: str, second: str) -> float:
    """How alike two texts are word by word, 0 to 1, ignoring case and punctuation; a text without words is
    like nothing, so punctuation alone never reads as a copy."""
    first_words, second_words = fold(first).split(), fold(second).split()
    if not first_words or not second_words:
        return 0.0
    return SequenceMatcher(None, first_words, second_words, autojunk=False).ratio()
