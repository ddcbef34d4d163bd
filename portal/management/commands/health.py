"""``manage.py health [check ...]``: the detailed health report in a terminal, for operators and for container
health checks of processes that serve nothing to probe (beat). Exits 1 when a check fails."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from portal.health import DETAILED_CHECKS, detailed_checks


class Command(BaseCommand):
    help = "Report the portal's health (database, broker, worker, beat, last sync, webhook events, prune); exit 1 if unhealthy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "checks",
            nargs="*",
            metavar="check",
            help=f"Only these checks ({', '.join(DETAILED_CHECKS)}); all by default.",
        )

    def handle(self, *args: Any, checks: list[str], **options: Any) -> None:
        unknown = [name for name in checks if name not in DETAILED_CHECKS]
        if unknown:
            raise CommandError(
                f"No check named {', '.join(unknown)}: choose from {', '.join(DETAILED_CHECKS)}."
            )
        answers = detailed_checks(checks or DETAILED_CHECKS)
        for name, answer in answers.items():
            if answer["ok"]:
                self.stdout.write(f"{name}: ok")
            else:
                self.stdout.write(f"{name}: {answer['problem']}\n  What to do: {answer['action']}")
        failed = [name for name, answer in answers.items() if not answer["ok"]]
        if failed:
            raise CommandError(f"Unhealthy: {', '.join(failed)}.", returncode=1)
