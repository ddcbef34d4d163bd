"""A rejected campaign's page opens with why it was rejected and what to change; its timeline says what the
rejection's words mean."""

import pytest
from django.utils import timezone

from tendlc.models import StatusChange, WebhookEvent
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def page_of(client, campaign) -> str:
    response = client.get(f"/admin/tendlc/campaign/{campaign.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_rejected_campaigns_page_shows_why_and_what_to_change(staff_client):
    campaign = CampaignFactory(
        campaign_status="MNO_REJECTED",
        failure_reasons="T-Mobile (10035): 806 the call to action lacks HELP and STOP",
        privacy_policy_link="",
    )

    page = page_of(staff_client, campaign)

    # Above the tabs: read before the form.
    assert page.index('id="rejection"') < page.index("data-record-tabs")
    assert "Why it was rejected" in page
    assert "“T-Mobile (10035): 806 the call to action lacks HELP and STOP”" in page
    assert "<strong>Call to action incomplete (carrier code 806).</strong>" in page
    assert (
        "Fields concerned:</strong> message flow, terms and conditions link, privacy policy link, opt-in message."
        in page
    )
    assert "Add the privacy policy link: a page on the brand&#x27;s site reviewers can open." in page
    assert "<li>Then appeal the rejection (Appeal), saying what you changed.</li>" in page


def test_a_campaign_nothing_rejects_has_no_rejection_panel(staff_client):
    assert 'id="rejection"' not in page_of(staff_client, CampaignFactory(campaign_status="MNO_PROVISIONED"))


def test_the_timeline_says_what_a_rejections_words_mean(compliance_admin_client):
    campaign = CampaignFactory(campaign_status="MNO_REJECTED")
    payload = {
        "campaignId": campaign.campaign_id,
        "type": "MNO_REVIEW",
        "status": "REJECTED",
        "description": f"{campaign.tcr_campaign_id} rejected by T-Mobile (10035): 805 privacy policy",
    }
    event = WebhookEvent.objects.create(body_hash="d" * 64, body="{}", payload=payload)
    StatusChange.objects.create(
        changed_at=timezone.now(),
        subject="campaign",
        record_id=campaign.campaign_id,
        brand_id=campaign.brand_id,
        campaign_id=campaign.campaign_id,
        field="campaign_status",
        old_value="MNO_PENDING",
        new_value="MNO_REJECTED",
        cause="webhook_event",
        webhook_event=event,
    )

    page = page_of(compliance_admin_client, campaign)

    assert (
        '<span class="tendlc-rejection-meaning">Means: Privacy policy not compliant (carrier code 805).</span>'
        in page
    )
