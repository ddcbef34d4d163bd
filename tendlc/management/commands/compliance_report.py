"""``manage.py compliance_report [DIRECTORY]``: the rules run over the labelled corpus, with precision and
recall per rule, to see what a rule change does before it reaches users."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tendlc.compliance import all_rules
from tendlc.compliance.corpus import CorpusError, load_corpus
from tendlc.compliance.evaluation import Score, run_case, score

DEFAULT_CORPUS = Path("tests") / "compliance" / "corpus"


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


class Command(BaseCommand):
    help = (
        "Run the compliance rules over a corpus of labelled cases (default tests/compliance/corpus) and print "
        "true and false positives, false negatives, precision and recall per rule and overall."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "directory",
            nargs="?",
            help=f"The corpus directory (default {DEFAULT_CORPUS}, under the project).",
        )

    def handle(self, *args: Any, directory: str | None, **options: Any) -> None:
        path = Path(directory) if directory else Path(settings.BASE_DIR) / DEFAULT_CORPUS
        try:
            cases = load_corpus(path)
        except CorpusError as error:
            raise CommandError(str(error)) from None
        results = [run_case(case) for case in cases]
        per_rule, overall = score(results)
        severities = {rule.id: rule.severity for rule in all_rules()}
        width = max(len(item.rule) for item in per_rule)
        self.stdout.write(f"{len(cases)} cases in {path}")
        self.stdout.write(
            f"{'rule':{width}}  {'severity':8}  {'TP':>4}  {'FP':>4}  {'FN':>4}  precision  recall"
        )
        for item in [*per_rule, overall]:
            self.stdout.write(self._row(item, severities.get(item.rule, ""), width))
        for result in results:
            if result.unexpected or result.missed:
                self.stdout.write(
                    f"mismatch: {result.case.name} ({result.case.source}): "
                    f"unexpected {sorted(result.unexpected)}, missed {sorted(result.missed)}"
                )

    @staticmethod
    def _row(item: Score, severity: str, width: int) -> str:
        counts = f"{item.true_positives:>4}  {item.false_positives:>4}  {item.false_negatives:>4}"
        return f"{item.rule:{width}}  {severity:8}  {counts}  {_ratio(item.precision):>9}  {_ratio(item.recall):>6}"
