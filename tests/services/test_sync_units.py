"""The steps the Celery tasks run, one by one: a unit delivered twice is counted once, and a finish delivered
twice finishes once."""

import pytest

from tendlc.models import PhoneNumberAssignment, SyncRun, SyncRunState
from tendlc.services.sync import UnitOutcome, sync_begin, sync_finish, sync_start, sync_unit
from tests.fixtures.sync import assert_mirrors

pytestmark = pytest.mark.django_db(transaction=True)


def test_redelivered_units_and_finish_change_nothing(sync_world):
    sync_world.control.seed(brands=2, campaignsPerBrand=1, numbersPerCampaign=4, partnerCampaigns=1)
    session = sync_start(client=sync_world.client, trigger="test", per_page=2)
    units = sync_begin(session, workers=4)
    # Eight numbers are four pages of two, in two ranges, spread among the other units.
    assert [unit["key"] for unit in units] == [
        "brands:0",
        "numbers:1",
        "partner_campaigns",
        "shared_campaigns",
        "numbers:3",
    ]

    outcomes = [sync_unit(session, unit) for unit in units]

    assert outcomes == [UnitOutcome()] * 4 + [UnitOutcome(last=True)]
    counted = SyncRun.objects.get().counts
    # The last unit, delivered again: counted once, and the finish it may have failed to send is asked for.
    assert sync_unit(session, units[-1]) == UnitOutcome(last=True)
    assert sync_unit(session, units[0]) == UnitOutcome(last=True)
    assert SyncRun.objects.get().counts == counted
    finished = sync_finish(session)
    assert finished.state == SyncRunState.SUCCEEDED
    assert sync_finish(session).finished_at == finished.finished_at
    assert sync_unit(session, units[0]) == UnitOutcome()
    assert finished.counts["phone_numbers"] == {
        "created": 8,
        "updated": 0,
        "unchanged": 0,
        "deleted": 0,
        "skipped": 0,
    }
    assert_mirrors(sync_world.client)


def test_numbers_are_linked_as_soon_as_their_campaign_is_written(sync_world):
    """A campaign arriving after its numbers (a unit tried again, a run that failed before) links them when it
    is written, not only when the run finishes."""
    sync_world.control.seed(brands=1, campaignsPerBrand=2, numbersPerCampaign=4)
    session = sync_start(client=sync_world.client, trigger="test", per_page=2)
    units = {unit["key"]: unit for unit in sync_begin(session, workers=4)}
    for key in ("numbers:1", "numbers:3"):  # eight numbers: four pages of two, two ranges
        sync_unit(session, units[key])
    assert PhoneNumberAssignment.objects.filter(campaign__isnull=True).count() == 8

    sync_unit(session, units["brands:0"])

    assert PhoneNumberAssignment.objects.filter(campaign__isnull=True).count() == 0
    assert SyncRun.objects.get().state == SyncRunState.RUNNING
    for unit in units.values():
        sync_unit(session, unit)
    assert sync_finish(session).state == SyncRunState.SUCCEEDED
    assert_mirrors(sync_world.client)
