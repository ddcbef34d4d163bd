"""Running the rules: ``check_campaign`` and ``check_brand`` over wire-named bodies, and ``evaluate`` for
callers that need to know which rules applied (the corpus and its report)."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from tendlc.compliance.brand_rules import BRAND_RULES
from tendlc.compliance.campaign_rules import CAMPAIGN_RULES
from tendlc.compliance.context import CheckContext
from tendlc.compliance.facts import brand_facts, campaign_facts
from tendlc.compliance.findings import Finding, Severity
from tendlc.compliance.registry import Rule


@dataclass(frozen=True)
class Outcome:
    """One rule's result: its findings, or None when the rule did not apply."""

    rule: str
    severity: Severity
    findings: tuple[Finding, ...] | None


def all_rules() -> tuple[Rule[Any], ...]:
    """Every rule, brand rules first, in the order findings are reported."""
    return (*BRAND_RULES, *CAMPAIGN_RULES)


def evaluate(
    brand: Mapping[str, Any], campaign: Mapping[str, Any] | None = None, context: CheckContext | None = None
) -> list[Outcome]:
    """Every brand rule and, given a campaign, every campaign rule, with what each found."""
    outcomes = []
    facts = brand_facts(brand, context)
    for brand_rule in BRAND_RULES:
        outcomes.append(Outcome(brand_rule.id, brand_rule.severity, brand_rule.run(facts)))
    if campaign is not None:
        outcomes.extend(_campaign_outcomes(campaign, brand, context))
    return outcomes


def _campaign_outcomes(
    campaign: Mapping[str, Any], brand: Mapping[str, Any], context: CheckContext | None
) -> list[Outcome]:
    facts = campaign_facts(campaign, brand, context)
    return [Outcome(rule.id, rule.severity, rule.run(facts)) for rule in CAMPAIGN_RULES]


def _findings(outcomes: list[Outcome]) -> list[Finding]:
    return [finding for outcome in outcomes for finding in outcome.findings or ()]


def check(
    brand: Mapping[str, Any], campaign: Mapping[str, Any] | None = None, context: CheckContext | None = None
) -> list[Finding]:
    """The brand's findings and, given a campaign, the campaign's."""
    return _findings(evaluate(brand, campaign, context))


def check_campaign(
    campaign: Mapping[str, Any], brand: Mapping[str, Any], context: CheckContext | None = None
) -> list[Finding]:
    """The campaign's findings (campaign builder body), judged against its brand."""
    return _findings(_campaign_outcomes(campaign, brand, context))


def check_brand(brand: Mapping[str, Any], context: CheckContext | None = None) -> list[Finding]:
    """The brand's findings (brand create or update body)."""
    facts = brand_facts(brand, context)
    return [finding for brand_rule in BRAND_RULES for finding in brand_rule.run(facts) or ()]
