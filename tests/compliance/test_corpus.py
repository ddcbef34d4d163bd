"""The hand-written corpus: every case triggers exactly the rules it is labelled with, and every rule is
shown both firing and checking a good case without a finding."""

import json
from pathlib import Path

import pytest

from tendlc.compliance import all_rules
from tendlc.compliance.corpus import CorpusError, load_corpus
from tendlc.compliance.evaluation import run_case

CORPUS = Path(__file__).parent / "corpus"
CASES = load_corpus(CORPUS)
RESULTS = [run_case(case) for case in CASES]
RULE_IDS = [rule.id for rule in all_rules()]


@pytest.mark.parametrize("result", RESULTS, ids=[case.name for case in CASES])
def test_a_case_triggers_exactly_its_labelled_rules(result):
    assert sorted(result.fired) == sorted(result.case.expect)


def test_the_corpus_has_forty_campaigns_good_and_bad():
    campaigns = [case for case in CASES if case.submission.campaign is not None]

    assert len(campaigns) >= 40
    assert sum(not case.expect for case in campaigns) >= 10
    assert sum(bool(case.expect) for case in campaigns) >= 30


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_fires_in_some_case(rule_id):
    assert any(rule_id in result.fired for result in RESULTS)


@pytest.mark.parametrize("rule_id", RULE_IDS)
def test_every_rule_checks_some_good_case_and_stays_quiet(rule_id):
    assert any(rule_id in result.checked for result in RESULTS if not result.case.expect)


def write(directory: Path, name: str, content: object) -> None:
    (directory / name).write_text(json.dumps(content) if not isinstance(content, str) else content)


CASE = {"name": "a", "brand": {"displayName": "Acme"}, "expect": []}


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ({}, "no *.json files in"),
        ({"a.json": "{nope"}, "a.json: Expecting property name"),
        ({"a.json": [CASE], "b.json": CASE}, "b.json: case name 'a' is used twice"),
        ({"a.json": {**CASE, "name": ""}}, 'a.json case 1: a case is an object with a non-empty "name"'),
        ({"a.json": {**CASE, "expect": "none"}}, 'a.json case 1 (a): "expect" must be a list of rule ids'),
        (
            {"a.json": {**CASE, "expect": ["campaign.nope"]}},
            "a.json case 1 (a): unknown rule ids campaign.nope",
        ),
        (
            {"a.json": [CASE, {**CASE, "name": "b", "campagin": {}}]},
            "a.json case 2 (b): unknown keys: campagin",
        ),
    ],
)
def test_a_malformed_corpus_is_refused_with_the_case_named(tmp_path, files, message):
    for name, content in files.items():
        write(tmp_path, name, content)

    with pytest.raises(CorpusError) as raised:
        load_corpus(tmp_path)
    assert message in str(raised.value)
