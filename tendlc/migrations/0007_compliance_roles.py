"""The two roles of the portal as groups with exact permissions: "Compliance staff" fill and submit forms,
"Compliance admin" also appeal, deactivate, delete, accept shared campaigns, replay webhooks and
override compliance errors.

Running again sets each group's permissions back to exactly these (an admin who wants more makes another
group). The lists are frozen here, as a migration's must be; tests/admin/test_roles.py checks that the
admin enforces them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = "Compliance staff"
ADMIN = "Compliance admin"

VIEW_ALL = [
    f"view_{model}"
    for model in (
        "brand", "brandfeedback", "brandfeedbackcategory", "externalvetting", "smsotpverification",
        "campaign", "campaignappeal", "campaignmnostatus", "partnercampaign", "sharedcampaign",
        "phonenumberassignment", "assignmenttask", "assignmenttasknumber", "numberupload", "syncrun",
        "auditentry", "compliancecheck",
    )
]  # fmt: skip
STAFF_PERMISSIONS = [
    *VIEW_ALL,
    "add_brand", "change_brand", "add_externalvetting", "add_smsotpverification",
    "add_campaign", "change_campaign",
    "add_phonenumberassignment", "change_phonenumberassignment", "delete_phonenumberassignment",
    "add_assignmenttask", "add_numberupload", "add_compliancecheck", "start_syncrun",
]  # fmt: skip
ADMIN_PERMISSIONS = [
    *STAFF_PERMISSIONS,
    "delete_brand", "appeal_campaign", "deactivate_campaign", "change_partnercampaign",
    "view_webhookevent", "replay_webhookevent", "override_compliancecheck",
]  # fmt: skip


def roles_create(apps, schema_editor):
    # Permissions are normally created after all migrations ran; the groups need them now. create_permissions
    # skips an app whose models_module is unset, as it is on the migration's historical app registry.
    for config in apps.get_app_configs():
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        try:
            create_permissions(config, apps=apps, verbosity=0)
        finally:
            config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ((STAFF, STAFF_PERMISSIONS), (ADMIN, ADMIN_PERMISSIONS)):
        permissions = Permission.objects.filter(content_type__app_label="tendlc", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions missing for {name}: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def roles_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[STAFF, ADMIN]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("tendlc", "0006_number_uploads_and_compliance_checks"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(roles_create, roles_remove)]
