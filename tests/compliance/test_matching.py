"""Term matching: whole words and phrases, terms with punctuation, negation, folding, similarity."""

import pytest

from tendlc.compliance.matching import TermMatcher, fold, mentions, similarity


@pytest.mark.parametrize(
    ("terms", "text", "found"),
    [
        (("beer", "craft beer"), "Try our Craft  Beer flight", "Craft  Beer"),
        (("sex",), "Essex County news", None),
        (("sex",), "Sex ed class", "Sex"),
        (("% off",), "Take 20% off today", "% off"),
        (("e-cig",), "New e-cig kits", "e-cig"),
        (("gun",), "Bring your own glue gun.", "gun"),
        (("gun",), "Gunnison trip", None),
    ],
)
def test_term_matcher_finds_whole_words(terms, text, found):
    assert TermMatcher(terms).first(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("We share your number with third parties.", "third parties"),
        ("No mobile information will be shared with third parties.", None),
        ("We never sell data to third parties (see https://acme.com/privacy) or partners.", None),
        ("We won\u2019t share it with third parties.", None),
        ("We do not spam. We share your number with third parties.", "third parties"),
    ],
)
def test_negated_terms_are_not_affirmed(text, found):
    assert TermMatcher(("third parties",)).first_affirmed(text) == found


def test_fold():
    assert fold("Nonna\u2019s Table & Bar, L.L.C.") == "nonnas table and bar l l c"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NONNA'S TABLE: table for 2", True),
        ("Nonnas Table: see you", True),
        ("Nonna's Tables are full", False),
        ("", False),
    ],
)
def test_mentions(text, expected):
    assert mentions(text, ("nonnas table",)) is expected


def test_similarity_ignores_case_and_punctuation():
    assert similarity("Your box ships tonight!", "your box ships tonight") == 1.0
    assert similarity("Your box ships tonight", "Trivia night is Wednesday") < 0.5
    assert similarity("", "") == 0.0
