"""System checks for the 10DLC settings the portal cannot work without in production.

They are deploy checks (``manage.py check --deploy``): in development ``make run`` hands the sandbox's key
and public key to the processes that need them, and the test suite leaves them unset on purpose, so
ordinary commands (``migrate``, the test run) stay quiet. Without the API key every workflow page answers
"The 10DLC API is not configured" (``tendlc.conf.api_session``); without the public key every webhook is
refused as unverifiable.
"""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

API_KEY_MISSING = "tendlc.W001"
PUBLIC_KEY_MISSING = "tendlc.W002"


@register(Tags.security, deploy=True)
def tendlc_settings_check(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    warnings: list[CheckMessage] = []
    if not settings.TELNYX_API_KEY.strip():
        warnings.append(
            Warning(
                "TELNYX_API_KEY is not set: the portal cannot call the 10DLC API, and its workflow pages"
                " refuse every action.",
                hint="Set TELNYX_API_KEY to the key of your Telnyx account.",
                id=API_KEY_MISSING,
            )
        )
    if not settings.TELNYX_PUBLIC_KEY.strip():
        warnings.append(
            Warning(
                "TELNYX_PUBLIC_KEY is not set: incoming webhooks cannot be verified and are refused.",
                hint="Set TELNYX_PUBLIC_KEY to the base64 public key shown in the Telnyx portal.",
                id=PUBLIC_KEY_MISSING,
            )
        )
    return warnings
