"""docker/ cannot be run here (no Docker engine), so these tests keep its files honest against the code; the
compose CLI validates the compose file where it is installed, a schema everywhere."""

import copy
import os
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCKER = ROOT / "docker"
PORTAL_SERVICES = {"migrate", "web", "worker", "beat"}


def compose() -> dict:
    return yaml.safe_load((DOCKER / "compose.yaml").read_text())


def settings_variables() -> set[str]:
    source = (ROOT / "portal" / "settings.py").read_text()
    return set(re.findall(r'env\.\w+\(\s*"([A-Z_]+)"', source))


def test_compose_runs_the_portal_beside_postgres_and_redis():
    services = compose()["services"]

    assert set(services) == {"postgres", "redis", "sandbox"} | PORTAL_SERVICES
    for name, service in services.items():
        for dependency in service.get("depends_on", {}):
            assert dependency in services, f"{name} depends on unknown service {dependency}"
    assert services["worker"]["command"][:4] == ["celery", "-A", "portal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "portal", "beat"]


def test_the_sandbox_is_optional_and_keeps_its_state_in_a_volume():
    sandbox = compose()["services"]["sandbox"]

    assert sandbox["profiles"] == ["sandbox"]
    assert sandbox["command"][:3] == ["python", "manage.py", "runsandbox"]
    assert "sandbox-data:/app/var" in sandbox["volumes"]
    assert "sandbox-data" in compose()["volumes"]


def test_portal_services_build_from_the_dockerfile_and_read_only_known_settings():
    services = compose()["services"]
    known = settings_variables()

    for name in PORTAL_SERVICES:
        service = services[name]
        assert (DOCKER / service["build"]["context"] / service["build"]["dockerfile"]).is_file()
        unknown = set(service["environment"]) - known
        assert not unknown, f"{name} sets variables the settings never read: {unknown}"
        assert service["environment"]["DATABASE_URL"].startswith("postgres://")
        assert service["environment"]["CELERY_BROKER_URL"] == "redis://redis:6379/0"


def test_every_required_compose_value_is_in_the_example_env_file():
    text = (DOCKER / "compose.yaml").read_text()
    required = set(re.findall(r"\$\{([A-Z_]+):\?", text))
    example = {
        line.split("=", 1)[0]
        for line in (DOCKER / "env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }

    assert required == {"POSTGRES_PASSWORD", "DJANGO_SECRET_KEY"}
    assert required <= example


def test_dockerfile_copies_what_exists_and_serves_the_wsgi_app():
    dockerfile = (DOCKER / "Dockerfile").read_text()
    sources = [
        source
        for line in dockerfile.splitlines()
        if line.startswith("COPY ")
        for source in line.split()[1:-1]
    ]

    assert sources
    for source in sources:
        assert (ROOT / source).exists(), f"Dockerfile copies missing {source}"
    assert '"portal.wsgi:application"' in dockerfile
    assert "USER portal" in dockerfile
    assert (ROOT / "portal" / "wsgi.py").is_file()


DURATION = {"type": "string", "pattern": r"^\d+(ms|s|m|h)$"}
STRINGS = {"type": "array", "items": {"type": "string"}}
# The part of the compose specification (github.com/compose-spec/compose-spec, schema/compose-spec.json) that
# compose.yaml uses, as strict as the specification on each key: a misspelt key or condition fails here.
COMPOSE_SCHEMA = {
    "type": "object",
    "required": ["services"],
    "properties": {
        "name": {"type": "string"},
        "services": {"type": "object", "additionalProperties": {"$ref": "#/$defs/service"}},
        "volumes": {"type": "object", "additionalProperties": {"type": ["object", "null"]}},
    },
    "patternProperties": {"^x-": {}},
    "additionalProperties": False,
    "$defs": {
        "service": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "build": {
                    "type": "object",
                    "properties": {"context": {"type": "string"}, "dockerfile": {"type": "string"}},
                    "additionalProperties": False,
                },
                "image": {"type": "string"},
                "restart": {"enum": ["no", "always", "on-failure", "unless-stopped"]},
                "command": STRINGS,
                "profiles": STRINGS,
                "ports": STRINGS,
                "volumes": STRINGS,
                "environment": {
                    "type": "object",
                    "additionalProperties": {"type": ["string", "number", "null"]},
                },
                "depends_on": {
                    "type": "object",
                    "additionalProperties": {
                        "type": "object",
                        "required": ["condition"],
                        "properties": {
                            "condition": {
                                "enum": [
                                    "service_started",
                                    "service_healthy",
                                    "service_completed_successfully",
                                ]
                            }
                        },
                        "additionalProperties": False,
                    },
                },
                "healthcheck": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "test": {"type": "array", "items": {"type": "string"}, "minItems": 2},
                        "interval": DURATION,
                        "timeout": DURATION,
                        "start_period": DURATION,
                        "retries": {"type": "integer", "minimum": 1},
                        "disable": {"type": "boolean"},
                    },
                },
            },
        }
    },
}


def compose_cli_installed() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "compose", "version"], capture_output=True, check=False).returncode == 0


def test_compose_file_follows_the_compose_specification():
    jsonschema.validate(compose(), COMPOSE_SCHEMA)


def test_the_schema_refuses_a_misspelt_condition():
    broken = copy.deepcopy(compose())
    broken["services"]["web"]["depends_on"]["migrate"]["condition"] = "service_completed"

    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, COMPOSE_SCHEMA)


@pytest.mark.skipif(not compose_cli_installed(), reason="the docker compose CLI is not installed")
def test_compose_cli_accepts_the_file():
    env = {
        **os.environ,
        "POSTGRES_PASSWORD": "compose-config-only",
        "DJANGO_SECRET_KEY": "compose-config-only",
    }

    result = subprocess.run(
        ["docker", "compose", "-f", str(DOCKER / "compose.yaml"), "config", "--quiet"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr


def test_every_service_that_keeps_running_is_health_checked():
    services = compose()["services"]
    dockerfile = (DOCKER / "Dockerfile").read_text()

    for name in ("postgres", "redis", "worker", "beat", "sandbox"):
        assert len(services[name]["healthcheck"]["test"]) >= 2, f"{name} has no health check"
    assert "inspect ping" in services["worker"]["healthcheck"]["test"][1]
    # The web server keeps the image's check, which asks its /healthz; one-shot and port-less services turn
    # it off rather than stay unhealthy.
    assert "healthcheck" not in services["web"]
    assert 'CMD ["python", "-m", "portal.healthcheck"]' in dockerfile
    assert services["migrate"]["healthcheck"] == {"disable": True}
    assert services["beat"]["healthcheck"]["test"] == ["CMD", "python", "manage.py", "health", "beat"]


def test_web_worker_and_beat_start_after_the_migrations_and_their_dependencies_are_healthy():
    services = compose()["services"]

    for name in ("web", "worker", "beat"):
        assert services[name]["depends_on"] == {"migrate": {"condition": "service_completed_successfully"}}
    assert services["migrate"]["depends_on"] == {
        "postgres": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
