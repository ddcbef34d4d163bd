"""``manage.py prune [--dry-run]``: each kind of record in plain words with how many went, or would go."""

import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from tendlc.models import PruneRun, WebhookEvent, WebhookEventState

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_processed_event() -> WebhookEvent:
    event = WebhookEvent.objects.create(
        body_hash=uuid.uuid4().hex * 2, body="{}", state=WebhookEventState.PROCESSED
    )
    WebhookEvent.objects.filter(pk=event.pk).update(received_at=timezone.now() - timedelta(days=91))
    return event


def test_dry_run_counts_and_deletes_nothing(capsys, old_processed_event):
    call_command("prune", "--dry-run")

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Status changes (timeline) (kept 730 days): 0 would be deleted"
    assert "Processed webhook events (kept 90 days): 1 would be deleted" in out
    assert len(out) == 11
    assert WebhookEvent.objects.filter(pk=old_processed_event.pk).exists()
    assert not PruneRun.objects.exists()


def test_a_run_deletes_prints_and_is_recorded(capsys, settings, old_processed_event):
    settings.RETENTION_AUDIT_DAYS = 0

    call_command("prune")

    out = capsys.readouterr().out.splitlines()
    assert "Processed webhook events (kept 90 days): 1 deleted" in out
    assert "Audit entries (kept forever): 0 deleted" in out
    assert not WebhookEvent.objects.exists()
    assert PruneRun.objects.get().trigger == "command"
