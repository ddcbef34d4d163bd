"""Sync runs in the admin: what their progress bar says on the dashboard, the list and a run's page."""

import re

import pytest
from django.utils import timezone

from tendlc.models import SyncRun, SyncRunState

pytestmark = pytest.mark.django_db

HOME = "/admin/"
LIST = "/admin/tendlc/syncrun/"


def run_page(run: SyncRun) -> str:
    return f"/admin/tendlc/syncrun/{run.pk}/change/"


def bars(page: str) -> list[str]:
    return re.findall(r"<progress [^>]*>", page)


@pytest.mark.parametrize("state", [SyncRunState.SUCCEEDED, SyncRunState.FAILED])
def test_a_finished_run_is_done_whatever_its_count_of_pages_says(staff_client, state):
    # What a run whose units' counts were lost left: pages done, none known.
    run = SyncRun.objects.create(
        trigger="schedule", state=state, phase="finished", pages_done=181, finished_at=timezone.now()
    )

    data = staff_client.get(f"/admin/tendlc/syncrun/{run.pk}/progress/").json()

    assert (data["percent"], data["label"], data["finished"]) == (100, "100%", True)
    for address in (HOME, LIST, run_page(run)):
        page = staff_client.get(address).content.decode()
        assert bars(page) == [
            '<progress max="100" value="100" title="181 pages read" data-progress-value="{percent}" '
            'data-progress-title="{title}">'
        ], address
        assert "100%" in page


def test_a_running_run_without_a_known_total_shows_work_under_way_not_zero(staff_client):
    run = SyncRun.objects.create(trigger="admin", phase="planning", pages_done=1)

    data = staff_client.get(f"/admin/tendlc/syncrun/{run.pk}/progress/").json()

    assert (data["percent"], data["label"], data["title"]) == (
        None,
        "counting the work",
        "1 pages read, total not known yet",
    )
    for address in (HOME, LIST, run_page(run)):
        page = staff_client.get(address).content.decode()
        # No value: an indeterminate bar.
        assert bars(page) == [
            '<progress max="100" title="1 pages read, total not known yet" data-progress-value="{percent}" '
            'data-progress-title="{title}">'
        ], address
        assert "counting the work" in page


def test_a_running_run_shows_its_share_of_the_known_pages(staff_client):
    run = SyncRun.objects.create(trigger="admin", phase="reading", pages_done=30, pages_known=120)

    for address in (HOME, LIST, run_page(run)):
        page = staff_client.get(address).content.decode()
        assert bars(page) == [
            '<progress max="100" value="25" title="30 of 120 pages" data-progress-value="{percent}" '
            'data-progress-title="{title}">'
        ], address
