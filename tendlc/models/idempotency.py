"""Idempotency keys: the first answer to a request that must not be done twice (a paid brand registration, a
campaign submission, a PIN texted), kept under the key its sender gave, so the same request sent again gets
that answer instead of a second registration. The REST API's ``Idempotency-Key`` header and the admin's
one-time form tokens are both stored here (``tendlc.services.idempotency`` owns the rules)."""

from django.conf import settings
from django.db import models


class IdempotencyKey(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name="user",
        help_text="Who sent the key: keys of different users never meet.",
    )
    endpoint = models.CharField(
        max_length=300,
        verbose_name="endpoint",
        help_text='Method and path the key was sent to, e.g. "POST /api/v1/brands/", or the admin form\'s name.',
    )
    key = models.CharField(
        max_length=255,
        verbose_name="key",
        help_text="The Idempotency-Key header's value, or the token rendered into an admin form.",
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        verbose_name="body fingerprint",
        help_text="SHA-256 of the request's values: the same key with other values is refused.",
    )
    response_status = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="response status",
        help_text="The HTTP status of the first answer; empty while that request is still being processed.",
    )
    response_body = models.JSONField(
        null=True,
        blank=True,
        verbose_name="response body",
        help_text="The first answer's body, answered again to a repeat (for an admin form: what it saved).",
    )
    created_at = models.DateTimeField(
        db_index=True,
        verbose_name="created",
        help_text="When the key was first seen (or taken over after a crash); it expires 24 hours later.",
    )
    completed_at = models.DateTimeField(
        null=True, blank=True, verbose_name="completed", help_text="When the first answer was kept."
    )

    class Meta:
        verbose_name = "idempotency key"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "endpoint", "key"], name="tendlc_idempotency_key_unique_per_user_endpoint"
            )
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"

    @property
    def in_flight(self) -> bool:
        return self.response_status is None
