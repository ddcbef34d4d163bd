"""Who hears of what by default: the subscriptions a user gets from their roles.

Admins (the "Compliance admin" role and superusers) hear of every rejection and suspension; everyone with a
role hears of what they started themselves (the text-message codes they sent, the number assignments and
uploads they ran, the syncs they asked for). Defaults are added when a user is made or given a role, never
taken away, and never override a subscription the user changed or removed: a role given adds only the kinds
the roles held before did not bring.
Existing users got the same defaults from migration 0024, once.
"""

from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from tendlc.models import NotificationKind, NotificationSubscription
from tendlc.selectors.roles import COMPLIANCE_ADMIN, COMPLIANCE_STAFF

ADMIN_KINDS = (
    NotificationKind.CAMPAIGN_REJECTED,
    NotificationKind.CARRIER_SUSPENDED,
    NotificationKind.CARRIER_UNSUSPENDED,
    NotificationKind.DORMANCY_SUSPENDED,
    NotificationKind.LINK_DOWN,
)
STARTED_KINDS = (
    NotificationKind.OTP_DELIVERED,
    NotificationKind.OTP_EXPIRED,
    NotificationKind.ASSIGNMENT_FAILED,
    NotificationKind.SYNC_FAILED,
)


def subscriptions_default(*, roles: set[str], superuser: bool = False) -> dict[str, bool]:
    """The kinds that ``roles`` (group names) subscribe to, each with whether only what one started counts."""
    wanted: dict[str, bool] = {}
    if roles & {COMPLIANCE_STAFF, COMPLIANCE_ADMIN} or superuser:
        wanted.update(dict.fromkeys(STARTED_KINDS, True))
    if COMPLIANCE_ADMIN in roles or superuser:
        wanted.update(dict.fromkeys(ADMIN_KINDS, False))
    return wanted


def subscriptions_default_create(*, user: User, given: set[str] | None = None) -> int:
    """Add the default subscriptions ``user`` lacks: of all their roles (superuser included), or, when roles
    were just ``given``, only those the roles they held before did not bring already. Answer how many."""
    if not user.is_active:
        return 0
    roles = set(user.groups.values_list("name", flat=True))
    wanted = subscriptions_default(roles=roles, superuser=user.is_superuser)
    if given is not None:
        before = subscriptions_default(roles=roles - given, superuser=user.is_superuser)
        wanted = {kind: only_mine for kind, only_mine in wanted.items() if kind not in before}
    have = set(NotificationSubscription.objects.filter(user=user).values_list("kind", flat=True))
    missing = [
        NotificationSubscription(user=user, kind=kind, only_mine=only_mine)
        for kind, only_mine in wanted.items()
        if kind not in have
    ]
    NotificationSubscription.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


# Only on a user's creation and on a role given: a user who removed a default subscription keeps it removed
# through every later save (each sign-in saves the user).
@receiver(post_save, dispatch_uid="tendlc.notification_defaults_on_create")
def _on_user_created(sender: type, instance: Any, created: bool, **kwargs: Any) -> None:
    if created and isinstance(instance, User) and not kwargs.get("raw"):
        transaction.on_commit(lambda: subscriptions_default_create(user=instance))


@receiver(m2m_changed, dispatch_uid="tendlc.notification_defaults_on_role")
def _on_roles_given(sender: type, instance: Any, action: str, **kwargs: Any) -> None:
    if action != "post_add" or not isinstance(instance, User) or kwargs.get("model") is not Group:
        return
    roles = set(Group.objects.filter(pk__in=kwargs.get("pk_set") or ()).values_list("name", flat=True))
    transaction.on_commit(lambda: subscriptions_default_create(user=instance, given=roles))
