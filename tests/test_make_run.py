"""`make run` on this checkout: web, worker, beat and the 10DLC sandbox start, /healthz answers, Ctrl-C stops
all of them."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 240
STOP_TIMEOUT = 30

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status
    except OSError:
        return None


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return predicate()


@pytest.fixture
def make_run_portal(tmp_path):
    """`make run` in its own process group, as a terminal would run it, with its state in tmp_path."""
    port, sandbox_port = free_port(), free_port()
    log_path = tmp_path / "run.log"
    env = {
        **os.environ,
        "PORT": str(port),
        "SANDBOX_PORT": str(sandbox_port),
        "PORTAL_VAR_DIR": str(tmp_path / "var"),
        "PYTHON": sys.executable,
    }
    for name in ("DJANGO_DEBUG", "TELNYX_API_BASE_URL", "TELNYX_API_KEY", "TELNYX_PUBLIC_KEY"):
        env.pop(name, None)
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "run"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        yield process, port, sandbox_port, log_path
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_make_run_starts_everything_and_ctrl_c_stops_it(make_run_portal, tmp_path):
    process, port, sandbox_port, log_path = make_run_portal

    healthy = wait_until(lambda: get_status(f"http://127.0.0.1:{port}/healthz") == 200, START_TIMEOUT)
    assert healthy, log_path.read_text()[-4000:]
    assert wait_until(lambda: re.search(r"worker\.1\s+\|.*celery@\S+ ready", log_path.read_text()), 60)
    assert wait_until(lambda: "beat: Starting..." in log_path.read_text(), 60)
    log = log_path.read_text()
    assert "Created demo superuser: admin / admin" in log
    assert f"Portal: http://127.0.0.1:{port}/admin/" in log
    assert f"10DLC API: the local sandbox at http://127.0.0.1:{sandbox_port}/v2" in log
    assert get_status(f"http://127.0.0.1:{sandbox_port}/sandbox/clock") == 200
    assert (tmp_path / "var" / "sandbox.sqlite3").is_file()
    children = [int(pid) for pid in re.findall(r"\| \w+\.1 started \(pid=(\d+)\)", log)]
    assert len(children) == 4

    # Ctrl-C in a terminal sends SIGINT to the foreground process group.
    os.killpg(process.pid, signal.SIGINT)

    process.wait(timeout=STOP_TIMEOUT)
    assert wait_until(lambda: not any(is_alive(pid) for pid in children), STOP_TIMEOUT)
    assert get_status(f"http://127.0.0.1:{port}/healthz") is None
    assert get_status(f"http://127.0.0.1:{sandbox_port}/sandbox/clock") is None
