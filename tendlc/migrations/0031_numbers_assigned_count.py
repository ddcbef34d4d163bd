"""The worker's count of numbers assigned, which the home page shows for an account with many numbers, and its
beat schedule (every 5 minutes), created as 0004 creates the others: only when no periodic task of its name
exists, so an admin's edit stays; reversing removes it and its interval when no other periodic task uses
that."""

from django.db import migrations, models
from django.utils import timezone

MINUTES = "minutes"
# name, task, every (minutes), description (frozen, as a migration's values must be)
SCHEDULE = (
    "10DLC: count numbers assigned",
    "tendlc.count_numbers_assigned",
    5,
    "Counts the numbers assigned, with the week's change, for the home page of an account with many numbers.",
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
        ("tendlc", "0030_retention"),
    ]

    operations = [
        migrations.CreateModel(
            name="NumbersAssignedCount",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "counted_at",
                    models.DateTimeField(help_text="When the numbers were counted.", verbose_name="counted at"),
                ),
                (
                    "count",
                    models.PositiveIntegerField(
                        help_text="Numbers assigned to a campaign when counted.", verbose_name="numbers assigned"
                    ),
                ),
                (
                    "change",
                    models.IntegerField(
                        blank=True,
                        help_text="The change over the week before; empty if unknown.",
                        null=True,
                        verbose_name="change",
                    ),
                ),
                (
                    "since",
                    models.DateField(
                        blank=True,
                        help_text="The day the change is measured from.",
                        null=True,
                        verbose_name="since",
                    ),
                ),
            ],
            options={"verbose_name": "numbers assigned count"},
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
