"""Which JSON bodies the API reads: this module owns that decision, for every endpoint at once.

DRF's JSON parser takes whatever Python's ``json`` takes, and three kinds of body got through it to become a
server error further on; they are refused here as a 400 in the API's error shape instead:

| body | what it did | refused because |
|---|---|---|
| nested deeper than ``MAX_DEPTH`` | ``RecursionError`` in the parser (or in whatever walks it later) | no input of ours is nested more than a few levels |
| a number beyond a float (``1e400``, ``-1e400``) | read as infinity, then an ``OverflowError`` where an id or a number is expected | it is no number anything here can hold |
| text with a lone surrogate (``"\\ud800"``) | stored as it is, until the database (or its UTF-8 encoder) refuses it | it is not Unicode text |

``NaN`` and ``Infinity`` are refused as DRF already does (they are not JSON). A NUL in text is left to the
field it is given for, which refuses it with its own message (Django's and DRF's text fields both do).
"""

import codecs
import json
import math
from collections.abc import Mapping
from typing import Any, NoReturn

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# Levels of arrays and objects; the deepest body the API takes (a bulk upload's rows) has three.
MAX_DEPTH = 32


class PortalJSONParser(JSONParser):
    def parse(
        self, stream: Any, media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            document = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
        except RecursionError:
            raise ParseError(f"The JSON body is nested more than {MAX_DEPTH} levels deep.") from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        problem = json_problem(document)
        if problem:
            raise ParseError(problem)
        return document


def json_problem(document: Any) -> str | None:
    """Why the parsed ``document`` is refused (too deep, text that is not Unicode), or None. Iterative, so any
    depth that parsed is walked without recursion."""
    pending: list[tuple[Any, int, str]] = [(document, 0, "")]
    while pending:
        value, depth, path = pending.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_DEPTH:
                return f"The JSON body is nested more than {MAX_DEPTH} levels deep."
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str) and not _is_unicode(key):
                    return (
                        f"A name in the JSON body{_at(path)} is not Unicode text (it has a lone surrogate)."
                    )
                pending.append((item, depth + 1, f"{path}.{key}" if path else str(key)))
        elif isinstance(value, str) and not _is_unicode(value):
            return f"The text{_at(path)} is not Unicode text (it has a lone surrogate)."
    return None


def _at(path: str) -> str:
    return f" at {path}" if path else ""


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _finite_float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text} is out of range for a number")
    return number


def _refuse_constant(name: str) -> NoReturn:
    raise ValueError(f"Out of range float values are not JSON compliant: {name!r}")
