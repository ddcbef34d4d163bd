"""How many of our campaigns were in each status, day by day: the dashboard's chart of statuses over time.

The API keeps no such history, so the portal records it: every full sync writes the day's counts (the last
sync of a day leaves that day's final picture).
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
