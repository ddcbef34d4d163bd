"""``manage.py health``: the detailed health in a terminal, exit 1 when a check fails; what beat's container
health check runs."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from portal import health

pytestmark = pytest.mark.django_db


def _beat_last_ran(ago: timedelta) -> None:
    enabled = PeriodicTask.objects.filter(enabled=True)
    enabled.update(last_run_at=None)
    enabled.filter(pk=enabled.first().pk).update(last_run_at=timezone.now() - ago)


def test_beat_that_ticked_recently_is_healthy(capsys):
    _beat_last_ran(timedelta(minutes=1))

    call_command("health", "beat")

    assert capsys.readouterr().out == "beat: ok\n"


def test_late_beat_fails_with_the_problem_and_what_to_do(capsys):
    _beat_last_ran(timedelta(hours=2))

    with pytest.raises(CommandError, match="Unhealthy: beat") as failure:
        call_command("health", "beat")

    assert failure.value.returncode == 1
    out = capsys.readouterr().out
    assert "beat: Beat last started a scheduled task 120 minutes ago" in out
    assert "What to do: Check that beat is running" in out


def test_all_checks_by_default_in_the_report_order(capsys, monkeypatch):
    monkeypatch.setattr(health, "check_worker", lambda: {"ok": True, "workers": ["w1@host"]})
    monkeypatch.setattr(health, "check_broker", lambda: {"ok": True})
    _beat_last_ran(timedelta(minutes=1))

    call_command("health")

    names = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()]
    assert names == list(health.DETAILED_CHECKS)


def test_an_unknown_check_is_named():
    with pytest.raises(CommandError, match="No check named beets: choose from database, broker"):
        call_command("health", "beets")


def test_a_table_not_migrated_yet_is_a_finding_not_a_crash(capsys, monkeypatch):
    def beat_table_missing():
        raise DatabaseError("no such table: django_celery_beat_periodictask")

    monkeypatch.setattr(health, "check_beat", beat_table_missing)

    with pytest.raises(CommandError, match="Unhealthy: beat"):
        call_command("health", "beat")

    out = capsys.readouterr().out
    assert "beat: The database could not answer this check (DatabaseError: no such table" in out
    assert "Run the migrations" in out
