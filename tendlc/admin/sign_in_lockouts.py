"""Sign-in lockouts (django-axes' attempts) in plain words, with the one thing an admin does here: unlock.

Compliance admins and superusers may see and unlock (the permissions to view and delete a lockout, given to
"Compliance admin" by migration); no one adds or edits an attempt by hand. Unlocking forgets the wrong
passwords counted, so the person may sign in at once and gets the full number of tries again."""

from datetime import datetime
from typing import Any, cast

from django.conf import settings
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import ngettext

from tendlc.models import SignInLockout
from tendlc.services.sign_in import sign_in_lockouts_clear


class LockedFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "locked"

    def lookups(
        self, request: HttpRequest, model_admin: admin.ModelAdmin[SignInLockout]
    ) -> list[tuple[str, str]]:
        return [("yes", "Locked"), ("no", "Counting")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[SignInLockout]) -> QuerySet[SignInLockout]:
        if self.value() == "yes":
            return queryset.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        if self.value() == "no":
            return queryset.filter(failures_since_start__lt=settings.AXES_FAILURE_LIMIT)
        return queryset


@admin.register(SignInLockout)
class SignInLockoutAdmin(admin.ModelAdmin[SignInLockout]):
    list_display = ["account", "address", "wrong_passwords", "state", "last_try", "locked_until"]
    list_filter = [LockedFilter]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    actions = ["unlock_selected"]
    list_display_links = None

    @admin.display(description="account", ordering="username")
    def account(self, attempt: SignInLockout) -> str:
        return attempt.username or "(none typed)"

    @admin.display(description="address", ordering="ip_address")
    def address(self, attempt: SignInLockout) -> str:
        return attempt.ip_address or "unknown"

    @admin.display(description="wrong passwords in a row", ordering="failures_since_start")
    def wrong_passwords(self, attempt: SignInLockout) -> int:
        return int(attempt.failures_since_start)

    @admin.display(description="state")
    def state(self, attempt: SignInLockout) -> str:
        return "Locked" if attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT else "Counting"

    @admin.display(description="last wrong password", ordering="attempt_time")
    def last_try(self, attempt: SignInLockout) -> datetime:
        return cast(datetime, attempt.attempt_time)

    @admin.display(description="locked until")
    def locked_until(self, attempt: SignInLockout) -> datetime | str:
        if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
            return "—"
        return cast(datetime, attempt.attempt_time + settings.AXES_COOLOFF_TIME)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        title = f"Sign-in lockouts: paused after {settings.AXES_FAILURE_LIMIT} wrong passwords in a row"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: SignInLockout | None = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        # Django's "delete selected" would do the same as unlocking under a name that says less.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.action(description="Unlock selected accounts", permissions=["delete"])
    def unlock_selected(self, request: HttpRequest, queryset: QuerySet[SignInLockout]) -> None:
        unlocked = sign_in_lockouts_clear(user=request.user, attempts=queryset)
        message = ngettext(
            "Unlocked %(count)d account and address: they may sign in again now.",
            "Unlocked %(count)d accounts and addresses: they may sign in again now.",
            unlocked,
        ) % {"count": unlocked}
        self.message_user(request, message, messages.SUCCESS)
