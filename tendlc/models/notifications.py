"""Notifications: who hears of what happened to the estate, how, and whether it reached them.

How the pieces fit:

- Something worth telling happens (a campaign rejected, a carrier's suspension, an OTP expired, a sync failed,
  ...). Whoever noticed it, most often the status timeline's writer (``tendlc.services.timeline``), records an
  ``Occurrence`` in its own transaction: one row per event, unique by ``key`` (the status change's id, or the
  webhook event's id and the kind), so a redelivered or replayed webhook finds its occurrence already there.
- After commit a Celery task fans the occurrence out (``tendlc.services.notifications``): one ``Notification``
  per active user whose ``NotificationSubscription`` covers the kind (and the brand, and "only what I
  started"), unique per (recipient, ``dedup_key``), and never for an occurrence older than the subscription;
  one chat message per enabled ``ChatChannel`` covering it.
- Every notification is in the portal's inbox at once. Sending is a ``Delivery`` per notification and channel
  (e-mail now for "immediately" subscriptions, or a line in the day's digest e-mail) and per occurrence and
  chat channel; each is sent by its own task with retries, so a failing channel holds back no other.
- The daily digest claims a ``DigestRun`` row unique per (user, day): created in a transaction, it is the lock
  that lets one worker of several send that user's digest once.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from tendlc.models.brands import Brand


class NotificationKind(models.TextChoices):
    CAMPAIGN_REJECTED = "campaign_rejected", "Campaign rejected by Telnyx or a carrier"
    CARRIER_SUSPENDED = "carrier_suspended", "Campaign suspended by a carrier"
    CARRIER_UNSUSPENDED = "carrier_unsuspended", "Carrier suspension lifted"
    DORMANCY_RISK = "dormancy_risk", "Campaign at risk of suspension for dormancy"
    DORMANCY_SUSPENDED = "dormancy_suspended", "Campaign suspended for dormancy"
    RENEWAL_AHEAD = "renewal_ahead", "Campaign renewal or expiry ahead"
    BILLING = "billing", "Charge billed"
    BRAND_VERIFICATION = "brand_verification", "Brand verification result"
    BRAND_FEEDBACK = "brand_feedback", "Feedback on a brand"
    VETTING_RESULT = "vetting_result", "Vetting result"
    OTP_DELIVERED = "otp_delivered", "Text-message code delivered"
    OTP_EXPIRED = "otp_expired", "Text-message code expired"
    ASSIGNMENT_FAILED = "assignment_failed", "Number assignment failed"
    SYNC_FAILED = "sync_failed", "Sync with Telnyx failed"
    WEBHOOK_NEEDS_REVIEW = "webhook_needs_review", "Telnyx notice needing review"
    LINK_DOWN = "link_down", "Campaign page gone down"


class DeliveryMode(models.TextChoices):
    IMMEDIATELY = "immediately", "Immediately"
    DAILY_DIGEST = "daily_digest", "In a daily digest"


class NotificationSubscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_subscriptions",
        verbose_name="user",
        help_text="Who is told.",
    )
    kind = models.CharField(
        max_length=30,
        choices=NotificationKind.choices,
        verbose_name="what",
        help_text="The kind of event the user hears of.",
    )
    brands = models.ManyToManyField(
        Brand,
        blank=True,
        related_name="notification_subscriptions",
        verbose_name="brands",
        help_text="Only events of these brands; none chosen means every brand.",
    )
    only_mine = models.BooleanField(
        default=False,
        verbose_name="only what I started",
        help_text=(
            "Only events of what the user started: the text-message codes they sent, the assignments and"
            " uploads they ran, the syncs they asked for."
        ),
    )
    mode = models.CharField(
        max_length=20,
        choices=DeliveryMode.choices,
        default=DeliveryMode.IMMEDIATELY,
        verbose_name="when",
        help_text="Sent as it happens, or gathered in one e-mail a day.",
    )
    email = models.BooleanField(
        default=True,
        verbose_name="by e-mail",
        help_text="Also send it by e-mail; it is always in the portal's notifications.",
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="subscribed",
        help_text="When the subscription began: nothing that happened before is sent.",
    )

    class Meta:
        verbose_name = "notification subscription"
        ordering = ["user", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="notification_subscription_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()}"


class ChatService(models.TextChoices):
    SLACK = "slack", "Slack"
    TEAMS = "teams", "Microsoft Teams"
    JSON = "json", "Signed JSON POST"


class ChatChannel(models.Model):
    name = models.CharField(
        max_length=100, verbose_name="name", help_text="What the channel is called here, e.g. #compliance."
    )
    service = models.CharField(
        max_length=10,
        choices=ChatService.choices,
        verbose_name="service",
        help_text="Slack, Microsoft Teams, or any address that takes a signed JSON POST.",
    )
    url = models.URLField(
        max_length=500,
        verbose_name="incoming webhook address",
        help_text="The address the chat service gave for its incoming webhook; kept secret.",
    )
    secret = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="shared secret",
        help_text="For a signed JSON POST: the key the receiver checks the signature with.",
    )
    kinds = models.JSONField(
        default=list,
        blank=True,
        verbose_name="what",
        help_text="The kinds of event posted to the channel.",
    )
    brands = models.ManyToManyField(
        Brand,
        blank=True,
        related_name="chat_channels",
        verbose_name="brands",
        help_text="Only events of these brands; none chosen means every brand.",
    )
    enabled = models.BooleanField(
        default=True, verbose_name="enabled", help_text="Messages are posted only while enabled."
    )
    last_error = models.TextField(
        blank=True,
        verbose_name="last error",
        help_text="Why the last message that failed could not be posted.",
    )
    last_error_at = models.DateTimeField(
        null=True, blank=True, verbose_name="last error at", help_text="When the last message failed."
    )
    last_sent_at = models.DateTimeField(
        null=True, blank=True, verbose_name="last sent", help_text="When a message was last posted."
    )
    created_at = models.DateTimeField(
        auto_now_add=True,
        verbose_name="created",
        help_text="When the channel was added: nothing that happened before is posted.",
    )

    class Meta:
        verbose_name = "chat channel"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_service_display()})"


class Occurrence(models.Model):
    """One event worth telling, recorded once whoever noticed it and however often it was redelivered."""

    key = models.CharField(
        max_length=255,
        unique=True,
        verbose_name="key",
        help_text="What makes the event one: e.g. the status change's id, or the webhook event's id and kind.",
    )
    kind = models.CharField(
        max_length=30, choices=NotificationKind.choices, db_index=True, verbose_name="what", help_text="What."
    )
    occurred_at = models.DateTimeField(
        db_index=True, verbose_name="happened", help_text="When it happened, as far as the portal knows."
    )
    recorded_at = models.DateTimeField(
        auto_now_add=True, verbose_name="recorded", help_text="When the portal recorded it."
    )
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="record type",
        help_text="The kind of record it happened to.",
    )
    target_id = models.CharField(
        max_length=64, blank=True, verbose_name="record", help_text="The record's local primary key."
    )
    target_repr = models.CharField(
        max_length=200, blank=True, verbose_name="record name", help_text="The record as it was named then."
    )
    brand_id = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        verbose_name="brand id",
        help_text="Telnyx's id of the brand.",
    )
    campaign_id = models.CharField(
        max_length=36,
        blank=True,
        verbose_name="campaign id",
        help_text="The campaign's id (a TCR id for a partner's), where there is one.",
    )
    phone_number = models.CharField(
        max_length=20, blank=True, verbose_name="phone number", help_text="The number, where there is one."
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="started by",
        help_text="Who started what it happened to (sent the code, ran the assignment or sync), where known.",
    )
    facts = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="facts",
        help_text="What the content is written from: statuses, carrier, reason given, dates, amounts.",
    )
    fanned_out_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="sent out",
        help_text="When its notifications and chat messages were made; empty until then.",
    )

    class Meta:
        verbose_name = "notified event"
        ordering = ["-occurred_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_repr}"


class Notification(models.Model):
    occurrence = models.ForeignKey(
        Occurrence,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="event",
        help_text="What happened.",
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name="recipient",
        help_text="Who is told.",
    )
    kind = models.CharField(
        max_length=30, choices=NotificationKind.choices, db_index=True, verbose_name="what", help_text="What."
    )
    title = models.CharField(max_length=200, verbose_name="title", help_text="What happened, in one line.")
    body = models.TextField(
        verbose_name="message",
        help_text="What happened, to what, when, why and what to do next, in plain text.",
    )
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="record type",
        help_text="The kind of record it is about; links to the record and its timeline.",
    )
    target_id = models.CharField(
        max_length=64, blank=True, verbose_name="record", help_text="The record's local primary key."
    )
    brand_id = models.CharField(
        max_length=36, blank=True, verbose_name="brand id", help_text="Telnyx's id of the brand."
    )
    campaign_id = models.CharField(
        max_length=36, blank=True, verbose_name="campaign id", help_text="The campaign's id."
    )
    phone_number = models.CharField(
        max_length=20, blank=True, verbose_name="phone number", help_text="The number."
    )
    occurred_at = models.DateTimeField(verbose_name="happened", help_text="When it happened.")
    created_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name="notified", help_text="When the portal told the user."
    )
    read_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="read",
        help_text="When the user marked it read; empty while unread.",
    )
    dedup_key = models.CharField(
        max_length=255,
        verbose_name="dedup key",
        help_text="The event's key: one notification per event and recipient, however often it arrives.",
    )
    digest = models.BooleanField(
        default=False,
        verbose_name="in digest",
        help_text="E-mailed in the day's digest rather than at once.",
    )

    class Meta:
        verbose_name = "notification"
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "dedup_key"], name="notification_once_per_recipient")
        ]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", "E-mail"
    CHAT = "chat", "Chat"


class DeliveryState(models.TextChoices):
    PENDING = "pending", "Waiting to send"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class Delivery(models.Model):
    """One sending: a notification by e-mail, or an event's message to one chat channel."""

    channel = models.CharField(
        max_length=10, choices=DeliveryChannel.choices, verbose_name="channel", help_text="E-mail or chat."
    )
    notification = models.ForeignKey(
        Notification,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="notification",
        help_text="The notification e-mailed.",
    )
    occurrence = models.ForeignKey(
        Occurrence,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="chat_deliveries",
        verbose_name="event",
        help_text="The event posted to the chat channel.",
    )
    chat_channel = models.ForeignKey(
        ChatChannel,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name="chat channel",
        help_text="Where the message is posted.",
    )
    state = models.CharField(
        max_length=10,
        choices=DeliveryState.choices,
        default=DeliveryState.PENDING,
        db_index=True,
        verbose_name="state",
        help_text="Waiting to send, sent, or failed after its last try.",
    )
    attempts = models.PositiveIntegerField(default=0, verbose_name="tries", help_text="Tries so far.")
    last_error = models.TextField(blank=True, verbose_name="last error", help_text="Why the last try failed.")
    created_at = models.DateTimeField(auto_now_add=True, verbose_name="created", help_text="When queued.")
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="sent", help_text="When it was sent.")

    class Meta:
        verbose_name = "delivery"
        verbose_name_plural = "deliveries"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"],
                condition=models.Q(notification__isnull=False),
                name="delivery_once_per_notification",
            ),
            models.UniqueConstraint(
                fields=["occurrence", "chat_channel"],
                condition=models.Q(chat_channel__isnull=False),
                name="delivery_once_per_chat_channel",
            ),
            models.CheckConstraint(
                condition=models.Q(notification__isnull=False, chat_channel__isnull=True)
                | models.Q(notification__isnull=True, chat_channel__isnull=False, occurrence__isnull=False),
                name="delivery_notification_or_chat",
            ),
        ]

    def __str__(self) -> str:
        where = self.chat_channel if self.chat_channel_id else self.get_channel_display()
        return f"{where}: {self.get_state_display()}"


class DigestRun(models.Model):
    """One user's digest of one day; its row, created once, is what lets a single worker send it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_digests",
        verbose_name="user",
        help_text="Whose digest.",
    )
    day = models.DateField(verbose_name="day", help_text="The day whose notifications it lists.")
    started_at = models.DateTimeField(
        auto_now_add=True, verbose_name="started", help_text="When a worker claimed it."
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name="sent", help_text="When it was sent.")
    notifications = models.PositiveIntegerField(
        default=0, verbose_name="notifications", help_text="How many notifications it listed."
    )
    last_error = models.TextField(
        blank=True, verbose_name="last error", help_text="Why sending it failed, if it did."
    )

    class Meta:
        verbose_name = "digest"
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_user_day")]

    def __str__(self) -> str:
        return f"Digest of {self.day} for {self.user}"
