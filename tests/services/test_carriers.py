"""The scheduled refresh of every provisioned campaign's carriers: all of them, batch after batch, each request at
the shared limiter's pace, and one campaign's failure recorded without stopping the others."""

import pytest

from tendlc.client.retries import RateLimit
from tendlc.models import CampaignMnoStatus
from tendlc.services import carriers
from tendlc.services.carriers import CarriersRefreshRun, carriers_refresh_provisioned
from tests.factories import BrandFactory, CampaignFactory
from tests.sandbox.factories import insert_brand, insert_campaign

pytestmark = pytest.mark.django_db

UNKNOWN = "4b300000-0000-0000-0000-00000000dead"


class CountingPacer:
    """A limiter that lets every request through at once and counts them."""

    def __init__(self) -> None:
        self.acquired = 0

    def acquire(self) -> None:
        self.acquired += 1

    def advise(self, advice: RateLimit) -> None:
        pass


def provisioned_campaigns(sandbox, count: int) -> list[str]:
    """``count`` provisioned campaigns known to the API and the portal; their ids."""
    remote_brand = insert_brand(sandbox)
    brand = BrandFactory(brand_id=remote_brand["brandId"])
    ids = []
    for _ in range(count):
        doc = insert_campaign(sandbox, remote_brand, campaignStatus="MNO_PROVISIONED")
        CampaignFactory(campaign_id=doc["campaignId"], brand=brand, campaign_status="MNO_PROVISIONED")
        ids.append(doc["campaignId"])
    return ids


def carriers_of(campaign_id: str) -> dict[int, str]:
    rows = CampaignMnoStatus.objects.filter(campaign__campaign_id=campaign_id)
    return dict(rows.values_list("network_id", "operation_status"))


def test_every_provisioned_campaign_is_refreshed_batch_after_batch_at_the_limiters_pace(
    sandbox, sandbox_api, tendlc_client
):
    ids = provisioned_campaigns(sandbox, 5)
    CampaignFactory(campaign_status="MNO_PENDING")  # in review: refreshed by its own schedule
    pacer = CountingPacer()

    run = carriers_refresh_provisioned(client=tendlc_client, limiter=pacer, batch_size=2)

    assert run == CarriersRefreshRun(refreshed=5, failures={})
    # Terms and operation status: two requests a campaign, each waiting for its turn.
    assert pacer.acquired == 10
    for campaign_id in ids:
        remote = sandbox_api.get(f"/10dlc/campaign/{campaign_id}/operationStatus").json
        assert remote
        assert carriers_of(campaign_id) == {int(network): status for network, status in remote.items()}


def test_one_failing_campaign_is_recorded_and_the_others_still_refreshed(sandbox, tendlc_client):
    before = provisioned_campaigns(sandbox, 1)
    CampaignFactory(campaign_id=UNKNOWN, campaign_status="MNO_PROVISIONED")
    after = provisioned_campaigns(sandbox, 1)

    run = carriers_refresh_provisioned(client=tendlc_client, limiter=CountingPacer(), batch_size=1)

    assert run.refreshed == 2
    assert list(run.failures) == [UNKNOWN]
    assert run.failures[UNKNOWN].startswith("NotFoundError: ")
    assert carriers_of(before[0])
    assert carriers_of(after[0])
    assert carriers_of(UNKNOWN) == {}


def test_by_default_the_requests_share_the_syncs_rate_limiter(sandbox, tendlc_client, monkeypatch):
    provisioned_campaigns(sandbox, 1)
    shared = CountingPacer()
    monkeypatch.setattr(carriers, "rate_limiter", lambda: shared)

    carriers_refresh_provisioned(client=tendlc_client)

    assert shared.acquired == 2


def test_with_no_provisioned_campaign_nothing_is_requested(tendlc_client):
    pacer = CountingPacer()

    assert carriers_refresh_provisioned(client=tendlc_client, limiter=pacer) == CarriersRefreshRun()
    assert pacer.acquired == 0
