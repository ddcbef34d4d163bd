"""Refreshing campaigns in review against the live sandbox: a campaign submitted through the API, its reviews
played by advancing the sandbox clock, each carrier's terms and operation status mirrored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tendlc.models import Campaign, CampaignMnoStatus
from tendlc.services.campaigns import (
    CampaignRefresh,
    campaign_list_in_review,
    campaign_refresh,
    campaigns_refresh_in_review,
)
from tests.factories import CampaignFactory
from tests.fixtures.brands import mirror_brand
from tests.fixtures.campaigns import campaign_fields, mirror_campaign
from tests.fixtures.polling import writes

pytestmark = pytest.mark.django_db

CARRIERS = {
    10017: "AT&T",
    10035: "T-Mobile",
    10037: "Verizon Wireless",
    10038: "US Cellular",
    10999: "Interop",
}
# The sandbox's reviews, in sandbox seconds: TCR 2, then Telnyx 10, then the carriers 20.
TCR, TELNYX, CARRIER = 2, 10, 20


@pytest.fixture
def submit(make_brand, dlc):
    """Submit a campaign of a verified brand through the API and mirror both, as the portal's submission does."""

    def submit_campaign(**overrides) -> Campaign:
        brand = make_brand()
        mirror_brand(dlc.brand.retrieve(brand.brand_id).raw)
        campaign_id = dlc.campaign_builder.submit(**campaign_fields(brand.brand_id, **overrides)).campaign_id
        return mirror_campaign(dlc.campaign.retrieve(campaign_id).raw)

    return submit_campaign


def carriers(campaign: Campaign) -> dict[int, tuple]:
    return {
        row.network_id: (row.mno, row.operation_status)
        for row in CampaignMnoStatus.objects.filter(campaign=campaign)
    }


def statuses(campaign: Campaign, status: str) -> dict[int, tuple]:
    return {network_id: (name, status) for network_id, name in CARRIERS.items()}


def test_refresh_follows_a_campaign_through_review(submit, tendlc_client, advance):
    campaign = submit()

    assert campaign_refresh(campaign=campaign, client=tendlc_client) == CampaignRefresh("TCR_PENDING", 0, 5)
    assert carriers(campaign) == statuses(campaign, "REVIEW")
    assert campaigns_refresh_in_review(client=tendlc_client) == 1

    advance(TCR)
    assert campaign_refresh(campaign=campaign, client=tendlc_client).campaign_status == "TCR_ACCEPTED"
    advance(TELNYX)
    assert campaign_refresh(campaign=campaign, client=tendlc_client).campaign_status == "MNO_PENDING"
    assert carriers(campaign) == statuses(campaign, "REVIEW")

    advance(CARRIER)
    assert campaigns_refresh_in_review(client=tendlc_client) == 1

    campaign = Campaign.objects.get(pk=campaign.pk)
    assert (campaign.campaign_status, campaign.raw["campaignStatus"]) == (
        "MNO_PROVISIONED",
        "MNO_PROVISIONED",
    )
    assert carriers(campaign) == statuses(campaign, "APPROVED")
    assert list(campaign_list_in_review()) == []
    assert campaigns_refresh_in_review(client=tendlc_client) == 0


def test_each_carrier_row_holds_its_terms_as_the_api_gives_them(submit, tendlc_client, dlc):
    campaign = submit()
    campaign_refresh(campaign=campaign, client=tendlc_client)

    metadata = dlc.campaign.get_mno_metadata(campaign.campaign_id).raw
    att = CampaignMnoStatus.objects.get(campaign=campaign, network_id=10017)
    assert att.metadata == metadata["10017"]
    assert (
        att.mno,
        att.qualify,
        att.mno_support,
        att.mno_review,
        att.min_msg_samples,
        att.no_embedded_link,
        att.req_subscriber_optout,
    ) == ("AT&T", True, True, True, 1, False, True)
    assert CampaignMnoStatus.objects.get(campaign=campaign, network_id=10999).mno_review is False


def test_a_carrier_rejection_shows_on_that_carrier_alone(submit, tendlc_client, advance):
    shortened = "https://bit.ly/acme-order"
    campaign = submit(
        sample1=f"Acme Mobile: track your order at {shortened}. Reply STOP to opt out.",
        embedded_link=True,
        embedded_link_sample=shortened,
    )
    advance(TCR + TELNYX + CARRIER)

    assert campaign_refresh(campaign=campaign, client=tendlc_client).campaign_status == "MNO_REJECTED"

    assert carriers(campaign) == {**statuses(campaign, "APPROVED"), 10035: ("T-Mobile", "REJECTED")}
    assert "T-Mobile" in Campaign.objects.get(pk=campaign.pk).failure_reasons
    assert list(campaign_list_in_review()) == []


def test_a_refresh_that_finds_nothing_new_writes_nothing(submit, tendlc_client, advance):
    campaign = submit()
    advance(TCR)
    campaign_refresh(campaign=campaign, client=tendlc_client)
    rows_before = list(CampaignMnoStatus.objects.values())

    with CaptureQueriesContext(connection) as queries:
        refresh = campaign_refresh(campaign=Campaign.objects.get(pk=campaign.pk), client=tendlc_client)

    assert refresh == CampaignRefresh("TCR_ACCEPTED", 0, 0)
    assert writes(queries.captured_queries) == []
    assert list(CampaignMnoStatus.objects.values()) == rows_before


def test_a_campaign_the_api_does_not_know_is_marked_gone(tendlc_client, live_sandbox):
    campaign = CampaignFactory(campaign_status="MNO_PENDING")

    assert campaign_refresh(campaign=campaign, client=tendlc_client) == CampaignRefresh("MNO_PENDING", 0, 0)

    assert Campaign.objects.get(pk=campaign.pk).remote_deleted_at is not None
    assert list(campaign_list_in_review()) == []
