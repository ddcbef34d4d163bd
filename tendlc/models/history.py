"""Counts the dashboard shows that the portal records rather than counts on every load.

How many of our campaigns were in each status, day by day (the chart of statuses over time): the API keeps no
such history, so every full sync writes the day's counts (the last sync of a day leaves that day's final
picture).

The "Numbers assigned" headline of an account with many numbers: counting them took hundreds of milliseconds
at a million numbers, on every load of the home page, so a worker counts them every few minutes instead
(``tendlc.services.dashboard_counts``).
"""

from django.db import models

from tendlc.choices import CampaignStatus


class CampaignStatusCount(models.Model):
    day = models.DateField(db_index=True, verbose_name="day", help_text="The day counted (UTC).")
    campaign_status = models.CharField(
        max_length=30,
        choices=CampaignStatus.choices,
        blank=True,
        verbose_name="campaign status",
        help_text="The campaigns' review status; empty for campaigns without one yet.",
    )
    count = models.PositiveIntegerField(verbose_name="campaigns", help_text="Campaigns in that status.")

    class Meta:
        verbose_name = "campaign status count"
        ordering = ["day", "campaign_status"]
        constraints = [
            models.UniqueConstraint(fields=["day", "campaign_status"], name="campaign_status_count_day")
        ]

    def __str__(self) -> str:
        return f"{self.day}: {self.count} {self.campaign_status or 'no status'}"


class NumbersAssignedCount(models.Model):
    """The "Numbers assigned" headline as the worker last counted it: one row, replaced at each count."""

    counted_at = models.DateTimeField(verbose_name="counted at", help_text="When the numbers were counted.")
    count = models.PositiveIntegerField(
        verbose_name="numbers assigned", help_text="Numbers assigned to a campaign when counted."
    )
    change = models.IntegerField(
        null=True,
        blank=True,
        verbose_name="change",
        help_text="The change over the week before; empty if unknown.",
    )
    since = models.DateField(
        null=True, blank=True, verbose_name="since", help_text="The day the change is measured from."
    )

    class Meta:
        verbose_name = "numbers assigned count"

    def __str__(self) -> str:
        return f"{self.count} numbers assigned at {self.counted_at:%Y-%m-%d %H:%M}"
