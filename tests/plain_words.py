"""What counts as wire talk on a page a user reads (issue 18, "speaks compliance, not wire"): an enum's wire
code (``MNO_PROVISIONED``), a camelCase field name of the API (``embeddedLink``), or a Python/JSON repr of a
dict or list (``{'category': []}``, ``["STOP"]``).

Shared by the browser test (tests/browser/test_plain_words.py), which reads what the browser renders, and the
test-client one (tests/admin/test_plain_words.py), which reads the HTML. Both leave out what a person is not
meant to read as prose: the admin-only "Technical details" block, ``<code>`` identifiers (TCR ids) and the
values of form inputs.
"""

import re

from tendlc.client.fields import SNAKE_BY_WIRE

ENUM_CODE = re.compile(r"\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b")
# The API's field names that are not plain words ("ein" and "city" are words; "embeddedLink" is not).
WIRE_NAMES = frozenset(name for name in SNAKE_BY_WIRE if re.search(r"[a-z][A-Z]", name))
WIRE_NAME = re.compile(r"\b(?:" + "|".join(sorted(WIRE_NAMES, key=len, reverse=True)) + r")\b")
REPR = re.compile(r"""\{'|\['|\{"|\["|\[\]|\{\}""")


def offenders(text: str) -> list[str]:
    """Every piece of wire talk in ``text``, each with a little of the text around it."""
    found = []
    for pattern in (ENUM_CODE, WIRE_NAME, REPR):
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), min(match.end() + 30, len(text))
            found.append(f"{match.group()!r} in …{' '.join(text[start:end].split())}…")
    return found
