"""One rule for "nothing changed", shared by polls, webhooks and the sync."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.mapping.records import campaign_values
from tendlc.models import Campaign
from tendlc.services.mirror import remote_record_update
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db


def payload_of(campaign: Campaign, **changes) -> dict:
    return {
        "campaignId": campaign.campaign_id,
        "brandId": campaign.brand_id,
        "usecase": campaign.usecase,
        "campaignStatus": campaign.campaign_status,
        **changes,
    }


def test_a_payload_new_only_in_keys_no_column_mirrors_writes_nothing():
    campaign = CampaignFactory(raw={"campaignId": "old"})
    payload = payload_of(campaign, somethingNew="x")

    with CaptureQueriesContext(connection) as queries:
        written = remote_record_update(campaign, campaign_values(payload), payload)

    assert written == []
    assert len(queries) == 0
    campaign.refresh_from_db()
    assert campaign.raw == {"campaignId": "old"}


def test_a_changed_column_is_written_with_the_payload_it_came_in():
    campaign = CampaignFactory()
    payload = payload_of(campaign, campaignStatus="TELNYX_FAILED")

    written = remote_record_update(campaign, campaign_values(payload), payload)

    assert written == ["campaign_status", "raw"]
    campaign.refresh_from_db()
    assert campaign.campaign_status == "TELNYX_FAILED"
    assert campaign.raw == payload


def test_a_record_read_again_is_no_longer_gone():
    campaign = CampaignFactory(remote_deleted_at=timezone.now())
    payload = payload_of(campaign)

    written = remote_record_update(campaign, campaign_values(payload), payload)

    assert written == ["remote_deleted_at", "raw"]
    campaign.refresh_from_db()
    assert campaign.remote_deleted_at is None
