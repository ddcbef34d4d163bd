"""Reads of a person's inbox: their own notifications only, whoever asks, and the record each is about."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet

from tendlc.models import Notification


def inbox_of(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Notification]:
    """``user``'s notifications, newest first; none for someone not signed in."""
    if not user.is_authenticated:
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk).select_related("target_type")


def inbox_unread_count(*, user: AbstractBaseUser | AnonymousUser) -> int:
    """How many of ``user``'s notifications are unread: one query, on the (recipient, read_at) index."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def notification_record(notification: Notification) -> Model | None:
    """The record ``notification`` is about, if it names one that is still stored."""
    if notification.target_type is None or not notification.target_id:
        return None
    model = notification.target_type.model_class()
    if model is None:
        return None
    try:
        return model._default_manager.filter(pk=notification.target_id).first()
    except (ValueError, ValidationError):
        # An id that is no key of the model (its type changed since): no record to show.
        return None
