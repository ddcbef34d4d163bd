"""Notifications (``tendlc.models.notifications``): subscriptions, chat channels, the events told, the
notifications, their deliveries and the daily digests.

Existing users get the default subscriptions of their roles here, once, so nobody already working in the portal
is left hearing nothing (new users get them from ``tendlc.services.notification_subscriptions`` when they are
made or given a role). The lists are frozen here, as a migration's must be. The beat schedules of the digest
and of the hourly look for campaign risks are created as 0004 creates the others: only when no periodic task
of its name exists, so an admin's edit stays.
"""

import django.db.models.deletion
from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.db import migrations, models
from django.utils import timezone

STAFF = "Compliance staff"
ADMIN = "Compliance admin"
# Admins hear of every rejection and suspension; everyone with a role hears of what they started.
ADMIN_KINDS = ("campaign_rejected", "carrier_suspended", "carrier_unsuspended", "dormancy_suspended", "link_down")
STARTED_KINDS = ("otp_delivered", "otp_expired", "assignment_failed", "sync_failed")

MINUTES = "minutes"
# name, task, every (minutes), description (frozen, as a migration's values must be)
SCHEDULES = (
    (
        "10DLC: send notification digests",
        "tendlc.send_notification_digests",
        60,
        "E-mails each user who chose a daily digest the notifications of the day before, once per day.",
    ),
    (
        "10DLC: notice campaign risks",
        "tendlc.notice_campaign_risks",
        60,
        "Tells subscribers of campaigns soon suspended for dormancy and of renewals soon due, once each.",
    ),
)


CHAT_CHANNELS = ("add_chatchannel", "change_chatchannel", "delete_chatchannel", "view_chatchannel")


def chat_channels_for_admins(apps, schema_editor):
    """Compliance admins set up the team's chat channels (the issue's "configured by an admin")."""
    # As in 0007: permissions are made after all migrations ran unless made here.
    for config in apps.get_app_configs():
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        try:
            create_permissions(config, apps=apps, verbosity=0)
        finally:
            config.models_module = models_module
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="tendlc", codename__in=CHAT_CHANNELS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=ADMIN):
        group.permissions.add(*permissions)


def chat_channels_for_superusers(apps, schema_editor):
    permissions = apps.get_model("auth", "Permission").objects.filter(
        content_type__app_label="tendlc", codename__in=CHAT_CHANNELS
    )
    for group in apps.get_model("auth", "Group").objects.filter(name=ADMIN):
        group.permissions.remove(*permissions)


def subscriptions_default(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Subscription = apps.get_model("tendlc", "NotificationSubscription")
    for user in User.objects.filter(is_active=True):
        roles = set(user.groups.values_list("name", flat=True))
        wanted = {}
        if roles & {STAFF, ADMIN} or user.is_superuser:
            wanted.update(dict.fromkeys(STARTED_KINDS, True))
        if ADMIN in roles or user.is_superuser:
            wanted.update(dict.fromkeys(ADMIN_KINDS, False))
        for kind, only_mine in wanted.items():
            Subscription.objects.get_or_create(user=user, kind=kind, defaults={"only_mine": only_mine})


def subscriptions_none(apps, schema_editor):
    apps.get_model("tendlc", "NotificationSubscription").objects.all().delete()


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
    for name, _, every, _ in SCHEDULES:
        PeriodicTask.objects.filter(name=name).delete()
        IntervalSchedule.objects.filter(period=MINUTES, every=every, periodictask=None).delete()
    _mark_changed(apps)

class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("tendlc", "0025_link_checks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ChatChannel",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="What the channel is called here, e.g. #compliance.",
                        max_length=100,
                        verbose_name="name",
                    ),
                ),
                (
                    "service",
                    models.CharField(
                        choices=[
                            ("slack", "Slack"),
                            ("teams", "Microsoft Teams"),
                            ("json", "Signed JSON POST"),
                        ],
                        help_text="Slack, Microsoft Teams, or any address that takes a signed JSON POST.",
                        max_length=10,
                        verbose_name="service",
                    ),
                ),
                (
                    "url",
                    models.URLField(
                        help_text="The address the chat service gave for its incoming webhook; kept secret.",
                        max_length=500,
                        verbose_name="incoming webhook address",
                    ),
                ),
                (
                    "secret",
                    models.CharField(
                        blank=True,
                        help_text="For a signed JSON POST: the key the receiver checks the signature with.",
                        max_length=200,
                        verbose_name="shared secret",
                    ),
                ),
                (
                    "kinds",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text="The kinds of event posted to the channel.",
                        verbose_name="what",
                    ),
                ),
                (
                    "enabled",
                    models.BooleanField(
                        default=True,
                        help_text="Messages are posted only while enabled.",
                        verbose_name="enabled",
                    ),
                ),
                (
                    "last_error",
                    models.TextField(
                        blank=True,
                        help_text="Why the last message that failed could not be posted.",
                        verbose_name="last error",
                    ),
                ),
                (
                    "last_error_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the last message failed.",
                        null=True,
                        verbose_name="last error at",
                    ),
                ),
                (
                    "last_sent_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When a message was last posted.",
                        null=True,
                        verbose_name="last sent",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="When the channel was added: nothing that happened before is posted.",
                        verbose_name="created",
                    ),
                ),
                (
                    "brands",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Only events of these brands; none chosen means every brand.",
                        related_name="chat_channels",
                        to="tendlc.brand",
                        verbose_name="brands",
                    ),
                ),
            ],
            options={
                "verbose_name": "chat channel",
                "ordering": ["name", "id"],
            },
        ),
        migrations.CreateModel(
            name="Occurrence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "key",
                    models.CharField(
                        help_text="What makes the event one: e.g. the status change's id, or the webhook event's id and kind.",
                        max_length=255,
                        unique=True,
                        verbose_name="key",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("campaign_rejected", "Campaign rejected by Telnyx or a carrier"),
                            ("carrier_suspended", "Campaign suspended by a carrier"),
                            ("carrier_unsuspended", "Carrier suspension lifted"),
                            ("dormancy_risk", "Campaign at risk of suspension for dormancy"),
                            ("dormancy_suspended", "Campaign suspended for dormancy"),
                            ("renewal_ahead", "Campaign renewal or expiry ahead"),
                            ("billing", "Charge billed"),
                            ("brand_verification", "Brand verification result"),
                            ("brand_feedback", "Feedback on a brand"),
                            ("vetting_result", "Vetting result"),
                            ("otp_delivered", "Text-message code delivered"),
                            ("otp_expired", "Text-message code expired"),
                            ("assignment_failed", "Number assignment failed"),
                            ("sync_failed", "Sync with Telnyx failed"),
                            ("webhook_needs_review", "Telnyx notice needing review"),
                            ("link_down", "Campaign page gone down"),
                        ],
                        db_index=True,
                        help_text="What.",
                        max_length=30,
                        verbose_name="what",
                    ),
                ),
                (
                    "occurred_at",
                    models.DateTimeField(
                        db_index=True,
                        help_text="When it happened, as far as the portal knows.",
                        verbose_name="happened",
                    ),
                ),
                (
                    "recorded_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When the portal recorded it.", verbose_name="recorded"
                    ),
                ),
                (
                    "target_id",
                    models.CharField(
                        blank=True,
                        help_text="The record's local primary key.",
                        max_length=64,
                        verbose_name="record",
                    ),
                ),
                (
                    "target_repr",
                    models.CharField(
                        blank=True,
                        help_text="The record as it was named then.",
                        max_length=200,
                        verbose_name="record name",
                    ),
                ),
                (
                    "brand_id",
                    models.CharField(
                        blank=True,
                        db_index=True,
                        help_text="Telnyx's id of the brand.",
                        max_length=36,
                        verbose_name="brand id",
                    ),
                ),
                (
                    "campaign_id",
                    models.CharField(
                        blank=True,
                        help_text="The campaign's id (a TCR id for a partner's), where there is one.",
                        max_length=36,
                        verbose_name="campaign id",
                    ),
                ),
                (
                    "phone_number",
                    models.CharField(
                        blank=True,
                        help_text="The number, where there is one.",
                        max_length=20,
                        verbose_name="phone number",
                    ),
                ),
                (
                    "facts",
                    models.JSONField(
                        blank=True,
                        default=dict,
                        help_text="What the content is written from: statuses, carrier, reason given, dates, amounts.",
                        verbose_name="facts",
                    ),
                ),
                (
                    "fanned_out_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When its notifications and chat messages were made; empty until then.",
                        null=True,
                        verbose_name="sent out",
                    ),
                ),
                (
                    "started_by",
                    models.ForeignKey(
                        blank=True,
                        help_text="Who started what it happened to (sent the code, ran the assignment or sync), where known.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="started by",
                    ),
                ),
                (
                    "target_type",
                    models.ForeignKey(
                        blank=True,
                        help_text="The kind of record it happened to.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="record type",
                    ),
                ),
            ],
            options={
                "verbose_name": "notified event",
                "ordering": ["-occurred_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Notification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("campaign_rejected", "Campaign rejected by Telnyx or a carrier"),
                            ("carrier_suspended", "Campaign suspended by a carrier"),
                            ("carrier_unsuspended", "Carrier suspension lifted"),
                            ("dormancy_risk", "Campaign at risk of suspension for dormancy"),
                            ("dormancy_suspended", "Campaign suspended for dormancy"),
                            ("renewal_ahead", "Campaign renewal or expiry ahead"),
                            ("billing", "Charge billed"),
                            ("brand_verification", "Brand verification result"),
                            ("brand_feedback", "Feedback on a brand"),
                            ("vetting_result", "Vetting result"),
                            ("otp_delivered", "Text-message code delivered"),
                            ("otp_expired", "Text-message code expired"),
                            ("assignment_failed", "Number assignment failed"),
                            ("sync_failed", "Sync with Telnyx failed"),
                            ("webhook_needs_review", "Telnyx notice needing review"),
                            ("link_down", "Campaign page gone down"),
                        ],
                        db_index=True,
                        help_text="What.",
                        max_length=30,
                        verbose_name="what",
                    ),
                ),
                (
                    "title",
                    models.CharField(
                        help_text="What happened, in one line.", max_length=200, verbose_name="title"
                    ),
                ),
                (
                    "body",
                    models.TextField(
                        help_text="What happened, to what, when, why and what to do next, in plain text.",
                        verbose_name="message",
                    ),
                ),
                (
                    "target_id",
                    models.CharField(
                        blank=True,
                        help_text="The record's local primary key.",
                        max_length=64,
                        verbose_name="record",
                    ),
                ),
                (
                    "brand_id",
                    models.CharField(
                        blank=True,
                        help_text="Telnyx's id of the brand.",
                        max_length=36,
                        verbose_name="brand id",
                    ),
                ),
                (
                    "campaign_id",
                    models.CharField(
                        blank=True, help_text="The campaign's id.", max_length=36, verbose_name="campaign id"
                    ),
                ),
                (
                    "phone_number",
                    models.CharField(
                        blank=True, help_text="The number.", max_length=20, verbose_name="phone number"
                    ),
                ),
                ("occurred_at", models.DateTimeField(help_text="When it happened.", verbose_name="happened")),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        db_index=True,
                        help_text="When the portal told the user.",
                        verbose_name="notified",
                    ),
                ),
                (
                    "read_at",
                    models.DateTimeField(
                        blank=True,
                        help_text="When the user marked it read; empty while unread.",
                        null=True,
                        verbose_name="read",
                    ),
                ),
                (
                    "dedup_key",
                    models.CharField(
                        help_text="The event's key: one notification per event and recipient, however often it arrives.",
                        max_length=255,
                        verbose_name="dedup key",
                    ),
                ),
                (
                    "digest",
                    models.BooleanField(
                        default=False,
                        help_text="E-mailed in the day's digest rather than at once.",
                        verbose_name="in digest",
                    ),
                ),
                (
                    "recipient",
                    models.ForeignKey(
                        help_text="Who is told.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recipient",
                    ),
                ),
                (
                    "target_type",
                    models.ForeignKey(
                        blank=True,
                        help_text="The kind of record it is about; links to the record and its timeline.",
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="contenttypes.contenttype",
                        verbose_name="record type",
                    ),
                ),
                (
                    "occurrence",
                    models.ForeignKey(
                        help_text="What happened.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notifications",
                        to="tendlc.occurrence",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification",
                "ordering": ["-occurred_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Delivery",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "channel",
                    models.CharField(
                        choices=[("email", "E-mail"), ("chat", "Chat")],
                        help_text="E-mail or chat.",
                        max_length=10,
                        verbose_name="channel",
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[("pending", "Waiting to send"), ("sent", "Sent"), ("failed", "Failed")],
                        db_index=True,
                        default="pending",
                        help_text="Waiting to send, sent, or failed after its last try.",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                (
                    "attempts",
                    models.PositiveIntegerField(default=0, help_text="Tries so far.", verbose_name="tries"),
                ),
                (
                    "last_error",
                    models.TextField(
                        blank=True, help_text="Why the last try failed.", verbose_name="last error"
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(auto_now_add=True, help_text="When queued.", verbose_name="created"),
                ),
                (
                    "sent_at",
                    models.DateTimeField(
                        blank=True, help_text="When it was sent.", null=True, verbose_name="sent"
                    ),
                ),
                (
                    "chat_channel",
                    models.ForeignKey(
                        blank=True,
                        help_text="Where the message is posted.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="tendlc.chatchannel",
                        verbose_name="chat channel",
                    ),
                ),
                (
                    "notification",
                    models.ForeignKey(
                        blank=True,
                        help_text="The notification e-mailed.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="deliveries",
                        to="tendlc.notification",
                        verbose_name="notification",
                    ),
                ),
                (
                    "occurrence",
                    models.ForeignKey(
                        blank=True,
                        help_text="The event posted to the chat channel.",
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="chat_deliveries",
                        to="tendlc.occurrence",
                        verbose_name="event",
                    ),
                ),
            ],
            options={
                "verbose_name": "delivery",
                "verbose_name_plural": "deliveries",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="DigestRun",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "day",
                    models.DateField(help_text="The day whose notifications it lists.", verbose_name="day"),
                ),
                (
                    "started_at",
                    models.DateTimeField(
                        auto_now_add=True, help_text="When a worker claimed it.", verbose_name="started"
                    ),
                ),
                (
                    "sent_at",
                    models.DateTimeField(
                        blank=True, help_text="When it was sent.", null=True, verbose_name="sent"
                    ),
                ),
                (
                    "notifications",
                    models.PositiveIntegerField(
                        default=0, help_text="How many notifications it listed.", verbose_name="notifications"
                    ),
                ),
                (
                    "last_error",
                    models.TextField(
                        blank=True, help_text="Why sending it failed, if it did.", verbose_name="last error"
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        help_text="Whose digest.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_digests",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "digest",
                "ordering": ["-day", "user"],
                "constraints": [
                    models.UniqueConstraint(fields=("user", "day"), name="digest_once_per_user_day")
                ],
            },
        ),
        migrations.CreateModel(
            name="NotificationSubscription",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("campaign_rejected", "Campaign rejected by Telnyx or a carrier"),
                            ("carrier_suspended", "Campaign suspended by a carrier"),
                            ("carrier_unsuspended", "Carrier suspension lifted"),
                            ("dormancy_risk", "Campaign at risk of suspension for dormancy"),
                            ("dormancy_suspended", "Campaign suspended for dormancy"),
                            ("renewal_ahead", "Campaign renewal or expiry ahead"),
                            ("billing", "Charge billed"),
                            ("brand_verification", "Brand verification result"),
                            ("brand_feedback", "Feedback on a brand"),
                            ("vetting_result", "Vetting result"),
                            ("otp_delivered", "Text-message code delivered"),
                            ("otp_expired", "Text-message code expired"),
                            ("assignment_failed", "Number assignment failed"),
                            ("sync_failed", "Sync with Telnyx failed"),
                            ("webhook_needs_review", "Telnyx notice needing review"),
                            ("link_down", "Campaign page gone down"),
                        ],
                        help_text="The kind of event the user hears of.",
                        max_length=30,
                        verbose_name="what",
                    ),
                ),
                (
                    "only_mine",
                    models.BooleanField(
                        default=False,
                        help_text="Only events of what the user started: the text-message codes they sent, the assignments and uploads they ran, the syncs they asked for.",
                        verbose_name="only what I started",
                    ),
                ),
                (
                    "mode",
                    models.CharField(
                        choices=[("immediately", "Immediately"), ("daily_digest", "In a daily digest")],
                        default="immediately",
                        help_text="Sent as it happens, or gathered in one e-mail a day.",
                        max_length=20,
                        verbose_name="when",
                    ),
                ),
                (
                    "email",
                    models.BooleanField(
                        default=True,
                        help_text="Also send it by e-mail; it is always in the portal's notifications.",
                        verbose_name="by e-mail",
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(
                        auto_now_add=True,
                        help_text="When the subscription began: nothing that happened before is sent.",
                        verbose_name="subscribed",
                    ),
                ),
                (
                    "brands",
                    models.ManyToManyField(
                        blank=True,
                        help_text="Only events of these brands; none chosen means every brand.",
                        related_name="notification_subscriptions",
                        to="tendlc.brand",
                        verbose_name="brands",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        help_text="Who is told.",
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="notification_subscriptions",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="user",
                    ),
                ),
            ],
            options={
                "verbose_name": "notification subscription",
                "ordering": ["user", "kind"],
                "constraints": [
                    models.UniqueConstraint(fields=("user", "kind"), name="notification_subscription_once")
                ],
            },
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ),
        migrations.AddConstraint(
            model_name="notification",
            constraint=models.UniqueConstraint(
                fields=("recipient", "dedup_key"), name="notification_once_per_recipient"
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("notification__isnull", False)),
                fields=("notification", "channel"),
                name="delivery_once_per_notification",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.UniqueConstraint(
                condition=models.Q(("chat_channel__isnull", False)),
                fields=("occurrence", "chat_channel"),
                name="delivery_once_per_chat_channel",
            ),
        ),
        migrations.AddConstraint(
            model_name="delivery",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("chat_channel__isnull", True), ("notification__isnull", False)),
                    models.Q(
                        ("chat_channel__isnull", False),
                        ("notification__isnull", True),
                        ("occurrence__isnull", False),
                    ),
                    _connector="OR",
                ),
                name="delivery_notification_or_chat",
            ),
        ),
        migrations.RunPython(subscriptions_default, subscriptions_none),
        migrations.RunPython(create_schedules, remove_schedules),
        migrations.RunPython(chat_channels_for_admins, chat_channels_for_superusers),
    ]
