"""The cost ledger: each fee the account was charged, once, with what incurred it.

Rows are written by ``tendlc.services.charges`` only. Each carries an idempotency key naming the one thing it
pays for (a brand's registration, a campaign's billing period, an appeal), so a redelivered event or an
operation repeated never charges twice. The brand and campaign ids are kept beside the links, so a line
still says what it paid for if the record it links is ever gone.
"""

from django.conf import settings
from django.db import models

from tendlc.choices import label_of
from tendlc.models.brands import Brand
from tendlc.models.campaigns import Campaign
from tendlc.models.webhooks import WebhookEvent


class ChargeKind(models.TextChoices):
    BRAND_REGISTRATION = "BRAND_REGISTRATION", "Brand registration"
    EXTERNAL_VETTING = "EXTERNAL_VETTING", "External vetting"
    CAMPAIGN_REVIEW = "CAMPAIGN_REVIEW", "Campaign review"
    CAMPAIGN_UPFRONT = "CAMPAIGN_UPFRONT", "Up-front campaign charge (three months)"
    CAMPAIGN_MONTHLY = "CAMPAIGN_MONTHLY", "Monthly campaign charge"
    NUMBER_POOL = "NUMBER_POOL", "Number pool"


class ChargeSource(models.TextChoices):
    EVENT = "event", "Billing event from Telnyx"
    OPERATION = "operation", "Action taken in the portal"


class Charge(models.Model):
    kind = models.CharField(
        max_length=20,
        choices=ChargeKind.choices,
        db_index=True,
        verbose_name="fee",
        help_text="What the account was charged for.",
    )
    amount = models.DecimalField(
        max_digits=10, decimal_places=2, verbose_name="amount", help_text="The charge in US dollars."
    )
    charged_at = models.DateTimeField(
        db_index=True, verbose_name="charged", help_text="When the account was charged."
    )
    brand = models.ForeignKey(
        Brand,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charges",
        verbose_name="brand",
        help_text="The brand the fee was for, or whose campaign it was for.",
    )
    remote_brand_id = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        verbose_name="brand id",
        help_text="Telnyx's id of the brand, kept with the charge.",
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charges",
        verbose_name="campaign",
        help_text="The campaign the fee was for, if it was for one.",
    )
    remote_campaign_id = models.CharField(
        max_length=36,
        blank=True,
        db_index=True,
        verbose_name="campaign id",
        help_text="Telnyx's id of the campaign, kept with the charge.",
    )
    usecase = models.CharField(
        max_length=30,
        blank=True,
        verbose_name="use case",
        help_text="The campaign's use case, which sets its monthly charge.",
    )
    description = models.CharField(
        max_length=300, blank=True, verbose_name="description", help_text="What the charge paid for."
    )
    source = models.CharField(
        max_length=10,
        choices=ChargeSource.choices,
        verbose_name="recorded from",
        help_text="A billing event Telnyx sent, or an action taken in the portal.",
    )
    webhook_event = models.ForeignKey(
        WebhookEvent,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="charges",
        verbose_name="event",
        help_text="The billing event the charge was recorded from.",
    )
    operation = models.CharField(
        max_length=60,
        blank=True,
        verbose_name="action",
        help_text="The portal action that incurred the charge, as the audit log names it.",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="user",
        help_text="Who took the action that incurred the charge; empty for events and tasks.",
    )
    idempotency_key = models.CharField(
        max_length=200,
        unique=True,
        verbose_name="charge key",
        help_text="What the charge pays for, once: a repeat of the same event or action finds it taken.",
    )
    recorded_at = models.DateTimeField(
        auto_now_add=True, verbose_name="recorded", help_text="When the portal recorded the charge."
    )

    class Meta:
        ordering = ["-charged_at", "-id"]

    def __str__(self) -> str:
        return f"{label_of(ChargeKind, self.kind)} ${self.amount} on {self.charged_at.day} {self.charged_at:%b %Y}"


class CampaignRenewal(Campaign):
    """A campaign seen by its renewal: the renewals list's rows (no table of its own)."""

    class Meta:
        proxy = True
        verbose_name = "renewal"
        verbose_name_plural = "renewals"
