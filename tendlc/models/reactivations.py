"""A campaign suspended for dormancy brought back by assigning it a number, and followed until it is back."""

from django.conf import settings
from django.db import models

from tendlc.models.campaigns import Campaign


class ReactivationState(models.TextChoices):
    WAITING = "waiting", "Waiting for the campaign to come back"
    BACK = "back", "Campaign back: assign the number again"
    DONE = "done", "Campaign back with its number"
    STUCK = "stuck", "Still suspended: ask Telnyx support"
    FAILED = "failed", "Campaign back, the number was refused"


class CampaignReactivation(models.Model):
    """One reactivation asked for from the campaign's page: the number assigned, and where it stands."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="reactivations",
        verbose_name="campaign",
        help_text="The campaign suspended for dormancy.",
    )
    phone_number = models.CharField(
        max_length=20,
        verbose_name="phone number",
        help_text="The number assigned to bring the campaign back, in international format (+1...).",
    )
    retry = models.BooleanField(
        default=True,
        verbose_name="assign again when back",
        help_text="Assign the number again once the campaign is back, since the first assignment fails.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tendlc_reactivations",
        verbose_name="requested by",
        help_text="Who asked for the reactivation.",
    )
    requested_at = models.DateTimeField(
        auto_now_add=True, verbose_name="requested", help_text="When the first assignment was sent."
    )
    state = models.CharField(
        max_length=10,
        choices=ReactivationState.choices,
        default=ReactivationState.WAITING,
        db_index=True,
        verbose_name="state",
        help_text="Where the reactivation stands.",
    )
    checks = models.PositiveSmallIntegerField(
        default=0, verbose_name="checks", help_text="How many times the campaign was read again since."
    )
    checked_at = models.DateTimeField(
        null=True, blank=True, verbose_name="last checked", help_text="When the campaign was last read again."
    )
    next_check_at = models.DateTimeField(
        null=True, blank=True, verbose_name="next check", help_text="When the campaign will be read again."
    )
    retried_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="assigned again",
        help_text="When the number was assigned again after the campaign came back.",
    )
    note = models.TextField(blank=True, verbose_name="note", help_text="What the last check found.")

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "campaign reactivation"

    def __str__(self) -> str:
        return f"Reactivation of {self.campaign} with {self.phone_number}"
