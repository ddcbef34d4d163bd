"""The campaigns' admin: the list (badges, filters, search, export, constant queries), the change form (only
what C5 updates), the object actions with their permissions, and the panels."""

import csv
import io
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.models import (
    AuditEntry,
    Campaign,
    CampaignAppeal,
    CampaignMnoStatus,
    ComplianceCheck,
    PhoneNumberAssignment,
)
from tendlc.models.campaign_content import CAMPAIGN_UPDATABLE_FIELDS
from tests.factories import BrandFactory, CampaignFactory, PhoneNumberAssignmentFactory

pytestmark = pytest.mark.django_db

LIST = "/admin/tendlc/campaign/"
APPEAL_REASON = "The website now shows the privacy policy and the terms of service."


def page(campaign: Campaign, action: str = "change") -> str:
    return f"{LIST}{campaign.pk}/{action}/"


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def carrier(campaign: Campaign, network_id: int, mno: str, status: str) -> CampaignMnoStatus:
    return CampaignMnoStatus.objects.create(
        campaign=campaign, network_id=network_id, mno=mno, operation_status=status
    )


# --- the list -------------------------------------------------------------------------------------------------


def make_rows(count: int) -> None:
    for campaign in CampaignFactory.create_batch(count):
        carrier(campaign, 10017, "AT&T", "APPROVED")
        carrier(campaign, 10035, "T-Mobile", "REVIEW")


def test_the_list_runs_the_same_queries_for_10_rows_as_for_120(staff_client, django_assert_max_num_queries):
    make_rows(10)
    with CaptureQueriesContext(connection) as small:
        assert staff_client.get(LIST).status_code == 200
    make_rows(110)

    with django_assert_max_num_queries(len(small.captured_queries)):
        response = staff_client.get(LIST)

    assert len(response.context["cl"].result_list) == 100
    assert len(small.captured_queries) <= 20


def test_the_list_shows_badges_brand_links_and_carriers(staff_client):
    campaign = CampaignFactory(campaign_status="MNO_REJECTED", brand__display_name="Acme Mobile")
    carrier(campaign, 10017, "AT&T", "APPROVED")
    carrier(campaign, 10035, "T-Mobile", "REJECTED")
    carrier(campaign, 10037, "Verizon Wireless", "APPROVED")

    content = staff_client.get(LIST).content.decode()

    assert (
        'class="tendlc-badge tendlc-badge-bad" data-status="MNO_REJECTED">Rejected by a carrier</span>'
        in content
    )
    assert 'data-status="ACTIVE">Active</span>' in content
    assert ">APPROVED 2</span>" in content
    assert ">REJECTED 1</span>" in content
    assert f'<a href="/admin/tendlc/brand/{campaign.brand.pk}/change/">Acme Mobile</a>' in content


def listed(response) -> set[str]:
    return {campaign.tcr_campaign_id for campaign in response.context["cl"].result_list}


def test_the_carrier_status_filter_matches_one_carriers_status(staff_client):
    rejected_by_t_mobile = CampaignFactory(tcr_campaign_id="CREJ001")
    carrier(rejected_by_t_mobile, 10035, "T-Mobile", "REJECTED")
    carrier(rejected_by_t_mobile, 10017, "AT&T", "APPROVED")
    rejected_by_att = CampaignFactory(tcr_campaign_id="CREJ002")
    carrier(rejected_by_att, 10035, "T-Mobile", "APPROVED")
    carrier(rejected_by_att, 10017, "AT&T", "REJECTED")

    response = staff_client.get(LIST, {"carrier": "10035:REJECTED"})

    assert listed(response) == {"CREJ001"}
    choices = [
        choice["display"]
        for spec in response.context["cl"].filter_specs
        for choice in spec.choices(response.context["cl"])
    ]
    assert {"AT&T: APPROVED", "AT&T: REJECTED", "T-Mobile: APPROVED", "T-Mobile: REJECTED"} <= set(choices)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"campaign_status__exact": "TELNYX_FAILED"}, {"CFAIL01"}),
        ({"status__exact": "EXPIRED"}, {"COLD001"}),
        ({"usecase": "MARKETING"}, {"CFAIL01"}),
        ({"brand__vertical__exact": "HEALTHCARE"}, {"COLD001"}),
        ({"q": "CFAIL01"}, {"CFAIL01"}),
        ({"q": "Northwind"}, {"COLD001"}),
        ({"q": "appointment reminders"}, {"COLD001"}),
    ],
)
def test_filters_and_search(staff_client, query, expected):
    CampaignFactory(tcr_campaign_id="CFAIL01", campaign_status="TELNYX_FAILED", usecase="MARKETING")
    CampaignFactory(
        tcr_campaign_id="COLD001",
        status="EXPIRED",
        brand=BrandFactory(display_name="Northwind Clinic", vertical="HEALTHCARE"),
        description="Northwind sends appointment reminders.",
    )
    CampaignFactory(tcr_campaign_id="COK0001")

    assert listed(staff_client.get(LIST, query)) == expected


def test_search_by_campaign_id_and_brand_filter(staff_client):
    campaign = CampaignFactory(tcr_campaign_id="CFIND01")
    CampaignFactory(tcr_campaign_id="COTHER1")

    assert listed(staff_client.get(LIST, {"q": campaign.campaign_id})) == {"CFIND01"}
    assert listed(staff_client.get(LIST, {"brand__id__exact": campaign.brand.pk})) == {"CFIND01"}


def test_the_csv_export_writes_the_selected_campaigns(staff_client):
    campaign = CampaignFactory(tcr_campaign_id="CEXP001", brand__display_name="Acme Mobile")
    carrier(campaign, 10017, "AT&T", "APPROVED")
    carrier(campaign, 10035, "T-Mobile", "REVIEW")

    response = staff_client.post(LIST, {"action": "export_csv", "_selected_action": [campaign.pk]})

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "TCR campaign id",
        "Campaign id",
        "Brand",
        "Use case",
        "Campaign status",
        "Status",
        "Carriers",
        "Created",
    ]
    assert rows[1][:7] == [
        "CEXP001",
        campaign.campaign_id,
        "Acme Mobile",
        "CUSTOMER_CARE",
        "MNO_PROVISIONED",
        "ACTIVE",
        "APPROVED 1, REVIEW 1",
    ]


def test_campaigns_are_never_deleted_here(compliance_admin_client):
    campaign = CampaignFactory()

    assert compliance_admin_client.get(page(campaign, "delete")).status_code == 403


# --- the change form ------------------------------------------------------------------------------------------


def change_data(campaign: Campaign, **changes) -> dict:
    data = {
        name: getattr(campaign, name) or "" for name in CAMPAIGN_UPDATABLE_FIELDS if name != "auto_renewal"
    }
    data["auto_renewal"] = {True: "true", False: "false", None: "unknown"}[campaign.auto_renewal]
    return {**data, **changes, "_save": "Save"}


def test_only_the_updatable_fields_are_editable(staff_client):
    campaign = CampaignFactory()

    response = staff_client.get(page(campaign))

    assert set(response.context["adminform"].form.fields) == set(CAMPAIGN_UPDATABLE_FIELDS)
    assert "description" in response.context["adminform"].readonly_fields


def test_saving_updates_the_campaign_at_telnyx_and_ignores_read_only_fields(
    staff_client, portal_api, make_portal_campaign, tendlc_client
):
    campaign = make_portal_campaign()
    description = campaign.description

    response = staff_client.post(
        page(campaign),
        change_data(
            campaign,
            sample2="Acme Mobile: an agent will call you back today. Reply STOP to opt out.",
            description="Posted but read-only.",
            usecase="MARKETING",
        ),
    )

    assert response.status_code == 302
    remote = tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id)
    stored = Campaign.objects.get(pk=campaign.pk)
    assert (
        remote.sample2
        == stored.sample2
        == "Acme Mobile: an agent will call you back today. Reply STOP to opt out."
    )
    assert (remote.description, stored.description, stored.usecase) == (
        description,
        description,
        "CUSTOMER_CARE",
    )
    assert AuditEntry.objects.get().action == "campaign.update"


def test_bad_input_stays_on_the_form_with_the_error_at_its_field(
    staff_client, portal_api, make_portal_campaign
):
    campaign = make_portal_campaign()

    response = staff_client.post(
        page(campaign), change_data(campaign, webhook_url="not a url", sample3="Kept text")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"webhook_url": ["Enter a valid URL."]}
    assert response.context["adminform"].form["sample3"].value() == "Kept text"
    assert AuditEntry.objects.count() == 0


def test_the_apis_refusal_shows_at_the_field(staff_client, portal_api, make_portal_campaign):
    campaign = make_portal_campaign()

    response = staff_client.post(
        page(campaign), change_data(campaign, webhook_url="ftp://acme.example/hooks")
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["webhook_url"]
    assert Campaign.objects.get(pk=campaign.pk).webhook_url == ""


# --- object actions -------------------------------------------------------------------------------------------


def tool_labels(response) -> list[str]:
    return [tool["label"] for tool in response.context["object_actions"]]


@pytest.mark.parametrize(
    ("who", "tools"),
    [
        ("staff_client", ["Refresh from API", "Check compliance", "Check links"]),
        (
            "compliance_admin_client",
            ["Refresh from API", "Check compliance", "Check links", "Appeal", "Deactivate"],
        ),
    ],
)
def test_each_role_sees_only_the_actions_it_may_take(request, who, tools):
    campaign = CampaignFactory(campaign_status="TELNYX_FAILED")

    assert tool_labels(request.getfixturevalue(who).get(page(campaign))) == tools


@pytest.mark.parametrize(
    ("fields", "tools"),
    [
        (
            {"campaign_status": "MNO_PROVISIONED"},
            ["Refresh from API", "Check compliance", "Check links", "Deactivate"],
        ),
        (
            {"campaign_status": "MNO_REJECTED", "status": "EXPIRED"},
            ["Refresh from API", "Check compliance", "Check links", "Appeal"],
        ),
    ],
)
def test_appeal_and_deactivate_are_offered_by_state(compliance_admin_client, fields, tools):
    assert tool_labels(compliance_admin_client.get(page(CampaignFactory(**fields)))) == tools


@pytest.mark.parametrize("action", ["appeal", "deactivate"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_are_refused_the_admin_actions_on_the_server(staff_client, action, method):
    campaign = CampaignFactory(campaign_status="TELNYX_FAILED")

    response = getattr(staff_client, method)(
        page(campaign, action), {"appeal_reason": APPEAL_REASON, "post": "yes"}
    )

    assert response.status_code == 403
    assert CampaignAppeal.objects.count() == 0
    assert Campaign.objects.get(pk=campaign.pk).status == "ACTIVE"


@pytest.mark.parametrize("action", ["refresh", "compliance", "appeal", "deactivate"])
def test_anonymous_users_are_sent_to_the_login(client, action):
    response = client.post(page(CampaignFactory(), action))

    assert response["Location"].startswith("/admin/login/")


@pytest.fixture
def viewer_client(client, db):
    """A staff user who may only look at campaigns."""
    viewer = User.objects.create_user("viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_campaign"))
    client.force_login(viewer)
    return client


@pytest.mark.parametrize("action", ["refresh", "compliance", "appeal", "deactivate"])
def test_a_viewer_may_take_no_action(viewer_client, action):
    campaign = CampaignFactory(campaign_status="TELNYX_FAILED")

    assert viewer_client.post(page(campaign, action), {"post": "yes"}).status_code == 403
    assert tool_labels(viewer_client.get(page(campaign))) == []
    assert viewer_client.post(page(campaign), change_data(campaign, sample2="Changed.")).status_code == 403
    assert (ComplianceCheck.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize("action", ["refresh", "compliance"])
def test_refresh_and_check_take_only_posts(staff_client, action):
    assert staff_client.get(page(CampaignFactory(), action)).status_code == 405


def test_refresh_reads_the_campaign_and_shows_its_carriers(staff_client, portal_api, make_portal_campaign):
    campaign = make_portal_campaign()

    response = staff_client.post(page(campaign, "refresh"), follow=True)

    assert messages_of(response) == ["Refreshed from the API: MNO_PROVISIONED, 5 carrier row(s) updated."]
    panel = next(p for p in response.context["object_panels"] if p.title == "Carriers")
    assert [(row.mno, row.operation_status) for row, _ in panel.context["rows"]] == [
        ("AT&T", "APPROVED"),
        ("T-Mobile", "APPROVED"),
        ("Verizon Wireless", "APPROVED"),
        ("US Cellular", "APPROVED"),
        ("Interop", "APPROVED"),
    ]
    assert AuditEntry.objects.get().action == "campaign.refresh"


def test_checking_compliance_stores_a_check_shown_in_its_panel(staff_client, staff_user):
    campaign = CampaignFactory(help_message="")

    response = staff_client.post(page(campaign, "compliance"), follow=True)

    check = ComplianceCheck.objects.get()
    assert (check.campaign, check.checked_by) == (campaign, staff_user)
    assert messages_of(response) == [
        f"Compliance checked: {check.error_count} error(s), {check.warning_count} warning(s)."
    ]
    panel = next(p for p in response.context["object_panels"] if p.title == "Compliance checks")
    assert [shown for shown, _ in panel.context["checks"]] == [check]
    assert [f["rule"] for f in panel.context["checks"][0][1]] == [f["rule"] for f in check.findings]
    help_finding = next(f for f in panel.context["findings"] if f["rule"] == "campaign.help_message.present")
    assert help_finding["labels"] == "help message"
    assert "Help message: Write the reply to HELP" in response.content.decode()


def test_the_compliance_panel_shows_the_campaign_as_saved_not_the_last_check(
    staff_client, portal_api, make_portal_campaign
):
    campaign = make_portal_campaign(sample2="Your ticket is closed. Reply STOP to opt out.")
    staff_client.post(page(campaign, "compliance"))
    unnamed = "The brand is not named in sample 2"
    assert any(f["message"].startswith(unnamed) for f in ComplianceCheck.objects.get().findings)

    saved = staff_client.post(
        page(campaign),
        change_data(campaign, sample2="Acme Mobile: your ticket is closed. Reply STOP to opt out."),
    )
    response = staff_client.get(page(campaign))

    assert saved.status_code == 302
    panel = panel_context(response, "Compliance checks")
    assert not any(f["message"].startswith(unnamed) for f in panel["findings"])
    now = response.content.decode().split('id="compliance-now"')[1].split("Checks kept")[0]
    assert unnamed not in now
    assert f"{panel['errors']} error(s), {panel['warnings']} warning(s)." in now


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_appeal_is_refused_in_other_statuses(compliance_admin_client, method):
    campaign = CampaignFactory(campaign_status="MNO_PROVISIONED")

    response = getattr(compliance_admin_client, method)(
        page(campaign, "appeal"), {"appeal_reason": APPEAL_REASON}, follow=True
    )

    assert response.redirect_chain == [(page(campaign), 302)]
    assert messages_of(response) == [
        "Only a campaign rejected by Telnyx or a carrier (TELNYX_FAILED or MNO_REJECTED) can be appealed;"
        " this one is MNO_PROVISIONED."
    ]
    assert CampaignAppeal.objects.count() == 0


def test_an_appeal_needs_a_reason(compliance_admin_client, portal_api, rejected_campaign):
    response = compliance_admin_client.post(page(rejected_campaign, "appeal"), {"appeal_reason": ""})

    assert response.status_code == 200
    assert response.context["form"].errors == {"appeal_reason": ["This field is required."]}


def test_an_admin_appeals_and_the_appeal_shows_in_its_history(
    compliance_admin_client, compliance_admin, portal_api, rejected_campaign, sandbox_control
):
    form = compliance_admin_client.get(page(rejected_campaign, "appeal"))
    assert form.status_code == 200

    response = compliance_admin_client.post(
        page(rejected_campaign, "appeal"), {"appeal_reason": APPEAL_REASON}, follow=True
    )

    assert messages_of(response) == ["Appeal submitted: the campaign is now TCR_ACCEPTED."]
    appeal = CampaignAppeal.objects.get()
    assert (appeal.campaign, appeal.appeal_reason, appeal.status_before, appeal.requested_by) == (
        rejected_campaign,
        APPEAL_REASON,
        "TELNYX_FAILED",
        compliance_admin,
    )
    remote = sandbox_control.get(f"/campaigns/{rejected_campaign.campaign_id}/appeals").json["records"]
    assert [record["appealReason"] for record in remote] == [APPEAL_REASON]
    panel = next(p for p in response.context["object_panels"] if p.title == "Appeals")
    assert panel.context["appeals"] == [appeal]
    assert APPEAL_REASON in response.content.decode()


def test_deactivation_asks_for_confirmation_first(
    compliance_admin_client, portal_api, make_portal_campaign, tendlc_client
):
    campaign = make_portal_campaign()
    PhoneNumberAssignmentFactory(campaign=campaign)

    confirmation = compliance_admin_client.get(page(campaign, "deactivate"))
    unconfirmed = compliance_admin_client.post(page(campaign, "deactivate"), {})

    html = confirmation.content.decode()
    assert "Are you sure you want to deactivate" in html
    # Telnyx does not say what becomes of the numbers: the page promises nothing about them.
    assert "lose their campaign" not in html
    assert (
        '<li id="deactivate-numbers">Telnyx does not document what happens to the campaign\'s phone numbers.'
        " After deactivating, the portal reads them again from the 10DLC API and shows what it lists.</li>"
    ) in html
    assert unconfirmed.status_code == 200
    assert tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id).status == "ACTIVE"


def test_an_admin_deactivates_after_confirming(
    compliance_admin_client, portal_api, make_portal_campaign, tendlc_client
):
    campaign = make_portal_campaign()

    response = compliance_admin_client.post(page(campaign, "deactivate"), {"post": "yes"}, follow=True)

    assert messages_of(response) == [
        f"Campaign {campaign} deactivated. The 10DLC API lists no numbers on this campaign."
    ]
    assert tendlc_client.messaging_10dlc.campaign.retrieve(campaign.campaign_id).status == "EXPIRED"
    assert Campaign.objects.get(pk=campaign.pk).status == "EXPIRED"
    again = compliance_admin_client.get(page(campaign, "deactivate"), follow=True)
    assert messages_of(again) == ["This campaign is already deactivated."]


def test_after_deactivating_the_page_counts_the_numbers_the_api_still_lists(
    compliance_admin_client, portal_api, make_seeded_campaign
):
    campaign = make_seeded_campaign(numbers=3)
    PhoneNumberAssignmentFactory(phone_number="+13125550199", campaign=campaign)

    response = compliance_admin_client.post(page(campaign, "deactivate"), {"post": "yes"}, follow=True)

    assert messages_of(response) == [
        f"Campaign {campaign} deactivated. The 10DLC API still lists 3 numbers on this campaign. It no longer"
        " lists 1 number that was on it here: it is now shown as removed."
    ]
    assert panel_context(response, "Phone numbers")["count"] == 3
    rows = PhoneNumberAssignment.objects.filter(campaign=campaign).order_by("phone_number")
    assert [(row.assignment_status, row.remote_deleted_at is None) for row in rows] == [
        ("ASSIGNED", True),
        ("ASSIGNED", True),
        ("ASSIGNED", True),
        ("ASSIGNED", False),
    ]


def test_a_failed_read_of_the_numbers_is_said_beside_the_deactivation(
    compliance_admin_client, portal_api, make_portal_campaign, faults
):
    campaign = make_portal_campaign()
    faults.add(status=500, count=20, retryAfter=0, pathPattern=r"/10dlc/phone_number_campaigns$")

    response = compliance_admin_client.post(page(campaign, "deactivate"), {"post": "yes"}, follow=True)

    [message] = response.context["messages"]
    assert message.level_tag == "warning"
    assert re.fullmatch(
        rf"Campaign {re.escape(str(campaign))} deactivated\. Its phone numbers could not be read again from the"
        r" 10DLC API \(HTTP 500, request id [0-9a-f-]{36}\): they are shown as last read, and the next sync"
        r" reads them again\.",
        str(message),
    )
    assert Campaign.objects.get(pk=campaign.pk).status == "EXPIRED"


@pytest.mark.parametrize(
    ("fields", "notice"),
    [
        ({"status": "EXPIRED"}, "This campaign is deactivated: it can no longer be changed."),
        (
            {"remote_deleted_at": timezone.now()},
            "The 10DLC API no longer knows this campaign: it can no longer be changed.",
        ),
    ],
)
def test_a_campaign_that_cannot_change_shows_a_read_only_page(staff_client, fields, notice):
    campaign = CampaignFactory(**fields)

    response = staff_client.get(page(campaign))

    html = response.content.decode()
    assert response.context["title"] == "View campaign"
    assert response.context["adminform"].form.fields.keys() == set()
    assert f'<li class="info" id="read-only-notice">{notice}</li>' in html
    assert 'name="_save"' not in html
    assert 'name="_continue"' not in html
    assert "Editable after submission" not in html
    assert "Only these fields can change" not in html
    assert "<textarea" not in html
    assert tool_labels(response) == ["Refresh from API", "Check compliance", "Check links"]


def test_a_post_to_a_deactivated_campaign_is_refused_with_the_reason(staff_client):
    campaign = CampaignFactory(status="EXPIRED", sample2="Before.")

    response = staff_client.post(page(campaign), change_data(campaign, sample2="Changed."))

    assert response.status_code == 403
    assert response.context["explanation"] == "This campaign is deactivated: it can no longer be changed."
    assert Campaign.objects.get(pk=campaign.pk).sample2 == "Before."
    assert AuditEntry.objects.count() == 0


# --- panels ---------------------------------------------------------------------------------------------------


def panel_context(response, title: str) -> dict:
    return next(panel.context for panel in response.context["object_panels"] if panel.title == title)


def test_the_registry_panel_reads_the_api_only_when_asked(staff_client, portal_api, make_portal_campaign):
    campaign = make_portal_campaign()

    quiet = panel_context(staff_client.get(page(campaign)), "Registry and sharing")
    asked = staff_client.get(page(campaign), {"registry": "1"})

    assert "live" not in quiet
    live = panel_context(asked, "Registry and sharing")["live"]
    assert live.osr_attributes["msg_class"] == "A"
    assert "<th>msg_class</th><td>A</td>" in asked.content.decode()


def test_the_registry_panel_says_when_the_api_cannot_be_read(staff_client, settings):
    settings.TELNYX_API_KEY = ""
    campaign = CampaignFactory()

    panel = panel_context(staff_client.get(page(campaign), {"registry": "1"}), "Registry and sharing")

    assert panel["error"].startswith("The 10DLC API is not configured")


def test_the_numbers_panel_counts_the_campaigns_assignments(staff_client):
    campaign = CampaignFactory(assigned_phone_numbers_count=3)
    PhoneNumberAssignmentFactory.create_batch(2, campaign=campaign)
    PhoneNumberAssignmentFactory(campaign=campaign, remote_deleted_at=timezone.now())
    PhoneNumberAssignmentFactory()

    panel = panel_context(staff_client.get(page(campaign)), "Phone numbers")

    assert (panel["count"], panel["reported"]) == (2, 3)
    assert panel["url"] == f"/admin/tendlc/phonenumberassignment/?campaign__id__exact={campaign.pk}"
