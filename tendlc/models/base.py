"""What every local mirror of a remote 10DLC record has: its last raw payload and its local history.

Wire fields are columns named as the snake_case of their wire names (``tcrBrandId`` -> ``tcr_brand_id``);
the remote's own ``createdAt``/``updatedAt`` are ``created_at``/``updated_at``, so local bookkeeping uses
other names. A record that disappears remotely is never deleted here: ``remote_deleted_at`` marks it.
"""

from typing import ClassVar, Self

from django.db import models


class RemoteRecord(models.Model):
    # Django gives each concrete mirror its own ``objects``; declaring it here lets code written once for
    # every mirror (``type[RemoteRecord]`` in sync and webhooks) use it with the concrete row type.
    objects: ClassVar[models.Manager[Self]]

    raw = models.JSONField(
        default=dict,
        blank=True,
        verbose_name="last payload",
        help_text="The last wire payload seen for this record.",
    )
    recorded_at = models.DateTimeField(
        auto_now_add=True, verbose_name="recorded", help_text="When the portal first stored this record."
    )
    changed_at = models.DateTimeField(
        auto_now=True, verbose_name="changed", help_text="When the portal last changed this row."
    )
    synced_at = models.DateTimeField(
        null=True,
        blank=True,
        verbose_name="last synced",
        help_text="When the record was last read from the API.",
    )
    remote_deleted_at = models.DateTimeField(
        null=True,
        blank=True,
        db_index=True,
        verbose_name="gone remotely",
        help_text="When a sync found the record gone from the API; the row is kept for its history.",
    )

    class Meta:
        abstract = True
