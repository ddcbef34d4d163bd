"""The admin home page: counts, the status chart, what needs attention, the last sync and "Sync now"."""

from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.admin.charts import status_chart
from tendlc.models import AuditEntry, CampaignStatusCount, SyncRun, SyncRunState
from tendlc.selectors.dashboard import campaign_status_history
from tendlc.services.history import campaign_status_counts_record
from tests.celery_apps import portal_broker_on
from tests.factories import BrandFactory, CampaignFactory

pytestmark = pytest.mark.django_db

HOME = "/admin/"
START = "/admin/tendlc/syncrun/start/"


def test_the_home_page_shows_counts_and_what_needs_attention(staff_client):
    brand = BrandFactory(display_name="Bluebird Dental", identity_status="UNVERIFIED")
    CampaignFactory.create_batch(2, brand=brand, campaign_status="MNO_PROVISIONED")
    rejected = CampaignFactory(brand=brand, campaign_status="MNO_REJECTED", tcr_campaign_id="CREJECT")

    page = staff_client.get(HOME).content.decode()

    assert "Provisioned: 2" in page
    assert "Rejected by a carrier: 1" in page
    assert f'/admin/tendlc/campaign/{rejected.pk}/change/">CREJECT' in page
    assert "No sync has run yet." in page
    assert 'id="sync-now"' in page


def home_page_queries(browser, campaigns: int) -> int:
    """The queries one home page costs with ``campaigns`` rejected campaigns (each listed as needing
    attention)."""
    CampaignFactory.create_batch(campaigns, brand=BrandFactory(), campaign_status="MNO_REJECTED")
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(HOME).status_code == 200
    return len(queries)


def test_the_home_page_costs_the_same_queries_for_few_and_many_rows(staff_client):
    few = home_page_queries(staff_client, 3)

    assert home_page_queries(staff_client, 60) == few


def test_a_user_without_portal_permissions_sees_no_dashboard(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", is_staff=True)
    client.force_login(user)
    page = client.get(HOME).content.decode()
    assert "Needs attention" not in page


def test_counts_are_recorded_per_day_and_replaced_by_a_later_run():
    CampaignFactory(campaign_status="TCR_PENDING")
    day = date(2026, 11, 1)
    campaign_status_counts_record(day=day)
    CampaignFactory(campaign_status="MNO_PROVISIONED")
    campaign_status_counts_record(day=day)

    assert sorted(CampaignStatusCount.objects.values_list("campaign_status", "count")) == [
        ("MNO_PROVISIONED", 1),
        ("TCR_PENDING", 1),
    ]


def test_history_takes_recorded_days_and_today_as_it_is():
    today = timezone.now().date()
    CampaignStatusCount.objects.create(day=today - timedelta(days=2), campaign_status="TCR_PENDING", count=4)
    CampaignStatusCount.objects.create(day=today - timedelta(days=40), campaign_status="TCR_PENDING", count=9)
    CampaignFactory(campaign_status="MNO_PROVISIONED")

    assert campaign_status_history(days=30) == [
        (today - timedelta(days=2), {"TCR_PENDING": 4}),
        (today, {"MNO_PROVISIONED": 1}),
    ]


def test_the_chart_stacks_each_day_to_scale():
    day = date(2026, 11, 1)
    chart = status_chart(
        [(day, {"MNO_PROVISIONED": 3, "MNO_REJECTED": 1}), (day + timedelta(days=1), {"MNO_PROVISIONED": 2})]
    )

    first_day = [bar for bar in chart.bars if bar.x < chart.width / 2]
    # Stacked from the bottom in the enum's (life) order: the carrier's rejection before provisioning.
    assert [bar.title for bar in first_day] == ["Nov 01: 1 Rejected by a carrier", "Nov 01: 3 Provisioned"]
    assert first_day[0].y > first_day[1].y
    assert sum(bar.height for bar in first_day) == pytest.approx(chart.height - 24)
    assert chart.peak == 4
    assert chart.legend == [("Rejected by a carrier", "#d9534f"), ("Provisioned", "#5cb85c")]


def test_sync_now_queues_a_full_sync_and_audits_it(staff_client, broker, sync_holder):
    response = staff_client.post(START, {"next": HOME})

    assert response.status_code == 302
    assert response["Location"] == HOME
    run = SyncRun.objects.get()
    [message] = get_messages(response.wsgi_request)
    assert message.message == (
        f"Sync #{run.pk} was queued; its progress shows below. "
        f'<a href="/admin/tendlc/syncrun/{run.pk}/change/">Open sync #{run.pk}</a>.'
    )
    with broker.connection_for_read() as connection:
        queued = connection.SimpleQueue("celery").get(timeout=1)
    assert queued.headers["task"] == "tendlc.sync_all"
    assert queued.headers["kwargsrepr"] == f"{{'trigger': 'admin', 'run_id': {run.pk}}}"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.outcome, entry.username) == ("sync.request", "succeeded", "staff")


def test_sync_now_is_refused_while_a_sync_runs_and_links_to_it(staff_client, broker, sync_holder):
    running = sync_holder(silent_for=30)

    response = staff_client.post(START, {"next": HOME}, follow=True)

    [message] = response.context["messages"]
    assert message.message == (
        f"Sync #{running.pk} is already running (started {running.started_at:%Y-%m-%d %H:%M:%S} UTC): "
        f'wait for it to finish. <a href="/admin/tendlc/syncrun/{running.pk}/change/">Open sync '
        f"#{running.pk}</a>."
    )
    assert message.level_tag == "error"
    # Shown as a link, not as escaped text.
    assert f'<a href="/admin/tendlc/syncrun/{running.pk}/change/">' in response.content.decode()
    assert AuditEntry.objects.get().outcome == "failed"


def test_sync_now_closes_a_crashed_sync_and_starts_a_new_one(staff_client, broker, sync_holder, settings):
    settings.TENDLC_SYNC_STALE_AFTER = 60
    crashed = sync_holder(silent_for=61)

    response = staff_client.post(START)

    [message] = get_messages(response.wsgi_request)
    started = SyncRun.objects.get(state=SyncRunState.RUNNING)
    assert message.message.startswith(f"Sync #{started.pk} was queued")
    with broker.connection_for_read() as connection:
        queued = connection.SimpleQueue("celery").get(timeout=1)
    assert queued.headers["kwargsrepr"] == f"{{'trigger': 'admin', 'run_id': {started.pk}}}"
    crashed.refresh_from_db()
    assert crashed.state == SyncRunState.FAILED
    assert crashed.errors == [f"abandoned: no heartbeat since {crashed.heartbeat_at.isoformat()}"]


def test_sync_now_says_when_the_queue_is_down(staff_client, monkeypatch, sync_holder):
    portal_broker_on("redis://127.0.0.1:1/0", monkeypatch)

    response = staff_client.post(START)

    [message] = get_messages(response.wsgi_request)
    assert message.message.startswith("The task queue cannot be reached (")
    assert message.message.endswith(
        "); the sync was not started. The scheduled sync runs once the queue is back."
    )
    assert not SyncRun.objects.exists()


def test_sync_now_needs_the_permission_and_a_post(client, staff_client, django_user_model):
    assert staff_client.get(START).status_code == 405
    visitor = django_user_model.objects.create_user("visitor", is_staff=True)
    client.force_login(visitor)
    assert client.post(START).status_code == 403


def test_progress_is_served_as_json(staff_client):
    run = SyncRun.objects.create(trigger="admin", pages_done=30, pages_known=120)

    data = staff_client.get(f"/admin/tendlc/syncrun/{run.pk}/progress/").json()

    assert data == {
        "id": run.pk,
        "state": "running",
        "finished": False,
        "phase": "",
        "pages_done": 30,
        "pages_known": 120,
        "percent": 25,
        "label": "25%",
        "title": "30 of 120 pages",
        "errors": 0,
        "finished_at": None,
        "summary": "Running.",
    }
