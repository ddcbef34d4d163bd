#!/usr/bin/env python
import os
import sys


def main() -> None:
    if sys.argv[1:2] == ["runsandbox"]:
        # The 10DLC sandbox is a stand-alone app: it runs without the portal's settings or database.
        from tendlc.sandbox.cli import main as runsandbox

        sys.exit(runsandbox(sys.argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
