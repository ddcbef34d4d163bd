"""Campaign operations C3-C13 through the client, against the sandbox."""

import pytest

from tendlc.client import BadRequestError, NotFoundError
from tendlc.client.campaigns import (
    CampaignAppeal,
    CampaignDeactivation,
    CampaignListItem,
    CampaignOperationStatus,
    CampaignSharing,
    MnoMetadata,
    MnoMetadataItem,
    OsrAttributes,
    TelnyxCampaignCsp,
    UsecaseCost,
)
from tendlc.client.objects import TenDLCObject
from tests.fixtures.tendlc_client import WEBHOOK_URL

CARRIERS = ["10017", "10035", "10037", "10038", "10999"]


def test_c3_list_with_counts_and_sort(dlc, verified_brand, make_campaign):
    first = make_campaign(verified_brand.brand_id)
    second = make_campaign(verified_brand.brand_id, provisioned=False)
    dlc.phone_number_campaigns.create(campaign_id=first.campaign_id, phone_number="+12025550123")

    page = dlc.campaign.list(
        brand_id=verified_brand.brand_id, sort="-assignedPhoneNumbersCount", page=1, records_per_page=10
    )

    assert [campaign.campaign_id for campaign in page.records] == [first.campaign_id, second.campaign_id]
    assert all(isinstance(campaign, CampaignListItem) for campaign in page.records)
    assert [campaign.assigned_phone_numbers_count for campaign in page.records] == [1, 0]


def test_c4_retrieve(dlc, provisioned_campaign):
    campaign = dlc.campaign.retrieve(provisioned_campaign.campaign_id)

    assert isinstance(campaign, TelnyxCampaignCsp)
    assert campaign == provisioned_campaign
    assert (campaign.usecase, campaign.campaign_status, campaign.submission_status) == (
        "CUSTOMER_CARE",
        "MNO_PROVISIONED",
        "CREATED",
    )


def test_c5_update_changes_the_editable_fields(dlc, provisioned_campaign):
    campaign = dlc.campaign.update(
        provisioned_campaign.campaign_id,
        sample3="Acme Mobile: a third sample. Reply STOP to opt out.",
        help_message="Acme Mobile help: call us. Reply STOP to opt out.",
        auto_renewal=False,
        reseller_id="RESELLER",
        webhook_url=WEBHOOK_URL,
    )

    assert isinstance(campaign, TelnyxCampaignCsp)
    assert (campaign.sample3, campaign.auto_renewal, campaign.reseller_id, campaign.webhook_url) == (
        "Acme Mobile: a third sample. Reply STOP to opt out.",
        False,
        "RESELLER",
        WEBHOOK_URL,
    )
    assert campaign.help_message == "Acme Mobile help: call us. Reply STOP to opt out."


def test_c6_deactivate(dlc, provisioned_campaign):
    deactivation = dlc.campaign.deactivate(provisioned_campaign.campaign_id)

    assert isinstance(deactivation, CampaignDeactivation)
    assert deactivation.message == f"Campaign {provisioned_campaign.campaign_id} deactivated"
    assert deactivation.record_type == "campaign"
    assert deactivation.time == 1_790_000_037.0
    assert dlc.campaign.retrieve(provisioned_campaign.campaign_id).status == "EXPIRED"


def test_c7_appeal_a_failed_campaign(dlc, sandbox_control, provisioned_campaign):
    campaign_id = provisioned_campaign.campaign_id
    sandbox_control.post(f"/campaigns/{campaign_id}/transition", {"campaignStatus": "TELNYX_FAILED"})

    appeal = dlc.campaign.submit_appeal(campaign_id, appeal_reason="The website now has a privacy policy.")

    assert isinstance(appeal, CampaignAppeal)
    assert appeal.appealed_at == "2026-09-21T14:13:57+00:00"
    assert dlc.campaign.retrieve(campaign_id).campaign_status == "TCR_ACCEPTED"
    (recorded,) = sandbox_control.get(f"/campaigns/{campaign_id}/appeals").json["records"]
    assert recorded == {
        "appealedAt": appeal.appealed_at,
        "appealReason": "The website now has a privacy policy.",
        "fromStatus": "TELNYX_FAILED",
    }


def test_c7_a_campaign_in_good_standing_cannot_be_appealed(dlc, provisioned_campaign):
    with pytest.raises(BadRequestError):
        dlc.campaign.submit_appeal(provisioned_campaign.campaign_id, appeal_reason="Please.")


def test_c8_mno_metadata_by_network_id(dlc, provisioned_campaign):
    metadata = dlc.campaign.get_mno_metadata(provisioned_campaign.campaign_id)

    assert isinstance(metadata, MnoMetadata)
    assert sorted(metadata) == CARRIERS
    assert isinstance(metadata._10999, MnoMetadataItem)
    assert (metadata._10999.mno, metadata._10999.mno_review, metadata._10017.req_subscriber_optout) == (
        "Interop",
        False,
        True,
    )


def test_c9_operation_status_by_network_id(dlc, provisioned_campaign):
    status = dlc.campaign.get_operation_status(provisioned_campaign.campaign_id)

    assert isinstance(status, CampaignOperationStatus)
    assert dict(status) == dict.fromkeys(CARRIERS, "APPROVED")
    assert status._10017 == "APPROVED"


def test_c10_osr_attributes(dlc, provisioned_campaign):
    attributes = dlc.campaign.osr.get_attributes(provisioned_campaign.campaign_id)

    assert isinstance(attributes, OsrAttributes)
    assert (attributes.msg_class, attributes.status, attributes.brand_id) == (
        "A",
        "7",
        provisioned_campaign.brand_id,
    )
    assert attributes.campaign_id == provisioned_campaign.tcr_campaign_id


def test_c11_sharing_status(dlc, sandbox_control, provisioned_campaign):
    campaign_id = provisioned_campaign.campaign_id
    before = dlc.campaign.get_sharing_status(campaign_id)
    sandbox_control.post("/shared_by_me", {"campaignId": campaign_id})

    after = dlc.campaign.get_sharing_status(campaign_id)

    assert isinstance(after, CampaignSharing)
    assert (before.shared_by_me, before.shared_with_me) == (None, None)
    assert (after.shared_by_me.sharing_status, after.shared_by_me.upstream_cnp_id) == ("ACCEPTED", "TELNYX")
    assert after.shared_with_me is None


def test_c12_accept_a_shared_campaign(dlc, sandbox_control):
    tcr_campaign_id = sandbox_control.post("/partner_campaigns", {}).json["tcrCampaignId"]
    with pytest.raises(NotFoundError):
        dlc.partner_campaigns.retrieve(tcr_campaign_id)  # not listed until accepted

    accepted = dlc.campaign.accept_sharing(tcr_campaign_id)

    assert type(accepted) is TenDLCObject
    assert accepted.raw == {}
    assert dlc.partner_campaigns.retrieve(tcr_campaign_id).tcr_campaign_id == tcr_campaign_id


def test_c13_use_case_cost(dlc):
    cost = dlc.campaign.usecase.get_cost(usecase="LOW_VOLUME")

    assert isinstance(cost, UsecaseCost)
    assert (cost.campaign_usecase, cost.up_front_cost, cost.monthly_cost) == ("LOW_VOLUME", "4.50", "1.50")
    assert cost.description == "Two to five standard use cases at low volume."
