"""The scheduled refresh of every provisioned campaign's carriers: every one of them in some batch, each request
at the shared limiter's pace, and one campaign's failure recorded without stopping the others."""

import pytest

from tendlc.client.retries import RateLimit
from tendlc.models import Campaign, CampaignMnoStatus
from tendlc.services import carriers
from tendlc.services.carriers import CarriersRefreshRun, carriers_refresh, carriers_refresh_batches
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


def test_the_batches_hold_every_provisioned_campaign_once(sandbox):
    provisioned_campaigns(sandbox, 5)
    CampaignFactory(campaign_status="MNO_PENDING")  # in review: refreshed by its own schedule
    CampaignFactory(campaign_status="MNO_PROVISIONED", remote_deleted_at="2026-01-01T00:00:00Z")
    provisioned = [
        c.pk for c in Campaign.objects.filter(campaign_status="MNO_PROVISIONED", remote_deleted_at=None)
    ]

    batches = carriers_refresh_batches(batch_size=2)

    assert [len(batch) for batch in batches] == [2, 2, 1]
    assert sorted(pk for batch in batches for pk in batch) == sorted(provisioned)


def test_a_batch_reads_each_campaigns_carriers_at_the_limiters_pace(sandbox, sandbox_api, tendlc_client):
    ids = provisioned_campaigns(sandbox, 3)
    pacer = CountingPacer()
    pks = list(Campaign.objects.filter(campaign_id__in=ids).values_list("pk", flat=True))

    run = carriers_refresh(campaign_pks=pks, client=tendlc_client, limiter=pacer)

    assert run == CarriersRefreshRun(refreshed=3, failures={})
    # Terms and operation status: two requests a campaign, each waiting for its turn.
    assert pacer.acquired == 6
    for campaign_id in ids:
        remote = sandbox_api.get(f"/10dlc/campaign/{campaign_id}/operationStatus").json
        assert remote
        assert carriers_of(campaign_id) == {int(network): status for network, status in remote.items()}


def test_one_failing_campaign_is_recorded_and_the_others_still_refreshed(sandbox, tendlc_client):
    before = provisioned_campaigns(sandbox, 1)
    CampaignFactory(campaign_id=UNKNOWN, campaign_status="MNO_PROVISIONED")
    after = provisioned_campaigns(sandbox, 1)
    [pks] = carriers_refresh_batches()

    run = carriers_refresh(campaign_pks=pks, client=tendlc_client, limiter=CountingPacer())

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
    [pks] = carriers_refresh_batches()

    carriers_refresh(campaign_pks=pks, client=tendlc_client)

    assert shared.acquired == 2


def test_with_no_provisioned_campaign_there_is_no_batch():
    CampaignFactory(campaign_status="TCR_PENDING")

    assert carriers_refresh_batches() == []
