"""Every webhook the portal accepted, stored before it is processed, so none is lost and each can be replayed."""

from django.db import models

from tendlc.choices import WebhookEventType, label_of


class WebhookEventState(models.TextChoices):
    RECEIVED = "received", "Received"
    PROCESSED = "processed", "Processed"
    FAILED = "failed", "Failed"
    # A kind of event the portal has no handling for: kept, not acted on, until a person looks at it.
    NEEDS_REVIEW = "needs_review", "Needs review"
    REVIEWED = "reviewed", "Reviewed by a person"


class WebhookEvent(models.Model):
    # NULL, not "", for an event sent without an id: NULLs never collide in webhook_event_once_per_id.
    event_id = models.CharField(  # noqa: DJ001
        max_length=64,
        null=True,
        blank=True,
        verbose_name="event id",
        help_text="Telnyx's id of the event: redeliveries of one event share it.",
    )
    body_hash = models.CharField(
        max_length=64,
        verbose_name="body hash",
        help_text="SHA-256 of the payload: identifies events that carry no id.",
    )
    event_type = models.CharField(
        max_length=60,
        blank=True,
        verbose_name="event type",
        help_text="e.g. 10dlc.campaign.update.",
    )
    payload_type = models.CharField(
        max_length=40,
        blank=True,
        verbose_name="payload type",
        help_text="What the event is about, e.g. a carrier's review.",
    )
    campaign_id = models.CharField(
        max_length=36,
        blank=True,
        verbose_name="campaign id",
        help_text="The campaign the event is about.",
    )
    brand_id = models.CharField(
        max_length=36,
        blank=True,
        verbose_name="brand id",
        help_text="The brand the event is about.",
    )
    phone_number = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="phone number",
        help_text="The phone number the event is about.",
    )
    occurred_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        verbose_name="occurred",
        help_text="When the event happened at Telnyx.",
    )
    payload = models.JSONField(
        default=dict, verbose_name="payload", help_text="What the event says, as Telnyx sent it."
    )
    body = models.TextField(verbose_name="body", help_text="The raw body as received and signed.")
    received_at = models.DateTimeField(auto_now_add=True, verbose_name="received", help_text="When received.")
    deliveries = models.PositiveIntegerField(
        default=1,
        verbose_name="deliveries",
        help_text="How often this event arrived (redeliveries included).",
    )
    state = models.CharField(
        max_length=12,
        choices=WebhookEventState.choices,
        default=WebhookEventState.RECEIVED,
        verbose_name="state",
        help_text=(
            "received, processed, failed with an error, or an event of a kind the portal does not know,"
            " kept for a person to review."
        ),
    )
    processed_at = models.DateTimeField(
        null=True, blank=True, verbose_name="processed", help_text="When processed."
    )
    error = models.TextField(blank=True, verbose_name="error", help_text="Why processing failed.")
    attempts = models.PositiveSmallIntegerField(
        default=0,
        verbose_name="attempts",
        help_text="How often processing was started; the sweep gives up after a bounded number.",
    )
    last_attempt_at = models.DateTimeField(
        null=True, blank=True, verbose_name="last attempt", help_text="When processing last started."
    )
    next_attempt_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="next attempt",
        help_text="When the sweep may pick the event up if no task has processed it by then.",
    )

    class Meta:
        ordering = ["-received_at", "-id"]
        # Every webhook Telnyx posts is one INSERT here, which writes every index of the table: these are the
        # ones some query reads, declared here rather than with db_index or unique=True, which on PostgreSQL
        # add a second, varchar_pattern_ops, index to each text column for LIKE searches nothing makes.
        indexes = [
            # The sweep's due events; also every filter on state alone, which this index leads with.
            models.Index(fields=["state", "next_attempt_at"], name="webhook_event_due"),
            # The list's order with its tie-breaker: a page, however deep, is read from here without sorting;
            # also the ranges of received_at (the list's period filter, the prune's cutoff).
            models.Index(fields=["-received_at", "-id"], name="webhook_event_newest_first"),
            # Coalescing, a campaign's rejections and its dormancy find events by the record they are about, as
            # does the search by a whole id.
            models.Index(fields=["campaign_id"], name="webhook_event_campaign"),
            models.Index(fields=["brand_id"], name="webhook_event_brand"),
            # The list's filters hop along these for the values present (tendlc.selectors.column_values).
            models.Index(fields=["event_type"], name="webhook_event_type"),
            models.Index(fields=["payload_type"], name="webhook_event_payload_type"),
            # The search by the start of a number; a pattern-ops index answers equality too (coalescing).
            models.Index(
                fields=["phone_number"], name="webhook_event_number_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            # A redelivery is found by either (``webhook_event_store``'s INSERT ... ON CONFLICT DO NOTHING); many
            # events without an id may be stored, as NULLs are never equal.
            models.UniqueConstraint(fields=["event_id"], name="webhook_event_once_per_id"),
            models.UniqueConstraint(fields=["body_hash"], name="webhook_event_once_per_body"),
        ]
        permissions = [("replay_webhookevent", "Can replay a stored webhook event")]

    def __str__(self) -> str:
        about = label_of(WebhookEventType, self.event_type) if self.event_type else "Unknown"
        return f"{about} event {self.reference}"

    @property
    def reference(self) -> str:
        """Telnyx's id of the event, or the start of its body's hash for an event sent without one."""
        return self.event_id or self.body_hash[:12]
