"""``manage.py check_compliance FILE.json``: the pre-submission compliance checks on campaigns and brands
written as JSON, for scripts and CI. Exit status 1 when an error-severity finding blocks submission, 2 when
the input cannot be read."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tendlc.compliance import check
from tendlc.compliance.submission import SubmissionError, submission_from_dict

# Distinct from the exit status 1 of "errors found", so a script can tell a rejected campaign from a bad call.
INPUT_ERROR = 2


class Command(BaseCommand):
    help = (
        'Check {"brand": {...}, "campaign": {...}, "context": {...}} objects (wire field names; campaign and '
        "context optional), or a list of them, against the compliance rules, and print "
        '{"findings": [...]} for each as JSON. Exits with status 1 when any finding is an error.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="A JSON file holding one object or a list of objects.")

    def handle(self, *args: Any, file: str, **options: Any) -> None:
        data = self._read(Path(file))
        items = data if isinstance(data, list) else [data]
        submissions = []
        for position, item in enumerate(items, start=1):
            try:
                submissions.append(submission_from_dict(item))
            except SubmissionError as error:
                where = f"item {position}: " if isinstance(data, list) else ""
                raise CommandError(f"{file}: {where}{error}", returncode=INPUT_ERROR) from None
        results = [check(item.brand, item.campaign, item.context) for item in submissions]
        printed = [{"findings": [finding.to_dict() for finding in findings]} for findings in results]
        self.stdout.write(json.dumps(printed if isinstance(data, list) else printed[0], indent=2))
        errors = sum(finding.is_error for findings in results for finding in findings)
        if errors:
            raise CommandError(f"{errors} error finding(s) would block submission.", returncode=1)

    def _read(self, path: Path) -> object:
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file", returncode=INPUT_ERROR) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{path}: cannot be read ({error})", returncode=INPUT_ERROR) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(f"{path}: not valid JSON ({error})", returncode=INPUT_ERROR) from None
