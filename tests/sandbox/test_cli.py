"""`python manage.py runsandbox`: starts with no configuration, says where it is, keeps state, stops on Ctrl-C."""

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tendlc.sandbox.app import Sandbox, SandboxConfig

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RunningSandbox:
    def __init__(self, database: Path, *extra: str):
        self.port = free_port()
        # Only PATH: no secret key, no database URL, no settings at all.
        self.process = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runsandbox",
                f"127.0.0.1:{self.port}",
                "--database",
                str(database),
                *extra,
            ],
            cwd=ROOT,
            env={"PATH": os.environ["PATH"]},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.banner = [self.process.stdout.readline().strip() for _ in range(3)]

    def get(self, path: str) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", headers={"Authorization": "Bearer cli-test"}
        )
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.load(response)

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=json.dumps(body).encode(), method="POST"
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)

    def stop(self) -> int:
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout=15)
        finally:
            self.process.stdout.close()


@pytest.fixture
def database(tmp_path) -> Path:
    return tmp_path / "var" / "sandbox.sqlite3"


def test_starts_with_no_configuration_and_prints_its_url_and_key(database):
    sandbox = RunningSandbox(database)
    try:
        assert sandbox.banner[0] == f"10DLC sandbox: http://127.0.0.1:{sandbox.port}/v2"
        assert sandbox.banner[1].startswith("Webhook public key (TELNYX_PUBLIC_KEY): ")
        assert sandbox.get("/sandbox/webhooks")["publicKey"] == sandbox.banner[1].rsplit(" ", 1)[1]
    finally:
        assert sandbox.stop() == 0
    assert database.is_file()


def test_keeps_its_state_and_key_across_restarts_and_reset_empties_it(database):
    first = RunningSandbox(database)
    try:
        key = first.banner[1]
        first.post("/sandbox/seed", {"brands": 2})
        brands = first.get("/v2/10dlc/brand")["records"]
    finally:
        first.stop()
    second = RunningSandbox(database)
    try:
        assert second.banner[1] == key
        assert second.get("/v2/10dlc/brand")["records"] == brands
    finally:
        second.stop()
    third = RunningSandbox(database, "--reset")
    try:
        assert third.banner[1] == key
        assert third.get("/v2/10dlc/brand")["totalRecords"] == 0
    finally:
        third.stop()


def test_print_public_key_matches_the_served_key(database):
    printed = subprocess.run(
        [sys.executable, "manage.py", "runsandbox", "--database", str(database), "--print-public-key"],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"]},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()

    sandbox = RunningSandbox(database)
    try:
        assert sandbox.banner[1] == f"Webhook public key (TELNYX_PUBLIC_KEY): {printed}"
    finally:
        sandbox.stop()


def test_state_from_another_sandbox_version_is_replaced_but_the_key_kept(database):
    first = Sandbox(SandboxConfig(database=database))
    key = first.webhooks.public_key
    first.store.execute("INSERT INTO brands (brand_id, created_at, doc) VALUES ('old', 0, '{}')")
    first.store.close()
    with sqlite3.connect(database) as connection:
        connection.execute("PRAGMA user_version = 1")

    second = Sandbox(SandboxConfig(database=database))
    try:
        assert second.store.scalar("SELECT COUNT(*) FROM brands") == 0
        assert second.webhooks.public_key == key
    finally:
        second.store.close()
