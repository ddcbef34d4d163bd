"""API tokens kept as hashes, and the keys DRF's authtoken issued moved into them.

Each authtoken key becomes a token of the same user, named so an admin can tell it apart, stored as the
SHA-256 of the key (as tendlc.services.api_tokens hashes a presented key, so existing clients keep working).
The clear keys are then deleted from authtoken's table: authtoken leaves INSTALLED_APPS with this change, and
its table would otherwise keep every key readable. The table itself stays, as authtoken's migrations
recorded it. Going back removes the hashed tokens and cannot restore the clear keys.
"""

import hashlib
from datetime import UTC

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


AUTHTOKEN_TABLE = "authtoken_token"


def authtoken_keys_move(apps, schema_editor):
    connection = schema_editor.connection
    if AUTHTOKEN_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("tendlc", "ApiToken")
    key_column = connection.ops.quote_name("key")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key_column}, user_id, created FROM {AUTHTOKEN_TABLE}")  # noqa: S608 - constants
        rows = cursor.fetchall()
        ApiToken.objects.bulk_create(
            ApiToken(
                user_id=user_id,
                name="Token issued before hashed tokens",
                prefix=key[:8],
                key_hash=hashlib.sha256(key.encode()).hexdigest(),
                # SQLite hands raw datetimes back naive; they were stored in UTC.
                created_at=created if timezone.is_aware(created) else timezone.make_aware(created, UTC),
            )
            for key, user_id, created in rows
        )
        cursor.execute(f"DELETE FROM {AUTHTOKEN_TABLE}")  # noqa: S608 - a constant


class Migration(migrations.Migration):

    dependencies = [
        ('tendlc', '0011_campaign_plain_help_texts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ApiToken',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(help_text='What uses this token, e.g. "CRM sync (production)", so it can be told apart and revoked.', max_length=100, verbose_name='name')),
                ('prefix', models.CharField(db_index=True, editable=False, help_text='The first characters of the key, not secret: enough to recognise it, not to use it.', max_length=16, verbose_name='key starts with')),
                ('key_hash', models.CharField(editable=False, help_text='SHA-256 of the key, hex: how a presented key is found. The key itself is never stored.', max_length=64, unique=True, verbose_name='key hash')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False, help_text='When the token was issued.', verbose_name='created')),
                ('expires_at', models.DateTimeField(blank=True, help_text='After this moment the token is refused. Empty: it does not expire.', null=True, verbose_name='expires')),
                ('last_used_at', models.DateTimeField(blank=True, editable=False, help_text='The last request made with the token (to the minute).', null=True, verbose_name='last used')),
                ('revoked_at', models.DateTimeField(blank=True, editable=False, help_text='When an admin revoked the token; a revoked token is refused for good.', null=True, verbose_name='revoked')),
                ('user', models.ForeignKey(help_text="Whom the token acts as: the API allows it what this user's roles allow.", on_delete=django.db.models.deletion.CASCADE, related_name='api_tokens', to=settings.AUTH_USER_MODEL, verbose_name='user')),
            ],
            options={
                'verbose_name': 'API token',
                'verbose_name_plural': 'API tokens',
                'ordering': ['-created_at'],
            },
        ),
        migrations.RunPython(authtoken_keys_move, migrations.RunPython.noop),
    ]
