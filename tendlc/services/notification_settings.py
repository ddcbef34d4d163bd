"""Changing who hears of what: a person's subscriptions (their own, or anyone's for whoever may change users)
and the chat channels, each change recorded in the audit log under the person it was made for.

A chat channel's address and shared secret are secrets: the audit log gets the address's host and last
characters only, and the secret is masked by the log itself. A new subscription starts now, so nothing that
happened before it is sent (``created_at``); a changed one keeps its start.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from tendlc.models import Brand, ChatChannel, NotificationSubscription
from tendlc.services.audit import User, audited, user_recorded
from tendlc.services.chat import ChatError, chat_post
from tendlc.services.errors import WorkflowError
from tendlc.services.notification_content import Content

SUBSCRIBE = "notification_subscription.create"
CHANGE = "notification_subscription.update"
UNSUBSCRIBE = "notification_subscription.delete"
SETTINGS = "notification_settings.update"
CHANNEL_CREATE = "chat_channel.create"
CHANNEL_UPDATE = "chat_channel.update"
CHANNEL_DELETE = "chat_channel.delete"
CHANNEL_TEST = "chat_channel.test"
SHOWN_CHARACTERS = 4


def address_shown(url: str) -> str:
    """A chat address as it may be shown once saved: its host and last characters, the secret part hidden."""
    if not url:
        return ""
    host = urlsplit(url).hostname or ""
    return f"{host} …{url[-SHOWN_CHARACTERS:]}"


def secret_shown(secret: str) -> str:
    return f"Set, ending in …{secret[-SHOWN_CHARACTERS:]}" if secret else "None"


@dataclass(frozen=True)
class Wanted:
    """How a person wants to hear of one kind."""

    mode: str
    email: bool
    only_mine: bool
    brands: tuple[Brand, ...] = ()


def _subscription_summary(subscription: NotificationSubscription, brands: Iterable[Brand]) -> dict[str, Any]:
    return {
        "user": subscription.user.get_username(),
        "kind": subscription.kind,
        "mode": subscription.mode,
        "email": subscription.email,
        "only_mine": subscription.only_mine,
        "brands": sorted(str(brand) for brand in brands),
    }


def subscription_save(
    *, user: User, subscription: NotificationSubscription, brands: Iterable[Brand]
) -> NotificationSubscription:
    """Save ``subscription`` (new or changed) with ``brands`` as its only brands."""
    chosen = list(brands)
    # Each action named where it is recorded (tests/admin/test_audit_actions.py reads them there).
    recorded = (
        audited(user=user, action=SUBSCRIBE, target=subscription.user)
        if subscription.pk is None
        else audited(user=user, action=CHANGE, target=subscription.user)
    )
    with recorded as audit:
        audit.summary = _subscription_summary(subscription, chosen)
        with transaction.atomic():
            subscription.save()
            subscription.brands.set(chosen)
    return subscription


def subscription_delete(*, user: User, subscription: NotificationSubscription) -> None:
    with audited(user=user, action=UNSUBSCRIBE, target=subscription.user) as audit:
        audit.summary = _subscription_summary(subscription, subscription.brands.all())
        subscription.delete()


def subscriptions_set(
    *, user: User, target: AbstractBaseUser, wanted: Mapping[str, Wanted | None]
) -> dict[str, list[str]]:
    """Make ``target``'s subscriptions what ``wanted`` says for each kind it names (None: not wanted); answer
    the kinds subscribed, changed and unsubscribed. Kinds not named are left as they are."""
    done: dict[str, list[str]] = {"subscribed": [], "changed": [], "unsubscribed": []}
    with audited(user=user, action=SETTINGS, target=target) as audit:
        audit.summary = {"user": target.get_username(), **done}
        with transaction.atomic():
            existing = {
                row.kind: row
                for row in NotificationSubscription.objects.filter(user_id=target.pk).prefetch_related(
                    "brands"
                )
            }
            for kind, wish in wanted.items():
                row = existing.get(kind)
                if wish is None:
                    if row is not None:
                        row.delete()
                        done["unsubscribed"].append(kind)
                    continue
                if row is None:
                    row = NotificationSubscription(user_id=target.pk, kind=kind)
                    done["subscribed"].append(kind)
                elif (row.mode, row.email, row.only_mine, set(row.brands.all())) != (
                    wish.mode,
                    wish.email,
                    wish.only_mine,
                    set(wish.brands),
                ):
                    done["changed"].append(kind)
                else:
                    continue
                row.mode, row.email, row.only_mine = wish.mode, wish.email, wish.only_mine
                row.save()
                row.brands.set(wish.brands)
        audit.summary.update(done)
    return done


def _channel_summary(channel: ChatChannel, brands: Iterable[Brand]) -> dict[str, Any]:
    return {
        "name": channel.name,
        "service": channel.service,
        "address": address_shown(channel.url),
        "secret": channel.secret,
        "kinds": list(channel.kinds),
        "brands": sorted(str(brand) for brand in brands),
        "enabled": channel.enabled,
    }


def chat_channel_save(*, user: User, channel: ChatChannel, brands: Iterable[Brand]) -> ChatChannel:
    chosen = list(brands)
    recorded = (
        audited(user=user, action=CHANNEL_CREATE, target=channel)
        if channel.pk is None
        else audited(user=user, action=CHANNEL_UPDATE, target=channel)
    )
    with recorded as audit:
        audit.summary = _channel_summary(channel, chosen)
        with transaction.atomic():
            channel.save()
            channel.brands.set(chosen)
        audit.target = channel
    return channel


def chat_channel_delete(*, user: User, channel: ChatChannel) -> None:
    with audited(user=user, action=CHANNEL_DELETE, target=channel) as audit:
        audit.summary = _channel_summary(channel, channel.brands.all())
        channel.delete()


def chat_channel_test(*, user: User, channel: ChatChannel) -> None:
    """Post a test message to ``channel`` now, as notifications are posted; a refusal is kept as the channel's
    last error and raised as a WorkflowError saying it."""
    person = user_recorded(user)
    now = timezone.now()
    content = Content(
        kind="test",
        title="Test message from the 10DLC compliance portal",
        what=f"{person or 'The portal'} sent this to check that notifications reach {channel.name}. Nothing"
        " happened to any brand, campaign or number.",
        about=[("Channel", channel.name)],
        when=now,
        why=[],
        next_steps=["Nothing to do: if you read this here, the channel works."],
    )
    with audited(user=user, action=CHANNEL_TEST, target=channel, summary={"name": channel.name}):
        try:
            chat_post(channel=channel, content=content)
        except ChatError as error:
            ChatChannel.objects.filter(pk=channel.pk).update(last_error=str(error), last_error_at=now)
            raise WorkflowError(f"The test message did not reach {channel.name}: {error}") from error
        ChatChannel.objects.filter(pk=channel.pk).update(last_sent_at=now)
