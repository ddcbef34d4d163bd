"""Issue a REST API token from the command line (for provisioning scripts), printing its key once."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from tendlc.models import ApiToken
from tendlc.services.api_tokens import api_token_issue


class Command(BaseCommand):
    help = (
        "Issue an API token for a user and print its key, once: only a hash is stored. "
        "Tokens are listed, edited and revoked in the admin under API tokens."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The user the token acts as.")
        parser.add_argument("--name", required=True, help='What will use the token, e.g. "CRM sync".')
        parser.add_argument(
            "--expires-in-days",
            type=int,
            default=None,
            help="Days until the token is refused (default: never).",
        )

    def handle(
        self, *args: Any, username: str, name: str, expires_in_days: int | None, **options: Any
    ) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user is called {username!r}.")
        if expires_in_days is not None and expires_in_days < 1:
            raise CommandError("--expires-in-days must be 1 or more.")
        expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
        key = api_token_issue(token=ApiToken(user=user, name=name, expires_at=expires_at))
        # The key alone on stdout, so a script can capture it; the explanation goes to stderr.
        self.stderr.write(f"Issued API token {name!r} for {username}; it is shown only this once:")
        self.stdout.write(key)
