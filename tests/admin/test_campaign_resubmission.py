"""Fix and resubmit from a rejected campaign's page over the test browser, against the live sandbox: one click
opens the builder on the campaign's content with its findings, the review page offers the paths the status
allows (the others closed with the reason), the chosen path is sent, a refusal keeps what was typed, and a
pending move of the numbers is cancelled from the campaign's page."""

import pytest
from django.test import Client

from tendlc.models import AuditEntry, Campaign, NumberMove
from tendlc.services.resubmissions import resubmission_content
from tests.factories import CampaignFactory
from tests.fixtures.campaigns import CLEAN_CONTENT, content_post

pytestmark = pytest.mark.django_db

BUILD = "/admin/tendlc/campaign/build/"
FIXED_SAMPLE = "Acme Mobile: your ticket 4821 is closed. Reply STOP to opt out, HELP for help."


def change_page(campaign: Campaign) -> str:
    return f"/admin/tendlc/campaign/{campaign.pk}/change/"


def open_builder(browser: Client, campaign: Campaign) -> str:
    """Click "Fix and resubmit"; answer the builder run's id, at the content page."""
    response = browser.get(f"{BUILD}from/{campaign.pk}/")
    assert response.status_code == 302, response
    run_id, step = response["Location"].removeprefix(BUILD).strip("/").split("/")
    assert step == "content"
    return run_id


def review(browser: Client, run_id: str, content: dict) -> Client:
    response = browser.post(f"{BUILD}{run_id}/content/", content_post(content))
    assert (response.status_code, response["Location"]) == (302, f"{BUILD}{run_id}/review/")
    return browser.get(f"{BUILD}{run_id}/review/")


def test_a_rejected_campaigns_page_offers_fix_and_resubmit(staff_client, db):
    rejected = CampaignFactory(campaign_status="TELNYX_FAILED")
    provisioned = CampaignFactory()

    assert f'href="{BUILD}from/{rejected.pk}/"' in staff_client.get(change_page(rejected)).content.decode()
    assert "Fix and resubmit" not in staff_client.get(change_page(provisioned)).content.decode()


def test_one_click_opens_the_builder_on_the_content_with_its_findings(staff_client, rejected_campaign):
    run_id = open_builder(staff_client, rejected_campaign)

    page = staff_client.get(f"{BUILD}{run_id}/content/")

    form = page.context["form"]
    assert {name: form[name].value() for name in ("description", "sample1", "help_message")} == {
        name: getattr(rejected_campaign, name) for name in ("description", "sample1", "help_message")
    }
    assert page.context["findings_left_only"] is False
    shown = {
        field.name: findings for _, fields in page.context["fieldsets"] for field, findings, *_ in fields
    }
    rules = {name: [finding.rule for finding in found] for name, found in shown.items()}
    assert rules["help_message"] == ["campaign.help_message.brand_name", "campaign.help_message.contact"]
    assert rules["sample1"] == []
    # The content is the campaign's own: it is not a near-duplicate of the campaign it fixes.
    assert rules["description"] == ["campaign.description.thin"]
    assert "its brand and use case are kept" in page.content.decode()
    # The brand and use case are the campaign's: their pages are not offered.
    assert [step["url"] is None for step in page.context["steps"]][:2] == [True, True]
    assert staff_client.get(f"{BUILD}{run_id}/brand/")["Location"] == f"{BUILD}{run_id}/content/"


def test_a_campaign_not_rejected_is_not_resubmitted(staff_client, db):
    campaign = CampaignFactory()

    response = staff_client.get(f"{BUILD}from/{campaign.pk}/")

    assert (response.status_code, response["Location"]) == (302, change_page(campaign))


def test_the_review_shows_each_path_open_or_closed_with_its_reason_and_cost(
    compliance_admin_client, rejected_campaign
):
    run_id = open_builder(compliance_admin_client, rejected_campaign)
    content = {**resubmission_content(rejected_campaign), "sample2": FIXED_SAMPLE}

    page = review(compliance_admin_client, run_id, content)

    paths = {path.name: path for path in page.context["paths"]}
    assert [(name, path.allowed) for name, path in paths.items()] == [
        ("update", True),
        ("appeal", False),
        ("new", True),
    ]
    assert page.context["chosen_path"] == "update"
    assert page.context["form"]["appeal_reason"].value() == (
        f'Fixed since the rejection:\n- sample 2: now "{FIXED_SAMPLE}"'
    )
    text = page.content.decode()
    assert 'id="id_path_appeal" disabled' in text
    assert "Not available: Updating a campaign Telnyx rejected sends it back to review by itself" in text
    assert "Costs $15.00: the campaign review, charged again." in text


def test_the_update_path_is_sent_from_the_review(compliance_admin_client, rejected_campaign, dlc):
    run_id = open_builder(compliance_admin_client, rejected_campaign)
    review(
        compliance_admin_client, run_id, {**resubmission_content(rejected_campaign), "sample2": FIXED_SAMPLE}
    )

    response = compliance_admin_client.post(f"{BUILD}{run_id}/review/", {"path": "update"})

    assert (response.status_code, response["Location"]) == (302, change_page(rejected_campaign))
    remote = dlc.campaign.retrieve(rejected_campaign.campaign_id)
    assert (remote.sample2, remote.campaign_status) == (FIXED_SAMPLE, "TCR_ACCEPTED")
    assert AuditEntry.objects.get(action="campaign.resubmit").request_summary["path"] == "update"


def test_a_closed_path_is_refused_at_the_choice_and_the_typing_kept(
    compliance_admin_client, rejected_campaign, dlc
):
    run_id = open_builder(compliance_admin_client, rejected_campaign)
    review(
        compliance_admin_client, run_id, {**resubmission_content(rejected_campaign), "sample2": FIXED_SAMPLE}
    )

    page = compliance_admin_client.post(
        f"{BUILD}{run_id}/review/", {"path": "appeal", "appeal_reason": "Sample 2 now names the brand."}
    )

    assert page.status_code == 200
    assert page.context["form"].errors == {
        "path": [
            "Updating a campaign Telnyx rejected sends it back to review by itself, at the same cost: choose"
            " Update and re-review."
        ]
    }
    assert page.context["form"]["appeal_reason"].value() == "Sample 2 now names the brand."
    assert dlc.campaign.retrieve(rejected_campaign.campaign_id).campaign_status == "TELNYX_FAILED"


def test_a_content_error_keeps_the_edits(staff_client, rejected_campaign):
    run_id = open_builder(staff_client, rejected_campaign)
    content = {**resubmission_content(rejected_campaign), "sample2": FIXED_SAMPLE, "description": ""}

    page = staff_client.post(f"{BUILD}{run_id}/content/", content_post(content))

    assert page.status_code == 200
    assert page.context["form"].errors == {"description": ["This field is required."]}
    assert page.context["form"]["sample2"].value() == FIXED_SAMPLE


def test_a_pending_move_is_cancelled_from_the_campaigns_page(staff_client, staff_user, db):
    move = NumberMove.objects.create(
        from_campaign=CampaignFactory(campaign_status="MNO_REJECTED"),
        to_campaign=CampaignFactory(campaign_status="TCR_PENDING"),
    )
    page = staff_client.get(change_page(move.from_campaign)).content.decode()
    assert f'formaction="/admin/tendlc/campaign/number-moves/{move.pk}/cancel/"' in page

    response = staff_client.post(f"/admin/tendlc/campaign/number-moves/{move.pk}/cancel/", {"page": "from"})

    assert (response.status_code, response["Location"]) == (302, change_page(move.from_campaign))
    move.refresh_from_db()
    assert (move.state, move.ended_by) == ("cancelled", staff_user)
    assert "Cancelled" in staff_client.get(change_page(move.to_campaign)).content.decode()


def test_the_new_campaign_path_submits_it_and_leaves_the_numbers_move_pending(
    compliance_admin_client, portal_api, make_portal_campaign, sandbox_control, dlc
):
    rejected = make_portal_campaign()
    assert (
        sandbox_control.post(
            f"/campaigns/{rejected.campaign_id}/transition", {"campaignStatus": "MNO_REJECTED"}
        ).status_code
        == 200
    )
    Campaign.objects.filter(pk=rejected.pk).update(campaign_status="MNO_REJECTED")
    run_id = open_builder(compliance_admin_client, rejected)
    page = review(compliance_admin_client, run_id, {**CLEAN_CONTENT, "sample2": FIXED_SAMPLE})
    assert [(path.name, path.allowed) for path in page.context["paths"]] == [
        ("update", False),
        ("appeal", False),
        ("new", True),
    ]
    form_token = page.context["form_token"]

    response = compliance_admin_client.post(
        f"{BUILD}{run_id}/review/", {"path": "new", "form_token": form_token}
    )

    move = NumberMove.objects.get()
    assert (response.status_code, response["Location"]) == (302, change_page(move.to_campaign))
    assert (move.from_campaign, move.state) == (rejected, "pending")
    assert dlc.campaign.retrieve(move.to_campaign.campaign_id).sample2 == FIXED_SAMPLE
    assert dlc.campaign.retrieve(rejected.campaign_id).campaign_status == "MNO_REJECTED"
    # The same page posted again lands on the campaign the first post submitted, and pays nothing more.
    again = compliance_admin_client.post(
        f"{BUILD}{run_id}/review/", {"path": "new", "form_token": form_token}
    )
    assert (again["Location"], Campaign.objects.count()) == (change_page(move.to_campaign), 2)
