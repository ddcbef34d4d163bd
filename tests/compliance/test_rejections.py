"""Rejections explained: the coverage table is complete against the published reasons kept as data, a
reviewer's words are read for codes and reasons (and not misread), and an explanation says what to change."""

import pytest

from tendlc.compliance import all_rules, check_campaign
from tendlc.compliance.rejection_coverage import COVERAGE
from tendlc.compliance.rejection_reasons import CARRIER_CODES, PUBLISHED_REASONS, REGISTRATION_REASONS
from tendlc.compliance.rejections import explain, recognise, rejection_summary, what_to_do_lines
from tendlc.compliance.wire import FIELD_WORDS
from tests.compliance import payloads

RULE_IDS = {rule.id for rule in all_rules()}
APPEAL = "Then appeal the rejection (Appeal), saying what you changed."


def test_every_published_reason_is_mapped_and_nothing_else():
    assert set(COVERAGE) == {reason.key for reason in PUBLISHED_REASONS}
    assert len(PUBLISHED_REASONS) == len({reason.key for reason in PUBLISHED_REASONS})


def test_the_source_lists_hold_every_published_code_and_guide_reason():
    assert [reason.key for reason in CARRIER_CODES] == [
        "601", "602", "603", "611",
        "701", "702", "703", "704", "705", "706", "707", "708", "709", "710", "711", "712", "713",
        "801", "802", "803", "804", "805", "806", "807", "851", "852", "861",
    ]  # fmt: skip
    assert len(REGISTRATION_REASONS) == 7
    assert all(
        reason.title and reason.meaning and reason.fix and reason.source for reason in PUBLISHED_REASONS
    )


@pytest.mark.parametrize("key", sorted(COVERAGE))
def test_a_mapping_names_existing_rules_or_says_why_none_covers_it(key):
    coverage = COVERAGE[key]

    assert set(coverage.rules) <= RULE_IDS
    assert coverage.rules or coverage.note
    assert coverage.fields
    assert set(coverage.fields) <= set(FIELD_WORDS)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Campaign C4D06C2 rejected by T-Mobile: 805 Non-compliant privacy policy", ["805"]),
        ("AT&T (10017): 601: A sample message contains a URL but embeddedLink is false.", ["601"]),
        ("Declined 806; see also 861.", ["806", "861"]),
        ("Missing opt-out language in the samples", ["missing-opt-out"]),
        ("1 sample message(s) given; the carriers require at least 2.", ["insufficient-samples"]),
        ("Duplicate campaign for this brand (code 602)", ["602", "duplicate-campaign"]),
    ],
)
def test_codes_and_reasons_are_read_from_the_reviewers_words(text, keys):
    assert [reason.key for reason in recognise([text])] == keys


@pytest.mark.parametrize(
    "text",
    [
        "Call (805) 555-0142 for help",
        "Call 805.555.0142 or 805-555-0142",
        "Rejected by 10017 on 2026-07-05",
        "Your bill of $705.00 is due",
        "See https://acme.example/806/terms",
        "Rejected through the sandbox control plane.",
    ],
)
def test_numbers_that_are_not_codes_are_not_read_as_codes(text):
    assert recognise([text]) == ()


def test_a_summary_line_says_what_the_words_mean():
    assert rejection_summary("T-Mobile: 805") == "Means: Privacy policy not compliant (carrier code 805)."
    assert rejection_summary("Spam complaints") == ""


def test_a_coded_rejection_names_the_fields_the_findings_there_now_and_what_to_change():
    campaign = payloads.campaign(messageFlow="Sign up online.", termsAndConditionsLink=None)
    findings = check_campaign(campaign, payloads.brand(), payloads.context())

    explanation = explain(
        rejected_by="T-Mobile",
        said=["Campaign C4D06C2 rejected by T-Mobile: 806 CTA not compliant"],
        reported_fields=[],
        findings=findings,
        next_step=APPEAL,
    )

    assert (
        explanation.summary == "T-Mobile rejected the campaign: Call to action incomplete (carrier code 806)."
    )
    assert explanation.fields == (
        "messageFlow",
        "termsAndConditionsLink",
        "privacyPolicyLink",
        "optinMessage",
    )
    assert (
        explanation.field_words
        == "message flow, terms and conditions link, privacy policy link, opt-in message"
    )
    assert [finding.rule for finding in explanation.findings] == [
        "campaign.message_flow.length",
        "campaign.terms.link",
    ]
    lines = what_to_do_lines(explanation)
    assert lines[0].startswith("Call to action incomplete (carrier code 806): Describe exactly where")
    assert lines[1:3] == [finding.message for finding in explanation.findings]
    assert lines[-1] == APPEAL


def test_findings_on_other_fields_are_left_out():
    campaign = payloads.campaign(sample1="Hi there, this is a reminder of your visit. Reply STOP to opt out.")
    findings = check_campaign(campaign, payloads.brand(), payloads.context())
    assert findings  # a sample without the brand name: not what a privacy policy rejection is about

    explanation = explain(
        rejected_by="AT&T", said=["805"], reported_fields=[], findings=findings, next_step=APPEAL
    )

    assert explanation.findings == ()
    assert what_to_do_lines(explanation)[1].startswith(
        "The checks find nothing wrong in those fields now: if they changed since the rejection, say what changed;"
    )
    assert "the no-sharing clause in the policy itself" in what_to_do_lines(explanation)[1]


def test_a_rejection_without_a_known_reason_still_explains_what_is_known():
    campaign = payloads.campaign(helpMessage=None)
    findings = check_campaign(campaign, payloads.brand(), payloads.context())

    explanation = explain(
        rejected_by="Telnyx's review",
        said=["The HELP reply does not work."],
        reported_fields=[],
        findings=findings,
        next_step=APPEAL,
    )

    assert explanation.objections == ()
    assert (
        explanation.summary == "Telnyx's review rejected the campaign without a reason the portal recognises."
    )
    assert explanation.fields == ("helpMessage",)
    assert [finding.rule for finding in explanation.findings] == ["campaign.help_message.present"]
    assert what_to_do_lines(explanation) == [explanation.findings[0].message, APPEAL]


def test_without_words_or_fields_every_finding_is_shown():
    findings = check_campaign(payloads.campaign(helpMessage=None), payloads.brand(), payloads.context())

    explanation = explain(
        rejected_by="A carrier", said=[], reported_fields=[], findings=findings, next_step=APPEAL
    )

    assert explanation.findings == tuple(findings)


def test_fields_a_failed_registration_points_at_are_concerned():
    explanation = explain(
        rejected_by="The registry",
        said=["Invalid"],
        reported_fields=["sample1"],
        findings=[],
        next_step=APPEAL,
    )

    assert explanation.fields == ("sample1",)
    assert what_to_do_lines(explanation) == ["Read the reviewer's words and change what they name.", APPEAL]
