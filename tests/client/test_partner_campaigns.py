"""Partner campaigns S1-S5 through the client, against the sandbox."""

import pytest

from tendlc.client.campaigns import CampaignSharingStatus
from tendlc.client.partner_campaigns import PartnerCampaignSharing, SharedCampaign, TelnyxDownstreamCampaign

HOOK = "https://hooks.example/partner"


@pytest.fixture
def partner_campaign(sandbox_control):
    return sandbox_control.post(
        "/partner_campaigns", {"accepted": True, "brandDisplayName": "Partner Co"}
    ).json


def test_s1_list(dlc, partner_campaign):
    page = dlc.partner_campaigns.list(sort="-tcrCampaignId", page=1, records_per_page=10)

    (campaign,) = page.records
    assert isinstance(campaign, TelnyxDownstreamCampaign)
    assert (campaign.tcr_campaign_id, campaign.tcr_brand_id) == (
        partner_campaign["tcrCampaignId"],
        partner_campaign["tcrBrandId"],
    )
    assert (page.page, page.total_records) == (1, 1)


def test_s2_retrieve(dlc, partner_campaign):
    campaign = dlc.partner_campaigns.retrieve(partner_campaign["tcrCampaignId"])

    assert isinstance(campaign, TelnyxDownstreamCampaign)
    assert (campaign.brand_display_name, campaign.usecase, campaign.campaign_status) == (
        "Partner Co",
        "ACCOUNT_NOTIFICATION",
        "MNO_PROVISIONED",
    )
    assert campaign.assigned_phone_numbers_count == 0
    assert campaign.webhook_url is None


def test_s3_update_sets_the_webhook_urls(dlc, partner_campaign):
    campaign = dlc.partner_campaigns.update(
        partner_campaign["tcrCampaignId"], webhook_url=HOOK, webhook_failover_url=HOOK + "/failover"
    )

    assert (campaign.webhook_url, campaign.webhook_failover_url) == (HOOK, HOOK + "/failover")
    assert campaign.raw["webhookURL"] == HOOK
    assert dlc.partner_campaigns.retrieve(partner_campaign["tcrCampaignId"]).webhook_url == HOOK


def test_s4_list_shared_by_me(dlc, sandbox_control):
    shared = sandbox_control.post("/shared_by_me", {"usecase": "MARKETING"}).json

    (campaign,) = dlc.partner_campaigns.list_shared_by_me(page=1, records_per_page=5).records

    assert isinstance(campaign, SharedCampaign)
    assert (campaign.campaign_id, campaign.brand_id, campaign.usecase, campaign.status) == (
        shared["campaignId"],
        shared["brandId"],
        "MARKETING",
        "ACTIVE",
    )


def test_s5_sharing_status(dlc, partner_campaign):
    sharing = dlc.partner_campaigns.retrieve_sharing_status(partner_campaign["tcrCampaignId"])

    assert isinstance(sharing, PartnerCampaignSharing)
    assert list(sharing) == ["sharedWithMe"]
    status = sharing.shared_with_me
    assert isinstance(status, CampaignSharingStatus)
    assert (status.sharing_status, status.upstream_cnp_id, status.downstream_cnp_id) == (
        "ACCEPTED",
        "PARTNERCNP",
        "TELNYX",
    )
