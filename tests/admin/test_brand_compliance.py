"""Compliance checks in the brand admin: the live findings endpoint the add and change forms post to, the
check stored when a brand is saved (never blocking it), the "Check compliance" action, and the Compliance
panel that shows the brand's findings as it is stored now."""

import json

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tendlc.models import AuditEntry, Brand, ComplianceCheck
from tests.factories import BrandFactory, CampaignFactory
from tests.fixtures.brands import brand_form

# A country the API does not know: a national phone number could not be read in it.
E164 = "+12025550100"

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/tendlc/brand/add/"
ADD_FINDINGS_URL = "/admin/tendlc/brand/findings/"
IDENTITY = "TCR brand registration: identity (EIN, legal name, physical address, website)"
IRS_EIN = "IRS Employer Identification Number: NN-NNNNNNN with an issued campus prefix"
SOLE_PROPRIETOR = {
    "entity_type": "SOLE_PROPRIETOR",
    "first_name": "Jane",
    "last_name": "Doe",
    "mobile_phone": "(312) 555-0123",
    "company_name": "",
    "ein": "",
}


def findings_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/findings/"


def change_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/change/"


def action_url(brand: Brand) -> str:
    return f"/admin/tendlc/brand/{brand.pk}/actions/check-compliance/"


def by_field(response) -> list[tuple[str, list[str]]]:
    """The answer's groups as (form field, rules)."""
    return [(group["field"], [f["rule"] for f in group["findings"]]) for group in response.json()["findings"]]


def banner(response) -> list[tuple[str, str]]:
    return [(message.level_tag, message.message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def api_key(settings):
    """The object actions open an API client (the compliance check itself never calls the API)."""
    settings.TELNYX_API_KEY = "test"


# --- the live findings endpoint -------------------------------------------------------------------------------


def test_a_po_box_is_answered_at_the_street_field(staff_client):
    response = staff_client.post(ADD_FINDINGS_URL, brand_form(street="PO Box 123"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "findings": [
            {
                "field": "street",
                "findings": [
                    {
                        "rule": "brand.street.po_box",
                        "severity": "error",
                        "fields": ["street"],
                        "message": "The street is a PO box or mailbox: give the physical address where the business"
                        " operates.",
                        "reference": IDENTITY,
                    }
                ],
            }
        ],
        "blocking": [],
        "errors": 1,
        "warnings": 0,
    }


def test_a_bad_ein_prefix_the_form_takes_is_answered_at_the_ein_field(staff_client):
    # Valid for the form (nine digits, stored bare): the prefix is what is wrong.
    response = staff_client.post(ADD_FINDINGS_URL, brand_form(ein="00-1234567"))

    assert response.json() == {
        "findings": [
            {
                "field": "ein",
                "findings": [
                    {
                        "rule": "brand.ein.format",
                        "severity": "error",
                        "fields": ["ein"],
                        "message": "No EIN starts with 00: check 001234567 against the IRS letter (CP 575).",
                        "reference": IRS_EIN,
                    }
                ],
            }
        ],
        "blocking": [],
        "errors": 1,
        "warnings": 0,
    }


def test_an_ein_the_form_refuses_is_answered_once_in_the_forms_words_as_blocking(staff_client):
    # The checks would say the same of it ("not nine digits"): the form's refusal, which blocks saving, is the
    # one answered, and the counts are of the findings answered.
    response = staff_client.post(ADD_FINDINGS_URL, brand_form(ein="12-34567", street="PO Box 123"))

    body = response.json()
    assert body["blocking"] == [
        {"field": "ein", "messages": ["A US EIN is 9 digits: 123456789 or 12-3456789."]}
    ]
    assert by_field(response) == [("street", ["brand.street.po_box"])]
    assert (body["errors"], body["warnings"]) == (1, 0)


def test_a_field_left_empty_is_not_blocking_while_the_user_types(staff_client):
    response = staff_client.post(ADD_FINDINGS_URL, brand_form(company_name="", display_name=""))

    assert response.json()["blocking"] == []


def test_a_social_profile_as_website_is_an_error_and_the_email_off_its_domain_a_warning(staff_client):
    response = staff_client.post(ADD_FINDINGS_URL, brand_form(website="https://www.facebook.com/acmemobile"))

    body = response.json()
    # The e-mail's warning names the website too: it is answered once, at the e-mail, the field to change.
    assert by_field(response) == [
        ("email", ["brand.email.domain"]),
        ("website", ["brand.website.own_domain"]),
    ]
    assert body["findings"][1]["findings"][0] == {
        "rule": "brand.website.own_domain",
        "severity": "error",
        "fields": ["website"],
        "message": "The website is a page on facebook.com, not a domain of the brand's own: enter the brand's own"
        " site.",
        "reference": IDENTITY,
    }
    assert body["findings"][0]["findings"][0]["fields"] == ["email", "website"]
    assert (body["errors"], body["warnings"]) == (1, 1)


def test_a_clean_brand_has_no_findings(staff_client):
    response = staff_client.post(ADD_FINDINGS_URL, brand_form())

    assert response.json() == {"findings": [], "blocking": [], "errors": 0, "warnings": 0}


def test_the_brand_being_changed_is_left_out_of_the_brands_sharing_its_ein(staff_client):
    brand = BrandFactory(ein="123456789")
    BrandFactory(ein="123456789")
    BrandFactory(ein="123456789", brand_id=None)  # a draft: most often this brand typed again

    changed = staff_client.post(findings_url(brand), brand_form(ein="12-3456789"))
    added = staff_client.post(ADD_FINDINGS_URL, brand_form(ein="12-3456789"))

    assert changed.json()["findings"][0]["findings"][0]["message"] == (
        "1 other brand(s) use the EIN 123456789: a company registers one brand; use the existing one, or check"
        " the EIN."
    )
    assert added.json()["findings"][0]["findings"][0]["message"].startswith("2 other brand(s) use the EIN")
    assert by_field(changed) == by_field(added) == [("ein", ["brand.ein.shared"])]


def test_a_mobile_phone_is_compared_as_it_is_stored(staff_client):
    BrandFactory.create_batch(3, entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="")

    response = staff_client.post(ADD_FINDINGS_URL, brand_form(**SOLE_PROPRIETOR))

    assert by_field(response) == [("mobile_phone", ["brand.sole_proprietor.mobile_phone_limit"])]
    assert response.json()["findings"][0]["findings"][0]["message"] == (
        "The mobile number +13125550123 already backs 3 sole-proprietor brands, the most allowed: use another"
        " mobile number of the owner's."
    )


def test_fields_the_entity_type_hides_are_not_checked(staff_client):
    # The page hides the EIN of a sole proprietor and saving drops it: a leftover value is no finding.
    response = staff_client.post(ADD_FINDINGS_URL, brand_form(**{**SOLE_PROPRIETOR, "ein": "00-1234567"}))

    assert response.json() == {"findings": [], "blocking": [], "errors": 0, "warnings": 0}


def test_a_finding_about_a_read_only_field_is_shown_at_its_row(staff_client):
    # A registered sole proprietor's mobile phone cannot be changed: the page shows it read-only.
    brand = BrandFactory(entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="", company_name="")
    BrandFactory.create_batch(3, entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="")
    data = brand_form(**{**SOLE_PROPRIETOR, "mobile_phone": None})

    response = staff_client.post(findings_url(brand), data)

    assert by_field(response) == [("mobile_phone", ["brand.sole_proprietor.mobile_phone_limit"])]
    assert Brand.objects.get(pk=brand.pk).display_name == brand.display_name  # nothing is saved


def test_the_endpoint_runs_the_same_queries_however_many_brands_share_the_ein_and_mobile(staff_client):
    brand = BrandFactory(ein="123456789")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.post(findings_url(brand), brand_form()).status_code == 200
        return len(captured.captured_queries)

    few = queries()
    BrandFactory.create_batch(20, ein="123456789")
    BrandFactory.create_batch(20, entity_type="SOLE_PROPRIETOR", mobile_phone="+13125550123", ein="")

    assert queries() == few


def test_the_endpoint_takes_only_posts(staff_client):
    assert staff_client.get(ADD_FINDINGS_URL).status_code == 405


def test_an_unknown_brand_is_not_found(staff_client):
    assert staff_client.post("/admin/tendlc/brand/999/findings/", brand_form()).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client):
    brand = BrandFactory()

    for url in (ADD_FINDINGS_URL, findings_url(brand)):
        response = client.post(url, brand_form())
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_viewer_may_not_check_forms_they_cannot_fill(brand_viewer_client):
    brand = BrandFactory()

    assert brand_viewer_client.post(ADD_FINDINGS_URL, brand_form()).status_code == 403
    assert brand_viewer_client.post(findings_url(brand), brand_form()).status_code == 403
    assert brand_viewer_client.get(change_url(brand)).context["brand_findings_url"] == ""


def test_a_deleted_brand_is_read_only_and_offers_no_findings(staff_client):
    brand = BrandFactory(remote_deleted_at="2024-01-01T00:00:00Z")

    assert staff_client.post(findings_url(brand), brand_form()).status_code == 403
    assert 'id="brand-findings"' not in staff_client.get(change_url(brand)).content.decode()


def test_the_endpoint_needs_a_csrf_token(staff_client):
    browser = Client(enforce_csrf_checks=True)
    browser.cookies = staff_client.cookies  # the same session, with CSRF checks on
    browser.get(ADD_URL)

    without_token = browser.post(ADD_FINDINGS_URL, brand_form())
    with_token = browser.post(
        ADD_FINDINGS_URL, brand_form(), headers={"X-CSRFToken": browser.cookies["csrftoken"].value}
    )

    assert (without_token.status_code, with_token.status_code) == (403, 200)


def test_the_forms_name_their_endpoint_for_the_script(staff_client):
    brand = BrandFactory()

    add_page = staff_client.get(ADD_URL).content.decode()
    change_page = staff_client.get(change_url(brand)).content.decode()

    assert f'id="brand-findings" data-findings-url="{ADD_FINDINGS_URL}"' in add_page
    assert f'id="brand-findings" data-findings-url="{findings_url(brand)}"' in change_page
    assert "/static/tendlc/live_findings.js" in add_page


# --- on save --------------------------------------------------------------------------------------------------


def test_a_brand_with_errors_is_saved_and_its_findings_kept(staff_client, portal_api):
    response = staff_client.post(ADD_URL, brand_form(street="PO Box 123"))

    brand = Brand.objects.get()
    check = ComplianceCheck.objects.get()
    assert response.status_code == 302
    assert brand.brand_id is not None
    assert (check.brand, check.campaign, check.checked_by.username) == (brand, None, "staff")
    assert (check.error_count, check.warning_count) == (1, 0)
    assert [(f["rule"], f["fields"]) for f in check.findings] == [("brand.street.po_box", ["street"])]
    assert check.subject["brand"]["brandId"] == brand.brand_id
    assert (
        "warning",
        (
            "Compliance: 1 error(s), 0 warning(s), shown in the Compliance panel. They did not block saving;"
            " the registry may reject what they name."
        ),
    ) in banner(response)
    assert [level for level, _ in banner(response)] == ["warning", "success"]
    # The save's own audit entry covers the check.
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["brand.create"]


def test_a_clean_brand_is_saved_with_an_empty_check_and_no_warning(staff_client, portal_api):
    response = staff_client.post(ADD_URL, brand_form())

    check = ComplianceCheck.objects.get()
    assert (check.brand, check.findings, check.error_count, check.warning_count) == (
        Brand.objects.get(),
        [],
        0,
        0,
    )
    assert [level for level, _ in banner(response)] == ["success"]


def test_each_update_keeps_a_new_check(staff_client, portal_api, make_registered_brand):
    brand = make_registered_brand()

    staff_client.post(change_url(brand), brand_form(website="https://www.instagram.com/acme"))
    staff_client.post(change_url(brand), brand_form())

    latest, first = ComplianceCheck.objects.filter(brand=brand)
    assert [f["rule"] for f in first.findings] == ["brand.website.own_domain", "brand.email.domain"]
    assert latest.findings == []


def test_a_refused_create_keeps_no_check(staff_client, portal_api):
    response = staff_client.post(ADD_URL, brand_form(country="QQ", phone=E164, street="PO Box 123"))

    assert response.status_code == 200
    assert Brand.objects.get().brand_id is None
    assert not ComplianceCheck.objects.exists()


# --- the "Check compliance" action and the panel --------------------------------------------------------------


def test_the_action_checks_the_stored_brand_keeps_and_audits_the_result(staff_client, api_key):
    brand = BrandFactory(street="PO Box 12", website="https://www.instagram.com/acme")

    response = staff_client.post(action_url(brand))

    check = ComplianceCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == change_url(brand)
    assert banner(response) == [
        (
            "success",
            f"Compliance of {brand} checked: 2 error(s), 1 warning(s), shown in the Compliance panel.",
        )
    ]
    assert (check.brand, check.campaign, check.checked_by.username) == (brand, None, "staff")
    assert [f["rule"] for f in check.findings] == [
        "brand.street.po_box",
        "brand.website.own_domain",
        "brand.email.domain",
    ]
    entry = AuditEntry.objects.get()
    assert (entry.username, entry.action, entry.outcome, entry.target_id, entry.request_summary) == (
        "staff",
        "brand.check_compliance",
        "succeeded",
        str(brand.pk),
        {"errors": 2, "warnings": 1},
    )


def test_the_panel_shows_the_latest_check_with_badges_and_field_labels(staff_client, api_key):
    brand = BrandFactory(website="https://www.instagram.com/acme")
    staff_client.post(action_url(brand))
    # A campaign's check names its brand too; the brand's panel is about the brand.
    ComplianceCheck.objects.create(brand=brand, campaign=CampaignFactory(brand=brand), error_count=5)

    page = staff_client.get(change_url(brand))

    [panel] = [panel for panel in page.context["object_panels"] if panel.title == "Compliance"]
    assert panel.context["check"] == ComplianceCheck.objects.get(campaign=None)
    assert [
        (str(finding["severity"]), finding["fields"], finding["message"])
        for finding in panel.context["findings"]
    ] == [
        (
            '<span class="tendlc-badge tendlc-badge-bad">error</span>',
            ["website"],
            "The website is a page on instagram.com, not a domain of the brand's own: enter the brand's own site.",
        ),
        (
            '<span class="tendlc-badge tendlc-badge-pending">warning</span>',
            ["e-mail", "website"],
            "The e-mail compliance@acme.example is not on the brand's domain instagram.com: use an address at"
            " instagram.com, so reviewers can tie the brand to its website.",
        ),
    ]
    html = page.content.decode()
    assert "1 error(s), 1 warning(s)." in html
    assert "<td>e-mail, website</td>" in html


def test_the_panel_says_when_no_check_was_kept(staff_client):
    brand = BrandFactory()

    html = staff_client.get(change_url(brand)).content.decode()

    assert (
        '<p id="compliance-now"><strong>As the brand reads now:</strong> 0 error(s), 0 warning(s).\n'
        'No check kept yet: saving the brand or "Check compliance" keeps one.</p>'
    ) in html
    assert "<p>The checks find nothing to change.</p>" in html


def test_the_panel_shows_the_brand_as_stored_now_not_the_last_check(staff_client, api_key):
    brand = BrandFactory(street="PO Box 123")
    staff_client.post(action_url(brand))
    # Corrected since the check, by a sync or the API: the panel must not show the old finding.
    Brand.objects.filter(pk=brand.pk).update(street="1 Main St")

    page = staff_client.get(change_url(brand))

    [panel] = [panel for panel in page.context["object_panels"] if panel.title == "Compliance"]
    assert (panel.context["errors"], panel.context["warnings"], panel.context["findings"]) == (0, 0, [])
    assert panel.context["check"].error_count == 1
    html = page.content.decode()
    assert "The street is a PO box" not in html
    assert "<strong>As the brand reads now:</strong> 0 error(s), 0 warning(s)." in html


def test_the_action_is_offered_to_staff_and_run_by_post_only(staff_client, api_key):
    brand = BrandFactory()

    tools = staff_client.get(change_url(brand)).context["object_actions"]
    opened = staff_client.get(action_url(brand))

    assert {"label": "Check compliance", "url": action_url(brand), "one_click": True} in tools
    assert (opened.status_code, opened["Location"]) == (302, change_url(brand))
    assert not ComplianceCheck.objects.exists()


def test_a_viewer_may_not_run_the_action(brand_viewer_client, api_key):
    brand = BrandFactory()

    assert brand_viewer_client.post(action_url(brand)).status_code == 403
    assert not ComplianceCheck.objects.exists()
    assert not AuditEntry.objects.exists()
