import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_creates_the_demo_superuser_once(settings, capsys):
    settings.DEBUG = True

    call_command("ensure_demo_superuser")
    call_command("ensure_demo_superuser")

    output = capsys.readouterr().out
    assert "Created demo superuser: admin / admin" in output
    assert "Demo superuser exists: log in as admin." in output
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser
    assert user.check_password("admin")


def test_refuses_outside_debug(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=0"):
        call_command("ensure_demo_superuser")

    assert not get_user_model().objects.exists()
