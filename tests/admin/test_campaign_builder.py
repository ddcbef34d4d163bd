"""The campaign builder's pages over the test browser, against the live sandbox: each step's validation,
input kept across steps and errors, the stop on an ineligible use case, the live findings endpoint, compliance
blocking and the admin override, submission, and the API's refusal shown at the content's fields."""

import json
import re

import pytest
from django.contrib.auth.models import User
from django.contrib.messages import get_messages
from django.test import Client

from tendlc.models import AuditEntry, Brand, Campaign, ComplianceCheck
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.campaigns import CLEAN_CONTENT, content_post

pytestmark = pytest.mark.django_db

BUILD = "/admin/tendlc/campaign/build/"
FLAWED_CONTENT = {**CLEAN_CONTENT, "help_message": "Reply STOP to opt out."}


def start(browser: Client) -> str:
    """Start a builder run; answer its id."""
    response = browser.get(BUILD)
    assert response.status_code == 302
    run_id, step = response["Location"].removeprefix(BUILD).strip("/").split("/")
    assert step == "brand"
    return run_id


def url(run_id: str, step: str) -> str:
    return f"{BUILD}{run_id}/{step}/"


def redirected_to(response, run_id: str, step: str) -> bool:
    return response.status_code == 302 and response["Location"] == url(run_id, step)


@pytest.fixture
def qualified(portal_api, registered_brand):
    """Walk a browser through brand and use case; answer the run id at the content step."""

    def walk(browser: Client, usecase: str = "CUSTOMER_CARE") -> str:
        run_id = start(browser)
        assert redirected_to(
            browser.post(url(run_id, "brand"), {"brand": registered_brand.pk}), run_id, "usecase"
        )
        assert redirected_to(
            browser.post(url(run_id, "usecase"), {"usecase": usecase}), run_id, "qualification"
        )
        return run_id

    return walk


@pytest.fixture
def reviewed(qualified):
    def walk(browser: Client, content: dict = CLEAN_CONTENT) -> str:
        run_id = qualified(browser)
        assert redirected_to(browser.post(url(run_id, "content"), content_post(content)), run_id, "review")
        return run_id

    return walk


# --- access ---------------------------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_the_login(client):
    response = client.get(BUILD)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_staff_without_the_add_permission_are_refused(client, db):
    client.force_login(User.objects.create_user("viewer", is_staff=True))

    assert client.get(BUILD).status_code == 403


def test_the_add_button_leads_to_the_builder(staff_client):
    response = staff_client.get("/admin/tendlc/campaign/add/")

    assert (response.status_code, response["Location"]) == (302, BUILD)


def test_a_later_step_opens_only_once_the_earlier_ones_are_done(staff_client):
    run_id = start(staff_client)

    for step in ("usecase", "qualification", "content", "review"):
        assert redirected_to(staff_client.get(url(run_id, step)), run_id, "brand")


def test_an_ended_run_starts_again(staff_client):
    response = staff_client.get(url("not-a-run", "brand"), follow=True)

    assert response.redirect_chain[0] == (BUILD, 302)
    assert "That campaign builder has ended or expired: start again." in [
        str(m) for m in response.context["messages"]
    ]


# --- brand and use case ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("posted", "error"),
    [
        ({}, "This field is required."),
        ({"brand": "draft"}, "This brand is a draft that was never registered: submit it first."),
        ({"brand": "unverified"}, "This brand's identity is not verified (identity status UNVERIFIED)."),
        (
            {"brand": "full"},
            "This brand has 5 active campaigns, the most Telnyx allows a brand: deactivate one"
            " before building another.",
        ),
    ],
    ids=["missing", "draft", "unverified", "five-campaigns"],
)
def test_the_brand_must_be_one_that_may_build(staff_client, posted, error):
    full = BrandFactory()
    CampaignFactory.create_batch(5, brand=full)
    CampaignFactory(brand=full, status="EXPIRED")  # deactivated: no longer counts
    brands = {
        "draft": BrandFactory(brand_id=None),
        "unverified": BrandFactory(identity_status="UNVERIFIED"),
        "full": full,
    }
    run_id = start(staff_client)

    response = staff_client.post(
        url(run_id, "brand"), {"brand": brands[posted["brand"]].pk} if posted else {}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"brand": [error]}


def test_the_use_case_list_comes_from_the_api_and_a_choice_outside_it_is_refused(
    staff_client, portal_api, registered_brand
):
    run_id = start(staff_client)
    staff_client.post(url(run_id, "brand"), {"brand": registered_brand.pk})

    page = staff_client.get(url(run_id, "usecase"))
    refused = staff_client.post(url(run_id, "usecase"), {"usecase": "NOT_A_USE_CASE"})

    choices = dict(page.context["form"].fields["usecase"].choices)
    assert choices["MIXED"] == "Mixed: Two to five standard use cases on one campaign."
    assert "CUSTOMER_CARE" in choices
    assert refused.context["form"].errors == {
        "usecase": ["Select a valid choice. NOT_A_USE_CASE is not one of the available choices."]
    }


def test_a_brand_gone_since_it_was_chosen_is_refused_at_the_use_case(
    staff_client, portal_api, registered_brand
):
    run_id = start(staff_client)
    staff_client.post(url(run_id, "brand"), {"brand": registered_brand.pk})
    registered_brand.status = "REGISTRATION_FAILED"
    registered_brand.save()

    response = staff_client.post(url(run_id, "usecase"), {"usecase": "CUSTOMER_CARE"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["This brand is not registered yet (status REGISTRATION_FAILED)."]
    }
    assert response.context["form"]["usecase"].value() == "CUSTOMER_CARE"


def test_a_use_case_the_brand_cannot_have_is_shown_disabled_with_why_and_refused_before_the_api(
    staff_client, portal_api, registered_brand
):
    run_id = start(staff_client)
    staff_client.post(url(run_id, "brand"), {"brand": registered_brand.pk})

    page = staff_client.get(url(run_id, "usecase"))
    refused = staff_client.post(url(run_id, "usecase"), {"usecase": "CHARITY"})

    html = page.content.decode()
    assert re.search(r'<input[^>]*value="CHARITY"[^>]* disabled', html)
    assert re.search(r'<input[^>]*value="CUSTOMER_CARE"[^>]*>', html).group().count("disabled") == 0
    assert page.context["form"].refusals == {
        "CHARITY": "Only for non-profit brands; this brand is private for-profit.",
        "POLITICAL": "Needs an externally vetted brand: order a vetting on the brand's page.",
        "EMERGENCY": "Needs an externally vetted brand: order a vetting on the brand's page.",
        "K12_EDUCATION": "Needs an externally vetted brand: order a vetting on the brand's page.",
        "SWEEPSTAKE": "Needs an externally vetted brand: order a vetting on the brand's page.",
        "AGENTS_FRANCHISES": "Needs an externally vetted brand: order a vetting on the brand's page.",
        "SOLE_PROPRIETOR": "Only for sole proprietor brands; this brand is private for-profit.",
    }
    assert "Charity — Only for non-profit brands; this brand is private for-profit." in html
    assert refused.status_code == 200
    assert refused.context["form"].errors == {
        "usecase": ["Only for non-profit brands; this brand is private for-profit."]
    }
    assert refused.context["qualification"] is None


def test_a_sole_proprietor_is_offered_only_its_own_use_case(staff_client, portal_api):
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", identity_status="VERIFIED")
    run_id = start(staff_client)
    staff_client.post(url(run_id, "brand"), {"brand": brand.pk})

    form = staff_client.get(url(run_id, "usecase")).context["form"]

    offered = [name for name, _ in form.fields["usecase"].choices if name not in form.refusals]
    assert offered == ["SOLE_PROPRIETOR"]
    assert form.refusals["CUSTOMER_CARE"] == (
        "A sole proprietor brand can only register the sole proprietor use case."
    )


def test_an_ineligible_use_case_stops_the_builder(staff_client, qualified, registered_brand):
    # The mirrored brand may lag behind the API's: the API's qualification stays the final word.
    Brand.objects.filter(pk=registered_brand.pk).update(entity_type="NON_PROFIT")
    run_id = qualified(staff_client, "CHARITY")

    page = staff_client.get(url(run_id, "qualification"))

    content = page.content.decode()
    assert "does not qualify for Charity: Use case CHARITY is only available to NON_PROFIT brands" in content
    assert "Next: content" not in content
    assert redirected_to(staff_client.get(url(run_id, "content")), run_id, "qualification")
    assert redirected_to(staff_client.get(url(run_id, "review")), run_id, "qualification")


def test_an_eligible_use_case_shows_fees_cost_and_carriers(staff_client, qualified):
    run_id = qualified(staff_client, "MIXED")

    page = staff_client.get(url(run_id, "qualification")).content.decode()

    for shown in (
        "qualifies for Mixed",
        "<td>$30.00</td>",
        "<td>$10.00 per month</td>",
        "2 to 5",
        "T-Mobile",
        "Verizon Wireless",
        "Next: content",
    ):
        assert shown in page


def test_the_review_states_the_cost_in_dollars_per_period(staff_client, reviewed):
    run_id = reviewed(staff_client)

    page = staff_client.get(url(run_id, "review")).content.decode()

    assert (
        "Submitting charges <strong>$30.00</strong> now (three months) and the campaign review fee, then $10.00"
        " per month. It is not refunded; each resubmission or appeal pays the review again." in page
    )


def test_the_chosen_brand_and_use_case_are_shown_again(staff_client, qualified, registered_brand):
    run_id = qualified(staff_client)

    assert staff_client.get(url(run_id, "brand")).context["form"]["brand"].value() == registered_brand.pk
    assert staff_client.get(url(run_id, "usecase")).context["form"]["usecase"].value() == "CUSTOMER_CARE"


# --- content --------------------------------------------------------------------------------------------------


def test_invalid_content_is_shown_with_errors_at_its_fields_and_input_kept(staff_client, qualified):
    run_id = qualified(staff_client)
    posted = content_post(
        {
            **CLEAN_CONTENT,
            "description": "",
            "sample1": "",
            "optout_message": "",
            "privacy_policy_link": "not a link",
            "sub_usecases": ["2FA"],
        }
    )

    response = staff_client.post(url(run_id, "content"), posted)

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "description": ["This field is required."],
        "sample1": ["This field is required."],
        "optout_message": ["This field is required."],
        "privacy_policy_link": ["Enter a valid URL."],
        "sub_usecases": ["The CUSTOMER_CARE use case takes no sub use cases; 1 chosen."],
    }
    assert CLEAN_CONTENT["message_flow"] in response.content.decode()
    assert response.context["form"]["sample2"].value() == CLEAN_CONTENT["sample2"]


def test_a_mixed_campaign_lists_sub_use_cases_within_its_range(staff_client, qualified):
    run_id = qualified(staff_client, "MIXED")

    too_few = staff_client.post(
        url(run_id, "content"), content_post({**CLEAN_CONTENT, "sub_usecases": ["2FA"]})
    )
    enough = staff_client.post(
        url(run_id, "content"), content_post({**CLEAN_CONTENT, "sub_usecases": ["2FA", "CUSTOMER_CARE"]})
    )

    assert too_few.context["form"].errors == {
        "sub_usecases": ["The MIXED use case takes 2 to 5 sub use cases; 1 chosen."]
    }
    assert "MIXED" not in dict(too_few.context["form"].fields["sub_usecases"].choices)
    assert redirected_to(enough, run_id, "review")


def test_what_was_typed_is_kept_across_steps_even_when_invalid(staff_client, qualified):
    run_id = qualified(staff_client)
    typed = content_post({**CLEAN_CONTENT, "sample1": "", "sample3": "Acme Mobile: a third sample."})

    staff_client.post(url(run_id, "content"), typed)
    staff_client.get(url(run_id, "brand"))
    back = staff_client.get(url(run_id, "content"))

    form = back.context["form"]
    assert not form.is_bound
    assert (form["sample1"].value(), form["sample3"].value(), form["description"].value()) == (
        "",
        "Acme Mobile: a third sample.",
        CLEAN_CONTENT["description"],
    )
    assert (form["subscriber_help"].value(), form["embedded_link"].value()) == (True, False)


def test_back_keeps_the_draft_without_validating_it(staff_client, qualified):
    run_id = qualified(staff_client)

    response = staff_client.post(url(run_id, "content"), {"description": "Half typed", "_back": "1"})

    assert redirected_to(response, run_id, "qualification")
    assert staff_client.get(url(run_id, "content")).context["form"]["description"].value() == "Half typed"
    assert redirected_to(staff_client.get(url(run_id, "review")), run_id, "content")


def test_the_content_page_shows_findings_beside_their_fields(staff_client, qualified):
    run_id = qualified(staff_client)
    staff_client.post(url(run_id, "content"), content_post({**FLAWED_CONTENT, "sample1": ""}))

    page = staff_client.get(url(run_id, "content"))

    fields = {field.name: findings for _, group in page.context["fieldsets"] for field, findings, _ in group}
    assert [finding.rule for finding in fields["help_message"]] == [
        "campaign.help_message.brand_name",
        "campaign.help_message.contact",
    ]
    assert fields["optin_message"] == ()
    assert 'data-findings-for="help_message"' in page.content.decode()
    assert "/static/tendlc/live_findings.js" in page.content.decode()


# --- live findings --------------------------------------------------------------------------------------------


def findings_url(run_id: str) -> str:
    return f"{BUILD}{run_id}/findings/"


def test_the_findings_endpoint_answers_findings_grouped_by_field(staff_client, qualified):
    run_id = qualified(staff_client)

    response = staff_client.post(
        findings_url(run_id), content_post({**FLAWED_CONTENT, "help_keywords": "HELP, INFO"})
    )

    assert response.status_code == 200
    body = response.json()
    assert [(group["field"], [f["rule"] for f in group["findings"]]) for group in body["findings"]] == [
        ("help_message", ["campaign.help_message.brand_name", "campaign.help_message.contact"]),
        ("help_keywords", ["campaign.keywords.format"]),
    ]
    assert (body["errors"], body["warnings"]) == (3, 0)
    assert set(body["findings"][0]["findings"][0]) == {"rule", "severity", "fields", "message", "reference"}
    assert body["findings"][0]["findings"][0]["fields"] == ["helpMessage"]
    # What was typed is kept, as if the page had been submitted.
    assert staff_client.get(url(run_id, "content")).context["form"]["help_keywords"].value() == "HELP, INFO"


def test_the_findings_endpoint_takes_only_posts(staff_client, qualified):
    run_id = qualified(staff_client)

    assert staff_client.get(findings_url(run_id)).status_code == 405


def test_the_findings_endpoint_needs_a_run_at_the_content_step(staff_client, qualified, registered_brand):
    Brand.objects.filter(pk=registered_brand.pk).update(entity_type="NON_PROFIT")  # the API refuses CHARITY
    run_id = qualified(staff_client, "CHARITY")

    assert staff_client.post(findings_url(run_id), {}).status_code == 404
    assert staff_client.post(findings_url("no-such-run"), {}).status_code == 404


def test_the_findings_endpoint_needs_the_permission_and_a_csrf_token(staff_client, qualified):
    run_id = qualified(staff_client)
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = staff_client.cookies  # the same session, with CSRF checks on
    browser.get(url(run_id, "content"))
    content = content_post(CLEAN_CONTENT)
    outsider = Client()
    outsider.force_login(User.objects.create_user("viewer", is_staff=True))

    without_token = browser.post(findings_url(run_id), content)
    with_token = browser.post(
        findings_url(run_id), content, headers={"X-CSRFToken": browser.cookies["csrftoken"].value}
    )

    assert without_token.status_code == 403
    assert with_token.status_code == 200
    assert outsider.post(findings_url(run_id), content).status_code == 403
    assert Client().post(findings_url(run_id), content)["Location"].startswith("/admin/login/")


# --- review and submission ------------------------------------------------------------------------------------


def test_a_clean_campaign_is_submitted_and_its_page_opened(
    staff_client, reviewed, registered_brand, tendlc_client
):
    run_id = reviewed(staff_client)
    review = staff_client.get(url(run_id, "review")).content.decode()
    assert "Submit the campaign" in review
    assert "30.00" in review

    response = staff_client.post(url(run_id, "review"), {})

    campaign = Campaign.objects.get()
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/tendlc/campaign/{campaign.pk}/change/",
    )
    remote = tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id)
    assert (remote.reference_id, remote.brand_id, remote.sample2) == (
        run_id,
        registered_brand.brand_id,
        CLEAN_CONTENT["sample2"],
    )
    check = ComplianceCheck.objects.get()
    assert (check.campaign, check.error_count, check.override_reason) == (campaign, 0, "")
    assert list(AuditEntry.objects.values_list("action", "outcome", "username")) == [
        ("campaign.submit", "succeeded", "staff")
    ]
    # The run is over: its pages start a new one.
    assert staff_client.get(url(run_id, "review"))["Location"] == BUILD


def test_the_review_page_posted_twice_submits_once_and_lands_on_the_campaign(staff_client, reviewed):
    run_id = reviewed(staff_client)
    review = staff_client.get(url(run_id, "review")).content.decode()
    token = re.search(r'name="form_token" value="([^"]+)"', review).group(1)

    staff_client.post(url(run_id, "review"), {"form_token": token})
    again = staff_client.post(url(run_id, "review"), {"form_token": token})

    campaign = Campaign.objects.get()
    assert "tendlc/submit_once.js" in review
    assert again["Location"] == f"/admin/tendlc/campaign/{campaign.pk}/change/"
    assert list(get_messages(again.wsgi_request))[-1].message == (
        f"This form was already submitted: nothing was sent again. Here is campaign {campaign}, as the first one"
        " submitted it."
    )


def test_errors_block_staff_who_cannot_override(staff_client, reviewed, registered_brand, tendlc_client):
    run_id = reviewed(staff_client, FLAWED_CONTENT)

    page = staff_client.get(url(run_id, "review"))
    blocked = staff_client.post(url(run_id, "review"), {"override_reason": ""})
    forged = staff_client.post(url(run_id, "review"), {"override_reason": "I say so."})

    assert "ask a Compliance admin" in page.content.decode()
    assert "Submit the campaign" not in page.content.decode()
    assert "override_reason" not in page.content.decode()
    assert blocked.status_code == 200
    assert blocked.context["form"].errors == {
        "override_reason": [
            "2 compliance error(s) block submission: correct the content, or a Compliance admin gives a written"
            " reason to submit anyway."
        ]
    }
    assert "2 compliance error(s) block submission" in blocked.content.decode()
    assert forged.status_code == 403
    assert tendlc_client.messaging_10dlc.campaign.list(brand_id=registered_brand.brand_id).records == []
    assert Campaign.objects.count() == 0


def test_an_admin_submits_despite_errors_with_a_written_reason(
    compliance_admin_client, reviewed, compliance_admin
):
    run_id = reviewed(compliance_admin_client, FLAWED_CONTENT)
    page = compliance_admin_client.get(url(run_id, "review")).content.decode()
    assert 'name="override_reason"' in page

    response = compliance_admin_client.post(
        url(run_id, "review"), {"override_reason": "The HELP reply was agreed."}
    )

    campaign = Campaign.objects.get()
    assert response["Location"] == f"/admin/tendlc/campaign/{campaign.pk}/change/"
    check = ComplianceCheck.objects.get()
    assert (check.campaign, check.error_count, check.override_reason, check.overridden_by) == (
        campaign,
        2,
        "The HELP reply was agreed.",
        compliance_admin,
    )
    assert list(AuditEntry.objects.order_by("pk").values_list("action", "outcome")) == [
        ("campaign.submit", "succeeded"),
        ("compliance_check.override", "succeeded"),
    ]


def test_the_apis_refusal_returns_to_the_content_with_errors_at_the_fields(compliance_admin_client, reviewed):
    spaced = {**CLEAN_CONTENT, "help_keywords": "HELP, INFO", "optin_keywords": "START, JOIN"}
    run_id = reviewed(compliance_admin_client, spaced)

    response = compliance_admin_client.post(
        url(run_id, "review"), {"override_reason": "Let the API judge."}, follow=True
    )

    assert response.redirect_chain == [(url(run_id, "content"), 302)]
    form = response.context["form"]
    assert form.errors == {
        "help_keywords": ["helpKeywords must be keywords separated by commas, without spaces."],
        "optin_keywords": ["optinKeywords must be keywords separated by commas, without spaces."],
    }
    assert form["help_keywords"].value() == "HELP, INFO"
    assert form["sample1"].value() == CLEAN_CONTENT["sample1"]
    assert "The campaign was not submitted: correct the fields marked below." in [
        str(m) for m in response.context["messages"]
    ]
    assert Campaign.objects.count() == 0
    fixed = compliance_admin_client.post(url(run_id, "content"), content_post(CLEAN_CONTENT))
    assert redirected_to(fixed, run_id, "review")
    assert compliance_admin_client.post(url(run_id, "review"), {}).status_code == 302
    assert Campaign.objects.count() == 1


def test_two_runs_keep_their_own_state(staff_client, qualified, make_brand, dlc):
    other = BrandFactory(brand_id=make_brand("Other Brand").brand_id, display_name="Other Brand")
    first = qualified(staff_client)
    second = start(staff_client)
    staff_client.post(url(second, "brand"), {"brand": other.pk})
    staff_client.post(url(first, "content"), {"description": "First run", "_back": "1"})

    assert staff_client.get(url(second, "usecase")).context["brand"] == other
    assert staff_client.get(url(first, "content")).context["form"]["description"].value() == "First run"
    assert redirected_to(staff_client.get(url(second, "content")), second, "usecase")


def test_a_live_findings_answer_is_json(staff_client, qualified):
    run_id = qualified(staff_client)

    response = staff_client.post(findings_url(run_id), content_post(CLEAN_CONTENT))

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"findings": [], "blocking": [], "errors": 0, "warnings": 0}


@pytest.mark.parametrize(
    ("public_url", "offered"),
    [("https://portal.example.com/", "https://portal.example.com/webhooks/telnyx/"), ("", None)],
)
def test_the_content_step_offers_the_portals_own_webhook_url(
    staff_client, qualified, settings, public_url, offered
):
    settings.PORTAL_PUBLIC_URL = public_url
    run_id = qualified(staff_client)

    page = staff_client.get(url(run_id, "content"))

    assert (page.context["form"].initial.get("webhook_url") or None) == offered


def test_a_webhook_url_the_user_cleared_stays_cleared(staff_client, qualified, settings):
    settings.PORTAL_PUBLIC_URL = "https://portal.example.com"
    run_id = qualified(staff_client)
    staff_client.post(
        url(run_id, "content"), content_post({**FLAWED_CONTENT, "webhook_url": "", "sample1": ""})
    )

    page = staff_client.get(url(run_id, "content"))

    assert page.context["form"]["webhook_url"].value() == ""
