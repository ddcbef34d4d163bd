"""The REST API's tokens: only a hash of each key is stored, so neither the database nor the admin can give
a key away; the key itself is shown once, when it is issued (``tendlc.services.api_tokens``)."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        verbose_name="user",
        help_text="Whom the token acts as: the API allows it what this user's roles allow.",
    )
    name = models.CharField(
        max_length=100,
        verbose_name="name",
        help_text='What uses this token, e.g. "CRM sync (production)", so it can be told apart and revoked.',
    )
    prefix = models.CharField(
        max_length=16,
        editable=False,
        db_index=True,
        verbose_name="key starts with",
        help_text="The first characters of the key, not secret: enough to recognise it, not to use it.",
    )
    key_hash = models.CharField(
        max_length=64,
        unique=True,
        editable=False,
        verbose_name="key hash",
        help_text="SHA-256 of the key, hex: how a presented key is found. The key itself is never stored.",
    )
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, verbose_name="created", help_text="When the token was issued."
    )
    expires_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="expires",
        help_text="After this moment the token is refused. Empty: it does not expire.",
    )
    last_used_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        verbose_name="last used",
        help_text="The last request made with the token (to the minute).",
    )
    revoked_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        verbose_name="revoked",
        help_text="When an admin revoked the token; a revoked token is refused for good.",
    )

    class Meta:
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())
