"""The audit log: every workflow action a person took through the portal, with its outcome.

Rows are written by ``tendlc.services.audit`` only, after the action ends (successful or not), and are never
edited: the admin shows them read-only to everyone, superusers included.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class AuditOutcome(models.TextChoices):
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class AuditEntry(models.Model):
    at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name="time", help_text="When it ended."
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tendlc_audit_entries",
        verbose_name="user",
        help_text="Who did it; empty for the system (a task) or a deleted user.",
    )
    username = models.CharField(
        max_length=150,
        blank=True,
        db_index=True,
        verbose_name="username",
        help_text="The user's name at the time, kept when the user is deleted.",
    )
    action = models.CharField(
        max_length=60, db_index=True, verbose_name="action", help_text="What was done, e.g. brand.create."
    )
    target_type = models.ForeignKey(
        ContentType,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name="target type",
        help_text="The kind of object acted on.",
    )
    target_id = models.CharField(
        max_length=64, blank=True, verbose_name="target id", help_text="The local primary key acted on."
    )
    target_repr = models.CharField(
        max_length=200, blank=True, verbose_name="target", help_text="The object as it was named then."
    )
    request_summary = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="request",
        help_text="What was asked, secrets (PINs, tokens, keys) masked.",
    )
    outcome = models.CharField(
        max_length=10,
        choices=AuditOutcome.choices,
        db_index=True,
        verbose_name="outcome",
        help_text="Whether the action succeeded.",
    )
    error = models.TextField(blank=True, verbose_name="error", help_text="Why it failed, as the user saw it.")
    api_request_id = models.CharField(
        max_length=64,
        blank=True,
        verbose_name="API request id",
        help_text="X-Request-Id of the failing API call, to quote to Telnyx support.",
    )

    class Meta:
        verbose_name = "audit entry"
        verbose_name_plural = "audit log"
        ordering = ("-at", "-id")
        indexes = [models.Index(fields=["target_type", "target_id", "-at"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or 'system'} {self.action} {self.target_repr}"
