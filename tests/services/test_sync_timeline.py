"""A full sync against the live sandbox writes the timeline: nothing for what it first stores, one entry per
status a remote change moved, caused by its run, and nothing when run again with nothing changed."""

import pytest

from tendlc.models import Campaign, StatusChange
from tendlc.services.sync import sync_all

pytestmark = pytest.mark.django_db(transaction=True)

T_MOBILE = 10035


def test_a_carrier_suspension_found_by_the_sync_is_recorded_once(sync_world):
    sync_world.control.seed(brands=1, campaignsPerBrand=2, numbersPerCampaign=1)
    sync_all(client=sync_world.client, workers=2, per_page=2)
    assert not StatusChange.objects.exists()
    campaign = Campaign.objects.filter(campaign_status="MNO_PROVISIONED").first()
    assert campaign is not None
    sync_world.control.post(
        f"/campaigns/{campaign.campaign_id}/carriers/{T_MOBILE}", {"action": "SUSPENDED", "reason": "Spam."}
    )

    run = sync_all(client=sync_world.client, workers=2, per_page=2)
    again = sync_all(client=sync_world.client, workers=2, per_page=2)

    assert list(
        StatusChange.objects.values_list(
            "subject", "record_id", "brand_id", "field", "old_value", "new_value", "cause", "sync_run"
        )
    ) == [
        (
            "campaign",
            campaign.campaign_id,
            campaign.brand_id,
            "is_t_mobile_suspended",
            "false",
            "true",
            "sync_run",
            run.pk,
        )
    ]
    assert again.counts["campaigns"]["updated"] == 0
