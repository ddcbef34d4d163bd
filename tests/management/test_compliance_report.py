"""``manage.py compliance_report``: precision and recall per rule over the corpus."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tendlc.compliance import all_rules
from tendlc.compliance.corpus import load_corpus
from tests.compliance import payloads


def report(*args):
    out = io.StringIO()
    call_command("compliance_report", *args, stdout=out)
    return out.getvalue().splitlines()


def test_the_default_corpus_scores_every_rule():
    lines = report()
    corpus = Path(settings.BASE_DIR) / "tests" / "compliance" / "corpus"

    assert lines[0] == f"{len(load_corpus(corpus))} cases in {corpus}"
    assert lines[1].split() == ["rule", "severity", "TP", "FP", "FN", "precision", "recall"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:]}
    assert list(rows) == [*(rule.id for rule in all_rules()), "overall"]
    assert all(row[-2:] == ["1.000", "1.000"] for row in rows.values())


def test_a_corpus_directory_with_disagreements(tmp_path):
    cases = [
        {"name": "wrong label", "brand": payloads.brand(street="PO Box 2"), "expect": ["brand.ein.format"]},
    ]
    (tmp_path / "cases.json").write_text(json.dumps(cases))

    lines = report(str(tmp_path))

    assert lines[0] == f"1 cases in {tmp_path}"
    rows = {line.split()[0]: line.split()[1:] for line in lines[2:-1]}
    assert rows["brand.street.po_box"] == ["error", "0", "1", "0", "0.000", "-"]
    assert rows["brand.ein.format"] == ["error", "0", "0", "1", "-", "0.000"]
    assert rows["overall"] == ["0", "1", "1", "0.000", "0.000"]
    assert lines[-1] == (
        "mismatch: wrong label (cases.json): unexpected ['brand.street.po_box'], missed ['brand.ein.format']"
    )


def test_a_missing_corpus_is_an_error(tmp_path):
    with pytest.raises(CommandError, match=r"no \*\.json files in"):
        report(str(tmp_path))
