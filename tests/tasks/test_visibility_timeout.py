"""Redis hands a task still unacknowledged after the visibility timeout to another worker: the timeout follows
the task time limit (not Redis' one hour) and reaches all three places Celery reads it, and kombu's channel.
Each case loads the portal's Celery app in a fresh interpreter, as a worker would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

READ = """
import json
from portal.celery import app
with app.connection_for_write() as connection:
    channel = connection.default_channel.visibility_timeout
print(json.dumps({
    "broker": app.conf.broker_transport_options.get("visibility_timeout"),
    "result_backend": app.conf.result_backend_transport_options.get("visibility_timeout"),
    "app": app.conf.visibility_timeout,
    "channel": channel,
}))
"""


def visibility(tmp_path: Path, redis_url: str, **environ: str) -> dict[str, int]:
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": "test",
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "CELERY_BROKER_URL": redis_url,
        **environ,
    }
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.redis
@pytest.mark.parametrize(
    ("environ", "seconds"),
    [
        ({}, 900),
        ({"CELERY_TASK_TIME_LIMIT": "1200"}, 1500),
        ({"CELERY_VISIBILITY_TIMEOUT": "700"}, 700),
    ],
)
def test_the_visibility_timeout_outlasts_a_task_and_reaches_the_channel(
    tmp_path, redis_url, environ, seconds
):
    assert visibility(tmp_path, redis_url, **environ) == {
        "broker": seconds,
        "result_backend": seconds,
        "app": seconds,
        "channel": seconds,
    }
