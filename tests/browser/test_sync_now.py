""" "Sync now" on the dashboard in Chromium, a worker running the sync against the live sandbox: the panel turns
to the new run at once and follows its bar to the end in place, at the widths of a laptop."""

import re

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone
from playwright.sync_api import Page, expect

from tendlc.models import SyncRun, SyncRunState
from tests.browser.conftest import log_in, user_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Each API answer this late, so the sync takes seconds and the bar is seen under way.
LATENCY_MS = 250
SYNC_TAKES_MS = 90_000
# The bar shows a share of a known total, neither empty nor full.
UNDER_WAY = """() => {
    const bar = document.querySelector("#dashboard-sync progress");
    return bar.hasAttribute("value") && bar.value > 0 && bar.value < 100;
}"""


@pytest.fixture
def sync_worker(broker):
    """A worker taking the default queue of the in-memory broker the portal publishes "Sync now" to."""
    with start_worker(broker, perform_ping_check=False, queues=["celery"], shutdown_timeout=30):
        yield


@pytest.mark.parametrize("width", [1280, 1440])
def test_sync_now_follows_the_new_run_to_its_end_without_a_reload(
    page: Page, shot, sync_world, sync_worker, width
):
    sync_world.control.seed(brands=12, campaignsPerBrand=1, numbersPerCampaign=100, partnerCampaigns=1)
    sync_world.control.fault(latencyMs=LATENCY_MS, probability=1)
    previous = SyncRun.objects.create(
        trigger="schedule", state=SyncRunState.SUCCEEDED, phase="finished", pages_done=40, pages_known=40
    )
    SyncRun.objects.filter(pk=previous.pk).update(finished_at=timezone.now())
    user_in("Compliance admin", "ada")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "ada")
    panel = page.locator("#dashboard-sync")
    expect(panel).to_contain_text(f"Sync #{previous.pk}")
    shot(page, "the previous run")

    page.click("#sync-now")
    page.wait_for_url(re.compile(r"/admin/$"))
    new = SyncRun.objects.exclude(pk=previous.pk).get()
    # Gone if the page is loaded again.
    page.evaluate("window.notReloaded = true")
    expect(page.locator(".messagelist .success")).to_contain_text(f"Sync #{new.pk} was queued")
    expect(panel.locator("a").first).to_have_text(f"Sync #{new.pk}")
    expect(panel).to_contain_text("Running")

    page.wait_for_function(UNDER_WAY, timeout=SYNC_TAKES_MS)
    expect(panel.locator("progress")).to_have_attribute("title", re.compile(r"^\d+ of \d+ pages$"))
    shot(page, "under way")

    expect(panel).to_contain_text("Succeeded, finished", timeout=SYNC_TAKES_MS)
    expect(panel.locator("progress")).to_have_js_property("value", 100)
    expect(panel).to_contain_text("100%")
    assert page.evaluate("window.notReloaded") is True
    expect(page.locator(".messagelist .success")).to_contain_text(f"Sync #{new.pk} was queued")
    shot(page, "finished")
    new.refresh_from_db()
    assert (new.state, new.pages_done) == (SyncRunState.SUCCEEDED, new.pages_known)
