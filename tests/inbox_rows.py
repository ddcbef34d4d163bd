"""Notifications made directly, as the fan-out makes them: an event (``Occurrence``) and its notification for
one person, about a record."""

import uuid

from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.utils import timezone

from tendlc.models import Notification, NotificationKind, Occurrence


def notification_for(
    user: User,
    *,
    about: Model | None = None,
    title: str = "Campaign CX4EP2A rejected by T-Mobile",
    body: str = "T-Mobile rejected the campaign. Reason given: the sample messages name no brand.",
    kind: str = NotificationKind.CAMPAIGN_REJECTED,
    read: bool = False,
    campaign_id: str = "CX4EP2A",
) -> Notification:
    now = timezone.now()
    target_type = ContentType.objects.get_for_model(about) if about is not None else None
    target_id = str(about.pk) if about is not None else ""
    occurrence = Occurrence.objects.create(
        key=f"test:{uuid.uuid4()}",
        kind=kind,
        occurred_at=now,
        target_type=target_type,
        target_id=target_id,
        target_repr=str(about or ""),
        campaign_id=campaign_id,
    )
    return Notification.objects.create(
        occurrence=occurrence,
        recipient=user,
        kind=kind,
        title=title,
        body=body,
        target_type=target_type,
        target_id=target_id,
        campaign_id=campaign_id,
        occurred_at=now,
        dedup_key=occurrence.key,
        read_at=now if read else None,
    )
