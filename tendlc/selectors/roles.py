"""Reads about the portal's roles (auth groups): who holds a permission, so a refusal can say whom to ask."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, User


@dataclass(frozen=True)
class RoleHolders:
    role: str
    names: list[str]  # the role's active members, by full name where they have one


def role_holders(*, permission: str) -> list[RoleHolders]:
    """The roles holding ``permission`` (``app_label.codename``) and their active members, by role name."""
    app_label, _, codename = permission.partition(".")
    roles = Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    ).order_by("name")
    return [
        RoleHolders(
            role.name,
            [
                user.get_full_name() or user.get_username()
                for user in User.objects.filter(groups=role, is_active=True).order_by("username")
            ],
        )
        for role in roles
    ]


def user_has_role(user: User) -> bool:
    """Whether ``user`` is in a role: a member of any of the portal's groups."""
    return user.groups.exists()


def role_names() -> list[str]:
    return list(Group.objects.order_by("name").values_list("name", flat=True))


# The portal's roles (tendlc/migrations/0007_compliance_roles.py): admins answer for its data.
COMPLIANCE_ADMIN = "Compliance admin"
COMPLIANCE_STAFF = "Compliance staff"


def sees_technical_details(*, user: User) -> bool:
    """Whether ``user`` is shown what the API sent as it sent it: Compliance admins and superusers, who answer
    Telnyx's support; staff read the same facts in words above it."""
    return user.is_active and (user.is_superuser or user.groups.filter(name=COMPLIANCE_ADMIN).exists())
