"""Precision and recall per rule, from labels that disagree with the rules on purpose."""

import json

from tendlc.compliance.corpus import load_corpus
from tendlc.compliance.evaluation import Score, run_case, score
from tests.compliance import payloads


def test_true_and_false_positives_and_misses_are_counted(tmp_path):
    cases = [
        # Right: the PO box fires and is expected.
        {"name": "right", "brand": payloads.brand(street="PO Box 1"), "expect": ["brand.street.po_box"]},
        # A false positive for the PO box rule, and a miss for the EIN rule.
        {"name": "wrong", "brand": payloads.brand(street="PO Box 2"), "expect": ["brand.ein.format"]},
        {"name": "clean", "brand": payloads.brand(), "expect": []},
    ]
    (tmp_path / "cases.json").write_text(json.dumps(cases))

    per_rule, overall = score([run_case(case) for case in load_corpus(tmp_path)])
    by_rule = {item.rule: item for item in per_rule}

    assert by_rule["brand.street.po_box"] == Score("brand.street.po_box", 1, 1, 0)
    assert (by_rule["brand.street.po_box"].precision, by_rule["brand.street.po_box"].recall) == (0.5, 1.0)
    assert by_rule["brand.ein.format"] == Score("brand.ein.format", 0, 0, 1)
    assert (by_rule["brand.ein.format"].precision, by_rule["brand.ein.format"].recall) == (None, 0.0)
    assert (by_rule["brand.ein.required"].precision, by_rule["brand.ein.required"].recall) == (None, None)
    assert overall == Score("overall", 1, 1, 1)
