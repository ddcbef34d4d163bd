"""Every change of a mirrored status field, with when, from what to what, and why: the status timeline.

The API keeps no history of a record's statuses, so the portal records it where it writes mirrored rows
(``tendlc.services.timeline`` decides which fields and how). Entries name their record by its remote id, not
by a foreign key: the sync's bulk writers know remote ids without primary keys, and a timeline outlives its
record. Entries are never edited.
"""

from django.db import models
from django.db.models.functions import Upper

from tendlc.models.audit import AuditEntry
from tendlc.models.sync import SyncRun
from tendlc.models.webhooks import WebhookEvent


class StatusSubject(models.TextChoices):
    BRAND = "brand", "Brand"
    CAMPAIGN = "campaign", "Campaign"
    CARRIER_STATUS = "carrier_status", "Carrier status"
    NUMBER_ASSIGNMENT = "number_assignment", "Number assignment"
    PARTNER_CAMPAIGN = "partner_campaign", "Partner campaign"
    VETTING = "vetting", "Vetting"


class ChangeCause(models.TextChoices):
    WEBHOOK_EVENT = "webhook_event", "Webhook event"
    SYNC_RUN = "sync_run", "Sync"
    POLL = "poll", "Scheduled check"
    USER_ACTION = "user_action", "User action"
    OTHER = "other", "Other"


class StatusChange(models.Model):
    changed_at = models.DateTimeField(
        db_index=True, verbose_name="changed", help_text="When the portal saw the status change."
    )
    subject = models.CharField(
        max_length=20,
        choices=StatusSubject.choices,
        verbose_name="record type",
        help_text="What kind of record changed.",
    )
    record_id = models.CharField(
        max_length=100,
        verbose_name="record id",
        help_text=(
            "Telnyx's id of the record: the brand or campaign id, the phone number, the partner campaign's "
            "TCR id or the vetting id. A carrier's status is kept under its campaign's id."
        ),
    )
    brand_id = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        verbose_name="brand id",
        help_text="Telnyx's id of the brand the record belongs to, where known.",
    )
    campaign_id = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        verbose_name="campaign id",
        help_text="The id of the campaign the record belongs to (a TCR id for a partner's), where known.",
    )
    carrier = models.CharField(
        max_length=50,
        blank=True,
        verbose_name="carrier",
        help_text="The carrier whose status changed; empty for anything but a carrier's status.",
    )
    field = models.CharField(
        max_length=40, verbose_name="field", help_text="Which status of the record changed."
    )
    old_value = models.CharField(
        max_length=40, blank=True, verbose_name="from", help_text="The status before the change."
    )
    new_value = models.CharField(
        max_length=40, blank=True, verbose_name="to", help_text="The status after the change."
    )
    cause = models.CharField(
        max_length=20,
        choices=ChangeCause.choices,
        default=ChangeCause.OTHER,
        verbose_name="cause",
        help_text="What made the portal see the change: a webhook, a sync, a scheduled check or a person.",
    )
    webhook_event = models.ForeignKey(
        WebhookEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
        verbose_name="webhook event",
        help_text="The webhook whose processing found the change.",
    )
    sync_run = models.ForeignKey(
        SyncRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
        verbose_name="sync run",
        help_text="The sync that found the change.",
    )
    audit_entry = models.ForeignKey(
        AuditEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="status_changes",
        verbose_name="audit entry",
        help_text="The person's action that made the change.",
    )
    cause_detail = models.CharField(
        max_length=100,
        blank=True,
        verbose_name="cause detail",
        help_text="More about the cause, such as which scheduled check or which action.",
    )

    class Meta:
        verbose_name = "status change"
        ordering = ["-changed_at", "-id"]
        indexes = [
            # The list's order with its tie-breaker: a page, however deep, is read from here without sorting.
            models.Index(fields=["-changed_at", "-id"], name="status_change_newest_first"),
            # The search box: a record's id or its campaign's, matched whole and in any case (iexact).
            models.Index(Upper("record_id"), name="status_change_record_search"),
            models.Index(Upper("campaign_id"), name="status_change_campaign_search"),
            models.Index(fields=["subject", "record_id", "changed_at"], name="status_change_record"),
            models.Index(fields=["carrier", "new_value", "changed_at"], name="status_change_carrier"),
        ]

    def __str__(self) -> str:
        return f"{self.record_id} {self.field}: {self.old_value or '-'} -> {self.new_value or '-'}"
