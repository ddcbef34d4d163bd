"""A sync stopped mid-way (interrupted like a killed worker's thread, or failing for good) leaves whole,
true rows and a closed run, and the next run completes."""

import pytest

from tendlc.models import SyncRun, SyncRunState
from tendlc.services.sync import sync_all
from tests.fixtures.sync import assert_consistent, assert_mirrors, row_counts

pytestmark = pytest.mark.django_db(transaction=True)

FULL = {"brands": 3, "campaigns": 6, "partner_campaigns": 1, "shared_campaigns": 0, "phone_numbers": 18}


class Stop(BaseException):
    """Raised inside the sync as an interrupt would be: not an Exception, so nothing in the sync handles it."""


def stop_after(pages: int):
    def hook(done: int, known: int) -> None:
        if done >= pages:
            raise Stop(f"stopped after {pages} requests")

    return hook


@pytest.mark.parametrize("pages", [3, 9, 16])
@pytest.mark.parametrize("workers", [1, 2])
def test_a_sync_stopped_mid_way_leaves_consistent_data_and_the_next_run_completes(sync_world, pages, workers):
    sync_world.control.seed(brands=3, campaignsPerBrand=2, numbersPerCampaign=3, partnerCampaigns=1)

    with pytest.raises(Stop):
        sync_all(client=sync_world.client, workers=workers, per_page=2, on_progress=stop_after(pages))

    stopped = SyncRun.objects.get()
    assert stopped.state == SyncRunState.FAILED
    assert stopped.errors == [f"interrupted: Stop: stopped after {pages} requests"]
    assert stopped.finished_at is not None
    assert_consistent(sync_world.client)
    assert sum(row_counts().values()) < sum(FULL.values())

    run = sync_all(client=sync_world.client, workers=workers, per_page=2)

    assert run.state == SyncRunState.SUCCEEDED
    assert_mirrors(sync_world.client)
    assert row_counts() == FULL
