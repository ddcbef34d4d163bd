"""The password validators hold for every way an account gets a password: createsuperuser with the password
in the environment (Django checks only a typed one) and the admin's user forms."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_a_weak_password_from_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "password")

    with pytest.raises(CommandError) as refused:
        call_command("createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.com")

    assert str(refused.value) == ("DJANGO_SUPERUSER_PASSWORD is refused: This password is too common.")
    assert not get_user_model().objects.exists()


def test_a_password_like_the_username_is_refused(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "bossanova77")

    with pytest.raises(CommandError, match="too similar to the username"):
        call_command("createsuperuser", "--noinput", "--username", "bossanova77", "--email", "b@example.com")


def test_a_strong_password_from_the_environment_creates_the_superuser(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "kettle-orbit-93-lantern")

    call_command("createsuperuser", "--noinput", "--username", "boss", "--email", "boss@example.com")

    user = get_user_model().objects.get(username="boss")
    assert user.is_superuser
    assert user.check_password("kettle-orbit-93-lantern")
