"""Lifting sign-in lockouts (django-axes' counted wrong passwords) by an admin, recorded in the audit log."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models import QuerySet

from tendlc.models import SignInLockout
from tendlc.services.audit import audit_record


def sign_in_lockouts_clear(
    *, user: AbstractBaseUser | AnonymousUser, attempts: QuerySet[SignInLockout]
) -> int:
    """Forgets the selected accounts' wrong passwords, so each may sign in again at once; returns how many."""
    with transaction.atomic():
        cleared = [(attempt.username or "", attempt.ip_address or "") for attempt in attempts]
        attempts.delete()
        for username, address in cleared:
            audit_record(
                user=user,
                action="sign_in.unlock",
                target=None,
                summary={"account": username, "address": address},
            )
    return len(cleared)
