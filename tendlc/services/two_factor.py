"""Two-factor sign-in (django-otp): an authenticator app's six-digit codes (TOTP) and ten backup codes for
when the phone is lost. Who must use it: superusers and Compliance admins, when
``PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS`` is on; anyone else may turn it on from their own page.

Recovery is two ways: a backup code works once in place of the app's code, and an admin who may change users
removes a colleague's devices (recorded in the audit log), after which that colleague signs in with the
password alone and enrols again."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tendlc.selectors.roles import COMPLIANCE_ADMIN
from tendlc.services.audit import audit_record

APP_DEVICE = "Authenticator app"
BACKUP_DEVICE = "Backup codes"
BACKUP_CODES = 10


class TwoFactorCodeWrong(Exception):
    message = "That code is not right. Type the six digits the app shows now (they change every 30 seconds)."


def two_factor_required(*, user: User) -> bool:
    if not settings.PORTAL_REQUIRE_TWO_FACTOR_FOR_ADMINS:
        return False
    return user.is_superuser or user.groups.filter(name=COMPLIANCE_ADMIN).exists()


def two_factor_outstanding(*, user: User) -> bool:
    """Whether this request's sign-in still lacks the code it needs: ``user`` is the request's, on which
    django-otp's middleware records whether the session was verified with a code."""
    return two_factor_required(user=user) and not user.is_verified()  # type: ignore[attr-defined]


def two_factor_enabled(*, user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def two_factor_verify(*, user: User, token: str) -> Device | None:
    """The device that accepts ``token`` (the app's code or an unused backup code), each asked on its own so
    each keeps its throttling after wrong codes. In a transaction: django-otp locks the devices it verifies
    (so a code is not accepted twice at once), which PostgreSQL refuses outside one."""
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(token.replace(" ", "")):
                return device
    return None


def two_factor_enrolment_start(*, user: User) -> TOTPDevice:
    """A new secret for the app to read, kept unconfirmed until the person types a code from it."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def two_factor_enrolment_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Turns two-factor sign-in on once the app's code matches; returns the backup codes, shown only now."""
    if not device.verify_token(token.replace(" ", "")):
        raise TwoFactorCodeWrong
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        StaticDevice.objects.filter(user=user).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        backup = StaticDevice.objects.create(user=user, name=BACKUP_DEVICE, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=backup, token=code) for code in codes)
        audit_record(user=user, action="two_factor.enrol", target=user, summary={})
    return codes


def two_factor_reset(*, user: AbstractBaseUser | AnonymousUser, target: User) -> int:
    """Removes every device of ``target``: the way back for someone who lost both phone and backup codes."""
    with transaction.atomic():
        removed = 0
        for model in (TOTPDevice, StaticDevice):
            count, _ = model.objects.filter(user=target).delete()
            removed += count
        audit_record(
            user=user, action="two_factor.reset", target=target, summary={"username": target.username}
        )
    return removed
