"""How well the rules agree with the corpus labels: per rule, the cases it fired on rightly (true
positives), wrongly (false positives) and missed (false negatives), with precision and recall."""

from collections.abc import Sequence
from dataclasses import dataclass

from tendlc.compliance.corpus import CorpusCase
from tendlc.compliance.engine import all_rules, evaluate


@dataclass(frozen=True)
class CaseResult:
    case: CorpusCase
    fired: frozenset[str]
    # Rules that applied to the case: those that fired and those that checked and stayed quiet.
    checked: frozenset[str]

    @property
    def unexpected(self) -> frozenset[str]:
        return self.fired - self.case.expect

    @property
    def missed(self) -> frozenset[str]:
        return self.case.expect - self.fired


@dataclass(frozen=True)
class Score:
    rule: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float | None:
        fired = self.true_positives + self.false_positives
        return self.true_positives / fired if fired else None

    @property
    def recall(self) -> float | None:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else None


def run_case(case: CorpusCase) -> CaseResult:
    submission = case.submission
    outcomes = evaluate(submission.brand, submission.campaign, submission.context)
    return CaseResult(
        case=case,
        fired=frozenset(outcome.rule for outcome in outcomes if outcome.findings),
        checked=frozenset(outcome.rule for outcome in outcomes if outcome.findings is not None),
    )


def score(results: Sequence[CaseResult]) -> tuple[list[Score], Score]:
    """A score per rule, in registry order, and the overall score over every (case, rule) label."""
    per_rule = [
        Score(
            rule=rule.id,
            true_positives=sum(
                rule.id in result.fired and rule.id in result.case.expect for result in results
            ),
            false_positives=sum(rule.id in result.unexpected for result in results),
            false_negatives=sum(rule.id in result.missed for result in results),
        )
        for rule in all_rules()
    ]
    overall = Score(
        rule="overall",
        true_positives=sum(item.true_positives for item in per_rule),
        false_positives=sum(item.false_positives for item in per_rule),
        false_negatives=sum(item.false_negatives for item in per_rule),
    )
    return per_rule, overall
