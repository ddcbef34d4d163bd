"""Webhook events of a kind the portal does not know are kept as "needs review" (then "reviewed by a person"),
which the state column's length must hold; and the daily beat schedule of the carriers' refresh
(``tendlc.refresh_carriers``), created as 0016 creates its schedule: only when no periodic task of its name
exists, so an admin's edit stays; reversing removes it and its interval when no other periodic task uses that."""

from django.db import migrations, models
from django.utils import timezone

DAYS = "days"
# name, task, every (days), description (frozen, as a migration's values must be)
SCHEDULE = (
    "10DLC: refresh carriers",
    "tendlc.refresh_carriers",
    1,
    "Reads each carrier's terms and operation status of every provisioned campaign, at the sync's shared pace.",
)


def _mark_changed(apps):
    # What the real models' save signal does: tells a running beat to reload its schedule.
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, every, description = SCHEDULE
    interval = IntervalSchedule.objects.filter(every=every, period=DAYS).order_by("pk").first()
    if interval is None:
        interval = IntervalSchedule.objects.create(every=every, period=DAYS)
    PeriodicTask.objects.get_or_create(
        name=name,
        defaults={
            "task": task,
            "interval": interval,
            "expire_seconds": every * 24 * 3600,
            "description": description,
        },
    )
    _mark_changed(apps)


def remove_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    name, _, every, _ = SCHEDULE
    PeriodicTask.objects.filter(name=name).delete()
    IntervalSchedule.objects.filter(period=DAYS, every=every, periodictask=None).delete()
    _mark_changed(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("tendlc", "0018_campaign_reactivations"),
    ]

    operations = [
        migrations.AlterField(
            model_name="webhookevent",
            name="state",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("processed", "Processed"),
                    ("failed", "Failed"),
                    ("needs_review", "Needs review"),
                    ("reviewed", "Reviewed by a person"),
                ],
                db_index=True,
                default="received",
                help_text=(
                    "received, processed, failed with an error, or an event of a kind the portal does not know,"
                    " kept for a person to review."
                ),
                max_length=12,
                verbose_name="state",
            ),
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
