"""docker/ cannot be run here (no Docker engine), so these tests keep its files honest against the code."""

import re
from pathlib import Path

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
