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


# Every action code the portal records (``<subject>.<verb>``, written by the services) and what the audit log
# calls it on screen, read by compliance people. The code stays the stored and the API's value; a code missing
# here (an entry from an older version) is shown in words made from the code itself.
ACTION_LABELS = {
    "assignment_task.start": "Started assigning numbers",
    "brand.check_compliance": "Checked the brand's compliance",
    "brand.create": "Created a brand",
    "brand.delete": "Deleted a brand",
    "brand.delete_draft": "Deleted a brand draft",
    "brand.import_vetting": "Imported an external vetting",
    "brand.order_vetting": "Ordered an external vetting",
    "brand.refresh_feedback": "Refreshed the brand's feedback",
    "brand.refresh_sms_otp": "Refreshed the sole proprietor's text-message code",
    "brand.refresh_vettings": "Refreshed the brand's vettings",
    "brand.resend_2fa_email": "Resent the brand's verification e-mail",
    "brand.revet": "Asked for the brand to be vetted again",
    "brand.trigger_sms_otp": "Sent the sole proprietor a text-message code",
    "brand.update": "Changed a brand",
    "brand.verify_sms_otp": "Checked the sole proprietor's text-message code",
    "campaign.add_evidence": "Added evidence to a campaign",
    "campaign.appeal": "Appealed a campaign's rejection",
    "campaign.check_compliance": "Checked the campaign's compliance",
    "campaign.check_links": "Checked the pages the campaign links to",
    "campaign.deactivate": "Deactivated a campaign",
    "campaign.download_evidence": "Downloaded a campaign's evidence as a zip",
    "campaign.reactivate": "Reactivated a campaign",
    "campaign.refresh": "Refreshed a campaign",
    "campaign.resubmit": "Resubmitted a rejected campaign",
    "campaign.submit": "Submitted a campaign",
    "campaign.update": "Changed a campaign",
    "chat_channel.create": "Added a chat channel for notifications",
    "chat_channel.delete": "Deleted a chat channel for notifications",
    "chat_channel.test": "Sent a test message to a chat channel",
    "chat_channel.update": "Changed a chat channel for notifications",
    "compliance_check.override": "Overrode a compliance finding",
    "notification.mark_read": "Marked notifications read",
    "notification_settings.update": "Changed notification settings",
    "notification_subscription.create": "Subscribed to a kind of notification",
    "notification_subscription.delete": "Unsubscribed from a kind of notification",
    "notification_subscription.update": "Changed a notification subscription",
    "number.assign": "Assigned a number to a campaign",
    "number.move": "Moved a number to another campaign",
    "number.remove": "Removed a number from its campaign",
    "number_move.cancel": "Cancelled moving a rejected campaign's numbers",
    "number_move.run": "Moved a rejected campaign's numbers to its new campaign",
    "number_upload.apply": "Sent a number upload",
    "partner_campaign.accept": "Accepted a partner's campaign",
    "partner_campaign.refresh": "Refreshed a partner's campaign",
    "partner_campaign.webhooks_update": "Changed a partner campaign's notification address",
    "sign_in.unlock": "Unlocked an account after wrong passwords",
    "sync.request": "Asked for a sync with Telnyx",
    "two_factor.enrol": "Turned on two-factor sign-in",
    "two_factor.reset": "Reset someone's two-factor sign-in",
    "webhook_event.mark_reviewed": "Marked webhook events reviewed",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action) or action.replace(".", ": ").replace("_", " ").capitalize()


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
        indexes = [
            models.Index(fields=["target_type", "target_id", "-at"], name="audit_target_idx"),
            # The list's order with its tie-breaker: a page, however deep, is read from here without sorting.
            models.Index(fields=["-at", "-id"], name="audit_newest_first"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.at:%Y-%m-%d %H:%M:%S} {self.username or 'system'}: {self.action_label} {self.target_repr}"
        )

    @property
    def action_label(self) -> str:
        return action_label(self.action)
