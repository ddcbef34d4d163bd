"""The beat schedules: the data migration creates exactly these periodic tasks, again and again without doubles
and without undoing an admin's edit, removes them when reversed; the renaming migration gives them the tasks'
current names, which the Celery app knows."""

import importlib
import pkgutil
import re

import pytest
from django.apps import apps
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask, PeriodicTasks

import tendlc.migrations as migrations_package
from portal.celery import app as celery_app

schedules = importlib.import_module("tendlc.migrations.0004_beat_schedules")
renames = importlib.import_module("tendlc.migrations.0010_task_names")
# Found by its name, whatever number it is given when branches merge.
vetting_poll = importlib.import_module(
    next(
        f"tendlc.migrations.{module.name}"
        for module in pkgutil.iter_modules(migrations_package.__path__)
        if module.name.endswith("_vetting_poll_schedule")
    )
)
carrier_refresh = importlib.import_module(
    next(
        f"tendlc.migrations.{module.name}"
        for module in pkgutil.iter_modules(migrations_package.__path__)
        if module.name.endswith("_webhook_review_and_carrier_refresh")
    )
)
link_checks = importlib.import_module(
    next(
        f"tendlc.migrations.{module.name}"
        for module in pkgutil.iter_modules(migrations_package.__path__)
        if module.name.endswith("_link_checks")
    )
)
notifications = importlib.import_module(
    next(
        f"tendlc.migrations.{module.name}"
        for module in pkgutil.iter_modules(migrations_package.__path__)
        if module.name.endswith("_notifications")
    )
)
retention = importlib.import_module(
    next(
        f"tendlc.migrations.{module.name}"
        for module in pkgutil.iter_modules(migrations_package.__path__)
        if module.name.endswith("_retention")
    )
)
numbers_count = importlib.import_module(
    next(
        f"tendlc.migrations.{module.name}"
        for module in pkgutil.iter_modules(migrations_package.__path__)
        if module.name.endswith("_numbers_assigned_count")
    )
)

# name: (task, every, period, expire seconds); a daily schedule at a set hour: (task, "minute hour", "daily", ...)
EXPECTED = {
    "10DLC: full sync": ("tendlc.sync_all", 30, "minutes", 1800),
    "10DLC: poll SMS OTPs": ("tendlc.poll_sms_otps", 1, "minutes", 60),
    "10DLC: poll number assignment tasks": ("tendlc.poll_assignment_tasks", 1, "minutes", 60),
    "10DLC: poll external vettings": ("tendlc.poll_vettings", 1, "minutes", 60),
    "10DLC: refresh campaigns in review": ("tendlc.refresh_campaigns_in_review", 10, "minutes", 600),
    "10DLC: process pending webhook events": ("tendlc.process_pending_webhook_events", 1, "minutes", 60),
    "10DLC: refresh carriers": ("tendlc.refresh_carriers", 1, "days", 86400),
    "10DLC: check live campaigns' links": ("tendlc.check_live_campaign_links", 7, "days", 86400),
    "10DLC: send notification digests": ("tendlc.send_notification_digests", 60, "minutes", 3600),
    "10DLC: notice campaign risks": ("tendlc.notice_campaign_risks", 60, "minutes", 3600),
    "10DLC: prune old records": ("tendlc.prune_old_records", "30 3", "daily", 43200),
    "10DLC: count numbers assigned": ("tendlc.count_numbers_assigned", 5, "minutes", 300),
}


def migrate_schedules() -> None:
    """What the migrations do to the beat schedules: create them, then rename their tasks."""
    schedules.create_schedules(apps, None)
    renames.rename_tasks(apps, None)
    vetting_poll.create_schedule(apps, None)
    carrier_refresh.create_schedule(apps, None)
    link_checks.create_schedule(apps, None)
    notifications.create_schedules(apps, None)
    retention.create_schedule(apps, None)
    numbers_count.create_schedule(apps, None)


def _when(task: PeriodicTask) -> tuple:
    if task.crontab is not None:
        crontab = task.crontab
        assert (crontab.day_of_week, crontab.day_of_month, crontab.month_of_year) == ("*", "*", "*")
        return f"{crontab.minute} {crontab.hour}", "daily"
    return task.interval.every, task.interval.period


def periodic_tasks() -> dict[str, tuple]:
    return {
        task.name: (task.task, *_when(task), task.expire_seconds)
        for task in PeriodicTask.objects.select_related("interval", "crontab")
    }


@pytest.fixture
def no_schedules(db) -> None:
    """Start from an empty beat schedule (the migration already ran on the test database)."""
    PeriodicTask.objects.all().delete()
    IntervalSchedule.objects.all().delete()
    CrontabSchedule.objects.all().delete()


@pytest.mark.usefixtures("no_schedules")
def test_the_migrations_create_exactly_the_schedules():
    migrate_schedules()

    assert periodic_tasks() == EXPECTED
    assert all(task.enabled and task.one_off is False for task in PeriodicTask.objects.all())
    assert sorted(IntervalSchedule.objects.values_list("every", "period")) == [
        (1, "days"),
        (1, "minutes"),
        (5, "minutes"),
        (7, "days"),
        (10, "minutes"),
        (30, "minutes"),
        (60, "minutes"),
    ]
    assert list(CrontabSchedule.objects.values_list("minute", "hour")) == [("30", "3")]
    assert PeriodicTasks.objects.get(ident=1).last_update is not None


@pytest.mark.usefixtures("no_schedules")
def test_running_them_again_adds_nothing_and_keeps_an_admins_edit():
    migrate_schedules()
    edited = PeriodicTask.objects.get(name="10DLC: refresh campaigns in review")
    edited.interval = IntervalSchedule.objects.create(every=15, period="minutes")
    edited.enabled = False
    edited.save()

    migrate_schedules()

    assert periodic_tasks() == {
        **EXPECTED,
        "10DLC: refresh campaigns in review": ("tendlc.refresh_campaigns_in_review", 15, "minutes", 600),
    }
    assert PeriodicTask.objects.get(name="10DLC: refresh campaigns in review").enabled is False
    assert IntervalSchedule.objects.count() == 8
    assert CrontabSchedule.objects.count() == 1


@pytest.mark.usefixtures("no_schedules")
def test_reversing_removes_the_schedules_and_only_them():
    schedules.create_schedules(apps, None)
    hourly = IntervalSchedule.objects.create(every=60, period="minutes")
    PeriodicTask.objects.create(name="Someone else's", task="celery.backend_cleanup", interval=hourly)
    minute = IntervalSchedule.objects.get(every=1, period="minutes")
    PeriodicTask.objects.create(name="Another minute task", task="celery.backend_cleanup", interval=minute)

    schedules.remove_schedules(apps, None)

    assert set(periodic_tasks()) == {"Someone else's", "Another minute task"}
    # Intervals still used stay; those only the portal's schedules used go.
    assert sorted(IntervalSchedule.objects.values_list("every", flat=True)) == [1, 60]


@pytest.mark.usefixtures("no_schedules")
def test_reversing_the_renaming_restores_the_old_names_and_keeps_an_admins_edit():
    migrate_schedules()
    PeriodicTask.objects.filter(name="10DLC: poll SMS OTPs").update(enabled=False)

    numbers_count.remove_schedule(apps, None)
    retention.remove_schedule(apps, None)
    notifications.remove_schedules(apps, None)
    link_checks.remove_schedule(apps, None)
    carrier_refresh.remove_schedule(apps, None)
    vetting_poll.remove_schedule(apps, None)
    renames.restore_task_names(apps, None)

    assert {name: task for name, (task, *_) in periodic_tasks().items()} == {
        name: task for name, task, *_ in schedules.SCHEDULES
    }
    assert PeriodicTask.objects.get(name="10DLC: poll SMS OTPs").enabled is False


def test_every_scheduled_task_is_registered_in_the_celery_app():
    celery_app.loader.import_default_modules()

    assert {task for task, *_ in EXPECTED.values()} - set(celery_app.tasks) == set()
    renamed = dict(renames.RENAMED)
    assert {renamed.get(task, task) for _, task, *_ in schedules.SCHEDULES} | {
        vetting_poll.SCHEDULE[1],
        carrier_refresh.SCHEDULE[1],
        link_checks.SCHEDULE[1],
        *(task for _, task, *_ in notifications.SCHEDULES),
        retention.SCHEDULE[1],
        numbers_count.SCHEDULE[1],
    } == {task for task, *_ in EXPECTED.values()}


def test_every_task_is_named_in_the_one_scheme():
    celery_app.loader.import_default_modules()
    ours = sorted(name for name, task in celery_app.tasks.items() if task.__module__.startswith("tendlc."))

    assert ours
    assert [name for name in ours if not re.fullmatch(r"tendlc\.[a-z_]+", name)] == []


@pytest.mark.parametrize("name", sorted(task for task, *_ in EXPECTED.values()))
def test_every_scheduled_task_passes_the_checks_beat_meets_when_sending_it(name):
    # What Task.apply_async checks before a message leaves (beat logs "Couldn't apply scheduled task" and
    # sends nothing otherwise): time limits in order, the settings' defaults included, and a call with the
    # schedule's (empty) arguments.
    celery_app.loader.import_default_modules()
    task = celery_app.tasks[name]

    assert task.soft_time_limit <= task.time_limit
    task.__header__()


@pytest.mark.usefixtures("no_schedules")
def test_the_prune_replaces_the_cleanup_beat_added_on_its_own_and_keeps_others():
    # What django-celery-beat's database scheduler creates while CELERY_RESULT_EXPIRES is set: the prune
    # deletes task results now, in batches, instead of that one unbounded DELETE.
    four_am = CrontabSchedule.objects.create(minute="0", hour="4")
    PeriodicTask.objects.create(name="celery.backend_cleanup", task="celery.backend_cleanup", crontab=four_am)
    PeriodicTask.objects.create(name="Someone else's cleanup", task="celery.backend_cleanup", crontab=four_am)

    retention.create_schedule(apps, None)

    assert set(periodic_tasks()) == {"10DLC: prune old records", "Someone else's cleanup"}


@pytest.mark.usefixtures("no_schedules")
def test_reversing_the_prune_schedule_keeps_a_crontab_someone_else_uses():
    retention.create_schedule(apps, None)
    shared = CrontabSchedule.objects.get(minute="30", hour="3")
    PeriodicTask.objects.create(name="Another 3:30 task", task="celery.backend_cleanup", crontab=shared)

    retention.remove_schedule(apps, None)

    assert set(periodic_tasks()) == {"Another 3:30 task"}
    assert CrontabSchedule.objects.count() == 1
