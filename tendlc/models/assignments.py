"""Phone numbers assigned to campaigns, and the tasks that assign a messaging profile's numbers in bulk."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from tendlc.choices import AssignmentStatus, TaskStatus
from tendlc.models.base import RemoteRecord
from tendlc.models.campaigns import Campaign, PartnerCampaign


class PhoneNumberAssignment(RemoteRecord):
    """One number's link to a campaign (PhoneNumberCampaign): one of ours, or a partner's shared with us."""

    phone_number = models.CharField(
        max_length=20,
        unique=True,
        verbose_name="phone number",
        help_text="The phone number, in international format (+1...).",
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
        verbose_name="campaign",
        help_text="Our campaign, when the number is assigned to one.",
    )
    partner_campaign = models.ForeignKey(
        PartnerCampaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
        verbose_name="partner campaign",
        help_text="The shared campaign, when the number is assigned to one.",
    )
    telnyx_campaign_id = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        verbose_name="Telnyx campaign id",
        help_text="Telnyx's id of the campaign; empty for campaigns shared with us.",
    )
    tcr_campaign_id = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        verbose_name="TCR campaign id",
        help_text="The Campaign Registry's id of the campaign.",
    )
    brand_id = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        verbose_name="brand id",
        help_text="Telnyx's id of the brand; empty for campaigns shared with us.",
    )
    tcr_brand_id = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        verbose_name="TCR brand id",
        help_text="The Campaign Registry's id of the brand.",
    )
    assignment_status = models.CharField(
        max_length=25,
        choices=AssignmentStatus.choices,
        blank=True,
        db_index=True,
        verbose_name="status",
        help_text="Whether the number is assigned to the campaign, or on its way.",
    )
    failure_reasons = models.TextField(
        blank=True, verbose_name="failure reasons", help_text="Why an assignment or removal failed."
    )
    tmobile_number_mapping_status = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="T-Mobile mapping",
        help_text="Whether T-Mobile has the number mapped to the campaign.",
    )
    non_tmobile_number_mapping_status = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="other carriers' mapping",
        help_text="Whether the other carriers have the number mapped to the campaign.",
    )
    created_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        verbose_name="created (remote)",
        help_text="When Telnyx created it.",
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, verbose_name="updated (remote)", help_text="When Telnyx last changed it."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "number assignment"
        indexes = [
            # The list's order, so a page is read from the index instead of sorting every row.
            models.Index(fields=["-created_at", "-id"], name="assignment_newest_first"),
            # The dashboard's numbers: assigned ones counted from this index alone, not from a million rows.
            models.Index(
                fields=["assignment_status"],
                condition=Q(remote_deleted_at=None),
                name="assignment_live_status",
            ),
            # The dashboard's slow assignments: the few numbers pending, with the dates that say since when.
            models.Index(
                fields=["created_at", "recorded_at"],
                condition=Q(assignment_status=AssignmentStatus.PENDING_ASSIGNMENT, remote_deleted_at=None),
                name="assignment_pending_since",
            ),
        ]

    def __str__(self) -> str:
        return self.phone_number


class AssignmentTask(RemoteRecord):
    """Assignment of every number of a messaging profile to one campaign (A1), polled until it ends."""

    task_id = models.CharField(
        max_length=36, unique=True, verbose_name="task id", help_text="Telnyx's id of the assignment task."
    )
    messaging_profile_id = models.CharField(
        max_length=36,
        db_index=True,
        verbose_name="messaging profile",
        help_text="The messaging profile whose numbers are assigned.",
    )
    # to_field: the column holds the wire campaignId of the request.
    campaign = models.ForeignKey(
        Campaign,
        to_field="campaign_id",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignment_tasks",
        verbose_name="campaign",
        help_text="Our campaign the numbers are assigned to.",
    )
    tcr_campaign_id = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="TCR campaign id",
        help_text="The Campaign Registry's id of the campaign, for campaigns shared with us.",
    )
    status = models.CharField(
        max_length=12,
        choices=TaskStatus.choices,
        default=TaskStatus.PENDING,
        db_index=True,
        verbose_name="status",
        help_text="pending, processing, completed or failed.",
    )
    created_at = models.DateTimeField(
        null=True, blank=True, verbose_name="created (remote)", help_text="When Telnyx created it."
    )
    updated_at = models.DateTimeField(
        null=True, blank=True, verbose_name="updated (remote)", help_text="When Telnyx last changed it."
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # No status here: a name is copied where it stays (the audit log's object, Django's history), and a
        # status copied there would read "pending" forever. The status is shown beside it, read live.
        return f"Task {self.task_id}"

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskStatus.COMPLETED, TaskStatus.FAILED)


class AssignmentTaskNumber(models.Model):
    task = models.ForeignKey(
        AssignmentTask,
        on_delete=models.CASCADE,
        related_name="numbers",
        verbose_name="task",
        help_text="The task.",
    )
    phone_number = models.CharField(
        max_length=20,
        verbose_name="phone number",
        help_text="The phone number, in international format (+1...).",
    )
    status = models.CharField(
        max_length=30, db_index=True, verbose_name="status", help_text="The number's status in the task."
    )
    failure_reason = models.TextField(
        blank=True,
        verbose_name="failure reason",
        help_text=(
            "Why the number was not assigned, as Telnyx said when the task finished it: the reasons given for"
            " its assignment, or the campaign that holds it already."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name="updated", help_text="When last read.")

    class Meta:
        ordering = ["phone_number"]
        verbose_name = "task number"
        constraints = [models.UniqueConstraint(fields=["task", "phone_number"], name="task_number_once")]

    def __str__(self) -> str:
        return f"{self.phone_number}: {self.status}"


# The outcome of one row of an upload's report.
APPLIED = "applied"
INVALID = "invalid"  # refused by our checks, never sent
REFUSED = "refused"  # sent, and refused by the API (or not sent once it stopped answering)


class UploadStatus(models.TextChoices):
    """Where an upload stands: checked and shown before anything is sent, then sent in the background."""

    PREVIEW = "preview", "Waiting for confirmation"
    QUEUED = "queued", "Waiting to send"
    SENDING = "sending", "Sending"
    FINISHED = "finished", "Finished"


class NumberUpload(models.Model):
    """A CSV of (phone number, campaign) rows assigned in bulk, with what became of every row, so the report
    can be shown and downloaded again later and no row is ever silently dropped."""

    uploaded_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="uploaded")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tendlc_number_uploads",
        verbose_name="uploaded by",
        help_text="Who uploaded the file.",
    )
    filename = models.CharField(max_length=255, verbose_name="file name", help_text="As uploaded.")
    rows_total = models.PositiveIntegerField(default=0, verbose_name="rows", help_text="Data rows read.")
    rows_applied = models.PositiveIntegerField(
        default=0, verbose_name="applied", help_text="Rows whose number was assigned."
    )
    rows_failed = models.PositiveIntegerField(
        default=0, verbose_name="failed", help_text="Rows refused, by us or by the API."
    )
    report = models.JSONField(
        default=list,
        blank=True,
        verbose_name="report",
        help_text="One entry per row: line, phone number, campaign, outcome and reason.",
    )
    status = models.CharField(
        max_length=16,
        choices=UploadStatus.choices,
        default=UploadStatus.FINISHED,
        verbose_name="status",
        help_text="Checked and waiting for confirmation, waiting to send, sending, or finished.",
    )

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = "number upload"

    def __str__(self) -> str:
        if self.status != UploadStatus.FINISHED:
            return f"{self.filename} ({self.rows_total} rows, {self.get_status_display().lower()})"
        return f"{self.filename} ({self.rows_applied}/{self.rows_total} applied)"
