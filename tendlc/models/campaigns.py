"""Campaigns: ours, per-carrier status, appeals, and the campaigns shared with us or by us."""

from django.conf import settings
from django.db import models

from tendlc.choices import CampaignActivity, CampaignStatus, SubmissionStatus, Usecase, label_of
from tendlc.models.base import RemoteRecord
from tendlc.models.brands import Brand
from tendlc.models.campaign_content import CampaignContent


class Campaign(CampaignContent, RemoteRecord):
    """A campaign we registered through Telnyx (TelnyxCampaignCsp)."""

    campaign_id = models.CharField(
        max_length=36, unique=True, verbose_name="campaign id", help_text="Telnyx's id of the campaign."
    )
    # to_field: the column holds the wire brandId, so campaign.brand_id reads as the API names it.
    brand = models.ForeignKey(
        Brand,
        to_field="brand_id",
        on_delete=models.PROTECT,
        related_name="campaigns",
        verbose_name="brand",
        help_text="The brand the campaign belongs to.",
    )
    tcr_brand_id = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="TCR brand id",
        help_text="The Campaign Registry's id of the brand.",
    )
    tcr_campaign_id = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        verbose_name="TCR campaign id",
        help_text="The Campaign Registry's id of the campaign.",
    )
    csp_id = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="CSP id",
        help_text="The registry's id of the campaign service provider that registered it.",
    )
    reseller_id = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="reseller id",
        help_text="The reseller the campaign is registered through, if any.",
    )
    reference_id = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        verbose_name="reference id",
        help_text="Our own reference, unique across submitted campaigns.",
    )
    brand_display_name = models.CharField(
        max_length=100, blank=True, verbose_name="brand name", help_text="The brand's name as registered."
    )
    vertical = models.CharField(
        max_length=30, blank=True, verbose_name="vertical", help_text="Deprecated vertical."
    )
    # Content flags only our campaigns carry (see tendlc.models.campaign_content).
    auto_renewal = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="auto-renewal",
        help_text="Renew at the end of each billing period.",
    )
    subscriber_help = models.BooleanField(
        null=True, blank=True, verbose_name="subscriber help", help_text="Subscribers get help by keyword."
    )
    mock = models.BooleanField(default=False, verbose_name="mock", help_text="Created from a mock brand.")
    is_t_mobile_registered = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="T-Mobile registered",
        help_text="T-Mobile has registered the campaign.",
    )
    is_t_mobile_suspended = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="T-Mobile suspended",
        help_text="T-Mobile has suspended the campaign.",
    )
    is_t_mobile_number_pooling_enabled = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="T-Mobile number pooling",
        help_text="T-Mobile lets the campaign send from a pool of numbers.",
    )
    status = models.CharField(
        max_length=10,
        choices=CampaignActivity.choices,
        blank=True,
        db_index=True,
        verbose_name="status",
        help_text="Active, or expired once deactivated or expired.",
    )
    submission_status = models.CharField(
        max_length=10,
        choices=SubmissionStatus.choices,
        blank=True,
        verbose_name="submission status",
        help_text="Whether the submission was created at the registry, is pending, or failed.",
    )
    create_date = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        verbose_name="created (remote)",
        help_text="When the campaign was created at Telnyx.",
    )
    billed_date = models.DateTimeField(
        null=True, blank=True, verbose_name="billed", help_text="When the campaign was last billed."
    )
    next_renewal_or_expiration_date = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="renews or expires",
        help_text="When the campaign renews, or expires if it is not renewed.",
    )

    class Meta:
        ordering = ["-create_date", "-id"]
        indexes = [models.Index(fields=["brand", "campaign_status"], name="campaign_brand_status")]
        permissions = [
            ("appeal_campaign", "Can appeal a rejected campaign"),
            ("deactivate_campaign", "Can deactivate a campaign"),
        ]

    def __str__(self) -> str:
        return f"{self.tcr_campaign_id or self.campaign_id} ({label_of(Usecase, self.usecase)})"


class CampaignAppeal(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="appeals",
        verbose_name="campaign",
        help_text="The appealed campaign.",
    )
    appeal_reason = models.TextField(
        verbose_name="reason", help_text="What changed and why it should pass now."
    )
    appealed_at = models.DateTimeField(verbose_name="appealed", help_text="When Telnyx received the appeal.")
    status_before = models.CharField(
        max_length=30,
        choices=CampaignStatus.choices,
        verbose_name="status before",
        help_text="The campaign status the appeal was made from.",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="requested by",
        help_text="The admin who appealed.",
    )

    class Meta:
        ordering = ["-appealed_at", "-id"]

    def __str__(self) -> str:
        return f"Appeal of {self.campaign} at {self.appealed_at:%Y-%m-%d %H:%M}"


class CampaignMnoStatus(models.Model):
    """One carrier's view of a campaign: its MNO metadata (C8) and operation status (C9)."""

    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        related_name="mno_statuses",
        verbose_name="campaign",
        help_text="The campaign.",
    )
    network_id = models.PositiveIntegerField(
        verbose_name="network id", help_text="The carrier's network id, e.g. 10017."
    )
    mno = models.CharField(max_length=50, blank=True, verbose_name="carrier", help_text="The carrier's name.")
    qualify = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="qualifies",
        help_text="Whether the campaign qualifies with this carrier.",
    )
    mno_review = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="carrier reviews",
        help_text="Whether the carrier reviews campaigns itself.",
    )
    mno_support = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="supported",
        help_text="Whether the carrier supports the use case.",
    )
    no_embedded_link = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="no embedded link",
        help_text="Whether the carrier forbids links in messages.",
    )
    no_embedded_phone = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="no embedded phone",
        help_text="Whether the carrier forbids phone numbers in messages.",
    )
    req_subscriber_help = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="requires help",
        help_text="Whether the carrier requires a help keyword and message.",
    )
    req_subscriber_optin = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="requires opt-in",
        help_text="Whether the carrier requires an opt-in.",
    )
    req_subscriber_optout = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="requires opt-out",
        help_text="Whether the carrier requires an opt-out keyword and message.",
    )
    min_msg_samples = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="minimum samples",
        help_text="How many sample messages the carrier requires.",
    )
    metadata = models.JSONField(
        default=dict, blank=True, verbose_name="metadata", help_text="The carrier's whole metadata object."
    )
    operation_status = models.CharField(
        max_length=30,
        blank=True,
        db_index=True,
        verbose_name="operation status",
        help_text="Whether the carrier is reviewing, has approved, rejected or suspended the campaign.",
    )
    refreshed_at = models.DateTimeField(auto_now=True, verbose_name="refreshed", help_text="When last read.")

    class Meta:
        ordering = ["network_id"]
        verbose_name = "carrier status"
        verbose_name_plural = "carrier statuses"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "network_id"], name="mno_status_per_carrier")
        ]

    def __str__(self) -> str:
        return f"{self.mno or self.network_id}: {self.operation_status or 'unknown'}"


class SharingStatus(models.Model):
    """Sharing fields of CampaignSharingStatus (reference §2.1.10)."""

    sharing_status = models.CharField(
        max_length=30,
        blank=True,
        db_index=True,
        verbose_name="sharing status",
        help_text="Whether the sharing is pending, accepted or declined.",
    )
    shared_date = models.DateTimeField(
        null=True, blank=True, verbose_name="shared", help_text="When the campaign was shared."
    )
    status_date = models.DateTimeField(
        null=True, blank=True, verbose_name="status date", help_text="When the sharing status last changed."
    )
    upstream_cnp_id = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="upstream CNP",
        help_text="The connectivity partner who shared the campaign.",
    )
    downstream_cnp_id = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="downstream CNP",
        help_text="The connectivity partner the campaign is shared with.",
    )

    class Meta:
        abstract = True


class PartnerCampaign(CampaignContent, SharingStatus, RemoteRecord):
    """A campaign another CSP registered and shared with us (TelnyxDownstreamCampaign)."""

    tcr_campaign_id = models.CharField(
        max_length=20,
        unique=True,
        verbose_name="TCR campaign id",
        help_text="The Campaign Registry's id of the campaign.",
    )
    tcr_brand_id = models.CharField(
        max_length=20,
        db_index=True,
        verbose_name="TCR brand id",
        help_text="The Campaign Registry's id of the partner's brand.",
    )
    brand_display_name = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        verbose_name="brand name",
        help_text="The partner's brand, as it is named.",
    )
    is_number_pooling_enabled = models.BooleanField(
        null=True,
        blank=True,
        verbose_name="number pooling",
        help_text="Whether the campaign uses a number pool.",
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

    def __str__(self) -> str:
        return f"{self.tcr_campaign_id} ({self.brand_display_name})"


class SharedCampaign(SharingStatus, RemoteRecord):
    """A campaign we shared with a partner (SharedCampaign, reference §2.1.6)."""

    campaign_id = models.CharField(
        max_length=20,
        unique=True,
        verbose_name="TCR campaign id",
        help_text="The Campaign Registry's id of the campaign.",
    )
    brand_id = models.CharField(
        max_length=36, db_index=True, verbose_name="brand id", help_text="Telnyx's id of the brand."
    )
    usecase = models.CharField(max_length=50, verbose_name="use case", help_text="What the campaign is for.")
    create_date = models.DateTimeField(
        null=True, blank=True, verbose_name="created (remote)", help_text="When it was created."
    )
    status = models.CharField(
        max_length=10,
        choices=CampaignActivity.choices,
        blank=True,
        verbose_name="status",
        help_text="Active or expired.",
    )

    class Meta:
        ordering = ["-create_date", "-id"]
        verbose_name = "campaign shared by us"
        verbose_name_plural = "campaigns shared by us"

    def __str__(self) -> str:
        return self.campaign_id
