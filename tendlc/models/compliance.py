"""Stored results of the pre-submission compliance checks (``tendlc.compliance``), with admin overrides."""

from django.conf import settings
from django.db import models

from tendlc.models.brands import Brand
from tendlc.models.campaigns import Campaign


class ComplianceCheck(models.Model):
    """One run of the checks on a campaign (an existing one, or a builder submission: then ``campaign`` is
    set once the API created it) or on a brand. Errors block submission unless a Compliance admin overrides
    them with a written reason."""

    checked_at = models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="checked")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="checked by",
        help_text="Who ran the checks; empty when the system did.",
    )
    campaign = models.ForeignKey(
        Campaign,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="compliance_checks",
        verbose_name="campaign",
    )
    brand = models.ForeignKey(
        Brand,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="compliance_checks",
        verbose_name="brand",
    )
    subject = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="checked content",
        help_text="The wire-named brand and campaign fields the checks read.",
    )
    findings = models.JSONField(
        default=list,
        blank=True,
        verbose_name="findings",
        help_text="Each finding: rule, severity, fields (wire names), message, reference.",
    )
    error_count = models.PositiveSmallIntegerField(default=0, db_index=True, verbose_name="errors")
    warning_count = models.PositiveSmallIntegerField(default=0, verbose_name="warnings")
    override_reason = models.TextField(
        blank=True,
        verbose_name="override reason",
        help_text="Why a Compliance admin let the campaign be submitted despite errors.",
    )
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="overridden by",
    )
    overridden_at = models.DateTimeField(null=True, blank=True, verbose_name="overridden")

    class Meta:
        ordering = ["-checked_at", "-id"]
        verbose_name = "compliance check"
        permissions = [("override_compliancecheck", "Can submit a campaign despite compliance errors")]

    def __str__(self) -> str:
        return f"Check {self.checked_at:%Y-%m-%d %H:%M}: {self.error_count} errors, {self.warning_count} warnings"
