"""The portal's system checks: a deploy without the 10DLC API key or the webhook public key is warned about,
by id; one with both, and every ordinary command, is not."""

import pytest
from django.core.checks import WARNING, run_checks

from tendlc.checks import API_KEY_MISSING, PUBLIC_KEY_MISSING


def portal_checks(*, deploy: bool) -> list[tuple[str, int]]:
    messages = run_checks(include_deployment_checks=deploy)
    return [(message.id, message.level) for message in messages if message.id.startswith("tendlc.")]


@pytest.mark.parametrize(
    ("api_key", "public_key", "expected"),
    [
        ("", "", [(API_KEY_MISSING, WARNING), (PUBLIC_KEY_MISSING, WARNING)]),
        ("  ", "cHVibGljLWtleQ==", [(API_KEY_MISSING, WARNING)]),
        ("KEY123", "", [(PUBLIC_KEY_MISSING, WARNING)]),
        ("KEY123", "cHVibGljLWtleQ==", []),
    ],
)
def test_a_deploy_check_warns_of_each_missing_key(settings, api_key, public_key, expected):
    settings.TELNYX_API_KEY, settings.TELNYX_PUBLIC_KEY = api_key, public_key

    assert portal_checks(deploy=True) == expected


def test_ordinary_commands_are_not_warned_where_the_keys_are_left_unset(settings):
    settings.TELNYX_API_KEY, settings.TELNYX_PUBLIC_KEY = "", ""

    assert portal_checks(deploy=False) == []
