"""What the link checks read on a page and the findings at the field: which URLs are opened, a login wall,
the no-sharing clause, the terms' HELP, STOP and rates, the opt-in page's consent, redirects to another site."""

import pytest

from tendlc.compliance.link_pages import (
    LinkTarget,
    has_no_sharing_clause,
    has_sms_consent,
    link_findings,
    link_targets,
    page_read,
)
from tests.link_pages_html import (
    OPT_IN,
    OPT_IN_WITHOUT_CONSENT,
    PRIVACY,
    PRIVACY_WITHOUT_CLAUSE,
    SIGN_IN,
    TERMS,
    TERMS_WITHOUT_KEYWORDS,
)


def findings_on(kind, field, html, url="https://acme.example/page", hops=None):
    target = LinkTarget(field, kind, url)
    return link_findings(
        target,
        failure=None,
        status=200,
        hops=hops or [{"url": url, "status": 200}],
        final_url=(hops or [{"url": url}])[-1]["url"],
        page=page_read(html),
    )


def rules(findings):
    return [finding.rule for finding in findings]


def test_the_targets_are_the_website_policy_terms_flow_links_and_the_embedded_link():
    campaign = {
        "privacyPolicyLink": "acme.example/privacy",
        "termsAndConditionsLink": "https://acme.example/terms",
        "messageFlow": "Customers opt in at https://acme.example/book or https://acme.example/privacy by ticking"
        " a box. See https://acme.example/a, https://acme.example/b.",
        "embeddedLinkSample": "Confirm at https://acme.example/c/123 today",
    }

    assert link_targets(campaign, website="www.acme.example") == (
        LinkTarget("website", "website", "https://www.acme.example"),
        LinkTarget("privacyPolicyLink", "privacy", "https://acme.example/privacy"),
        LinkTarget("termsAndConditionsLink", "terms", "https://acme.example/terms"),
        LinkTarget("messageFlow", "opt_in", "https://acme.example/book"),
        LinkTarget("messageFlow", "opt_in", "https://acme.example/a"),
        LinkTarget("embeddedLinkSample", "embedded", "https://acme.example/c/123"),
    )


def test_blank_or_unusable_links_are_not_targets():
    assert link_targets({"privacyPolicyLink": "see our site", "messageFlow": "Text JOIN to 55555."}) == ()


def test_page_read_keeps_visible_text_and_notes_a_password_field():
    page = page_read(SIGN_IN)

    assert (page.title, page.headings, page.has_password_field) == (
        "Sign in to your account",
        "Welcome back",
        True,
    )
    assert "script" not in page_read("<p>Hi</p><script>var script = 1;</script>").text


@pytest.mark.parametrize(
    ("kind", "field", "html"),
    [
        ("privacy", "privacyPolicyLink", PRIVACY),
        ("terms", "termsAndConditionsLink", TERMS),
        ("opt_in", "messageFlow", OPT_IN),
        ("website", "website", "<title>Acme</title><h1>Acme Dental</h1>"),
    ],
)
def test_a_page_with_what_reviewers_look_for_has_no_finding(kind, field, html):
    assert findings_on(kind, field, html) == ()


def test_a_privacy_policy_without_the_no_sharing_clause_is_an_error_at_its_field():
    (finding,) = findings_on("privacy", "privacyPolicyLink", PRIVACY_WITHOUT_CLAUSE)

    assert (finding.rule, finding.severity, finding.fields) == (
        "link.privacy.no_sharing",
        "error",
        ("privacyPolicyLink",),
    )
    assert finding.message.startswith(
        "The privacy policy does not say that mobile numbers and text opt-in data are not shared"
    )


@pytest.mark.parametrize(
    ("sentence", "found"),
    [
        ("No mobile information will be shared with third parties/affiliates for marketing purposes.", True),
        ("We never sell or rent your phone number to third parties.", True),
        (
            "Text messaging originator opt-in data and consent will not be shared with any third parties.",
            True,
        ),
        ("We share mobile information with third parties for marketing.", False),
        ("We do not sell your data. Mobile numbers are shared with partners.", False),
    ],
)
def test_the_no_sharing_clause_is_one_negated_sentence_about_mobile_data(sentence, found):
    assert has_no_sharing_clause(sentence) is found


def test_terms_without_help_and_stop_say_what_is_missing():
    (finding,) = findings_on("terms", "termsAndConditionsLink", TERMS_WITHOUT_KEYWORDS)

    assert finding.rule == "link.terms.sms"
    assert finding.message == (
        "The terms and conditions do not say how to get help (HELP) or how to opt out (STOP): the SMS terms need"
        " all three."
    )


def test_an_opt_in_page_without_consent_language_is_an_error():
    (finding,) = findings_on("opt_in", "messageFlow", OPT_IN_WITHOUT_CONSENT, url="https://acme.example/book")

    assert (finding.rule, finding.fields) == ("link.opt_in.consent", ("messageFlow",))
    assert "https://acme.example/book" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        "By providing your phone number, you agree to receive text messages from Acme.",
        "I consent to receive SMS alerts.",
    ],
)
def test_sms_consent_language(text):
    assert has_sms_consent(text)


@pytest.mark.parametrize("kind", ["privacy", "terms", "website"])
def test_a_sign_in_page_is_a_login_wall_whatever_it_stands_for(kind):
    (finding,) = findings_on(kind, "privacyPolicyLink", SIGN_IN)

    assert (finding.rule, finding.severity) == ("link.login_wall", "error")
    assert "reviewers must be able to read it without an account" in finding.message


def test_a_redirect_to_another_site_is_a_warning_listing_the_hops():
    hops = [
        {"url": "https://acme.example/privacy", "status": 301},
        {"url": "https://www.acme.example/privacy", "status": 302},
        {"url": "https://policies.hostedsite.example/acme", "status": 200},
    ]

    (finding,) = findings_on("privacy", "privacyPolicyLink", PRIVACY, url=hops[0]["url"], hops=hops)

    assert (finding.rule, finding.severity) == ("link.redirected", "warning")
    assert (
        "https://acme.example/privacy \u2192 https://www.acme.example/privacy \u2192"
        " https://policies.hostedsite.example/acme" in finding.message
    )


def test_a_redirect_within_the_site_is_no_finding():
    hops = [
        {"url": "https://acme.example/privacy", "status": 301},
        {"url": "https://www.acme.example/p", "status": 200},
    ]

    assert findings_on("privacy", "privacyPolicyLink", PRIVACY, url=hops[0]["url"], hops=hops) == ()


@pytest.mark.parametrize(
    ("status", "failure", "rule", "message"),
    [
        (
            404,
            "the site answered 404",
            "link.unreachable",
            "Reviewers cannot open the terms and conditions (https://acme.example/t): the site answered 404.",
        ),
        (
            None,
            "the site did not answer within 10 seconds",
            "link.unreachable",
            "Reviewers cannot open the terms and conditions (https://acme.example/t): the site did not answer"
            " within 10 seconds.",
        ),
        (
            401,
            "the site answered 401",
            "link.login_wall",
            "The terms and conditions (https://acme.example/t) asks for a login (the site answered 401): reviewers"
            " must be able to read it without an account.",
        ),
    ],
)
def test_an_unopened_link_says_why(status, failure, rule, message):
    target = LinkTarget("termsAndConditionsLink", "terms", "https://acme.example/t")

    (finding,) = link_findings(
        target, failure=failure, status=status, hops=[], final_url=target.url, page=None
    )

    assert (finding.rule, finding.severity, finding.message) == (rule, "error", message)
