"""A rejected campaign's numbers waiting to move to the new campaign registered to replace it."""

from django.conf import settings
from django.db import models

from tendlc.models.campaigns import Campaign


class NumberMoveState(models.TextChoices):
    PENDING = "pending", "Waiting for the new campaign's approval"
    DONE = "done", "Numbers moved"
    CANCELLED = "cancelled", "Cancelled"


class NumberMove(models.Model):
    """The numbers of ``from_campaign`` to move onto ``to_campaign`` once the carriers approve it: made by
    the builder's "new campaign" path of a resubmission, run once by a task, cancellable while pending."""

    from_campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="number_moves_out",
        verbose_name="from campaign",
        help_text="The rejected campaign whose numbers move.",
    )
    to_campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="number_moves_in",
        verbose_name="to campaign",
        help_text="The new campaign, registered with the fixed content, that takes the numbers.",
    )
    state = models.CharField(
        max_length=10,
        choices=NumberMoveState.choices,
        default=NumberMoveState.PENDING,
        db_index=True,
        verbose_name="state",
        help_text="Waiting for the new campaign's approval, done, or cancelled.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="requested by",
        help_text="Who registered the new campaign; the moves are made in their name.",
    )
    requested_at = models.DateTimeField(
        auto_now_add=True, verbose_name="requested", help_text="When the new campaign was registered."
    )
    ended_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="ended",
        help_text="When the numbers moved, or the move was cancelled.",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="cancelled by",
        help_text="Who cancelled the move; empty when it ran.",
    )
    moved = models.JSONField(
        default=list, blank=True, verbose_name="moved", help_text="The numbers moved to the new campaign."
    )
    refused = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="refused",
        help_text="The numbers that could not be moved, each with the reason given.",
    )

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = "pending number move"
        constraints = [
            models.UniqueConstraint(
                fields=["from_campaign", "to_campaign"], name="number_move_per_campaign_pair"
            )
        ]

    def __str__(self) -> str:
        return f"Numbers of {self.from_campaign} to {self.to_campaign}"
