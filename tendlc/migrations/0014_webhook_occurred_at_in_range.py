"""Webhook events stored with an ``occurred_at`` out of range (before the intake kept only 2000 to 2100 UTC) get
no time, as the intake now stores them: a year 0 or 10000 in UTC, which PostgreSQL kept, could not be read
back, and every list of events answered 500. Compared and written in the database, never read into Python."""

from datetime import UTC, datetime

from django.db import migrations
from django.db.models import Q

# tendlc.services.webhooks.OCCURRED_AT_RANGE when this was written.
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def occurred_at_out_of_range_cleared(apps, schema_editor):
    WebhookEvent = apps.get_model("tendlc", "WebhookEvent")
    WebhookEvent.objects.filter(Q(occurred_at__lt=EARLIEST) | Q(occurred_at__gte=LATEST)).update(occurred_at=None)


class Migration(migrations.Migration):
    dependencies = [
        ("tendlc", "0013_idempotency_keys"),
    ]

    operations = [
        migrations.RunPython(occurred_at_out_of_range_cleared, migrations.RunPython.noop),
    ]
