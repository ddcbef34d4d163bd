"""Retention: how long each kind of record is kept, and the prune that deletes what is older.

This module owns one decision: which rows may go. Each rule names its setting (days; 0 keeps forever), the
date a row's age is taken from, and what keeps an old row anyway, because another row still needs it:

| records                      | setting                         | age from     | kept anyway while                     |
|------------------------------|---------------------------------|--------------|---------------------------------------|
| status changes (timeline)    | RETENTION_STATUS_CHANGES_DAYS   | changed_at   | -                                     |
| audit entries                | RETENTION_AUDIT_DAYS            | at           | a kept status change links to it      |
| webhook events               | RETENTION_WEBHOOK_EVENTS_DAYS   | received_at  | not processed or reviewed; a kept     |
|                              |                                 |              | status change or any charge links it  |
| sync runs                    | RETENTION_SYNC_RUNS_DAYS        | started_at   | running; the newest; linked as above  |
| task results (Celery)        | RETENTION_TASK_RESULTS_DAYS     | date_done    | -                                     |
| notifications                | RETENTION_NOTIFICATIONS_DAYS    | created_at   | unread; an e-mail still to send       |
| notified events              | RETENTION_NOTIFICATIONS_DAYS    | occurred_at  | not sent out; notifications left; a   |
|                              |                                 |              | chat message still to send            |
| digests                      | RETENTION_NOTIFICATIONS_DAYS    | day          | -                                     |
| link checks                  | RETENTION_LINK_CHECKS_DAYS      | created_at   | unfinished; the campaign's newest     |
| unconfirmed number uploads   | RETENTION_UPLOAD_PREVIEWS_DAYS  | uploaded_at  | confirmed                             |

The timeline goes first, so what only an expired status change held is free in the same prune. Rows go in
batches of ``BATCH_SIZE`` primary keys, each batch its own transaction: a first prune of millions of rows
holds no lock for long and no more than a batch in memory. Django's delete follows the relations (a link
check's results, an upload's rows, a notification's e-mails go with it; links to a deleted row are emptied).
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django_celery_results.models import GroupResult, TaskResult

from tendlc.models import (
    AuditEntry,
    Charge,
    Delivery,
    DeliveryState,
    DigestRun,
    LinkCheckResult,
    LinkCheckRun,
    LinkCheckState,
    Notification,
    NumberUpload,
    Occurrence,
    PruneRun,
    StatusChange,
    SyncRun,
    SyncRunState,
    UploadStatus,
    WebhookEvent,
    WebhookEventState,
)

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


@dataclass(frozen=True)
class Retention:
    """One kind of record: what it is called on screen, the setting of its days, and its rows that may go."""

    label: str
    setting: str
    expired: Callable[[datetime], QuerySet[Any]]
    files: Callable[[list[int]], list[str]] | None = None

    @property
    def days(self) -> int:
        return int(getattr(settings, self.setting))


def _unlinked(rows: QuerySet[Any], link: str) -> QuerySet[Any]:
    # Whatever a kept timeline entry names as its cause stays, so the timeline still says why.
    return rows.filter(~Exists(StatusChange.objects.filter(**{link: OuterRef("pk")})))


def _status_changes(cutoff: datetime) -> QuerySet[StatusChange]:
    return StatusChange.objects.filter(changed_at__lt=cutoff)


def _audit_entries(cutoff: datetime) -> QuerySet[AuditEntry]:
    return _unlinked(AuditEntry.objects.filter(at__lt=cutoff), "audit_entry")


def _webhook_events(cutoff: datetime) -> QuerySet[WebhookEvent]:
    done = WebhookEvent.objects.filter(
        received_at__lt=cutoff, state__in=[WebhookEventState.PROCESSED, WebhookEventState.REVIEWED]
    )
    # A charge is a billing record kept without end; the event it was read from stays with it.
    return _unlinked(done, "webhook_event").filter(
        ~Exists(Charge.objects.filter(webhook_event=OuterRef("pk")))
    )


def _sync_runs(cutoff: datetime) -> QuerySet[SyncRun]:
    # The newest run stays whatever its age: it is what the health report and the sync page show last.
    newest = SyncRun.objects.order_by("-started_at", "-id").values("pk")[:1]
    ended = SyncRun.objects.filter(started_at__lt=cutoff).exclude(state=SyncRunState.RUNNING)
    return _unlinked(ended.exclude(pk__in=newest), "sync_run")


def _task_results(cutoff: datetime) -> QuerySet[TaskResult]:
    return TaskResult.objects.filter(date_done__lt=cutoff)


def _group_results(cutoff: datetime) -> QuerySet[GroupResult]:
    return GroupResult.objects.filter(date_done__lt=cutoff)


def _notifications(cutoff: datetime) -> QuerySet[Notification]:
    unsent = Delivery.objects.filter(notification=OuterRef("pk"), state=DeliveryState.PENDING)
    return Notification.objects.filter(created_at__lt=cutoff, read_at__isnull=False).filter(~Exists(unsent))


def _occurrences(cutoff: datetime) -> QuerySet[Occurrence]:
    unsent = Delivery.objects.filter(occurrence=OuterRef("pk"), state=DeliveryState.PENDING)
    return Occurrence.objects.filter(occurred_at__lt=cutoff, fanned_out_at__isnull=False).filter(
        ~Exists(Notification.objects.filter(occurrence=OuterRef("pk"))), ~Exists(unsent)
    )


def _digests(cutoff: datetime) -> QuerySet[DigestRun]:
    return DigestRun.objects.filter(day__lt=cutoff.date())


def _link_checks(cutoff: datetime) -> QuerySet[LinkCheckRun]:
    # A campaign's newest check is what the next one compares with to tell a page newly gone down.
    newer = LinkCheckRun.objects.filter(campaign=OuterRef("campaign"), created_at__gt=OuterRef("created_at"))
    finished = LinkCheckRun.objects.filter(
        created_at__lt=cutoff, state__in=[LinkCheckState.DONE, LinkCheckState.FAILED]
    )
    return finished.filter(Q(campaign__isnull=True) | Exists(newer))


def _link_check_snapshots(run_pks: list[int]) -> list[str]:
    return list(
        LinkCheckResult.objects.filter(run__in=run_pks)
        .exclude(snapshot="")
        .values_list("snapshot", flat=True)
    )


def _upload_previews(cutoff: datetime) -> QuerySet[NumberUpload]:
    return NumberUpload.objects.filter(uploaded_at__lt=cutoff, status=UploadStatus.PREVIEW)


# In the order they are pruned: the timeline first (see the module's docstring), a notification before the
# event it told of.
RETENTIONS = (
    Retention("status changes (timeline)", "RETENTION_STATUS_CHANGES_DAYS", _status_changes),
    Retention("audit entries", "RETENTION_AUDIT_DAYS", _audit_entries),
    Retention("processed webhook events", "RETENTION_WEBHOOK_EVENTS_DAYS", _webhook_events),
    Retention("sync runs", "RETENTION_SYNC_RUNS_DAYS", _sync_runs),
    Retention("task results", "RETENTION_TASK_RESULTS_DAYS", _task_results),
    Retention("task group results", "RETENTION_TASK_RESULTS_DAYS", _group_results),
    Retention("read notifications", "RETENTION_NOTIFICATIONS_DAYS", _notifications),
    Retention("notified events", "RETENTION_NOTIFICATIONS_DAYS", _occurrences),
    Retention("daily digests", "RETENTION_NOTIFICATIONS_DAYS", _digests),
    Retention("link checks", "RETENTION_LINK_CHECKS_DAYS", _link_checks, files=_link_check_snapshots),
    Retention("unconfirmed number uploads", "RETENTION_UPLOAD_PREVIEWS_DAYS", _upload_previews),
)


def retention_expired_count(*, retention: Retention, now: datetime) -> int:
    """How many rows of one kind the prune would delete now; 0 for a kind kept forever."""
    if not retention.days:
        return 0
    return retention.expired(now - timedelta(days=retention.days)).count()


def retention_prune_one(*, retention: Retention, now: datetime, batch_size: int = BATCH_SIZE) -> int:
    """Delete one kind's expired rows, a batch of primary keys per transaction; the number deleted."""
    if not retention.days:
        return 0
    expired = retention.expired(now - timedelta(days=retention.days))
    deleted = 0
    after = None
    while True:
        # Each batch starts past the last one's keys: old rows kept (still needed) are read once per prune,
        # not once per batch.
        batch = expired.filter(pk__gt=after) if after is not None else expired
        with transaction.atomic():
            pks = list(batch.order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not pks:
                return deleted
            files = retention.files(pks) if retention.files else []
            # Only the keys are loaded for Django's delete to follow relations: not a payload or body.
            expired.model._default_manager.filter(pk__in=pks).only("pk").delete()
            if files:
                transaction.on_commit(partial(_files_delete, files))
        deleted += len(pks)
        after = pks[-1]


def _files_delete(names: list[str]) -> None:
    storage = LinkCheckResult._meta.get_field("snapshot").storage
    for name in names:
        storage.delete(name)


def retention_prune(*, trigger: str, now: datetime | None = None, batch_size: int = BATCH_SIZE) -> PruneRun:
    """Prune every kind in turn, recorded as a ``PruneRun`` with the count per kind (or why it stopped)."""
    now = now or timezone.now()
    run = PruneRun.objects.create(trigger=trigger)
    counts: dict[str, int] = {}
    try:
        for retention in RETENTIONS:
            deleted = retention_prune_one(retention=retention, now=now, batch_size=batch_size)
            counts[retention.label] = deleted
            if deleted:
                logger.info("Pruned %d %s older than %d days", deleted, retention.label, retention.days)
    except Exception as error:
        run.error = f"{type(error).__name__}: {error}"
        raise
    finally:
        run.counts = counts
        run.finished_at = timezone.now()
        run.save(update_fields=["counts", "error", "finished_at"])
    return run
