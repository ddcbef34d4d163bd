"""The prune of old records: each kind goes at its boundary, what another row still needs stays, batches are
bounded, 0 keeps forever, and each prune is recorded."""

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_celery_results.models import GroupResult, TaskResult

from tendlc.models import (
    AuditEntry,
    AuditOutcome,
    ChangeCause,
    Charge,
    ChargeKind,
    ChargeSource,
    Delivery,
    DeliveryChannel,
    DeliveryState,
    DigestRun,
    LinkCheckResult,
    LinkCheckRun,
    LinkCheckState,
    LinkCheckTrigger,
    LinkOutcome,
    Notification,
    NotificationKind,
    NumberUpload,
    NumberUploadRow,
    Occurrence,
    PruneRun,
    StatusChange,
    StatusSubject,
    SyncRun,
    SyncRunState,
    UploadStatus,
    WebhookEvent,
    WebhookEventState,
)
from tendlc.services import retention as retention_service
from tendlc.services.retention import (
    RETENTIONS,
    retention_expired_count,
    retention_prune,
    retention_prune_one,
)
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

# A fixed "now" the prune is given: rows are aged from it, whatever the clock says.
NOW = datetime(2026, 6, 1, 3, 30, tzinfo=UTC)
JUST_EXPIRED = timedelta(hours=1)  # past the retention by this much
NOT_YET = -timedelta(hours=1)  # this much short of it


def _retention(label: str) -> retention_service.Retention:
    return next(retention for retention in RETENTIONS if retention.label == label)


def _aged(days: int, extra: timedelta) -> datetime:
    return NOW - timedelta(days=days) - extra


def _event(received_at: datetime, state: str = WebhookEventState.PROCESSED) -> WebhookEvent:
    event = WebhookEvent.objects.create(body_hash=uuid.uuid4().hex * 2, body="{}", state=state)
    WebhookEvent.objects.filter(pk=event.pk).update(received_at=received_at)
    return event


def _change(changed_at: datetime, **cause: object) -> StatusChange:
    return StatusChange.objects.create(
        changed_at=changed_at,
        subject=StatusSubject.CAMPAIGN,
        record_id="4b30-c1",
        field="status",
        old_value="PENDING",
        new_value="ACTIVE",
        **{"cause": ChangeCause.WEBHOOK_EVENT, **cause},
    )


def _audit(at: datetime) -> AuditEntry:
    entry = AuditEntry.objects.create(action="campaign.update", outcome=AuditOutcome.SUCCEEDED)
    AuditEntry.objects.filter(pk=entry.pk).update(at=at)
    return entry


def _sync_run(started_at: datetime, state: str = SyncRunState.SUCCEEDED) -> SyncRun:
    run = SyncRun.objects.create(state=state)
    SyncRun.objects.filter(pk=run.pk).update(started_at=started_at)
    return run


def _prune(label: str, **kwargs: object) -> int:
    return retention_prune_one(retention=_retention(label), now=NOW, **kwargs)


def _left(model: type) -> set[int]:
    return set(model.objects.values_list("pk", flat=True))


# --- the timeline and what it links to -------------------------------------------------------------------


def test_status_changes_go_once_older_than_their_retention():
    old = _change(_aged(730, JUST_EXPIRED))
    kept = _change(_aged(730, NOT_YET))

    assert _prune("status changes (timeline)") == 1
    assert _left(StatusChange) == {kept.pk}
    assert old.pk not in _left(StatusChange)


@pytest.mark.parametrize("state", [WebhookEventState.PROCESSED, WebhookEventState.REVIEWED])
def test_done_webhook_events_go_at_their_boundary(state):
    old = _event(_aged(90, JUST_EXPIRED), state)
    kept = _event(_aged(90, NOT_YET), state)

    assert _prune("processed webhook events") == 1
    assert _left(WebhookEvent) == {kept.pk}
    assert old.pk not in _left(WebhookEvent)


@pytest.mark.parametrize(
    "state", [WebhookEventState.RECEIVED, WebhookEventState.FAILED, WebhookEventState.NEEDS_REVIEW]
)
def test_webhook_events_not_done_stay_however_old(state):
    waiting = _event(_aged(900, JUST_EXPIRED), state)

    assert _prune("processed webhook events") == 0
    assert _left(WebhookEvent) == {waiting.pk}


def test_a_webhook_event_a_kept_timeline_entry_or_a_charge_names_stays():
    on_timeline = _event(_aged(90, JUST_EXPIRED))
    change = _change(_aged(90, JUST_EXPIRED), webhook_event=on_timeline)
    billed = _event(_aged(90, JUST_EXPIRED))
    Charge.objects.create(
        kind=ChargeKind.CAMPAIGN_MONTHLY,
        amount=Decimal("10.00"),
        charged_at=_aged(90, JUST_EXPIRED),
        source=ChargeSource.EVENT,
        webhook_event=billed,
    )

    assert _prune("processed webhook events") == 0
    assert _left(WebhookEvent) == {on_timeline.pk, billed.pk}
    change.refresh_from_db()
    assert change.webhook_event_id == on_timeline.pk


def test_the_full_prune_frees_an_event_whose_timeline_entry_expired_in_the_same_run():
    event = _event(_aged(730, JUST_EXPIRED))
    _change(_aged(730, JUST_EXPIRED), webhook_event=event)
    audit = _audit(_aged(730, JUST_EXPIRED))
    _change(_aged(730, JUST_EXPIRED), audit_entry=audit)

    run = retention_prune(trigger="command", now=NOW)

    assert run.counts["status changes (timeline)"] == 2
    assert run.counts["processed webhook events"] == 1
    assert run.counts["audit entries"] == 1
    assert _left(WebhookEvent) == _left(AuditEntry) == _left(StatusChange) == set()


def test_audit_entries_go_at_their_boundary_unless_a_kept_timeline_entry_names_them():
    old = _audit(_aged(730, JUST_EXPIRED))
    kept = _audit(_aged(730, NOT_YET))
    on_timeline = _audit(_aged(730, JUST_EXPIRED))
    _change(_aged(1, timedelta()), audit_entry=on_timeline, cause=ChangeCause.USER_ACTION)

    assert _prune("audit entries") == 1
    assert _left(AuditEntry) == {kept.pk, on_timeline.pk}
    assert old.pk not in _left(AuditEntry)


def test_sync_runs_go_at_their_boundary_but_never_the_running_or_the_newest_one():
    old = _sync_run(_aged(90, JUST_EXPIRED) - timedelta(days=2), SyncRunState.FAILED)
    running = _sync_run(_aged(90, JUST_EXPIRED) - timedelta(days=1), SyncRunState.RUNNING)
    newest = _sync_run(_aged(90, JUST_EXPIRED))

    assert _prune("sync runs") == 1
    assert _left(SyncRun) == {running.pk, newest.pk}
    assert old.pk not in _left(SyncRun)


def test_a_sync_run_a_kept_timeline_entry_names_stays():
    on_timeline = _sync_run(_aged(90, JUST_EXPIRED) - timedelta(days=1))
    _sync_run(_aged(1, timedelta()))
    _change(_aged(1, timedelta()), sync_run=on_timeline, cause=ChangeCause.SYNC_RUN)

    assert _prune("sync runs") == 0
    assert on_timeline.pk in _left(SyncRun)


# --- task results ---------------------------------------------------------------------------------------


def test_task_and_group_results_go_at_their_boundary():
    for age, name in ((JUST_EXPIRED, "old"), (NOT_YET, "new")):
        TaskResult.objects.create(task_id=f"task-{name}", status="SUCCESS")
        TaskResult.objects.filter(task_id=f"task-{name}").update(date_done=_aged(7, age))
        GroupResult.objects.create(group_id=f"group-{name}")
        GroupResult.objects.filter(group_id=f"group-{name}").update(date_done=_aged(7, age))

    assert _prune("task results") == 1
    assert _prune("task group results") == 1
    assert list(TaskResult.objects.values_list("task_id", flat=True)) == ["task-new"]
    assert list(GroupResult.objects.values_list("group_id", flat=True)) == ["group-new"]


# --- notifications --------------------------------------------------------------------------------------


@pytest.fixture
def retention_recipient(django_user_model):
    return django_user_model.objects.create_user(username="reader", email="reader@example.com")


def _occurrence(occurred_at: datetime, fanned_out: bool = True) -> Occurrence:
    return Occurrence.objects.create(
        key=uuid.uuid4().hex,
        kind=NotificationKind.CAMPAIGN_REJECTED,
        occurred_at=occurred_at,
        fanned_out_at=occurred_at if fanned_out else None,
    )


def _notification(occurrence: Occurrence, recipient, created_at: datetime, read: bool) -> Notification:
    notification = Notification.objects.create(
        occurrence=occurrence,
        recipient=recipient,
        kind=occurrence.kind,
        title="Campaign rejected",
        body="Campaign rejected.",
        occurred_at=occurrence.occurred_at,
        read_at=created_at if read else None,
        dedup_key=occurrence.key,
    )
    Notification.objects.filter(pk=notification.pk).update(created_at=created_at)
    return notification


def test_read_notifications_go_at_their_boundary_with_their_emails(retention_recipient):
    old = _occurrence(_aged(90, JUST_EXPIRED))
    read_old = _notification(old, retention_recipient, _aged(90, JUST_EXPIRED), read=True)
    Delivery.objects.create(channel=DeliveryChannel.EMAIL, notification=read_old, state=DeliveryState.SENT)
    unread_old = _notification(
        _occurrence(_aged(90, JUST_EXPIRED)), retention_recipient, old.occurred_at, read=False
    )
    read_new = _notification(
        _occurrence(_aged(90, NOT_YET)), retention_recipient, _aged(90, NOT_YET), read=True
    )

    assert _prune("read notifications") == 1
    assert _left(Notification) == {unread_old.pk, read_new.pk}
    assert Delivery.objects.count() == 0


def test_a_read_notification_with_an_email_still_to_send_stays(retention_recipient):
    notification = _notification(
        _occurrence(_aged(90, JUST_EXPIRED)), retention_recipient, _aged(90, JUST_EXPIRED), read=True
    )
    Delivery.objects.create(
        channel=DeliveryChannel.EMAIL, notification=notification, state=DeliveryState.PENDING
    )

    assert _prune("read notifications") == 0
    assert _left(Notification) == {notification.pk}


def test_notified_events_go_once_sent_out_and_no_notification_is_left(retention_recipient):
    told = _occurrence(_aged(90, JUST_EXPIRED))
    still_told = _occurrence(_aged(90, JUST_EXPIRED))
    _notification(still_told, retention_recipient, _aged(1, timedelta()), read=False)
    not_sent_out = _occurrence(_aged(90, JUST_EXPIRED), fanned_out=False)
    recent = _occurrence(_aged(90, NOT_YET))

    assert _prune("notified events") == 1
    assert _left(Occurrence) == {still_told.pk, not_sent_out.pk, recent.pk}
    assert told.pk not in _left(Occurrence)


def test_digests_go_by_their_day(retention_recipient):
    DigestRun.objects.create(user=retention_recipient, day=_aged(91, timedelta()).date())
    kept = DigestRun.objects.create(user=retention_recipient, day=_aged(90, timedelta()).date())

    assert _prune("daily digests") == 1
    assert _left(DigestRun) == {kept.pk}


# --- link checks ----------------------------------------------------------------------------------------


def _link_check(created_at: datetime, campaign=None, state: str = LinkCheckState.DONE) -> LinkCheckRun:
    run = LinkCheckRun.objects.create(
        campaign=campaign, trigger=LinkCheckTrigger.WEEKLY, state=state, builder_run="" if campaign else "b1"
    )
    LinkCheckRun.objects.filter(pk=run.pk).update(created_at=created_at)
    return run


def test_link_checks_a_newer_one_replaced_go_with_their_results_and_snapshots(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    campaign = CampaignFactory()
    replaced = _link_check(_aged(180, JUST_EXPIRED) - timedelta(days=7), campaign)
    result = LinkCheckResult.objects.create(
        run=replaced,
        field="privacy_policy_link",
        kind="privacy",
        url="https://a.example",
        outcome=LinkOutcome.OK,
        fetched_at=NOW,
    )
    result.snapshot.save("page.html", ContentFile(b"<html></html>"))
    snapshot = tmp_path / result.snapshot.name
    newest_of_campaign = _link_check(_aged(180, JUST_EXPIRED), campaign)
    builders = _link_check(_aged(180, JUST_EXPIRED))
    unfinished = _link_check(_aged(180, JUST_EXPIRED) - timedelta(days=9), state=LinkCheckState.RUNNING)
    recent = _link_check(_aged(180, NOT_YET))
    assert snapshot.exists()

    with django_capture_on_commit_callbacks(execute=True):
        deleted = _prune("link checks")

    assert deleted == 2
    assert _left(LinkCheckRun) == {newest_of_campaign.pk, unfinished.pk, recent.pk}
    assert builders.pk not in _left(LinkCheckRun)
    assert LinkCheckResult.objects.count() == 0
    assert not snapshot.exists()


# --- number uploads -------------------------------------------------------------------------------------


def _upload(uploaded_at: datetime, status: str) -> NumberUpload:
    upload = NumberUpload.objects.create(filename="numbers.csv", status=status)
    NumberUpload.objects.filter(pk=upload.pk).update(uploaded_at=uploaded_at)
    NumberUploadRow.objects.create(upload=upload, line=2, phone_number="+15035550101", campaign_text="CT1")
    return upload


def test_an_unconfirmed_upload_expires_after_a_day_with_its_rows():
    _upload(_aged(1, JUST_EXPIRED), UploadStatus.PREVIEW)
    fresh = _upload(_aged(1, NOT_YET), UploadStatus.PREVIEW)
    confirmed = [
        _upload(_aged(30, JUST_EXPIRED), status) for status in (UploadStatus.QUEUED, UploadStatus.FINISHED)
    ]

    assert _prune("unconfirmed number uploads") == 1
    assert _left(NumberUpload) == {fresh.pk, *(upload.pk for upload in confirmed)}
    assert NumberUploadRow.objects.count() == 3


# --- batches, keeping forever, the record ---------------------------------------------------------------


def test_rows_go_in_batches_each_deleting_at_most_the_batch_size():
    for _ in range(5):
        _change(_aged(730, JUST_EXPIRED))

    with CaptureQueriesContext(connection) as queries:
        deleted = _prune("status changes (timeline)", batch_size=2)

    deletes = [query["sql"] for query in queries if query["sql"].startswith("DELETE")]
    assert deleted == 5
    assert len(deletes) == 3
    assert StatusChange.objects.count() == 0


def test_batches_go_on_past_rows_kept_among_the_expired_ones():
    events = [_event(_aged(90, JUST_EXPIRED)) for _ in range(6)]
    kept = {events[1].pk, events[4].pk}
    for event in events:
        if event.pk in kept:
            _change(_aged(1, timedelta()), webhook_event=event)

    with CaptureQueriesContext(connection) as queries:
        deleted = _prune("processed webhook events", batch_size=2)

    assert deleted == 4
    assert _left(WebhookEvent) == kept
    # Each batch's read starts past the previous batch's last key.
    reads = [query["sql"] for query in queries if query["sql"].endswith("LIMIT 2")]
    assert len(reads) == 3
    assert all('"tendlc_webhookevent"."id" >' in sql for sql in reads[1:])


def test_zero_days_keeps_forever_and_counts_nothing(settings):
    settings.RETENTION_WEBHOOK_EVENTS_DAYS = 0
    event = _event(_aged(3650, JUST_EXPIRED))

    assert retention_expired_count(retention=_retention("processed webhook events"), now=NOW) == 0
    assert _prune("processed webhook events") == 0
    assert _left(WebhookEvent) == {event.pk}


def test_each_prune_is_recorded_with_its_counts():
    _event(_aged(90, JUST_EXPIRED))

    run = retention_prune(trigger="schedule", now=NOW)

    stored = PruneRun.objects.get()
    assert stored.pk == run.pk
    assert stored.trigger == "schedule"
    assert stored.succeeded
    assert stored.counts == {retention.label: 0 for retention in RETENTIONS} | {"processed webhook events": 1}


def test_a_failing_prune_is_recorded_with_why_and_keeps_what_it_deleted(monkeypatch):
    _change(_aged(730, JUST_EXPIRED))

    def broken(cutoff):
        raise RuntimeError("disk full")

    failing = retention_service.Retention("audit entries", "RETENTION_AUDIT_DAYS", broken)
    monkeypatch.setattr(retention_service, "RETENTIONS", (_retention("status changes (timeline)"), failing))

    with pytest.raises(RuntimeError, match="disk full"):
        retention_prune(trigger="schedule", now=NOW)

    run = PruneRun.objects.get()
    assert run.error == "RuntimeError: disk full"
    assert run.finished_at is not None
    assert not run.succeeded
    assert run.counts == {"status changes (timeline)": 1}
    assert StatusChange.objects.count() == 0
