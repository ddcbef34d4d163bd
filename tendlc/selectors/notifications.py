"""Reads for notifications: who is told of an event, which chat channels post it, and who started a record."""

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet

from tendlc.models import (
    AuditEntry,
    AuditOutcome,
    ChatChannel,
    NotificationSubscription,
    Occurrence,
)


def subscriptions_of(occurrence: Occurrence) -> QuerySet[NotificationSubscription]:
    """The subscriptions of active users that cover ``occurrence``: its kind, its brand where a subscription
    names brands, the user's own records where it asks for those only, and begun no later than it happened."""
    found = NotificationSubscription.objects.filter(
        kind=occurrence.kind, user__is_active=True, created_at__lte=occurrence.occurred_at
    )
    found = found.filter(Q(brands=None) | Q(brands__brand_id=occurrence.brand_id or None))
    mine = Q(only_mine=False)
    if occurrence.started_by_id is not None:
        mine |= Q(user_id=occurrence.started_by_id)
    return found.filter(mine).select_related("user").distinct().order_by("user_id")


def chat_channels_of(occurrence: Occurrence) -> list[ChatChannel]:
    """The enabled channels posting ``occurrence``'s kind (and brand, where they name brands), added no later
    than it happened."""
    channels = (
        ChatChannel.objects.filter(enabled=True, created_at__lte=occurrence.occurred_at)
        .filter(Q(brands=None) | Q(brands__brand_id=occurrence.brand_id or None))
        .distinct()
        .order_by("pk")
    )
    # The kinds are a JSON list, which not every database can search: few channels, filtered here.
    return [channel for channel in channels if occurrence.kind in channel.kinds]


def started_by(record: Model, *, actions: tuple[str, ...], target: Model | None = None) -> User | None:
    """Who started ``record``: the user of the latest successful audit entry of one of ``actions`` on
    ``target`` (by default the record itself). An entry is written when its action ends, after the record it
    made was stored, so it is not bounded by the record's time."""
    on = target if target is not None else record
    entries = AuditEntry.objects.filter(
        action__in=actions,
        outcome=AuditOutcome.SUCCEEDED,
        target_type=ContentType.objects.get_for_model(on),
        target_id=str(on.pk),
        user__isnull=False,
    )
    entry = entries.select_related("user").order_by("-at", "-pk").first()
    return entry.user if entry is not None else None
