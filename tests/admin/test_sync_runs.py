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


def test_a_run_says_who_asked_for_it_through_sync_now(staff_client, broker, sync_holder):
    staff_client.post("/admin/tendlc/syncrun/start/")
    run = SyncRun.objects.get()
    # Taken off the in-memory queue, which outlives the test.
    with broker.connection_for_read() as connection:
        connection.SimpleQueue("celery").get(timeout=1).ack()

    for address in (HOME, LIST, run_page(run)):
        page = staff_client.get(address).content.decode()
        assert "Sync now by staff" in page, address
        assert "(admin)" not in page


@pytest.mark.parametrize(
    ("trigger", "words"), [("schedule", "Schedule"), ("command", "Command line"), ("admin", "Sync now")]
)
def test_a_run_nobody_is_recorded_asking_for_says_what_started_it(staff_client, trigger, words):
    run = SyncRun.objects.create(trigger=trigger)

    assert f"started {run.started_at:%Y-%m-%d %H:%M} ({words}):" in staff_client.get(HOME).content.decode()
    assert f'<td class="field-started_by">{words}</td>' in staff_client.get(LIST).content.decode()


def test_the_list_asks_who_started_the_runs_in_one_query(staff_client, django_assert_max_num_queries):
    SyncRun.objects.bulk_create(SyncRun(trigger="schedule") for _ in range(30))

    with django_assert_max_num_queries(12):
        assert staff_client.get(LIST).status_code == 200


def test_the_list_filters_runs_by_what_started_them_in_words(staff_client):
    scheduled = SyncRun.objects.create(trigger="schedule")
    SyncRun.objects.create(trigger="command")

    page = staff_client.get(LIST).content.decode()
    filtered = staff_client.get(LIST, {"trigger": "schedule"})

    assert '<a href="?trigger=command">Command line</a>' in page
    assert ">command</a>" not in page
    assert list(filtered.context["cl"].result_list) == [scheduled]
