"""Create the demo superuser that `make run` prints, unless it already exists."""

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "admin"  # noqa: S105 - a development-only login, refused outside DEBUG


class Command(BaseCommand):
    help = "Create the demo superuser admin/admin if it is absent (development only: needs DJANGO_DEBUG=1)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create a demo superuser with a known password when DJANGO_DEBUG=0."
            )
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(f"Demo superuser exists: log in as {DEMO_USERNAME}.")
            return
        user_model.objects.create_superuser(DEMO_USERNAME, email="admin@example.com", password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Created demo superuser: {DEMO_USERNAME} / {DEMO_PASSWORD}"))
