"""A record of each prune of old rows (``tendlc.services.retention``): when it ran, what it deleted, and why it
failed if it did, so the health report can say whether tables are being kept in bounds."""

from django.db import models


class PruneRun(models.Model):
    started_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name="started", help_text="When the prune began."
    )
    finished_at = models.DateTimeField(
        null=True, blank=True, verbose_name="finished", help_text="When it ended; empty while it runs."
    )
    trigger = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="started by",
        help_text="The daily schedule, or a person running the prune command.",
    )
    counts = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="deleted",
        help_text="How many records of each kind it deleted.",
    )
    error = models.TextField(blank=True, verbose_name="error", help_text="Why the prune stopped, if it did.")

    class Meta:
        verbose_name = "prune of old records"
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Prune {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def succeeded(self) -> bool:
        return self.finished_at is not None and not self.error
