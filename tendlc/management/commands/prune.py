"""``manage.py prune [--dry-run]``: delete the records older than their retention now, as the daily schedule
does, and print how many of each kind went (or, with --dry-run, would go)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from tendlc.services.retention import RETENTIONS, retention_expired_count, retention_prune


class Command(BaseCommand):
    help = (
        "Delete the records kept longer than their retention (the RETENTION_*_DAYS settings) and print how "
        "many of each kind were deleted; with --dry-run, only count them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help="Count what would be deleted, and delete nothing."
        )

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        if dry_run:
            now = timezone.now()
            counts = {
                retention.label: retention_expired_count(retention=retention, now=now)
                for retention in RETENTIONS
            }
            verb = "would be deleted"
        else:
            counts = retention_prune(trigger="command").counts
            verb = "deleted"
        for retention in RETENTIONS:
            kept = f"kept {retention.days} days" if retention.days else "kept forever"
            self.stdout.write(f"{retention.label.capitalize()} ({kept}): {counts[retention.label]} {verb}")
