"""The object-action mechanism: every per-object workflow page of the portal's admin is a declared
``ObjectAction``, reached at the URL derived from its declaration, and no admin leans on Django's private API
to do what the mechanism does."""

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

import tendlc.admin
from tendlc.admin.object_actions import ObjectAction, ObjectActionsAdmin, has_perm
from tendlc.forms.brands import ConfirmForm

ADMIN_PACKAGE = Path(tendlc.admin.__file__).parent
# What the declarations must keep answering at (tests and bookmarks use these addresses).
EXPECTED = {
    "brand": {
        "revet": "actions/revet/",
        "resend-2fa-email": "actions/resend-2fa-email/",
        "refresh-feedback": "actions/refresh-feedback/",
        "order-vetting": "actions/order-vetting/",
        "import-vetting": "actions/import-vetting/",
        "refresh-vettings": "actions/refresh-vettings/",
        "trigger-sms-otp": "actions/trigger-sms-otp/",
        "verify-sms-otp": "actions/verify-sms-otp/",
        "refresh-sms-otp": "actions/refresh-sms-otp/",
        "check-compliance": "actions/check-compliance/",
    },
    "campaign": {
        "refresh": "refresh/",
        "compliance": "compliance/",
        "check-links": "check-links/",
        "appeal": "appeal/",
        "reactivate": "reactivate/",
        "reactivation-check": "reactivation-check/",
        "reactivation-assign-again": "reactivation-assign-again/",
        "deactivate": "deactivate/",
    },
    "partnercampaign": {"refresh": "refresh/", "webhooks": "webhooks/"},
    "phonenumberassignment": {"remove": "remove/"},
    "campaignrenewal": {"auto-renewal": "auto-renewal/"},
    "numberupload": {"send": "send/"},
}


def portal_admins() -> dict[str, ObjectActionsAdmin]:
    found = {}
    for model in apps.get_app_config("tendlc").get_models():
        if admin.site.is_registered(model):
            model_admin = admin.site.get_model_admin(model)
            if isinstance(model_admin, ObjectActionsAdmin) and model_admin.object_actions_declared:
                found[model._meta.model_name] = model_admin
    return found


def test_each_admins_actions_are_declared_and_answer_at_their_addresses():
    derived = {
        name: {
            action.slug: reverse(
                f"admin:{model_admin.object_action_url_name(action)}", args=[7]
            ).removeprefix(f"/admin/tendlc/{name}/7/")
            for action in model_admin.object_actions_declared
        }
        for name, model_admin in portal_admins().items()
    }

    assert derived == EXPECTED


@pytest.mark.parametrize("path", sorted(ADMIN_PACKAGE.rglob("*.py")), ids=lambda path: path.name)
def test_no_admin_module_calls_djangos_private_admin_api(path):
    assert not re.findall(r"\._get_obj_does_not_exist_redirect\b", path.read_text())


def test_an_action_with_a_form_must_use_the_api():
    # Its form is built with the request's client; an action declared without the API would have none.
    with pytest.raises(ImproperlyConfigured, match="'stored-only' has a form"):
        ObjectAction(
            "stored-only",
            "Stored only",
            lambda obj, **values: "done",
            has_perm("tendlc.change_brand"),
            form=lambda data, obj, client: ConfirmForm(data),
            uses_api=False,
        )
