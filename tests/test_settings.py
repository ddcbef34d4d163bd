"""Settings come from the environment; each case loads portal.settings in a fresh interpreter."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.settings import retention_days
from tendlc.checks import secret_key_weakness

ROOT = Path(__file__).resolve().parent.parent

DUMP = """
import json
from portal import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECRET_KEY": s.SECRET_KEY,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "DATABASE": {k: s.DATABASES["default"].get(k) for k in ("ENGINE", "NAME", "HOST", "PORT", "USER")},
    "DATABASE_OPTIONS": s.DATABASES["default"].get("OPTIONS", {}),
    "CELERY_BROKER_URL": s.CELERY_BROKER_URL,
    "BROKER_OPTIONS": getattr(s, "CELERY_BROKER_TRANSPORT_OPTIONS", None),
    "TELNYX_API_KEY": s.TELNYX_API_KEY,
    "TELNYX_API_BASE_URL": s.TELNYX_API_BASE_URL,
    "TELNYX_PUBLIC_KEY": s.TELNYX_PUBLIC_KEY,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "STATIC_STORAGE": s.STORAGES["staticfiles"]["BACKEND"],
    "API_SCHEMA_PUBLIC": s.API_SCHEMA_PUBLIC,
}))
"""


def load_settings(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "PORTAL_VAR_DIR": str(tmp_path / "var"), **environ}
    return subprocess.run(
        [sys.executable, "-c", DUMP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def settings_for(tmp_path: Path, **environ: str) -> dict:
    result = load_settings(tmp_path, **environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_embedded_defaults_need_no_server(tmp_path):
    loaded = settings_for(tmp_path, DJANGO_DEBUG="1")

    var = tmp_path / "var"
    assert loaded["DEBUG"] is True
    assert loaded["DATABASE"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASE"]["NAME"] == str(var / "portal.sqlite3")
    assert loaded["DATABASE_OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert loaded["CELERY_BROKER_URL"].startswith("filesystem://")
    assert loaded["BROKER_OPTIONS"]["data_folder_in"] == str(var / "celery-broker" / "queue")
    assert loaded["BROKER_OPTIONS"]["data_folder_out"] == loaded["BROKER_OPTIONS"]["data_folder_in"]
    assert (var / "celery-broker" / "queue").is_dir()
    assert loaded["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1"]
    assert loaded["TELNYX_API_KEY"] == ""
    assert loaded["TELNYX_API_BASE_URL"] == "https://api.telnyx.com/v2"
    assert loaded["TELNYX_PUBLIC_KEY"] == ""


def test_debug_defaults_to_off_and_then_a_secret_key_is_required(tmp_path):
    result = load_settings(tmp_path)

    assert result.returncode != 0
    assert "ImproperlyConfigured: DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_supplies_a_development_key(tmp_path):
    loaded = settings_for(tmp_path, DJANGO_DEBUG="1")

    assert loaded["SECRET_KEY"].startswith("django-insecure-")


def test_production_values_are_read(tmp_path):
    loaded = settings_for(
        tmp_path,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="s3cret",
        DJANGO_ALLOWED_HOSTS="portal.example.com,.example.org",
        DATABASE_URL="postgres://tendlc:pw@db.internal:5433/portal",
        CELERY_BROKER_URL="redis://cache.internal:6379/3",
        TELNYX_API_KEY="KEY123",
        TELNYX_API_BASE_URL="http://127.0.0.1:8010/v2",
        TELNYX_PUBLIC_KEY="cHVibGljLWtleQ==",
    )

    assert loaded["DEBUG"] is False
    assert loaded["SECRET_KEY"] == "s3cret"
    assert loaded["ALLOWED_HOSTS"] == ["portal.example.com", ".example.org"]
    assert loaded["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "HOST": "db.internal",
        "PORT": 5433,
        "USER": "tendlc",
    }
    assert loaded["CELERY_BROKER_URL"] == "redis://cache.internal:6379/3"
    # Redis hands an unacknowledged task to another worker after this: past the task time limit (600 s).
    assert loaded["BROKER_OPTIONS"] == {"visibility_timeout": 900}
    assert loaded["TELNYX_API_KEY"] == "KEY123"
    assert loaded["TELNYX_API_BASE_URL"] == "http://127.0.0.1:8010/v2"
    assert loaded["TELNYX_PUBLIC_KEY"] == "cHVibGljLWtleQ=="


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        (
            {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k"},
            {"SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "SECURE_HSTS_SECONDS": 31_536_000},
        ),
        (
            {"DJANGO_DEBUG": "1"},
            {"SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "SECURE_HSTS_SECONDS": 0},
        ),
        (
            {
                "DJANGO_DEBUG": "0",
                "DJANGO_SECRET_KEY": "k",
                "DJANGO_SECURE_SSL_REDIRECT": "0",
                "DJANGO_SECURE_COOKIES": "0",
                "DJANGO_SECURE_HSTS_SECONDS": "60",
            },
            {"SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "SECURE_HSTS_SECONDS": 60},
        ),
    ],
    ids=["production-secure-by-default", "debug-relaxed", "switched-off-by-environment"],
)
def test_security_switches(tmp_path, environ, expected):
    loaded = settings_for(tmp_path, **environ)

    assert {key: loaded[key] for key in expected} == expected


def test_proxy_header_is_trusted_only_when_asked(tmp_path):
    base = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k"}

    assert settings_for(tmp_path, **base)["SECURE_PROXY_SSL_HEADER"] is None
    assert settings_for(tmp_path, **base, DJANGO_SECURE_PROXY_SSL_HEADER="1")["SECURE_PROXY_SSL_HEADER"] == [
        "HTTP_X_FORWARDED_PROTO",
        "https",
    ]


def test_the_api_schema_is_published_only_when_asked(tmp_path):
    base = {"DJANGO_DEBUG": "1"}

    assert settings_for(tmp_path, **base)["API_SCHEMA_PUBLIC"] is False
    assert settings_for(tmp_path, **base, API_SCHEMA_PUBLIC="true")["API_SCHEMA_PUBLIC"] is True


def test_static_files_are_hashed_only_in_production(tmp_path):
    production = settings_for(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="k")
    debug = settings_for(tmp_path, DJANGO_DEBUG="1")

    assert production["STATIC_STORAGE"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert debug["STATIC_STORAGE"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-7c1f0e9a4b2d8e6f5a3c1b0d9e8f7a6b5c4d",
    "DJANGO_ALLOWED_HOSTS": "portal.example.com",
    "DJANGO_SECURE_HSTS_PRELOAD": "1",
    "DJANGO_SECURE_PROXY_SSL_HEADER": "1",
    "TELNYX_API_KEY": "KEY-production",
    "TELNYX_PUBLIC_KEY": "cHVibGljLWtleQ==",
}


def check_deploy(tmp_path: Path, **environ: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": os.environ["PATH"], "PORTAL_VAR_DIR": str(tmp_path / "var"), **environ}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_is_clean_with_production_values(tmp_path):
    result = check_deploy(tmp_path, **PRODUCTION_ENV)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_reports_a_switched_off_ssl_redirect(tmp_path):
    result = check_deploy(tmp_path, **PRODUCTION_ENV, DJANGO_SECURE_SSL_REDIRECT="0")

    assert result.returncode != 0
    assert "security.W008" in result.stderr


def start_web_app(tmp_path: Path, module: str, **environ: str) -> subprocess.CompletedProcess[str]:
    """Load the web process's application as gunicorn (``portal.wsgi``) or an ASGI server would."""
    env = {"PATH": os.environ["PATH"], "PORTAL_VAR_DIR": str(tmp_path / "var"), **environ}
    return subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize("module", ["portal.wsgi", "portal.asgi"])
@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("change-me-to-a-long-random-string", "the placeholder shipped in docker/env.example"),
        ("lint-only-secret-key-not-for-production", "the placeholder shipped in the Makefile's lint target"),
        ("s3cret", "too weak"),
    ],
)
def test_the_web_process_refuses_to_start_with_a_weak_secret_key(tmp_path, module, key, reason):
    result = start_web_app(tmp_path, module, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)

    assert result.returncode != 0
    assert f"ImproperlyConfigured: DJANGO_SECRET_KEY is {reason}" in result.stderr
    assert "Generate a key with python -c 'import secrets; print(secrets.token_urlsafe(50))'" in result.stderr


@pytest.mark.parametrize(
    "environ",
    [
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": PRODUCTION_ENV["DJANGO_SECRET_KEY"]},
        # `make run`: the development key, with debug on.
        {"DJANGO_DEBUG": "1"},
    ],
    ids=["production-with-a-strong-key", "debug-with-the-development-key"],
)
def test_the_web_process_starts_with_a_strong_key_or_in_debug(tmp_path, environ):
    result = start_web_app(tmp_path, "portal.wsgi", **environ)

    assert result.returncode == 0, result.stderr


def test_placeholder_keys_still_load_the_settings_for_lint_tests_and_the_docker_build(tmp_path):
    """mypy's plugin, the test suite and `collectstatic` import the settings with these keys and serve nobody."""
    for key in ("lint-only-secret-key-not-for-production", "test-only-secret-key-not-for-production"):
        assert settings_for(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY=key)["SECRET_KEY"] == key


# `KEY=value`, `KEY ?= value`, `KEY: value`; not compose's `${KEY:?message}` nor a value read from elsewhere.
SHIPPED_KEY = re.compile(r"DJANGO_SECRET_KEY[ \t]*(?:\?=|=|:)[ \t]*([^\s\\\"',$?{][^\s\\\"',]*)")


def test_every_secret_key_the_repository_ships_is_refused():
    files = ["docker/env.example", "docker/Dockerfile", "docker/compose.yaml", "Makefile", "pyproject.toml"]
    shipped = {
        value for name in [*files, "README.md"] for value in SHIPPED_KEY.findall((ROOT / name).read_text())
    }

    assert "lint-only-secret-key-not-for-production" in shipped
    assert {key: secret_key_weakness(key) is not None for key in shipped} == dict.fromkeys(shipped, True)


def test_the_local_env_file_make_run_writes_is_read_and_the_environment_wins(tmp_path):
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "local.env").write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=generated-by-make-run\n")

    from_file = settings_for(tmp_path)
    overridden = settings_for(tmp_path, DJANGO_DEBUG="0", DJANGO_SECRET_KEY="from-the-environment")

    assert (from_file["DEBUG"], from_file["SECRET_KEY"]) == (True, "generated-by-make-run")
    assert (overridden["DEBUG"], overridden["SECRET_KEY"]) == (False, "from-the-environment")


# --- retention days (read by the settings as they load; checked here without a fresh interpreter) -----------


@pytest.mark.parametrize(("raw", "days"), [("0", 0), ("30", 30), (" 400 ", 400)])
def test_retention_days_are_read_as_whole_days(monkeypatch, raw, days):
    monkeypatch.setenv("RETENTION_AUDIT_DAYS", raw)

    assert retention_days("RETENTION_AUDIT_DAYS", 730) == days


def test_retention_days_default_when_unset(monkeypatch):
    monkeypatch.delenv("RETENTION_AUDIT_DAYS", raising=False)

    assert retention_days("RETENTION_AUDIT_DAYS", 730) == 730


@pytest.mark.parametrize("raw", ["-1", "ninety", "1.5", ""])
def test_retention_days_refuse_anything_but_whole_days_naming_the_variable(monkeypatch, raw):
    monkeypatch.setenv("RETENTION_WEBHOOK_EVENTS_DAYS", raw)

    with pytest.raises(ImproperlyConfigured) as refused:
        retention_days("RETENTION_WEBHOOK_EVENTS_DAYS", 90)

    assert str(refused.value) == (
        f"RETENTION_WEBHOOK_EVENTS_DAYS must be a whole number of days (0 keeps the records forever), not {raw!r}."
    )


def test_a_bad_retention_stops_the_portal_from_loading(tmp_path):
    result = load_settings(tmp_path, DJANGO_DEBUG="1", RETENTION_SYNC_RUNS_DAYS="-5")

    assert result.returncode == 1
    assert "RETENTION_SYNC_RUNS_DAYS must be a whole number of days" in result.stderr
