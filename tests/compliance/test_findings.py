"""Findings and the rule registry: the shape callers serialise, ids that stay unique and well-formed."""

import re

import pytest

from tendlc.compliance import ERROR, WARNING, Finding, all_rules
from tendlc.compliance.registry import Hit, RuleSet


def test_a_finding_as_json():
    finding = Finding("campaign.sample.opt_out", ERROR, ("sample1", "sample2"), "Add STOP.", "CTIA 5.1.3")

    assert finding.to_dict() == {
        "rule": "campaign.sample.opt_out",
        "severity": "error",
        "fields": ["sample1", "sample2"],
        "message": "Add STOP.",
        "reference": "CTIA 5.1.3",
    }
    assert finding.is_error


def test_a_severity_is_error_or_warning():
    with pytest.raises(ValueError, match="severity must be one of"):
        Finding("campaign.x", "info", (), "m", "r")  # type: ignore[arg-type]


def test_rule_ids_are_unique_stable_names_with_a_reference():
    rules = all_rules()
    ids = [rule.id for rule in rules]

    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"(brand|campaign)(\.[a-z0-9_]+)+", rule_id) for rule_id in ids)
    assert {rule.severity for rule in rules} == {ERROR, WARNING}
    assert all(rule.reference and rule.check.__doc__ for rule in rules)


def test_a_rule_set_refuses_a_foreign_or_repeated_id():
    rules: RuleSet[str] = RuleSet("brand")

    @rules.rule("brand.example", WARNING, "ref")
    def example(facts: str) -> list[Hit]:
        return [Hit(("ein",), facts)]

    with pytest.raises(ValueError, match="must start with 'brand'"):
        rules.rule("campaign.example", ERROR, "ref")
    with pytest.raises(ValueError, match="registered twice"):
        rules.rule("brand.example", ERROR, "ref")
    assert [rule.run("msg") for rule in rules] == [
        (Finding("brand.example", WARNING, ("ein",), "msg", "ref"),)
    ]
    assert len(rules) == 1
