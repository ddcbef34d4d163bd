"""The schedules of the portal's periodic tasks, as django-celery-beat rows that admins edit under Periodic tasks.

Each schedule is created only when no periodic task of its name exists, so an interval an admin changed, or a
schedule an admin disabled, stays as it is when migrations run again. A queued run expires after one interval:
behind a stopped worker the runs do not pile up, the next one supersedes it. Reversing removes these schedules
and the intervals no other periodic task uses.

The values are frozen here, as a migration's must be: task names are the tasks' registered names
(tests/test_schedules.py checks that each is registered in the Celery app).
"""

from django.db import migrations
from django.utils import timezone

MINUTES = "minutes"
# name, task, every (minutes), description
SCHEDULES = (
    (
        "10DLC: full sync",
        "tendlc.sync_all",
        30,
        "Mirrors brands, campaigns, number assignments and shared campaigns from the 10DLC API.",
    ),
    (
        "10DLC: poll SMS OTPs",
        "tendlc.tasks.polling.poll_sms_otps",
        1,
        "Reads the status of sole proprietors' SMS OTPs until verified or expired; one query when none is pending.",
    ),
    (
        "10DLC: poll number assignment tasks",
        "tendlc.tasks.polling.poll_assignment_tasks",
        1,
        "Follows messaging-profile assignment tasks until they end, with each number and its assignment.",
    ),
    (
        "10DLC: refresh campaigns in review",
        "tendlc.tasks.polling.refresh_campaigns_in_review",
        10,
        "Reads campaigns still in review with each carrier's terms and operation status.",
    ),
    (
        "10DLC: process pending webhook events",
        "tendlc.tasks.webhooks.process_pending_webhook_events",
        1,
        "Processes stored webhook events that were not handed to a worker (e.g. the broker was down).",
    ),
)


def _mark_changed(apps):
    # What the real models' save signal does: tells a running beat to reload its schedule.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def create_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, every, description in SCHEDULES:
        interval = IntervalSchedule.objects.filter(every=every, period=MINUTES).order_by("pk").first()
        if interval is None:
            interval = IntervalSchedule.objects.create(every=every, period=MINUTES)
        PeriodicTask.objects.get_or_create(
            name=name,
            defaults={
                "task": task,
                "interval": interval,
                "expire_seconds": every * 60,
                "description": description,
            },
        )
    _mark_changed(apps)


def remove_schedules(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, *_ in SCHEDULES]).delete()
    IntervalSchedule.objects.filter(
        period=MINUTES, every__in={every for _, _, every, _ in SCHEDULES}, periodictask=None
    ).delete()
    _mark_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("tendlc", "0003_webhook_event_processing"),
    ]

    operations = [migrations.RunPython(create_schedules, remove_schedules)]
