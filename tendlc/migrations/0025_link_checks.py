"""The link checks' runs and results, and the weekly beat schedule of the live campaigns' check
(``tendlc.check_live_campaign_links``), created as 0016 creates its schedule: only when no periodic task of its
name exists, so an admin's edit stays; reversing removes it and its interval when no other periodic task uses
that."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone

DAYS = "days"
# name, task, every (days), description (frozen, as a migration's values must be)
SCHEDULE = (
    "10DLC: check live campaigns' links",
    "tendlc.check_live_campaign_links",
    7,
    "Opens the website, privacy policy, terms and opt-in page of every live campaign, in batches; a link that"
    " went down since the last check is marked newly failing.",
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
        defaults={"task": task, "interval": interval, "expire_seconds": 86400, "description": description},
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
        ('tendlc', '0024_campaign_evidence'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='LinkCheckRun',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('builder_run', models.CharField(blank=True, db_index=True, help_text="The campaign builder's run whose content was checked, before it was submitted.", max_length=64, verbose_name='builder run')),
                ('trigger', models.CharField(choices=[('campaign_page', 'Campaign page'), ('builder', 'Campaign builder'), ('weekly', 'Weekly check')], help_text='Where the check was started.', max_length=20, verbose_name='started from')),
                ('state', models.CharField(choices=[('queued', 'Waiting to start'), ('running', 'Checking'), ('done', 'Done'), ('failed', 'Could not finish')], db_index=True, default='queued', help_text='Where the check stands.', max_length=20, verbose_name='state')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='requested')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='finished')),
                ('url_count', models.PositiveSmallIntegerField(default=0, help_text='How many links the check opens.', verbose_name='links')),
                ('error', models.TextField(blank=True, help_text='Why the check could not finish.', verbose_name='error')),
                ('brand', models.ForeignKey(blank=True, help_text='The brand whose website was checked.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='link_check_runs', to='tendlc.brand', verbose_name='brand')),
                ('campaign', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='link_check_runs', to='tendlc.campaign', verbose_name='campaign')),
                ('started_by', models.ForeignKey(blank=True, help_text='Who started it; empty when the weekly check did.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='started by')),
            ],
            options={
                'verbose_name': 'link check',
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='LinkCheckResult',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(help_text="The campaign's field that gives the link (its privacy policy, terms, message flow or sample message), or the brand's website.", max_length=50, verbose_name='field')),
                ('kind', models.CharField(help_text='What the page is for: website, privacy, terms, opt_in or embedded.', max_length=20, verbose_name='page')),
                ('url', models.CharField(help_text='The link as given.', max_length=2000, verbose_name='URL')),
                ('outcome', models.CharField(choices=[('ok', 'Opened'), ('refused', 'Address refused'), ('dns', 'Site name does not exist'), ('connection', 'No connection'), ('timeout', 'Too slow'), ('too_large', 'Page too large'), ('http_error', 'The site answered'), ('redirects', 'Too many redirects')], help_text='Whether the page opened, and if not why.', max_length=20, verbose_name='outcome')),
                ('http_status', models.PositiveSmallIntegerField(blank=True, help_text="The last answer's status code.", null=True, verbose_name='HTTP status')),
                ('final_url', models.CharField(blank=True, help_text='Where the redirects ended.', max_length=2000, verbose_name='final URL')),
                ('hops', models.JSONField(blank=True, default=list, help_text='Each request made: url and status.', verbose_name='redirects')),
                ('detail', models.TextField(blank=True, help_text='Why it did not open, in plain words.', verbose_name='detail')),
                ('findings', models.JSONField(blank=True, default=list, help_text='Each finding: rule, severity, fields (wire names), message, reference.', verbose_name='findings')),
                ('newly_failing', models.BooleanField(db_index=True, default=False, help_text="The campaign's previous check opened this link and this one did not: the site went down.", verbose_name='newly failing')),
                ('fetched_at', models.DateTimeField(verbose_name='fetched')),
                ('snapshot', models.FileField(blank=True, help_text="The page's HTML as fetched (up to the size limit), for a check of the builder's content.", max_length=255, upload_to='link-checks/%Y/%m/', verbose_name='page snapshot')),
                ('evidence', models.ForeignKey(blank=True, help_text='A campaign\'s page as fetched, kept in its evidence folder (an unchanged page is kept once).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='tendlc.campaignevidence', verbose_name='page kept as evidence')),
                ('run', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='results', to='tendlc.linkcheckrun', verbose_name='link check')),
            ],
            options={
                'verbose_name': 'link check result',
                'ordering': ['run', 'id'],
            },
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
