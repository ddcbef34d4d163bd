"""The engine's entry points: which rules each runs, and the order findings come in."""

from tendlc.compliance import all_rules, check, check_brand, check_campaign
from tendlc.compliance.engine import evaluate
from tests.compliance import payloads

BROKEN_BRAND = payloads.brand(street="PO Box 12", identityStatus="UNVERIFIED")
BROKEN_CAMPAIGN = payloads.campaign(optoutMessage="")


def rules(findings):
    return [finding.rule for finding in findings]


def test_check_campaign_runs_campaign_rules_only():
    assert rules(check_campaign(BROKEN_CAMPAIGN, BROKEN_BRAND)) == [
        "campaign.brand.verified",
        "campaign.optout_message.present",
    ]


def test_check_brand_runs_brand_rules_only():
    assert rules(check_brand(BROKEN_BRAND)) == ["brand.street.po_box"]


def test_check_runs_both_brand_first_or_the_brand_alone():
    assert rules(check(BROKEN_BRAND, BROKEN_CAMPAIGN)) == [
        "brand.street.po_box",
        "campaign.brand.verified",
        "campaign.optout_message.present",
    ]
    assert rules(check(BROKEN_BRAND)) == ["brand.street.po_box"]


def test_evaluate_reports_every_rule_and_which_did_not_apply():
    outcomes = evaluate(payloads.brand(), payloads.campaign())
    not_applied = {outcome.rule for outcome in outcomes if outcome.findings is None}

    assert [outcome.rule for outcome in outcomes] == [rule.id for rule in all_rules()]
    # Without a context the context-based rules stay out, as do the sole-proprietor and public-company rules.
    assert not_applied == {
        "brand.ein.shared",
        "brand.public_company.listing",
        "brand.sole_proprietor.ein",
        "brand.sole_proprietor.mobile_phone_limit",
        "campaign.usecase.qualified",
        "campaign.usecase.sub_usecase_count",
        "campaign.usecase.sub_usecase_kind",
        "campaign.brand.campaign_limit",
        "campaign.numbers.limit",
        "campaign.sample.per_usecase",
        "campaign.duplicate",
        "campaign.sole_proprietor.campaign_limit",
        "campaign.sole_proprietor.number_limit",
    }
    assert all(outcome.findings == () for outcome in outcomes if outcome.rule not in not_applied)


def test_empty_bodies_do_not_break_a_check():
    assert rules(check({}, {})) == [
        "campaign.usecase.required",
        "campaign.description.length",
        "campaign.sample.count",
        "campaign.message_flow.length",
        "campaign.privacy_policy.link",
        "campaign.terms.link",
        "campaign.keywords.required",
        "campaign.keywords.required",
        "campaign.help_message.present",
        "campaign.optout_message.present",
    ]
