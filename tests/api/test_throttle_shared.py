"""The REST API's throttle counts one user's requests together across web processes when CACHE_URL is Redis."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

pytestmark = [pytest.mark.redis, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
RATE = 10

# One web process: asks the configured throttle RATE times for the same user and prints how many it allowed.
PROCESS = """
import sys
from types import SimpleNamespace

import django
django.setup()
from rest_framework.settings import api_settings

user = SimpleNamespace(is_authenticated=True, pk=sys.argv[1])
throttle_class = api_settings.DEFAULT_THROTTLE_CLASSES[0]
print(sum(throttle_class().allow_request(SimpleNamespace(user=user), None) for _ in range(int(sys.argv[2]))))
"""


def _allowed_in_two_processes(cache_url: str) -> int:
    user_pk = uuid.uuid4().hex  # a user no earlier run has counted
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "CACHE_URL": cache_url,
        "API_THROTTLE_RATE": f"{RATE}/min",
    }
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", PROCESS, user_pk, str(RATE)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=60)[0] for process in processes]
    assert [process.returncode for process in processes] == [0, 0]
    return sum(int(output.strip()) for output in outputs)


def test_throttle_holds_across_two_processes_on_a_shared_cache(redis_url):
    assert _allowed_in_two_processes(redis_url) == RATE


def test_throttle_in_local_memory_counts_each_process_alone():
    # Why CACHE_URL matters: without a shared cache each process lets the whole allowance through.
    assert _allowed_in_two_processes("locmemcache://") == 2 * RATE
