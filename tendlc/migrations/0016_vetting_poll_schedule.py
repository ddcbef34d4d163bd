"""The beat schedule of the external vettings' poll (``tendlc.poll_vettings``), as 0004 creates the others: only
when no periodic task of its name exists, so an admin's edit stays; reversing removes it and its interval when
no other periodic task uses that."""

from django.db import migrations
from django.utils import timezone

MINUTES = "minutes"
# name, task, every (minutes), description (frozen, as a migration's values must be)
SCHEDULE = (
    "10DLC: poll external vettings",
    "tendlc.poll_vettings",
    1,
    "Reads the vettings of brands with one under way until it completes; one query when none is.",
)


def _mark_changed(apps):
    # What the real models' save signal does: tells a running beat to reload its schedule.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, every, description = SCHEDULE
    interval = IntervalSchedule.objects.filter(every=every, period=MINUTES).order_by("pk").first()
    if interval is None:
        interval = IntervalSchedule.objects.create(every=every, period=MINUTES)
    PeriodicTask.objects.get_or_create(
        name=name,
        defaults={"task": task, "interval": interval, "expire_seconds": every * 60, "description": description},
    )
    _mark_changed(apps)


def remove_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, _, every, _ = SCHEDULE
    PeriodicTask.objects.filter(name=name).delete()
    IntervalSchedule.objects.filter(period=MINUTES, every=every, periodictask=None).delete()
    _mark_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("tendlc", "0015_assignment_failure_reason"),
    ]

    operations = [migrations.RunPython(create_schedule, remove_schedule)]
