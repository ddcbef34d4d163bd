"""Sign-in lockouts: django-axes' counted wrong passwords under the portal's own name, so the admin lists them
as "Sign-in lockouts" beside the portal's records and the Compliance admin role can be given them alone."""

from axes.models import AccessAttempt


class SignInLockout(AccessAttempt):  # type: ignore[misc]
    class Meta:
        proxy = True
        verbose_name = "sign-in lockout"
        verbose_name_plural = "sign-in lockouts"
