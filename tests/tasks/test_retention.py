"""The daily prune's task: one service call, its counts as the result, recorded as started by the schedule."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tendlc.models import PruneRun, SyncRun, SyncRunState
from tendlc.tasks.retention import prune_old_records

pytestmark = pytest.mark.django_db


def test_the_task_prunes_and_returns_the_counts():
    old, newest = (
        SyncRun.objects.create(state=SyncRunState.SUCCEEDED, lock_token=uuid.uuid4().hex) for _ in "ab"
    )
    SyncRun.objects.filter(pk=old.pk).update(started_at=timezone.now() - timedelta(days=92))
    SyncRun.objects.filter(pk=newest.pk).update(started_at=timezone.now() - timedelta(days=91))

    counts = prune_old_records.apply().result

    assert counts["sync runs"] == 1
    assert list(SyncRun.objects.values_list("pk", flat=True)) == [newest.pk]
    assert PruneRun.objects.get().trigger == "schedule"
