"""One row of a number upload as it is checked, previewed and sent: its state is stored before and after its
API request, so a worker restarted part-way resumes the file without sending a row twice."""

from django.db import models

from tendlc.models.assignments import NumberUpload
from tendlc.models.campaigns import Campaign, PartnerCampaign


class RowState(models.TextChoices):
    PLANNED = "planned", "To send"
    SENDING = "sending", "Sent, answer not yet stored"
    APPLIED = "applied", "Applied"
    INVALID = "invalid", "Refused by our checks"
    REFUSED = "refused", "Refused by the API"


class RowAction(models.TextChoices):
    ASSIGN = "assign", "Assign"
    MOVE = "move", "Move from another campaign"


class NumberUploadRow(models.Model):
    upload = models.ForeignKey(
        NumberUpload,
        on_delete=models.CASCADE,
        related_name="rows",
        verbose_name="upload",
        help_text="The upload the row was read from.",
    )
    line = models.PositiveIntegerField(verbose_name="line", help_text="The row's line in the file.")
    phone_number = models.CharField(
        max_length=255, verbose_name="phone number", help_text="The number as written in the file."
    )
    campaign_text = models.CharField(
        max_length=255, verbose_name="campaign as written", help_text="The campaign as written in the file."
    )
    number = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="number read",
        help_text="The number in international format, once our checks have read it.",
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="campaign",
        help_text="Our campaign the number goes on.",
    )
    partner_campaign = models.ForeignKey(
        PartnerCampaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="shared campaign",
        help_text="The campaign shared with us that the number goes on.",
    )
    action = models.CharField(
        max_length=16,
        choices=RowAction.choices,
        default=RowAction.ASSIGN,
        verbose_name="action",
        help_text="Assign the number, or move it from the campaign it is on.",
    )
    moved_from = models.CharField(
        max_length=255,
        blank=True,
        verbose_name="moved from",
        help_text="The campaign the number is taken from, for a move.",
    )
    state = models.CharField(
        max_length=16,
        choices=RowState.choices,
        default=RowState.PLANNED,
        db_index=True,
        verbose_name="state",
        help_text="To send, sent without a stored answer yet, applied, or refused (by our checks or the API).",
    )
    reason = models.TextField(blank=True, verbose_name="reason", help_text="Why the row was refused.")
    assignment_status = models.CharField(
        max_length=32,
        blank=True,
        verbose_name="assignment status",
        help_text="The number's assignment status as the API answered it.",
    )

    class Meta:
        ordering = ["upload", "line"]
        verbose_name = "number upload row"
        constraints = [models.UniqueConstraint(fields=["upload", "line"], name="number_upload_row_line")]

    def __str__(self) -> str:
        return f"line {self.line}: {self.phone_number}"
