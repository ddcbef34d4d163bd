"""A campaign's evidence folder: the files that prove consent when a carrier asks (screenshots of the opt-in
form, the consent text, other documents) and the snapshots of the pages the link check fetched.

Rows are written by ``tendlc.services.evidence`` only and are kept: nobody edits or deletes one through the
portal. Proof of consent is asked for long after a campaign went live, and a file replaced or removed would
leave nothing to show; a wrong upload is answered by adding the right file beside it, with a description.

The file is stored under a name the portal makes (``evidence/<campaign pk>/<random>.<ext>``), never the name
it was uploaded with, which is kept apart (cleaned) for display and downloads.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.utils import timezone

from tendlc.models.campaigns import Campaign


class EvidenceKind(models.TextChoices):
    OPT_IN_SCREENSHOT = "opt_in_screenshot", "Opt-in form screenshot"
    CONSENT_TEXT = "consent_text", "Consent text"
    DOCUMENT = "document", "Other document"
    PAGE_SNAPSHOT = "page_snapshot", "Page snapshot from the link check"


# The extension each kept type is stored and downloaded with.
EXTENSIONS = {
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
    "text/plain": ".txt",
    "text/html": ".html",
}
OTHER_EXTENSION = ".bin"


def evidence_storage() -> Storage:
    """The storage named "evidence" in ``STORAGES`` (``portal.evidence_storage``), read when used so a
    test's settings apply."""
    return storages["evidence"]


def evidence_path(instance: "CampaignEvidence", filename: str) -> str:
    """A generated name under the campaign's folder: the uploaded name never reaches the storage."""
    extension = EXTENSIONS.get(instance.content_type, OTHER_EXTENSION)
    return f"evidence/{instance.campaign_id}/{secrets.token_hex(16)}{extension}"


class CampaignEvidence(models.Model):
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        related_name="evidence",
        verbose_name="campaign",
        help_text="The campaign whose consent this file shows.",
    )
    file = models.FileField(
        storage=evidence_storage,
        upload_to=evidence_path,
        max_length=255,
        verbose_name="file",
        help_text="The stored file, under a name the portal made.",
    )
    original_name = models.CharField(
        max_length=200,
        verbose_name="file name",
        help_text="The file's name as it was uploaded (cleaned), used when it is downloaded.",
    )
    kind = models.CharField(
        max_length=20,
        choices=EvidenceKind.choices,
        verbose_name="kind",
        help_text="What the file shows.",
    )
    description = models.TextField(
        blank=True, verbose_name="description", help_text="What the file is, in the words of who added it."
    )
    source_url = models.URLField(
        max_length=2000,
        blank=True,
        verbose_name="page address",
        help_text="For a page snapshot: the address the link check fetched.",
    )
    fetched_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="fetched",
        help_text="For a page snapshot: when the link check fetched the page.",
    )
    added_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name="added", help_text="When the file was added."
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tendlc_evidence_added",
        verbose_name="added by",
        help_text="Who added the file; empty for the portal itself (the link check) or a deleted user.",
    )
    added_by_name = models.CharField(
        max_length=150,
        blank=True,
        verbose_name="added by (name)",
        help_text="The user's name at the time, kept when the user is deleted.",
    )
    size = models.PositiveBigIntegerField(verbose_name="size", help_text="The file's size in bytes.")
    content_type = models.CharField(
        max_length=100,
        verbose_name="file type",
        help_text="The file's type as the portal read it from its content (e.g. image/png).",
    )
    sha256 = models.CharField(
        max_length=64,
        verbose_name="SHA-256",
        help_text="The SHA-256 digest of the file, to show it was not changed since it was added.",
    )

    class Meta:
        verbose_name = "campaign evidence"
        verbose_name_plural = "campaign evidence"
        ordering = ("-added_at", "-id")
        indexes = [models.Index(fields=["campaign", "-added_at"], name="evidence_campaign_added")]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Kept as added: a stored row is never changed.
        if self.pk is not None and not self._state.adding:
            raise ValueError("Campaign evidence is kept as it was added and never changed.")
        super().save(*args, **kwargs)

    @property
    def added_by_words(self) -> str:
        return self.added_by_name or "the portal"
