"""The admin home page: what needs attention, the headline counts, the status chart, the last sync and "Sync now"."""

import uuid
from datetime import date, timedelta

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tendlc.admin.charts import LEFT, MIN_SLOTS, PLOT_HEIGHT, WIDTH, LegendEntry, status_chart
from tendlc.admin.dashboard import change_words
from tendlc.models import (
    AuditEntry,
    BrandFeedback,
    CampaignStatusCount,
    NumbersAssignedCount,
    SyncRun,
    SyncRunState,
    WebhookEvent,
)
from tendlc.selectors import dashboard as dashboard_selectors
from tendlc.selectors.attention import CONCERNS
from tendlc.selectors.dashboard import Headline, campaign_status_history
from tendlc.services.history import campaign_status_counts_record
from tests.celery_apps import portal_broker_on
from tests.factories import (
    AssignmentTaskFactory,
    BrandFactory,
    CampaignFactory,
    PhoneNumberAssignmentFactory,
    SmsOtpVerificationFactory,
)

pytestmark = pytest.mark.django_db

HOME = "/admin/"
START = "/admin/tendlc/syncrun/start/"


def test_the_home_page_shows_what_needs_attention_first_then_counts(staff_client):
    brand = BrandFactory(display_name="Bluebird Dental", identity_status="UNVERIFIED")
    active, _ = CampaignFactory.create_batch(2, brand=brand, campaign_status="MNO_PROVISIONED")
    CampaignFactory(brand=brand, campaign_status="MNO_REJECTED", tcr_campaign_id="CREJECT")
    PhoneNumberAssignmentFactory.create_batch(3, campaign=active)

    response = staff_client.get(HOME)
    page = response.content.decode()

    cards = response.context["attention_cards"]
    # The one concern with something to do first, then the calm ones in urgency order.
    assert [(card.key, card.count) for card in cards] == [
        ("campaigns_rejected", 1),
        ("numbers_failed", 0),
        ("assignment_tasks_failed", 0),
        ("brands_registration_failed", 0),
        ("brands_feedback", 0),
        ("sync_failed", 0),
        ("webhook_events_unprocessed", 0),
        ("webhook_events_review", 0),
        ("otps_pending", 0),
    ]
    assert cards[0].url == "/admin/tendlc/campaign/?stage=rejected"
    assert page.index('id="dashboard-attention"') < page.index('id="dashboard-counts"')
    assert page.count("Nothing to do") == 8
    assert [(card.title, card.count, card.change) for card in response.context["count_cards"]] == [
        ("Brands", 1, "+1 this week"),
        ("Active campaigns", 2, ""),
        ("Campaigns in review", 0, ""),
        ("Rejected campaigns", 1, ""),
        ("Numbers assigned", 3, "+3 this week"),
    ]
    assert "No earlier count yet" in page
    # The chart's legend: today's campaigns by status, in plain words.
    assert "Provisioned: 2" in page
    assert "Rejected by a carrier: 1" in page
    assert "MNO_" not in page.replace("campaign_status__exact=MNO_", "")
    assert "No sync has run yet." in page
    assert 'id="sync-now"' in page
    assert "Create your first brand" not in page
    # Django's app list is one collapsed line at the bottom, its "Recent actions" column a small card.
    assert 'id="recent-actions-module"' not in page
    assert page.index('id="dashboard-records"') > page.index('id="dashboard-recent"')


def test_a_new_account_is_told_what_to_do_first(compliance_admin_client):
    page = compliance_admin_client.get(HOME).content.decode()

    assert '<a href="/admin/tendlc/brand/add/">Create your first brand</a>' in page
    assert '<a href="/admin/tendlc/campaign/build/">Build a campaign</a>' in page
    assert "<strong>Sync now</strong> brings them in." in page
    assert page.index('id="dashboard-start"') < page.index('id="dashboard-attention"')
    assert "No campaigns yet" in page


def test_a_brand_draft_is_a_start_made(compliance_admin_client):
    BrandFactory(brand_id=None, created_at=None)

    assert "Create your first brand" not in compliance_admin_client.get(HOME).content.decode()


def seed_every_concern(n: int) -> None:
    """``n`` rows of every concern and every headline, and a recorded history of ``n`` days."""
    today = timezone.now().date()
    for index in range(n):
        brand = BrandFactory(status="REGISTRATION_FAILED", identity_status="UNVERIFIED")
        feedback = BrandFeedback.objects.create(brand=brand, raw={})
        feedback.categories.create(category="TAX_ID", display_name="Tax id", description="Check the EIN.")
        campaign = CampaignFactory(brand=brand, campaign_status="MNO_REJECTED")
        PhoneNumberAssignmentFactory(campaign=campaign, assignment_status="FAILED_ASSIGNMENT")
        PhoneNumberAssignmentFactory(campaign=campaign)
        AssignmentTaskFactory(campaign=campaign, status="failed")
        SmsOtpVerificationFactory(brand=brand)
        WebhookEvent.objects.create(body_hash=uuid.uuid4().hex * 2, body="{}", state="failed")
        WebhookEvent.objects.create(body_hash=uuid.uuid4().hex * 2, body="{}", state="needs_review")
        SyncRun.objects.create(trigger="schedule", state="failed", errors=["HTTP 503"])
        CampaignStatusCount.objects.update_or_create(
            day=today - timedelta(days=index + 1), campaign_status="MNO_REJECTED", defaults={"count": index}
        )


def home_page_queries(browser, rows: int) -> int:
    """The queries one home page costs with ``rows`` rows of everything it counts."""
    seed_every_concern(rows)
    with CaptureQueriesContext(connection) as queries:
        response = browser.get(HOME)
    assert response.status_code == 200
    assert {card.count for card in response.context["attention_cards"]} != {0}
    return len(queries)


def test_the_home_page_costs_the_same_queries_for_few_and_many_rows(staff_client):
    few = home_page_queries(staff_client, 2)

    assert home_page_queries(staff_client, 30) == few


@pytest.mark.parametrize("key", [concern.key for concern in CONCERNS])
def test_each_attention_card_opens_the_list_of_the_rows_it_counts(compliance_admin_client, key):
    seed_every_concern(2)
    BrandFactory(status="OK")
    CampaignFactory(campaign_status="MNO_PROVISIONED")
    WebhookEvent.objects.create(body_hash="f" * 64, body="{}", state="processed")

    [card] = [
        card for card in compliance_admin_client.get(HOME).context["attention_cards"] if card.key == key
    ]
    listed = compliance_admin_client.get(card.url)

    assert listed.status_code == 200
    assert listed.context["cl"].result_count == card.count
    assert card.count == (1 if key == "sync_failed" else 2)


STAGE_TITLES = {
    "active": "Active campaigns",
    "in_review": "Campaigns in review",
    "rejected": "Rejected campaigns",
}


@pytest.mark.parametrize(
    ("stage", "statuses"),
    [
        ("active", ["MNO_PROVISIONED"]),
        ("in_review", ["TCR_PENDING", "MNO_ACCEPTED"]),
        ("rejected", ["TCR_FAILED"]),
    ],
)
def test_each_campaign_card_opens_the_list_it_counts(staff_client, stage, statuses):
    for status in [*statuses, "TCR_EXPIRED"]:
        CampaignFactory(campaign_status=status)
    CampaignFactory(campaign_status=statuses[0], remote_deleted_at=timezone.now())

    cards = {card.title: card for card in staff_client.get(HOME).context["count_cards"]}
    card = cards[STAGE_TITLES[stage]]
    listed = staff_client.get(card.url)

    assert card.url == f"/admin/tendlc/campaign/?stage={stage}"
    assert listed.context["cl"].result_count == card.count == len(statuses)


def test_the_numbers_card_opens_the_assigned_numbers(staff_client):
    PhoneNumberAssignmentFactory.create_batch(2)
    PhoneNumberAssignmentFactory(remote_deleted_at=timezone.now())
    PhoneNumberAssignmentFactory(assignment_status="PENDING_ASSIGNMENT")

    card = staff_client.get(HOME).context["count_cards"][-1]

    assert (card.title, card.count) == ("Numbers assigned", 2)
    assert staff_client.get(card.url).context["cl"].result_count == 2


def test_a_count_the_worker_made_says_when_and_counts_read_with_thousands_separated(
    staff_client, monkeypatch
):
    monkeypatch.setattr(dashboard_selectors, "LIVE_COUNT_LIMIT", 2)
    PhoneNumberAssignmentFactory.create_batch(2)
    NumbersAssignedCount.objects.create(counted_at=timezone.now() - timedelta(minutes=3), count=1234567)

    response = staff_client.get(HOME)

    card = response.context["count_cards"][-1]
    assert (card.title, card.count) == ("Numbers assigned", 1234567)
    page = response.content.decode()
    assert '<span class="tendlc-card-count">1,234,567</span>' in page
    cards = [
        *response.context["attention_cards"],
        *response.context["risk_cards"],
        *response.context["count_cards"],
    ]
    assert all(f'<span class="tendlc-card-count">{card.count:,}</span>' in page for card in cards)
    assert f"Counted at {timezone.localtime(card.counted_at):%H:%M}" in page


@pytest.mark.parametrize(
    ("headline", "words"),
    [
        (Headline(5, 12, date(2026, 11, 29)), "+12 this week"),
        (Headline(5, -3, date(2026, 11, 29)), "\u22123 this week"),
        (Headline(5, -20480, date(2026, 11, 29)), "\u221220,480 this week"),
        (Headline(5, 0, date(2026, 11, 29)), "No change this week"),
        (Headline(5, 2, date(2026, 12, 3)), "+2 since Dec 03"),
        (Headline(5, -1, date(2026, 11, 20)), "\u22121 since Nov 20"),
        (Headline(5), ""),
    ],
)
def test_a_change_is_said_over_the_week_or_since_the_day_it_is_measured_from(headline, words):
    assert change_words(headline, date(2026, 12, 6)) == words


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

    first_day = [bar for bar in chart.bars if bar.title.startswith("Nov 01")]
    # Stacked from the bottom in the enum's (life) order: the carrier's rejection before provisioning.
    assert [bar.title for bar in first_day] == ["Nov 01: 1 Rejected by a carrier", "Nov 01: 3 Provisioned"]
    assert first_day[0].y > first_day[1].y
    assert sum(bar.height for bar in first_day) == pytest.approx(PLOT_HEIGHT)
    assert chart.peak == 4
    assert [(tick.text, tick.y) for tick in chart.ticks] == [
        ("0", 10 + PLOT_HEIGHT),
        ("2", 10 + PLOT_HEIGHT / 2),
        ("4", 10),
    ]
    # Today's counts in the legend, every status the chart shows listed.
    assert chart.legend == [
        LegendEntry("MNO_REJECTED", "Rejected by a carrier", "#d9534f", 0),
        LegendEntry("MNO_PROVISIONED", "Provisioned", "#5cb85c", 2),
    ]
    assert chart.summary == "Campaigns by status on 2 days from Nov 01 to Nov 02; today: 2 Provisioned."


def test_a_few_days_make_bars_of_a_day_s_width_with_today_on_the_right():
    day = date(2026, 11, 1)
    chart = status_chart([(day + timedelta(days=n), {"TCR_PENDING": 1}) for n in range(3)])

    slot = (WIDTH - LEFT) / MIN_SLOTS
    assert {round(bar.width, 3) for bar in chart.bars} == {round(slot * 0.7, 3)}
    assert chart.bars[-1].x + chart.bars[-1].width == pytest.approx(WIDTH - slot * 0.15)
    assert [label.text for label in chart.labels] == ["Nov 01", "Nov 02", "Nov 03"]
    assert not chart.today_only


def test_one_day_is_a_bar_of_todays_statuses_across_the_chart():
    chart = status_chart([(date(2026, 12, 6), {"MNO_PROVISIONED": 6, "TCR_PENDING": 3, "MNO_REJECTED": 1})])

    assert chart.today_only
    assert [(bar.title, bar.x, bar.width) for bar in chart.bars] == [
        ("Today: 3 TCR review pending", 0, pytest.approx(WIDTH * 0.3)),
        ("Today: 1 Rejected by a carrier", pytest.approx(WIDTH * 0.3), pytest.approx(WIDTH * 0.1)),
        ("Today: 6 Provisioned", pytest.approx(WIDTH * 0.4), pytest.approx(WIDTH * 0.6)),
    ]
    # Each part wide enough shows its count inside it.
    assert [label.text for label in chart.labels] == ["3", "1", "6"]
    assert [(entry.label, entry.count) for entry in chart.legend] == [
        ("TCR review pending", 3),
        ("Rejected by a carrier", 1),
        ("Provisioned", 6),
    ]
    assert (
        chart.summary
        == "Campaigns by status today: 3 TCR review pending, 1 Rejected by a carrier, 6 Provisioned."
    )


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
