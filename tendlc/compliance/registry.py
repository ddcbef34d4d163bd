"""Rules as data: each registered with a stable id, a severity and the source it enforces, so the engine,
the report and the tests can enumerate them.

A rule's function returns its hits, an empty sequence when it checked and found nothing, or None when it did
not apply (a sole-proprietor rule on a company, a context-based rule without its context). The difference
lets the corpus prove every rule was exercised and stayed quiet, not merely skipped.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from tendlc.compliance.findings import Finding, Severity

Facts = TypeVar("Facts")


@dataclass(frozen=True)
class Hit:
    fields: tuple[str, ...]
    message: str


Verdict = Sequence[Hit] | None
NOT_APPLICABLE: None = None
PASSED: tuple[Hit, ...] = ()


@dataclass(frozen=True)
class Rule(Generic[Facts]):
    id: str
    severity: Severity
    reference: str
    check: Callable[[Facts], Verdict]

    def run(self, facts: Facts) -> tuple[Finding, ...] | None:
        hits = self.check(facts)
        if hits is None:
            return None
        return tuple(Finding(self.id, self.severity, hit.fields, hit.message, self.reference) for hit in hits)


class RuleSet(Generic[Facts]):
    """The rules of one subject (``campaign`` or ``brand``), in the order they are reported."""

    def __init__(self, subject: str) -> None:
        self.subject = subject
        self._rules: dict[str, Rule[Facts]] = {}

    def rule(
        self, rule_id: str, severity: Severity, reference: str
    ) -> Callable[[Callable[[Facts], Verdict]], Callable[[Facts], Verdict]]:
        if not rule_id.startswith(f"{self.subject}."):
            raise ValueError(f"rule id {rule_id!r} must start with {self.subject!r}.")
        if rule_id in self._rules:
            raise ValueError(f"rule id {rule_id!r} is registered twice")

        def register(check: Callable[[Facts], Verdict]) -> Callable[[Facts], Verdict]:
            self._rules[rule_id] = Rule(rule_id, severity, reference, check)
            return check

        return register

    def __iter__(self) -> Iterator[Rule[Facts]]:
        return iter(self._rules.values())

    def __len__(self) -> int:
        return len(self._rules)
