"""The portal's system checks: a deploy without the 10DLC API key or the webhook public key is warned about,
by id; one with both, and every ordinary command, is not. A deploy with a weak secret key is an error."""

import pytest
from django.core.checks import ERROR, WARNING, run_checks

from tendlc.checks import (
    API_KEY_MISSING,
    PLACEHOLDER_SECRET_KEYS,
    PUBLIC_KEY_MISSING,
    SECRET_KEY_WEAK,
    secret_key_weakness,
)

STRONG_KEY = "Zq8vJ2mX7rK4pT1wN9bC6yH3fL5dG0sA-eU_iO8uY2tR4eW6qQ1zX3cV5bN7mM9kJ"


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
    settings.SECRET_KEY = STRONG_KEY
    settings.TELNYX_API_KEY, settings.TELNYX_PUBLIC_KEY = api_key, public_key

    assert portal_checks(deploy=True) == expected


def test_ordinary_commands_are_not_warned_where_the_keys_are_left_unset(settings):
    settings.TELNYX_API_KEY, settings.TELNYX_PUBLIC_KEY = "", ""

    assert portal_checks(deploy=False) == []


@pytest.mark.parametrize(
    "key",
    [
        *PLACEHOLDER_SECRET_KEYS,
        "django-insecure-" + STRONG_KEY,
        STRONG_KEY[:49],
        "ab" * 40,
    ],
    ids=[*PLACEHOLDER_SECRET_KEYS, "django-insecure", "49-characters", "2-different-characters"],
)
def test_a_deploy_check_refuses_a_placeholder_or_weak_secret_key(settings, key):
    settings.SECRET_KEY = key
    settings.TELNYX_API_KEY, settings.TELNYX_PUBLIC_KEY = "KEY123", "cHVibGljLWtleQ=="

    assert portal_checks(deploy=True) == [(SECRET_KEY_WEAK, ERROR)]
    assert portal_checks(deploy=False) == []


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        (
            "change-me-to-a-long-random-string",
            "DJANGO_SECRET_KEY is the placeholder shipped in docker/env.example",
        ),
        ("django-insecure-" + STRONG_KEY, "DJANGO_SECRET_KEY is a development key"),
        ("s3cret", "it needs at least 50 characters, of which at least 5 different (it has 6, 6 different)"),
        (
            "ab" * 40,
            "it needs at least 50 characters, of which at least 5 different (it has 80, 2 different)",
        ),
    ],
)
def test_the_weakness_of_a_key_is_named(key, expected):
    assert expected in secret_key_weakness(key)


def test_a_long_random_key_is_not_weak():
    assert secret_key_weakness(STRONG_KEY) is None
