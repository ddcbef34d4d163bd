"""Django's user admin, saying on the user's form what a role gives: being in one is enough to sign in
(the site's rule, in ``portal.admin``), so staff status is only for someone without a role; and what the
user hears of, with the way to their notification settings (the page they see as their own)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Field
from django.forms import Field as FormField
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from tendlc.admin.two_factor import two_factor_reset_selected
from tendlc.models import NotificationKind, NotificationSubscription

HELP = {
    "groups": (
        "A role is all a colleague needs to sign in to this portal. “Compliance staff” fill in and submit "
        "brands, campaigns and number assignments; “Compliance admin” can also appeal and deactivate "
        "campaigns, delete brands, accept campaigns shared with us, replay webhooks and override compliance "
        "errors."
    ),
    "is_staff": (
        "Lets this person sign in without a role; they then see only what the permissions below give them. "
        "Someone in a role does not need it."
    ),
}

admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin[User]):
    actions = [two_factor_reset_selected]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Notifications", {"fields": ("notification_settings",)}))
    readonly_fields = ("notification_settings",)

    @admin.display(description="subscribed to")
    def notification_settings(self, user: User) -> SafeString:
        """What the user hears of, and the way to change it: their settings page, as they see it."""
        kinds = [
            NotificationKind(kind).label
            for kind in NotificationSubscription.objects.filter(user=user)
            .order_by("kind")
            .values_list("kind", flat=True)
        ]
        url = reverse("admin:tendlc_notification_settings_of", args=[user.pk])
        return format_html(
            '{}<br><a href="{}" id="user-notification-settings">Change what {} hears of</a>',
            "; ".join(kinds) or "Nothing",
            url,
            user.get_username(),
        )

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> FormField | None:
        if db_field.name in HELP:
            kwargs["help_text"] = HELP[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)
