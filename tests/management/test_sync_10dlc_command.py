"""``manage.py sync_10dlc``: counts and duration printed, a refusal while another sync runs, the bar."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper

from tendlc.management.commands.sync_10dlc import ProgressBar
from tendlc.models import SyncRun
from tendlc.services.sync import sync_lease
from tests.fixtures.sync import assert_mirrors

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_command_syncs_and_prints_the_counts(sync_world):
    sync_world.control.seed(brands=2, campaignsPerBrand=2, numbersPerCampaign=3, partnerCampaigns=1)
    out = io.StringIO()

    call_command("sync_10dlc", "--workers", "2", stdout=out)

    lines = out.getvalue().splitlines()
    run = SyncRun.objects.get()
    assert lines[:6] == [
        "resource                created    updated  unchanged    deleted    skipped",
        "brands                        2          0          0          0          0",
        "campaigns                     4          0          0          0          0",
        "partner_campaigns             1          0          0          0          0",
        "shared_campaigns              0          0          0          0          0",
        "phone_numbers                12          0          0          0          0",
    ]
    assert lines[6].startswith(f"Sync #{run.pk} succeeded in ")
    assert lines[6].endswith(f" s ({run.pages_done} API requests).")
    assert run.trigger == "command"
    assert_mirrors(sync_world.client)


def test_the_command_refuses_while_another_sync_runs(sync_world):
    lease = sync_lease()
    assert lease.acquire("another-worker") is True
    try:
        with pytest.raises(CommandError, match=r"^Not started: another sync is already running\.$"):
            call_command("sync_10dlc", stdout=io.StringIO())
    finally:
        lease.release("another-worker")
    assert SyncRun.objects.count() == 0


def test_the_progress_bar_redraws_one_line():
    out = io.StringIO()
    bar = ProgressBar(OutputWrapper(out))

    bar(5, 20)
    bar(6, 20)  # within a tenth of a second: not drawn
    bar.close()

    assert out.getvalue() == "\r[#######-----------------------]  25% 5/20 requests\r" + " " * 70 + "\r"
