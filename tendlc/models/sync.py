"""A record of each sync run: counts per resource, errors, and live progress for the admin."""

from django.db import models


class SyncRunState(models.TextChoices):
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed"


class SyncRun(models.Model):
    started_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name="started", help_text="Start."
    )
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name="finished", help_text="End.")
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="last sign of life",
        help_text="Updated as pages are written; a running sync silent for long has crashed.",
    )
    state = models.CharField(
        max_length=10,
        choices=SyncRunState.choices,
        default=SyncRunState.RUNNING,
        db_index=True,
        verbose_name="state",
        help_text="running, succeeded or failed.",
    )
    trigger = models.CharField(
        max_length=20, blank=True, verbose_name="trigger", help_text="schedule, admin, command or api."
    )
    counts = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="counts",
        help_text="Per resource: created, updated, unchanged and deleted records.",
    )
    errors = models.JSONField(default=list, blank=True, verbose_name="errors", help_text="What went wrong.")
    pages_done = models.PositiveIntegerField(
        default=0, verbose_name="pages done", help_text="Pages written so far."
    )
    pages_known = models.PositiveIntegerField(
        default=0,
        verbose_name="pages known",
        help_text="Pages known to exist so far (grows as lists are opened).",
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Sync {self.started_at:%Y-%m-%d %H:%M} ({self.state})"

    @property
    def progress(self) -> float | None:
        return self.pages_done / self.pages_known if self.pages_known else None
