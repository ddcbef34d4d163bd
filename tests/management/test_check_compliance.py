"""``manage.py check_compliance FILE.json``: findings printed as JSON, exit status 1 on an error finding,
2 on input it cannot read."""

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.compliance import payloads


def run(path):
    out = io.StringIO()
    try:
        call_command("check_compliance", str(path), stdout=out)
    except CommandError as error:
        return json.loads(out.getvalue()), error
    return json.loads(out.getvalue()), None


def write(tmp_path, content):
    path = tmp_path / "input.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content))
    return path


def test_a_clean_campaign_prints_no_findings_and_succeeds(tmp_path):
    path = write(tmp_path, {"brand": payloads.brand(), "campaign": payloads.campaign()})

    assert run(path) == ({"findings": []}, None)


def test_an_error_finding_is_printed_and_fails_with_status_1(tmp_path):
    path = write(tmp_path, {"brand": payloads.brand(), "campaign": payloads.campaign(optoutKeywords="END")})

    printed, error = run(path)

    assert printed == {
        "findings": [
            {
                "rule": "campaign.keywords.required",
                "severity": "error",
                "fields": ["optoutKeywords"],
                "message": "Add STOP to the opt-out keywords (comma-separated, e.g. STOP,END,CANCEL,UNSUBSCRIBE,QUIT).",
                "reference": "CTIA Messaging Principles and Best Practices (May 2023) 5.1.3 (consumer opt-out)",
            }
        ]
    }
    assert str(error) == "1 error finding(s) would block submission."
    assert error.returncode == 1


def test_warnings_alone_succeed(tmp_path):
    path = write(tmp_path, {"brand": payloads.brand(email="brightsidedental@gmail.com")})

    printed, error = run(path)

    assert [finding["rule"] for finding in printed["findings"]] == ["brand.email.domain"]
    assert error is None


def test_a_list_prints_a_list_and_uses_each_context(tmp_path):
    path = write(
        tmp_path,
        [
            {"brand": payloads.brand(street="PO Box 9")},
            {
                "brand": payloads.brand(),
                "campaign": payloads.campaign(),
                "context": {"qualification": {"qualified": False}},
            },
            {"brand": payloads.brand(), "campaign": payloads.campaign()},
        ],
    )

    printed, error = run(path)

    assert [[finding["rule"] for finding in item["findings"]] for item in printed] == [
        ["brand.street.po_box"],
        ["campaign.usecase.qualified"],
        [],
    ]
    assert str(error) == "2 error finding(s) would block submission."


def test_the_command_runs_from_the_command_line(tmp_path):
    """Through manage.py the exit status is what a CI script sees."""
    path = write(tmp_path, {"brand": payloads.brand(street="PO Box 9")})
    done = subprocess.run(
        [sys.executable, "manage.py", "check_compliance", str(path)],
        capture_output=True,
        text=True,
        env=os.environ,
        check=False,
    )

    assert done.returncode == 1
    assert [finding["rule"] for finding in json.loads(done.stdout)["findings"]] == ["brand.street.po_box"]
    assert done.stderr.strip() == "CommandError: 1 error finding(s) would block submission."


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "not valid JSON"),
        ("42", 'expected an object with "brand" and, optionally, "campaign" and "context"'),
        ({"campaign": {}}, '"brand" must be an object: campaign rules judge a campaign against its brand'),
        ({"brand": {}, "campaign": []}, '"campaign" must be an object'),
        ({"brand": {}, "campagin": {}}, "unknown keys: campagin"),
        ({"brand": {}, "context": {"phone_numbers": 2}}, "context has unknown keys: phone_numbers"),
        ([{"brand": {}}, {"brand": "Acme"}], 'item 2: "brand" must be an object'),
    ],
)
def test_input_it_cannot_read_fails_with_status_2(tmp_path, content, message):
    path = write(tmp_path, content)

    with pytest.raises(CommandError) as raised:
        call_command("check_compliance", str(path), stdout=io.StringIO())

    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)
    assert raised.value.returncode == 2


def test_a_missing_file_fails_with_status_2(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("check_compliance", str(tmp_path / "nope.json"), stdout=io.StringIO())

    assert str(raised.value) == f"{tmp_path / 'nope.json'}: no such file"
    assert raised.value.returncode == 2
