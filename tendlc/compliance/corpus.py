"""The hand-written corpus of campaigns and brands, each labelled with the rules it must trigger; shared by
the corpus test and the ``compliance_report`` command.

A corpus is a directory of ``*.json`` files, each holding one case or a list of cases:
``{"name", "brand", "campaign" (optional), "context" (optional), "expect": [rule ids]}``. An empty ``expect``
marks a good case: no errors and no warnings.
"""

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from tendlc.compliance.engine import all_rules
from tendlc.compliance.submission import Submission, SubmissionError, submission_from_dict

_CASE_KEYS: Final = frozenset({"name", "expect"})


class CorpusError(ValueError):
    """A corpus file cannot be read, or a case in it is malformed."""


@dataclass(frozen=True)
class CorpusCase:
    name: str
    source: str
    submission: Submission
    expect: frozenset[str]


def load_corpus(directory: Path) -> list[CorpusCase]:
    files = sorted(directory.glob("*.json"))
    if not files:
        raise CorpusError(f"no *.json files in {directory}")
    cases: list[CorpusCase] = []
    for path in files:
        cases.extend(_cases(path))
    seen: set[str] = set()
    for case in cases:
        if case.name in seen:
            raise CorpusError(f"{case.source}: case name {case.name!r} is used twice")
        seen.add(case.name)
    return cases


def _cases(path: Path) -> list[CorpusCase]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise CorpusError(f"{path.name}: {error}") from None
    items = data if isinstance(data, list) else [data]
    return [_case(item, path.name, position) for position, item in enumerate(items, start=1)]


def _case(item: object, source: str, position: int) -> CorpusCase:
    where = f"{source} case {position}"
    if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
        raise CorpusError(f'{where}: a case is an object with a non-empty "name"')
    expect = item.get("expect")
    if not isinstance(expect, list) or not all(isinstance(rule_id, str) for rule_id in expect):
        raise CorpusError(f'{where} ({item["name"]}): "expect" must be a list of rule ids')
    unknown = set(expect) - {rule.id for rule in all_rules()}
    if unknown:
        raise CorpusError(f"{where} ({item['name']}): unknown rule ids {', '.join(sorted(unknown))}")
    try:
        submission = submission_from_dict(item, extra_keys=_CASE_KEYS)
    except SubmissionError as error:
        raise CorpusError(f"{where} ({item['name']}): {error}") from None
    return CorpusCase(name=item["name"], source=source, submission=submission, expect=frozenset(expect))
