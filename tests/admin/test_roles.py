"""The two roles as the data migration creates them: exact permissions, and only admins hold the
destructive ones."""

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.auth.models import Group

from tests.fixtures.users import ADMIN, STAFF

pytestmark = pytest.mark.django_db

roles = importlib.import_module("tendlc.migrations.0007_compliance_roles")
# Granted to both roles by later migrations, for models added since.
LATER = {"view_statuschange", "add_campaignevidence", "view_campaignevidence"}
# Granted to admins only by later migrations: seeing and lifting sign-in lockouts (0022).
ADMIN_LATER = {
    "view_signinlockout",
    "delete_signinlockout",
    # Setting up the team's chat channels for notifications (0026).
    "add_chatchannel",
    "change_chatchannel",
    "delete_chatchannel",
    "view_chatchannel",
}
ADMIN_ONLY = {
    "delete_brand",
    "appeal_campaign",
    "deactivate_campaign",
    "change_partnercampaign",
    "view_webhookevent",
    "replay_webhookevent",
    "override_compliancecheck",
}


def codenames(group: str) -> set[str]:
    return set(Group.objects.get(name=group).permissions.values_list("codename", flat=True))


def test_staff_hold_exactly_their_permissions():
    assert codenames(STAFF) == set(roles.STAFF_PERMISSIONS) | LATER
    assert not codenames(STAFF) & (ADMIN_ONLY | ADMIN_LATER)


def test_admins_hold_the_staff_permissions_and_the_admin_only_ones():
    assert codenames(ADMIN) == set(roles.STAFF_PERMISSIONS) | ADMIN_ONLY | LATER | ADMIN_LATER


def test_running_again_restores_exact_permissions():
    staff = Group.objects.get(name=STAFF)
    staff.permissions.clear()
    roles.roles_create(global_apps, None)
    assert codenames(STAFF) == set(roles.STAFF_PERMISSIONS)


def test_nobody_may_edit_or_delete_audit_entries():
    for group in (STAFF, ADMIN):
        assert {"add_auditentry", "change_auditentry", "delete_auditentry"}.isdisjoint(codenames(group))


def test_the_audit_log_is_read_only_even_for_superusers(admin_client, compliance_admin_client):
    entry_page = "/admin/tendlc/auditentry/"
    assert admin_client.get(entry_page).status_code == 200
    assert admin_client.get(f"{entry_page}add/").status_code == 403
    assert compliance_admin_client.get(entry_page).status_code == 200
