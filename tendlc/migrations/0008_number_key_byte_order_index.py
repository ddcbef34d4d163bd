"""An index on phone numbers in byte order ("C") for PostgreSQL, where the sync compares number ranges that
way (``tendlc.services.sync._resources.key_range``) and the column's own index, in the database's locale,
cannot serve those comparisons: each range would read the whole table. SQLite compares bytes already."""

from django.db import migrations

INDEX = "tendlc_number_key_c"


def index_create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {INDEX} ON tendlc_phonenumberassignment (phone_number COLLATE "C")'
        )


def index_drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("tendlc", "0007_compliance_roles")]

    operations = [migrations.RunPython(index_create, index_drop)]
