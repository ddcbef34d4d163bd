"""Brands and what hangs off them: feedback history, external vettings, SMS OTP verifications."""

from django.db import models

from tendlc.choices import (
    AltBusinessIdType,
    BrandRelationship,
    BrandStatus,
    EntityType,
    FeedbackCategory,
    IdentityStatus,
    OtpDeliveryStatus,
    StockExchange,
    Vertical,
)
from tendlc.models.base import RemoteRecord


class Brand(RemoteRecord):
    """A brand registered (or to be registered) through the API. ``brand_id`` is empty on a local draft whose
    creation failed: it keeps what the user typed until it is corrected and submitted again."""

    brand_id = models.CharField(
        max_length=36,
        unique=True,
        null=True,
        blank=True,
        verbose_name="brand id",
        help_text="Telnyx's id of the brand; empty until Telnyx has created the brand.",
    )
    tcr_brand_id = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        verbose_name="TCR brand id",
        help_text="The Campaign Registry's id of the brand, e.g. BBRAND1.",
    )
    reference_id = models.CharField(
        max_length=100,
        blank=True,
        verbose_name="reference id",
        help_text="Your own reference for the brand, if any.",
    )
    csp_id = models.CharField(
        max_length=20, blank=True, verbose_name="CSP id", help_text="Our CSP id at the registry."
    )
    entity_type = models.CharField(
        max_length=20,
        choices=EntityType.choices,
        db_index=True,
        verbose_name="entity type",
        help_text="Form of business.",
    )
    display_name = models.CharField(
        max_length=100,
        db_index=True,
        verbose_name="display name",
        help_text="Display or DBA name.",
    )
    company_name = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        verbose_name="company name",
        help_text="Legal company name; required for private, public and non-profit companies.",
    )
    first_name = models.CharField(
        max_length=100, blank=True, verbose_name="first name", help_text="Contact first name."
    )
    last_name = models.CharField(
        max_length=100, blank=True, verbose_name="last name", help_text="Contact last name."
    )
    ein = models.CharField(
        max_length=20,
        blank=True,
        db_index=True,
        verbose_name="EIN",
        help_text="Tax id (ein): 9 digits in the US; required for non-profits.",
    )
    universal_ein = models.CharField(
        max_length=40,
        blank=True,
        verbose_name="universal EIN",
        help_text="The registry's country-prefixed tax id, set by Telnyx.",
    )
    alt_business_id = models.CharField(
        max_length=50,
        blank=True,
        verbose_name="alternative business id",
        help_text="DUNS, LEI or GIIN value.",
    )
    alt_business_id_type = models.CharField(
        max_length=10,
        choices=AltBusinessIdType.choices,
        blank=True,
        verbose_name="alternative business id type",
        help_text="The kind of the other business id (DUNS, GIIN or LEI).",
    )
    phone = models.CharField(max_length=20, blank=True, verbose_name="phone", help_text="E.164 phone number.")
    mobile_phone = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="mobile phone",
        help_text="Mobile number (+1...) that receives a sole proprietor's PIN by SMS.",
    )
    email = models.CharField(max_length=100, verbose_name="e-mail", help_text="Support contact e-mail.")
    business_contact_email = models.CharField(
        max_length=254,
        blank=True,
        verbose_name="business contact e-mail",
        help_text="Receives the verification e-mail of public companies.",
    )
    street = models.CharField(max_length=100, blank=True, verbose_name="street", help_text="Street address.")
    city = models.CharField(max_length=100, blank=True, verbose_name="city", help_text="City.")
    state = models.CharField(
        max_length=20, blank=True, verbose_name="state", help_text="2-letter code in the US."
    )
    postal_code = models.CharField(
        max_length=10, blank=True, verbose_name="postal code", help_text="5-digit ZIP in the US."
    )
    country = models.CharField(
        max_length=2, verbose_name="country", help_text="ISO 3166 alpha-2 code, e.g. US."
    )
    website = models.CharField(
        max_length=100, blank=True, verbose_name="website", help_text="Brand website URL."
    )
    stock_symbol = models.CharField(
        max_length=10, blank=True, verbose_name="stock symbol", help_text="Required for public companies."
    )
    stock_exchange = models.CharField(
        max_length=10,
        choices=StockExchange.choices,
        blank=True,
        verbose_name="stock exchange",
        help_text="Required for public companies.",
    )
    ip_address = models.CharField(
        max_length=50,
        blank=True,
        verbose_name="IP address",
        help_text="Browser IP that created the identity.",
    )
    vertical = models.CharField(
        max_length=30, choices=Vertical.choices, db_index=True, verbose_name="vertical", help_text="Industry."
    )
    is_reseller = models.BooleanField(
        default=False, verbose_name="reseller", help_text="Whether the brand resells messaging to others."
    )
    mock = models.BooleanField(
        default=False,
        verbose_name="mock",
        help_text="A mock brand for testing: no fees, cannot carry traffic.",
    )
    identity_status = models.CharField(
        max_length=20,
        choices=IdentityStatus.choices,
        blank=True,
        db_index=True,
        verbose_name="identity status",
        help_text="Whether the registry verified who the brand is.",
    )
    status = models.CharField(
        max_length=25,
        choices=BrandStatus.choices,
        blank=True,
        db_index=True,
        verbose_name="registration status",
        help_text="Registered, registration pending or registration failed.",
    )
    brand_relationship = models.CharField(
        max_length=20,
        choices=BrandRelationship.choices,
        blank=True,
        verbose_name="brand relationship",
        help_text="The brand's relationship with Telnyx, set by Telnyx.",
    )
    failure_reasons = models.TextField(
        blank=True,
        verbose_name="failure reasons",
        help_text="Why the registry refused the brand, as Telnyx reported it.",
    )
    optional_attributes = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="optional attributes",
        help_text="Further attributes Telnyx reports, such as tax-exempt status.",
    )
    assigned_campaigns_count = models.PositiveIntegerField(
        null=True,
        blank=True,
        verbose_name="campaigns",
        help_text="The brand's campaigns as Telnyx last counted them.",
    )
    webhook_url = models.CharField(
        max_length=2000,
        blank=True,
        verbose_name="webhook URL",
        help_text="Where Telnyx sends the brand's status events.",
    )
    webhook_failover_url = models.CharField(
        max_length=2000,
        blank=True,
        verbose_name="webhook failover URL",
        help_text="Where Telnyx sends the brand's status events when the first address fails.",
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
    last_error = models.TextField(
        blank=True,
        verbose_name="last error",
        help_text="Why the last create or update through the API failed.",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["country", "state"], name="brand_country_state")]

    def __str__(self) -> str:
        return self.display_name or self.brand_id or f"Brand draft {self.pk}"

    @property
    def is_submitted(self) -> bool:
        return bool(self.brand_id)


class BrandFeedback(models.Model):
    """One reading of a brand's feedback (B6); kept as history, newest first."""

    brand = models.ForeignKey(
        Brand, on_delete=models.CASCADE, related_name="feedback", verbose_name="brand", help_text="The brand."
    )
    fetched_at = models.DateTimeField(
        auto_now_add=True, db_index=True, verbose_name="fetched", help_text="When this feedback was read."
    )
    raw = models.JSONField(
        default=dict, verbose_name="payload", help_text="The feedback as the API answered it."
    )

    class Meta:
        ordering = ["-fetched_at", "-id"]
        verbose_name_plural = "brand feedback"

    def __str__(self) -> str:
        return f"Feedback for {self.brand} at {self.fetched_at:%Y-%m-%d %H:%M}"


class BrandFeedbackCategory(models.Model):
    feedback = models.ForeignKey(
        BrandFeedback,
        on_delete=models.CASCADE,
        related_name="categories",
        verbose_name="feedback",
        help_text="The reading this category belongs to.",
    )
    category = models.CharField(
        max_length=30,
        choices=FeedbackCategory.choices,
        db_index=True,
        verbose_name="category",
        help_text="The kind of issue, e.g. tax id.",
    )
    display_name = models.CharField(
        max_length=100, verbose_name="title", help_text="The issue's title as the registry names it."
    )
    description = models.TextField(verbose_name="description", help_text="What is wrong and what to change.")
    fields = models.JSONField(
        default=list, verbose_name="fields", help_text="The brand fields concerned, e.g. ein."
    )

    class Meta:
        verbose_name_plural = "brand feedback categories"

    def __str__(self) -> str:
        return self.display_name


class ExternalVetting(RemoteRecord):
    brand = models.ForeignKey(
        Brand,
        on_delete=models.CASCADE,
        related_name="vettings",
        verbose_name="brand",
        help_text="The vetted brand.",
    )
    evp_id = models.CharField(max_length=10, verbose_name="provider", help_text="The vetting provider.")
    vetting_class = models.CharField(
        max_length=30,
        blank=True,
        verbose_name="vetting class",
        help_text="The kind of vetting, e.g. standard.",
    )
    vetting_id = models.CharField(
        max_length=100,
        blank=True,
        db_index=True,
        verbose_name="vetting id",
        help_text="The provider's id of the vetting.",
    )
    vetting_token = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="vetting token",
        help_text="The provider's token, for providers that need it.",
    )
    vetting_score = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name="score", help_text="The provider's score, 0 to 100."
    )
    create_date = models.DateTimeField(
        null=True, blank=True, verbose_name="ordered", help_text="When it was created."
    )
    vetted_date = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="vetted",
        help_text="When the provider vetted the brand; empty while incomplete or invalid.",
    )

    class Meta:
        ordering = ["-create_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["brand", "evp_id", "vetting_id"], name="vetting_unique_per_brand_provider"
            )
        ]

    def __str__(self) -> str:
        return f"{self.evp_id} {self.vetting_class} vetting of {self.brand}"


class SmsOtpVerification(RemoteRecord):
    """An SMS OTP sent to a sole proprietor's mobile (B11), polled until verified or expired."""

    brand = models.ForeignKey(
        Brand,
        on_delete=models.CASCADE,
        related_name="sms_otps",
        verbose_name="brand",
        help_text="The sole proprietor.",
    )
    reference_id = models.CharField(
        max_length=40,
        unique=True,
        verbose_name="reference id",
        help_text="Telnyx's reference of the PIN request, e.g. OTP4B2001.",
    )
    mobile_phone = models.CharField(
        max_length=20,
        blank=True,
        verbose_name="mobile phone",
        help_text="The mobile number the PIN was sent to.",
    )
    request_date = models.DateTimeField(
        null=True, blank=True, verbose_name="requested", help_text="When the PIN was requested."
    )
    delivery_status = models.CharField(
        max_length=30,
        choices=OtpDeliveryStatus.choices,
        blank=True,
        db_index=True,
        verbose_name="delivery status",
        help_text="Whether the PIN was delivered, verified or expired.",
    )
    delivery_status_date = models.DateTimeField(
        null=True, blank=True, verbose_name="status date", help_text="When the delivery status last changed."
    )
    delivery_status_details = models.CharField(
        max_length=255,
        blank=True,
        verbose_name="status details",
        help_text="What the carrier said of the delivery.",
    )
    verify_date = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="verified",
        help_text="When the PIN was verified; empty until then.",
    )

    class Meta:
        ordering = ["-request_date", "-id"]
        verbose_name = "SMS OTP verification"

    def __str__(self) -> str:
        return f"OTP {self.reference_id} for {self.brand}"
