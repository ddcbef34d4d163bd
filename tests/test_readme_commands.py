"""Every command README.md shows, as a new user types it once `make run` has run: in a copy of the checkout,
with a shell that exports nothing. A command the README gains without a row in COMMANDS fails
test_every_readme_command_has_an_expected_outcome, so the README and this table change together."""

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.compliance import payloads

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"

# The first word of an inline code span that makes it a command (after any `NAME=value` assignments). Bare
# `python` and `manage.py` are here so that a command printed without the virtualenv's Python is caught.
COMMAND_WORDS = {
    "make",
    "python",
    "python3",
    ".venv/bin/python",
    "manage.py",
    "docker",
    "cp",
    "export",
    "createdb",
    "apt-get",
    "celery",
    "gunicorn",
    "pytest",
    "pip",
    "source",
}
ASSIGNMENT = re.compile(r"^[A-Z_]+=\S*$")


@dataclass(frozen=True)
class Outcome:
    """What running a README command proves: `run` (a shell line, the command itself or a variant that does
    not start a server or change the checkout) exits with `returncode` and prints what `prints` matches;
    without `run`, `why` says why and which test covers it instead."""

    run: str | None = None
    returncode: int = 0
    prints: str = ""
    needs_compose: bool = False
    why: str = ""


def dry_make(target: str, prints: str = "") -> Outcome:
    return Outcome(run=f"make -n {target}", prints=prints, why="make -n: the target exists and expands")


COMMANDS: dict[str, Outcome] = {
    "make run": dry_make("run", prints="manage.py migrate"),
    "PORT=8080 make run": Outcome(run="PORT=8080 make -n run", prints=r"127\.0\.0\.1:8080"),
    "make PYTHON=python3.12 ...": Outcome(run="make -n PYTHON=python3.12 run", prints="python3.12"),
    "make test": dry_make("test", prints="pytest"),
    "make test-fast": dry_make("test-fast", prints="not slow"),
    "make lint": dry_make("lint", prints="mypy"),
    "make format": dry_make("format", prints="ruff format"),
    "make bench": dry_make("bench", prints="benchmarks/"),
    "make bench-scale": dry_make("bench-scale", prints="benchmarks/scale.py"),
    "make lock": dry_make("lock", prints="pip-compile"),
    "make clean": dry_make("clean", prints="rm -rf"),
    "source .venv/bin/activate": Outcome(
        run="source .venv/bin/activate && command -v python", prints=r"/\.venv/bin/python\n$"
    ),
    "make local-env": Outcome(run="make local-env && cat var/local.env", prints="DJANGO_DEBUG=1"),
    ".venv/bin/python manage.py check_compliance campaign.json": Outcome(
        run=".venv/bin/python manage.py check_compliance campaign.json", prints=r'"findings": \[\]'
    ),
    ".venv/bin/python manage.py compliance_report": Outcome(
        run=".venv/bin/python manage.py compliance_report", prints="overall"
    ),
    ".venv/bin/python manage.py sync_10dlc": Outcome(
        run=".venv/bin/python manage.py sync_10dlc --help", prints="sync", why="a real run calls the API"
    ),
    '.venv/bin/python manage.py create_api_token <username> --name "CRM sync" [--expires-in-days 90]': Outcome(
        run=".venv/bin/python manage.py create_api_token --help",
        prints=r"--name(.|\n)*--expires-in-days",
        why="<username> and [...] are placeholders",
    ),
    # The local settings keep DEBUG on, so it warns about more than the keys; that a production configuration
    # passes is tests/test_settings.py's.
    ".venv/bin/python manage.py check --deploy": Outcome(
        run=".venv/bin/python manage.py check --deploy",
        prints=r"tendlc\.W001(.|\n)*tendlc\.W002",
    ),
    # Once `make run` has migrated, before its worker and beat run: the report names them and exits 1.
    ".venv/bin/python manage.py health": Outcome(
        run=".venv/bin/python manage.py migrate --no-input -v 0 && .venv/bin/python manage.py health",
        returncode=1,
        prints=r"database: ok(.|\n)*worker: No Celery worker answered(.|\n)*beat: Beat has never started",
    ),
    ".venv/bin/python manage.py prune --dry-run": Outcome(
        run=".venv/bin/python manage.py migrate --no-input -v 0 && .venv/bin/python manage.py prune --dry-run",
        prints=r"Status changes \(timeline\) \(kept 730 days\): 0 would be deleted",
    ),
    "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'": Outcome(
        run="python3 -c 'import secrets; print(secrets.token_urlsafe(50))'", prints=r"^[\w-]{60,}\n$"
    ),
    ".venv/bin/python manage.py runsandbox": Outcome(
        run=".venv/bin/python manage.py runsandbox --print-public-key",
        prints=r"^[A-Za-z0-9+/]{43}=\n$",
        why="serving does not end: the key it prints at start-up instead",
    ),
    ".venv/bin/python manage.py runsandbox 0.0.0.0:9000 --reset --speed 10 --api-key secret "
    "--database /tmp/sb.sqlite3": Outcome(
        run=".venv/bin/python manage.py runsandbox --help",
        prints=r"--reset(.|\n)*--speed(.|\n)*--api-key(.|\n)*--database",
        why="starts a server",
    ),
    "cp docker/env.example docker/.env": Outcome(
        run="cp docker/env.example docker/.env && grep -c = docker/.env", prints=r"^\d+\n$"
    ),
    "docker compose -f docker/compose.yaml up --build --scale worker=3": Outcome(
        run="cp docker/env.example docker/.env && DJANGO_SECRET_KEY=x docker compose -f docker/compose.yaml "
        "config --quiet",
        needs_compose=True,
        why="needs a Docker engine; tests/test_docker_files.py checks the file without one",
    ),
    "export DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal": Outcome(
        why="sets a setting (see below)"
    ),
    "export CELERY_BROKER_URL=redis://127.0.0.1:6379/0": Outcome(why="sets a setting (see below)"),
    "export TELNYX_API_KEY=KEY0123...": Outcome(why="sets a setting (see below)"),
    "export TELNYX_PUBLIC_KEY=base64-public-key": Outcome(why="sets a setting (see below)"),
    "export TELNYX_API_BASE_URL=https://api.telnyx.com/v2": Outcome(why="sets a setting (see below)"),
    "createdb -h 127.0.0.1 -U postgres portal": Outcome(
        why="needs a PostgreSQL server; tests/test_database.py runs the portal on one"
    ),
    "apt-get install chromium": Outcome(why="installs a system package; tests/browser/ skip without it"),
}


def readme_commands() -> set[str]:
    text = README.read_text()
    commands = set()
    for block in re.findall(r"```(?:sh|shell|bash|console)\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            command = re.sub(r"\s+#.*$", "", line).strip()
            if command:
                commands.add(command)
    prose = re.sub(r"```.*?```", "", text, flags=re.DOTALL)
    for span in re.findall(r"`([^`\n]+)`", prose):
        words = span.split()
        program = next((word for word in words if not ASSIGNMENT.match(word)), "")
        if len(words) > 1 and program in COMMAND_WORDS:
            commands.add(span)
    return commands


def settings_variables() -> set[str]:
    source = (ROOT / "portal" / "settings.py").read_text()
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))


def compose_cli_installed() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode == 0


def test_the_readme_shows_commands_and_finds_each_kind():
    commands = readme_commands()

    assert "make run" in commands
    assert ".venv/bin/python manage.py check_compliance campaign.json" in commands
    assert "PORT=8080 make run" in commands


def test_every_readme_command_has_an_expected_outcome():
    commands = readme_commands()

    assert commands - set(COMMANDS) == set(), "README commands this test does not know: add them to COMMANDS"
    assert set(COMMANDS) - commands == set(), "COMMANDS the README no longer shows: remove them"


def test_readme_runs_django_with_the_virtualenvs_python():
    bare = {command for command in readme_commands() if re.match(r"(python|manage\.py)\s", command)}

    assert bare == set(), "a bare `python` is not the virtualenv's: print `.venv/bin/python manage.py ...`"


def test_each_exported_variable_is_a_setting():
    exported = {
        command.split()[1].split("=")[0] for command in readme_commands() if command.startswith("export ")
    }

    assert exported
    assert exported <= settings_variables()


@pytest.fixture(scope="module")
def checkout_after_make_run(tmp_path_factory) -> Path:
    """A copy of the checkout sharing this virtualenv, after the step of `make run` that the commands rely on."""
    copy = tmp_path_factory.mktemp("readme") / "portal"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".git", ".venv", "var", "*_cache", "__pycache__", "docker/.env"),
    )
    (copy / ".venv").symlink_to(ROOT / ".venv")
    (copy / "campaign.json").write_text(
        json.dumps({"brand": payloads.brand(), "campaign": payloads.campaign()})
    )
    subprocess.run(
        ["make", "-s", "local-env"], cwd=copy, env=new_users_shell(), check=True, capture_output=True
    )
    return copy


def new_users_shell() -> dict[str, str]:
    """No DJANGO_* from pytest's settings: a terminal where nothing was exported."""
    return {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp"), "LANG": "C.UTF-8"}


@pytest.mark.slow
@pytest.mark.parametrize("command", sorted(command for command, outcome in COMMANDS.items() if outcome.run))
def test_readme_command_runs_as_printed(command, checkout_after_make_run):
    outcome = COMMANDS[command]
    assert outcome.run is not None
    if outcome.needs_compose and not compose_cli_installed():
        pytest.skip("the docker compose CLI is not installed")

    result = subprocess.run(
        ["bash", "-c", outcome.run],
        cwd=checkout_after_make_run,
        env=new_users_shell(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == outcome.returncode, result.stderr[-2000:]
    printed = result.stdout + result.stderr
    assert re.search(outcome.prints, printed), printed[-2000:]
