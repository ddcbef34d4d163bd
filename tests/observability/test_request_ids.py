"""Each web request has one id: in its log lines and in the answer's ``X-Request-ID`` header."""

import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tendlc.log_context import bound, current

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_sane_request_id_from_the_caller_round_trips_and_is_in_the_log(client, settings, json_log_lines):
    settings.SECURE_SSL_REDIRECT = False
    settings.TELNYX_PUBLIC_KEY = ""

    # Refused for want of a key, and the refusal logged.
    response = client.post(
        "/webhooks/telnyx/",
        data=b"{}",
        content_type="application/json",
        headers={"X-Request-ID": "lb-7f3a9c21.0001"},
    )

    assert (response.status_code, response["X-Request-ID"]) == (403, "lb-7f3a9c21.0001")
    [refusal] = [line for line in json_log_lines() if line["logger"] == "tendlc.webhooks.views"]
    assert (refusal["level"], refusal["request_id"]) == ("ERROR", "lb-7f3a9c21.0001")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "given", [None, "", "short", "x" * 129, "id with spaces", "id\r\nSet-Cookie: a=b", "caf\u00e9-0001-0002"]
)
def test_a_missing_or_insane_request_id_is_replaced_by_a_fresh_one(client, given):
    headers = {} if given is None else {"X-Request-ID": given}

    first = client.get("/healthz", headers=headers)["X-Request-ID"]
    second = client.get("/healthz", headers=headers)["X-Request-ID"]

    assert re.fullmatch(r"[0-9a-f]{32}", first)
    assert first != second


def test_the_log_context_nests_and_is_restored():
    with bound(request_id="r1"):
        with bound(webhook_event_id="e1", task_id=None):
            logging.getLogger("tendlc.test").info("inside")
            assert current() == {"request_id": "r1", "webhook_event_id": "e1"}
        assert current() == {"request_id": "r1"}
    assert current() == {}


@pytest.mark.parametrize("log_format", ["json", "plain", "yaml"])
def test_log_format_chooses_json_lines_or_todays_plain_text(tmp_path, log_format):
    script = (
        "import django, logging\ndjango.setup()\n"
        "from tendlc.log_context import bound\n"
        "with bound(request_id='req-00000001'):\n"
        "    logging.getLogger('tendlc.test').warning('Sync failed for %s', 'Acme')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SENTRY_", "DJANGO_", "LOG_"))}
    env.update(
        DJANGO_DEBUG="1",
        DJANGO_SETTINGS_MODULE="portal.settings",
        PORTAL_VAR_DIR=str(tmp_path),
        LOG_FORMAT=log_format,
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )

    if log_format == "yaml":
        assert "LOG_FORMAT must be plain or json, not 'yaml'." in done.stderr
        return
    assert done.returncode == 0, done.stderr
    [line] = done.stderr.splitlines()
    if log_format == "json":
        record = json.loads(line)
        del record["time"]
        assert record == {
            "level": "WARNING",
            "logger": "tendlc.test",
            "message": "Sync failed for Acme",
            "request_id": "req-00000001",
        }
    else:
        assert line.endswith(" WARNING tendlc.test: Sync failed for Acme")
