"""Marking a person's notifications read: only their own, each once (the first time is the one kept).

Marking by hand (the inbox's action, "mark all read", the API) is recorded in the audit log as the person's
action; opening a notification, which reads it, is not: it changes nothing but the person's own inbox.
"""

from django.db.models import QuerySet
from django.utils import timezone

from tendlc.models import Notification
from tendlc.services.audit import User, audited, user_recorded

MARK_READ = "notification.mark_read"


def _unread_of(user: User, notifications: QuerySet[Notification]) -> QuerySet[Notification]:
    person = user_recorded(user)
    if person is None:
        return Notification.objects.none()
    return notifications.filter(recipient=person, read_at__isnull=True)


def notification_open(*, user: User, notification: Notification) -> Notification:
    """``notification`` opened by ``user``: read from now on, if it is theirs and was unread."""
    if _unread_of(user, Notification.objects.filter(pk=notification.pk)).update(read_at=timezone.now()):
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notifications_mark_read(*, user: User, notifications: QuerySet[Notification]) -> int:
    """Mark ``user``'s unread notifications among ``notifications`` read; answer how many were."""
    with audited(user=user, action=MARK_READ) as audit:
        unread = list(_unread_of(user, notifications).values_list("pk", flat=True))
        # Unread is checked again by the update: one read meanwhile (another tab) keeps its first time.
        marked = Notification.objects.filter(pk__in=unread, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        audit.summary["notifications"] = unread
    return marked
