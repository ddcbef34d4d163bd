"""Live progress in Chromium: a running sync's bar on its list and on the dashboard, and an assignment task's
panel, follow their JSON endpoints while the work runs; once it has ended the list and the task's page reload,
the dashboard's panel shows the end in place."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tendlc.models import SyncRun, SyncRunState
from tests.browser.conftest import choose_by_typing, log_in, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

STAFF = "Compliance staff"
PROFILE = "4001767e-ce0f-4cae-9d5f-0d5e636e7809"
NUMBERS = ["+13125550101", "+13125550102", "+13125550103", "+13125550000"]  # 0000: not in the account
# Sandbox seconds after the task starts: its numbers are submitted at 3 and settled at 6.
SUBMITTED, SETTLED = 3, 6
# The page asks every 2 s, and its endpoint asks the API at most every 5 s (TASK_POLL_INTERVAL_SECONDS).
POLLED_MS = 15_000


def sync_run_update(run: SyncRun, **values: object) -> None:
    """Write while the live server answers the page's polling (the test database is a WAL file: the write
    waits its turn)."""
    SyncRun.objects.filter(pk=run.pk).update(**values)


@pytest.mark.parametrize(
    ("address", "ended"),
    [
        ("/admin/tendlc/syncrun/", '#result_list .tendlc-badge[data-status="succeeded"]'),
        ("/admin/", "#dashboard-sync"),
    ],
    ids=["sync list", "dashboard"],
)
def test_a_running_syncs_bar_follows_its_progress_and_shows_its_end(page: Page, shot, address, ended):
    run = SyncRun.objects.create(trigger="admin", pages_done=1, pages_known=0)
    user_in(STAFF, "stella")
    log_in(page, "stella")

    page.goto(address)
    bar = page.locator("progress")
    # Its total not known yet: work under way, not 0%.
    expect(bar).not_to_have_attribute("value", re.compile(".*"))
    expect(bar.locator("xpath=..")).to_contain_text("counting the work")
    shot(page, "total not known yet")

    sync_run_update(run, pages_done=30, pages_known=120)
    expect(bar).to_have_js_property("value", 25)
    shot(page, "a quarter done")

    sync_run_update(run, pages_done=60)
    expect(bar).to_have_js_property("value", 50)
    expect(bar).to_have_attribute("title", "60 of 120 pages")
    expect(bar.locator("xpath=..")).to_contain_text("50%")
    shot(page, "half done")

    sync_run_update(run, pages_done=120, state=SyncRunState.SUCCEEDED, finished_at=timezone.now())
    expect(page.locator(ended)).to_contain_text("Succeeded")
    expect(bar).to_have_js_property("value", 100)
    shot(page, "ended")


def test_an_assignment_tasks_page_follows_its_progress_until_it_finishes(
    page: Page, shot, our_campaign, set_profile_numbers, advance
):
    set_profile_numbers(PROFILE, NUMBERS)
    user_in(STAFF, "stella")
    log_in(page, "stella")
    page.goto("/admin/tendlc/assignmenttask/add/")
    page.fill("#id_messaging_profile_id", PROFILE)
    choose_by_typing(page, "#id_campaign_id", our_campaign.tcr_campaign_id, our_campaign.tcr_campaign_id)
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/assignmenttask/\d+/change/$"))

    panel = page.locator(".tendlc-task-progress")
    status = panel.locator(".tendlc-badge").first
    counts, numbers = panel.locator("table").nth(0), panel.locator("table").nth(1)
    expect(status).to_have_text("Pending")
    expect(counts.locator("tbody")).to_have_text("No number reported yet.")
    expect(page.locator(".messagelist .success")).to_have_count(1)
    shot(page, "started")

    advance(SUBMITTED)
    expect(status).to_have_text("Processing", timeout=POLLED_MS)
    expect(status).to_have_class("tendlc-badge tendlc-badge-pending")
    expect(numbers.locator("tbody tr")).to_have_count(4)
    shot(page, "submitted")

    advance(SETTLED - SUBMITTED)
    expect(status).to_have_text("Completed", timeout=POLLED_MS)
    expect(status).to_have_class("tendlc-badge tendlc-badge-good")
    expect(panel).to_contain_text("4 of 4 numbers done (100%)")
    expect(counts.locator("tbody tr")).to_have_text(["failed1", "success3"])
    expect(counts.locator(".tendlc-badge")).to_have_class(
        ["tendlc-badge tendlc-badge-bad", "tendlc-badge tendlc-badge-good"]
    )
    expect(numbers.locator("tbody tr").first).to_have_text("+13125550000failedNumber is not in your account")
    # Reloaded once finished: the message of the start is shown only once.
    expect(page.locator(".messagelist")).to_have_count(0)
    shot(page, "finished")
