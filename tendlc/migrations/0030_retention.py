"""The record of each prune of old records, and the daily prune's schedule.

The schedule is created as 0004 creates the others: only when no periodic task of its name exists, so an
admin's edit stays. It runs at 03:30 (the server's time zone), a quiet hour and before the working day. The
``celery.backend_cleanup`` task beat's database scheduler added on its own while ``CELERY_RESULT_EXPIRES`` was
set is removed: the prune now deletes task results, in batches, and beat no longer adds it (the setting is
empty for the database backend). Reversing leaves it to beat to add again.
"""

from django.db import migrations, models
from django.utils import timezone

# name, task, minute, hour, description (frozen, as a migration's values must be)
SCHEDULE = (
    "10DLC: prune old records",
    "tendlc.prune_old_records",
    "30",
    "3",
    "Deletes the records kept longer than their retention (the RETENTION_*_DAYS settings), in batches.",
)
BACKEND_CLEANUP = "celery.backend_cleanup"


def _mark_changed(apps):
    # What the real models' save signal does: tells a running beat to reload its schedule.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def _crontab_fields(minute, hour):
    return {"minute": minute, "hour": hour, "day_of_week": "*", "day_of_month": "*", "month_of_year": "*"}


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, minute, hour, description = SCHEDULE
    crontab = CrontabSchedule.objects.filter(**_crontab_fields(minute, hour)).order_by("pk").first()
    if crontab is None:
        crontab = CrontabSchedule.objects.create(**_crontab_fields(minute, hour))
    PeriodicTask.objects.get_or_create(
        name=name,
        defaults={"task": task, "crontab": crontab, "expire_seconds": 12 * 3600, "description": description},
    )
    PeriodicTask.objects.filter(name=BACKEND_CLEANUP, task=BACKEND_CLEANUP).delete()
    _mark_changed(apps)


def remove_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, _, minute, hour, _ = SCHEDULE
    PeriodicTask.objects.filter(name=name).delete()
    CrontabSchedule.objects.filter(**_crontab_fields(minute, hour), periodictask=None).delete()
    _mark_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("tendlc", "0029_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PruneRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "started_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        db_index=True,
                        help_text="When the prune began.",
                        verbose_name="started",
                    ),
                ),
                (
                    "finished_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When it ended; empty while it runs.",
                        null=True,
                        verbose_name="finished",
                    ),
                ),
                (
                    "trigger",
                    models.CharField(
                        blank=True,
                        help_text="The daily schedule, or a person running the prune command.",
                        max_length=20,
                        verbose_name="started by",
                    ),
                ),
                (
                    "counts",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="How many records of each kind it deleted.",
                        verbose_name="deleted",
                    ),
                ),
                (
                    "error",
                    models.TextField(
                        blank=True, help_text="Why the prune stopped, if it did.", verbose_name="error"
                    ),
                ),
            ],
            options={
                "verbose_name": "prune of old records",
                "ordering": ["-started_at", "-id"],
            },
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
