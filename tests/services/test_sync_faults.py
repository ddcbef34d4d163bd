"""Faults in the middle of a sync (rate limits, server errors, answers too slow, dropped connections) are
ridden out: the run ends as a clean run would, with every record mirrored once."""

import pytest

from tendlc.models import SyncRunState
from tendlc.services.sync import sync_all
from tests.fixtures.sync import assert_mirrors, row_counts, sandbox_client

pytestmark = pytest.mark.django_db(transaction=True)

EXPECTED_ROWS = {
    "brands": 2,
    "campaigns": 4,
    "partner_campaigns": 1,
    "shared_campaigns": 0,
    "phone_numbers": 12,
}

FAULTS = {
    # The client retries a 429 twice after its Retry-After; the fourth refusal fails the request, and the
    # unit is tried again.
    "429 burst": {"status": 429, "retryAfter": 0, "count": 4, "pathPattern": "phone_number_campaigns"},
    # 500 is an answer to the client, not a transient failure: the unit is tried again.
    "500": {"status": 500, "count": 2, "pathPattern": "/10dlc/campaign$"},
    "503": {"status": 503, "count": 5, "pathPattern": "phone_number_campaigns"},
    "answers beyond the read timeout": {"latencyMs": 700, "count": 3, "pathPattern": "/10dlc/brand/"},
    "dropped connections": {"dropConnection": True, "count": 3, "pathPattern": "partner_campaigns"},
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
@pytest.mark.parametrize("workers", [1, 3])
def test_a_sync_through_faults_ends_in_the_clean_state(sync_world, fault, workers):
    sync_world.control.seed(brands=2, campaignsPerBrand=2, numbersPerCampaign=3, partnerCampaigns=1)
    sync_world.control.fault(**fault)
    client = sandbox_client(sync_world.live.base_url, timeout=0.3)

    run = sync_all(client=client, workers=workers, per_page=2, backoff=0.01)

    fired = sync_world.control.get("/faults")["faults"][0]
    assert fired["fired"] == fault["count"]
    assert run.state == SyncRunState.SUCCEEDED
    assert run.errors == []
    sync_world.control.clear_faults()
    assert_mirrors(sync_world.client)
    assert row_counts() == EXPECTED_ROWS
    # A unit tried again counts what its first attempt wrote as unchanged.
    assert sum(counts["created"] + counts["unchanged"] for counts in run.counts.values()) == sum(
        EXPECTED_ROWS.values()
    )
    assert sum(counts["updated"] + counts["deleted"] for counts in run.counts.values()) == 0


def test_a_unit_that_keeps_failing_ends_the_run_failed_and_the_next_run_completes(sync_world):
    sync_world.control.seed(brands=2, campaignsPerBrand=2, numbersPerCampaign=3)
    sync_world.control.fault(status=500, probability=1, pathPattern="/10dlc/campaign$")

    failed = sync_all(client=sync_world.client, per_page=2, backoff=0.01)

    assert failed.state == SyncRunState.FAILED
    assert len(failed.errors) == 1
    assert failed.errors[0].startswith("brands:0: InternalServerError: HTTP 500 from GET /10dlc/campaign")
    sync_world.control.clear_faults()
    recovered = sync_all(client=sync_world.client, per_page=2)
    assert recovered.state == SyncRunState.SUCCEEDED
    assert_mirrors(sync_world.client)
