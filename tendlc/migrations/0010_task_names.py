"""Task names follow one scheme, ``tendlc.<what>``: the beat schedules naming a task by its old module path
are renamed with it. Only the task name changes, so a schedule an admin edited (its interval, disabled) stays
as it is. Reversing restores the old names."""

from django.db import migrations
from django.utils import timezone

# old name, new name (frozen, as a migration's values must be)
RENAMED = (
    ("tendlc.tasks.polling.poll_sms_otps", "tendlc.poll_sms_otps"),
    ("tendlc.tasks.polling.poll_assignment_tasks", "tendlc.poll_assignment_tasks"),
    ("tendlc.tasks.polling.refresh_campaigns_in_review", "tendlc.refresh_campaigns_in_review"),
    ("tendlc.tasks.webhooks.process_pending_webhook_events", "tendlc.process_pending_webhook_events"),
)


def _rename(apps, pairs):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for old, new in pairs:
        PeriodicTask.objects.filter(task=old).update(task=new)
    # What the real models' save signal does: tells a running beat to reload its schedule.
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def rename_tasks(apps, schema_editor):
    _rename(apps, RENAMED)


def restore_task_names(apps, schema_editor):
    _rename(apps, [(new, old) for old, new in RENAMED])


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("tendlc", "0009_campaign_status_counts"),
    ]

    operations = [migrations.RunPython(rename_tasks, restore_task_names)]
