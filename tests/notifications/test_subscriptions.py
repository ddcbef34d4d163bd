"""Default subscriptions by role: admins hear of rejections and suspensions, everyone with a role of what they
started; given to new users and new roles, never taking back what a user removed; existing users get them from
the migration."""

import importlib
import pkgutil

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User

import tendlc.migrations as migrations_package
from tendlc.models import NotificationSubscription
from tendlc.services.notification_subscriptions import ADMIN_KINDS, STARTED_KINDS

pytestmark = pytest.mark.django_db

notifications_migration = importlib.import_module(
    next(
        f"tendlc.migrations.{module.name}"
        for module in pkgutil.iter_modules(migrations_package.__path__)
        if module.name.endswith("_notifications")
    )
)
STARTED = {(kind.value, True) for kind in STARTED_KINDS}
ADMIN = {(kind.value, False) for kind in ADMIN_KINDS}


def subscriptions(user: User) -> set[tuple[str, bool]]:
    return set(NotificationSubscription.objects.filter(user=user).values_list("kind", "only_mine"))


def made(username: str, *roles: str, superuser: bool = False, capture) -> User:
    with capture(execute=True):
        user = User.objects.create_user(username, is_staff=True, is_superuser=superuser)
        user.groups.add(*Group.objects.filter(name__in=roles))
    return user


@pytest.mark.parametrize(
    ("roles", "superuser", "expected"),
    [
        (("Compliance staff",), False, STARTED),
        (("Compliance admin",), False, STARTED | ADMIN),
        (("Compliance staff", "Compliance admin"), False, STARTED | ADMIN),
        ((), True, STARTED | ADMIN),
        ((), False, set()),
    ],
    ids=["staff", "admin", "both", "superuser", "no role"],
)
def test_a_new_user_gets_the_subscriptions_of_their_roles(
    roles, superuser, expected, django_capture_on_commit_callbacks
):
    user = made("new", *roles, superuser=superuser, capture=django_capture_on_commit_callbacks)

    assert subscriptions(user) == expected


def test_a_removed_default_stays_removed_and_a_new_role_adds_only_its_own(django_capture_on_commit_callbacks):
    user = made("grows", "Compliance staff", capture=django_capture_on_commit_callbacks)
    NotificationSubscription.objects.filter(user=user, kind="otp_delivered").delete()

    with django_capture_on_commit_callbacks(execute=True):
        user.first_name = "Grace"
        user.save()
        user.groups.add(Group.objects.get(name="Compliance admin"))

    assert subscriptions(user) == (STARTED - {("otp_delivered", True)}) | ADMIN


def test_the_migration_gives_existing_users_their_defaults_once():
    admin = User.objects.create_user("existing-admin")
    admin.groups.add(Group.objects.get(name="Compliance admin"))
    nobody = User.objects.create_user("existing-nobody")

    notifications_migration.subscriptions_default(apps, None)
    notifications_migration.subscriptions_default(apps, None)

    assert subscriptions(admin) == STARTED | ADMIN
    assert subscriptions(nobody) == set()
    assert NotificationSubscription.objects.count() == len(STARTED | ADMIN)
