"""Sign-in lockouts (django-axes' attempts under the portal's name), which Compliance admins may see and unlock
(view and delete). Written for the group of 0007; a group missing (deleted by an admin) is left missing."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

UNLOCK = ("view_signinlockout", "delete_signinlockout")
ROLE = "Compliance admin"


def lockouts_unlockable(apps, schema_editor):
    # As in 0007: permissions are made after all migrations ran unless made here.
    for config in apps.get_app_configs():
        models_module = getattr(config, "models_module", None)
        config.models_module = models_module or True
        try:
            create_permissions(config, apps=apps, verbosity=0)
        finally:
            config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="tendlc", codename__in=UNLOCK)
    for group in Group.objects.filter(name=ROLE):
        group.permissions.add(*permissions)


def lockouts_hidden(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=ROLE):
        group.permissions.remove(
            *group.permissions.filter(content_type__app_label="tendlc", codename__in=UNLOCK)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("tendlc", "0022_number_upload_rows"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [
        migrations.CreateModel(
            name="SignInLockout",
            fields=[],
            options={"verbose_name": "sign-in lockout", "verbose_name_plural": "sign-in lockouts", "proxy": True, "indexes": [], "constraints": []},
            bases=("axes.accessattempt",),
        ),
        migrations.RunPython(lockouts_unlockable, lockouts_hidden),
    ]
