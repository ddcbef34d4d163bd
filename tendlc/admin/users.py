"""Django's user admin, saying on the user's form what a role gives: being in one is enough to sign in
(the site's rule, in ``portal.admin``), so staff status is only for someone without a role."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db.models import Field
from django.forms import Field as FormField
from django.http import HttpRequest

from tendlc.admin.two_factor import two_factor_reset_selected

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

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> FormField | None:
        if db_field.name in HELP:
            kwargs["help_text"] = HELP[db_field.name]
        return super().formfield_for_dbfield(db_field, request, **kwargs)
