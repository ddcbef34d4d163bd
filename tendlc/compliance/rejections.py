"""A rejection explained: from what the reviewer wrote (a carrier's decline code, a reason in its words) and the
campaign's findings now, what was objected to, the fields concerned, what the checks find there now, and what
to change.

Pure, like the rules: the caller (``tendlc.services.rejections``) gathers the reviewer's words from the
campaign's events and runs the checks. A code is recognised only among the published ones
(``rejection_reasons``), as a number of its own (not part of a phone number or an id); a guide reason by the
words reviewers use for it. Nothing recognised, the explanation still carries the words, the fields they name
and the findings.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from tendlc.compliance import wire
from tendlc.compliance.findings import Finding
from tendlc.compliance.rejection_coverage import COVERAGE, Coverage
from tendlc.compliance.rejection_reasons import CARRIER_CODES, REASONS_BY_KEY, PublishedReason

_CODES: Final = frozenset(reason.key for reason in CARRIER_CODES)
# Three digits standing alone: not inside a phone number ("555-0142", "(512)"), an amount or an id.
_NUMBER: Final = re.compile(r"(?<![\w(+\-./$])(\d{3})(?![\w\-/]|\.\d)")
_REASON_SIGNALS: Final = {
    "usecase-mismatch": r"match(?:es|ing)? (?:the |your |its |declared )?use[ -]?case|use[ -]?case mismatch",
    "missing-opt-out": r"opt[- ]?out (?:language|instructions)|no (?:stop|unsubscribe) ",
    "inadequate-opt-in": r"opt[- ]?in (?:description|workflow|process|flow)|vague message flow",
    "prohibited-content": r"prohibited|\bshaft\b|cannabis|\bcbd\b|gambling",
    "brand-not-vetted": r"brand (?:is )?not (?:yet )?(?:vetted|verified)|vetting (?:is )?(?:not )?complete",
    "duplicate-campaign": r"duplicate",
    "insufficient-samples": r"(?:insufficient|not enough|too few) samples?|samples? messages?\(?s?\)? given",
}
_SIGNALS: Final = {key: re.compile(pattern, re.IGNORECASE) for key, pattern in _REASON_SIGNALS.items()}
# Words that point at a field when no published reason is recognised.
_FIELD_SIGNALS: Final = (
    (re.compile(r"privacy", re.IGNORECASE), ("privacyPolicyLink",)),
    (re.compile(r"terms", re.IGNORECASE), ("termsAndConditionsLink",)),
    (re.compile(r"message flow|opt[- ]?in|call[- ]to[- ]action|\bcta\b", re.IGNORECASE), ("messageFlow",)),
    (re.compile(r"shortener|\burl\b|embedded ?link", re.IGNORECASE), ("embeddedLink", *wire.SAMPLE_FIELDS)),
    (re.compile(r"phone number|embedded ?phone", re.IGNORECASE), ("embeddedPhone", *wire.SAMPLE_FIELDS)),
    (re.compile(r"sample", re.IGNORECASE), wire.SAMPLE_FIELDS),
    (re.compile(r"description", re.IGNORECASE), ("description",)),
    (re.compile(r"\bhelp\b", re.IGNORECASE), ("helpMessage",)),
)


@dataclass(frozen=True)
class Objection:
    """One published reason the reviewer's words name, with the rules that find it."""

    reason: PublishedReason
    coverage: Coverage


@dataclass(frozen=True)
class RejectionExplanation:
    # Who rejected, as a person says it: "Telnyx's review", "T-Mobile, AT&T", "The registry".
    rejected_by: str
    # What the reviewers wrote, newest first, as written.
    said: tuple[str, ...]
    objections: tuple[Objection, ...]
    # Wire names of the fields concerned.
    fields: tuple[str, ...]
    # The findings on those fields (or of the rules that cover the objections) as the campaign reads now.
    findings: tuple[Finding, ...]
    # What to do once the fields are fixed (appeal, or build a new campaign), in plain words.
    next_step: str

    @property
    def summary(self) -> str:
        """One line: who rejected and for what."""
        if not self.objections:
            return f"{self.rejected_by} rejected the campaign without a reason the portal recognises."
        return (
            f"{self.rejected_by} rejected the campaign: {'; '.join(o.reason.label for o in self.objections)}."
        )

    @property
    def field_words(self) -> str:
        return ", ".join(wire.words(name) for name in self.fields)


def recognise(texts: Iterable[str]) -> tuple[PublishedReason, ...]:
    """The published reasons ``texts`` name: carrier codes first, as they appear, then guide reasons."""
    codes: list[str] = []
    reasons: list[str] = []
    for text in texts:
        codes.extend(number for number in _NUMBER.findall(text) if number in _CODES)
        reasons.extend(key for key, signal in _SIGNALS.items() if signal.search(text))
    return tuple(REASONS_BY_KEY[key] for key in dict.fromkeys([*codes, *reasons]))


def rejection_summary(text: str) -> str:
    """What a reviewer's words mean, in one line ("Means: privacy policy not compliant (carrier code 805)"),
    or "" when they name no published reason."""
    reasons = recognise([text])
    return f"Means: {'; '.join(reason.label for reason in reasons)}." if reasons else ""


def _named_fields(texts: Sequence[str]) -> list[str]:
    named = [name for name in wire.FIELD_WORDS if any(re.search(rf"\b{name}\b", text) for text in texts)]
    for signal, fields in _FIELD_SIGNALS:
        if any(signal.search(text) for text in texts):
            named.extend(fields)
    return named


def explain(
    *,
    rejected_by: str,
    said: Sequence[str],
    reported_fields: Sequence[str],
    findings: Sequence[Finding],
    next_step: str,
) -> RejectionExplanation:
    """The explanation of a rejection whose reviewers wrote ``said`` (and pointed at ``reported_fields``), for
    a campaign whose checks now find ``findings``."""
    objections = tuple(Objection(reason, COVERAGE[reason.key]) for reason in recognise(said))
    fields = [name for objection in objections for name in objection.coverage.fields]
    fields.extend(reported_fields)
    if not objections:
        fields.extend(_named_fields(said))
    concerned = tuple(dict.fromkeys(fields))
    rules = {rule for objection in objections for rule in objection.coverage.rules}
    if concerned or rules:
        relevant = tuple(
            finding
            for finding in findings
            if finding.rule in rules or any(name in concerned for name in finding.fields)
        )
    else:
        relevant = tuple(findings)
    return RejectionExplanation(
        rejected_by=rejected_by,
        said=tuple(said),
        objections=objections,
        fields=concerned,
        findings=relevant,
        next_step=next_step,
    )


def what_to_do_lines(explanation: RejectionExplanation) -> list[str]:
    """What to change, one plain sentence a line: each objection's fix, each finding on the fields now, then
    the way back into review. For the campaign page and notifications alike."""
    lines = [f"{objection.reason.label}: {objection.reason.fix}" for objection in explanation.objections]
    lines.extend(dict.fromkeys(finding.message for finding in explanation.findings))
    if not explanation.findings:
        if explanation.objections:
            unseen = [o.coverage.note for o in explanation.objections if o.coverage.note]
            beyond = f" The checks cannot see everything: {'; '.join(unseen)}." if unseen else ""
            lines.append(
                "The checks find nothing wrong in those fields now: if they changed since the rejection, say what "
                f"changed; if not, change what the reviewer names.{beyond}"
            )
        else:
            lines.append("Read the reviewer's words and change what they name.")
    lines.append(explanation.next_step)
    return lines
