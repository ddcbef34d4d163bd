"""The client's shape: constructed as the issue says, resources and methods named and called as in the SDK,
one pooled session, requests sent as the reference says (headers, path encoding), and one log line each."""

import inspect
import logging
import re
import typing
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from telnyx.resources.messaging_10dlc.messaging_10dlc import Messaging10dlcResource

from tendlc.client import DEFAULT_BASE_URL, Messaging10DLC, NotFoundError, TenDLCClient
from tests.fixtures.brands import brand_fields
from tests.fixtures.scripted_server import Scripted
from tests.fixtures.tendlc_client import API_KEY

SDK_ONLY_PARAMETERS = {"extra_headers", "extra_query", "extra_body", "timeout"}
SDK_ONLY_ATTRIBUTES = {"with_raw_response", "with_streaming_response"}


def public_members(resource_class: type) -> tuple[dict[str, type], dict[str, inspect.Signature]]:
    """Sub-resources (by the class their property returns) and methods of a resource class."""
    resources, methods = {}, {}
    for name, member in vars(resource_class).items():
        if name.startswith("_") or name in SDK_ONLY_ATTRIBUTES:
            continue
        if isinstance(member, cached_property):
            resources[name] = typing.get_type_hints(member.func)["return"]
        elif inspect.isfunction(member):
            methods[name] = inspect.signature(member)
    return resources, methods


def parameters(signature: inspect.Signature) -> list[tuple[str, str, bool]]:
    return [
        (p.name, p.kind.name, p.default is inspect.Parameter.empty)
        for p in signature.parameters.values()
        if p.name != "self" and p.name not in SDK_ONLY_PARAMETERS
    ]


def walk(sdk_class: type, our_class: type, path: str = "messaging_10dlc") -> list[str]:
    """Differences between the SDK's resource tree and ours, from ``sdk_class`` down."""
    differences = []
    sdk_resources, sdk_methods = public_members(sdk_class)
    our_resources, our_methods = public_members(our_class)
    # A3 has two SDK names; ours are one method under both names, so compare through getattr.
    our_methods |= {
        name: inspect.signature(getattr(our_class, name)) for name in sdk_methods if hasattr(our_class, name)
    }
    for name in sorted(set(sdk_resources) | set(our_resources)):
        if name not in sdk_resources or name not in our_resources:
            differences.append(
                f"{path}.{name}: resource only in {'ours' if name in our_resources else 'the SDK'}"
            )
        else:
            differences += walk(sdk_resources[name], our_resources[name], f"{path}.{name}")
    for name in sorted(set(sdk_methods) | set(our_methods)):
        if name not in sdk_methods or name not in our_methods:
            differences.append(f"{path}.{name}(): only in {'ours' if name in our_methods else 'the SDK'}")
        elif sorted(parameters(sdk_methods[name])) != sorted(parameters(our_methods[name])):
            differences.append(
                f"{path}.{name}(): {parameters(sdk_methods[name])} != {parameters(our_methods[name])}"
            )
    return differences


def test_resources_methods_and_arguments_are_the_sdks():
    assert walk(Messaging10dlcResource, Messaging10DLC) == []


def test_the_constructor_of_the_issue(live_sandbox):
    with TenDLCClient(api_key=API_KEY, base_url=live_sandbox.base_url, timeout=10, max_retries=1) as client:
        assert client.messaging_10dlc.brand.list().records == []


def test_defaults():
    client = TenDLCClient(api_key=API_KEY)
    transport = client.messaging_10dlc._transport

    assert client.base_url == DEFAULT_BASE_URL == "https://api.telnyx.com/v2"
    assert (transport.timeouts.connect, transport.timeouts.read) == (5.0, 30.0)
    assert transport.retry_policy.max_retries == 2
    assert transport.retry_policy.max_retry_time == 60.0


@pytest.mark.parametrize("api_key", ["", "   "])
def test_an_api_key_is_required(api_key):
    with pytest.raises(ValueError, match="api_key is required"):
        TenDLCClient(api_key=api_key)


@pytest.mark.parametrize("timeouts", [{"timeout": 0}, {"connect_timeout": -1}])
def test_timeouts_must_be_positive(timeouts):
    with pytest.raises(ValueError, match="timeouts must be positive"):
        TenDLCClient(api_key=API_KEY, **timeouts)


def test_the_key_is_not_in_the_repr():
    assert "secret" not in repr(TenDLCClient(api_key="secret"))


def test_one_pooled_session_serves_every_resource(tendlc_client):
    dlc = tendlc_client.messaging_10dlc
    sessions = {
        id(resource._transport.session) for resource in (dlc.brand, dlc.campaign, dlc.brand.external_vetting)
    }

    assert len(sessions) == 1
    assert dlc.brand is dlc.brand


def test_connections_are_reused(tendlc_client, live_sandbox):
    """Keep-alive: three requests, one TCP connection."""
    dlc = tendlc_client.messaging_10dlc
    for _ in range(3):
        dlc.brand.list()

    pools = tendlc_client.messaging_10dlc._transport.session.get_adapter(
        live_sandbox.base_url
    ).poolmanager.pools
    (key,) = pools.keys()
    pool = pools[key]
    assert pool.num_connections == 1
    assert pool.num_requests == 3


def test_request_headers(scripted_server, scripted_client):
    scripted_server.script(Scripted.json(200, {"brandId": "b", "referenceId": "r"}), Scripted(204))
    dlc = scripted_client.messaging_10dlc

    dlc.brand.trigger_sms_otp("b", pin_sms="PIN @OTP_PIN@", success_sms="Done")
    dlc.brand.verify_sms_otp("b", otp_pin="123456")

    trigger, verify = scripted_server.requests
    assert trigger["headers"]["authorization"] == f"Bearer {API_KEY}"
    assert trigger["headers"]["accept"] == "application/json"
    assert trigger["headers"]["content-type"] == "application/json"
    assert trigger["body"] == b'{"pinSms": "PIN @OTP_PIN@", "successSms": "Done"}'
    # The SDK expects no body from verify, delete and resend: it accepts anything (reference §1.1).
    assert verify["headers"]["accept"] == "*/*"


def test_a_proxy_from_the_environment_carries_the_requests(scripted_server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", scripted_server.base_url)
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    scripted_server.script(Scripted(204))
    with TenDLCClient(api_key=API_KEY, base_url="http://api.example.invalid/v2", max_retries=0) as client:
        client.messaging_10dlc.brand.delete("b1")

    (request,) = scripted_server.requests
    # A proxy is sent the absolute URL.
    assert request["path"] == "http://api.example.invalid/v2/10dlc/brand/b1"


def test_no_proxy_sends_the_requests_directly(scripted_server, monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    scripted_server.script(Scripted(204))
    with TenDLCClient(api_key=API_KEY, base_url=scripted_server.base_url, max_retries=0) as client:
        client.messaging_10dlc.brand.delete("b1")

    assert [request["path"] for request in scripted_server.requests] == ["/v2/10dlc/brand/b1"]


def test_a_netrc_entry_does_not_replace_the_api_key(scripted_server, monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password other\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    scripted_server.script(Scripted(204))
    with TenDLCClient(api_key=API_KEY, base_url=scripted_server.base_url, max_retries=0) as client:
        client.messaging_10dlc.brand.delete("b1")

    (request,) = scripted_server.requests
    assert request["headers"]["authorization"] == f"Bearer {API_KEY}"


def test_an_operation_without_an_answer_ignores_whatever_body_comes(scripted_server, scripted_client):
    scripted_server.script(Scripted(200, b"<html>OK</html>", {"Content-Type": "text/html"}))

    assert scripted_client.messaging_10dlc.brand.resend_2fa_email("b") is None


def test_text_beyond_ascii_goes_out_and_comes_back(dlc):
    brand = dlc.brand.create(**brand_fields("Café Ünïcode ✓"))

    assert brand.display_name == "Café Ünïcode ✓"


def test_a_phone_number_goes_out_literally_in_the_path(scripted_server, scripted_client):
    scripted_server.script(Scripted.json(200, {"phoneNumber": "+18005550199"}))

    scripted_client.messaging_10dlc.phone_number_campaigns.retrieve("+18005550199")

    assert scripted_server.requests[0]["path"] == "/v2/10dlc/phone_number_campaigns/+18005550199"


def test_a_slash_in_a_path_parameter_is_escaped(scripted_server, scripted_client):
    scripted_server.script(Scripted.json(200, {}))

    scripted_client.messaging_10dlc.brand.retrieve("a/b")

    assert scripted_server.requests[0]["path"] == "/v2/10dlc/brand/a%2Fb"


def test_an_empty_path_parameter_is_refused_before_sending(scripted_client):
    with pytest.raises(ValueError, match="Expected a non-empty value for `brand_id`"):
        scripted_client.messaging_10dlc.brand.retrieve("")


def test_filters_go_out_in_brackets(scripted_server, scripted_client):
    scripted_server.script(Scripted.json(200, {"records": [], "page": 1, "totalRecords": 0}))

    scripted_client.messaging_10dlc.phone_number_campaigns.list(
        filter={"telnyx_campaign_id": "c1", "tcr_brand_id": "BX"}, sort="-phoneNumber", records_per_page=5
    )

    assert scripted_server.requests[0]["path"] == (
        "/v2/10dlc/phone_number_campaigns?filter%5Btelnyx_campaign_id%5D=c1&filter%5Btcr_brand_id%5D=BX"
        "&sort=-phoneNumber&recordsPerPage=5"
    )


def test_an_unknown_filter_key_is_refused(scripted_client):
    with pytest.raises(ValueError, match=r"unknown filter keys \['campaign_id'\]"):
        scripted_client.messaging_10dlc.phone_number_campaigns.list(filter={"campaign_id": "c1"})


# --- logging --------------------------------------------------------------------------------------------


def test_one_info_line_per_request_without_key_or_body(tendlc_client, caplog):
    caplog.set_level(logging.DEBUG, logger="tendlc.client")

    brand = tendlc_client.messaging_10dlc.brand.create(**brand_fields(ein="987654321"))

    (line,) = [record for record in caplog.records if record.name == "tendlc.client"]
    assert line.levelno == logging.INFO
    assert line.getMessage() == (
        f"POST /10dlc/brand -> 200 in {line.duration_ms:.0f} ms (request id {line.api_request_id}, 1 try)"
    )
    assert (line.http_method, line.http_path, line.http_status, line.attempts) == (
        "POST",
        "/10dlc/brand",
        200,
        1,
    )
    assert len(line.api_request_id) == 36
    text = caplog.text
    for secret in (API_KEY, "987654321", "support@acme.example", brand.brand_id):
        assert secret not in text


def test_failures_log_a_warning_and_retries_a_debug_line(make_tendlc_client, faults, caplog):
    caplog.set_level(logging.DEBUG, logger="tendlc.client")
    faults.add(status=503, count=5)

    with pytest.raises(Exception, match="HTTP 503"):
        make_tendlc_client(max_retries=1).messaging_10dlc.brand.list()

    lines = [
        (record.levelname, record.getMessage()) for record in caplog.records if record.name == "tendlc.client"
    ]
    assert lines[0][0] == "DEBUG"
    assert lines[0][1].startswith("GET /10dlc/brand: try 1 got 503; retrying in ")
    assert lines[1][0] == "WARNING"
    assert lines[1][1].startswith("GET /10dlc/brand -> 503 in ")
    assert lines[1][1].endswith(", 2 tries)")
    assert len(lines) == 2


def test_a_connection_failure_logs_its_kind(closed_port_url, caplog):
    caplog.set_level(logging.INFO, logger="tendlc.client")

    with pytest.raises(Exception, match="failed"):
        TenDLCClient(api_key=API_KEY, base_url=closed_port_url, max_retries=0).messaging_10dlc.brand.list()

    (line,) = [record for record in caplog.records if record.name == "tendlc.client"]
    assert line.getMessage().startswith("GET /10dlc/brand -> APIConnectionError in ")
    assert line.http_status is None


# --- E1: the enumerations, in each of their five shapes ---------------------------------------------------


def test_e1_a_string_list(dlc):
    assert dlc.get_enum("entityType") == [
        "PRIVATE_PROFIT",
        "PUBLIC_PROFIT",
        "NON_PROFIT",
        "GOVERNMENT",
        "SOLE_PROPRIETOR",
    ]


def test_e1_an_object_list(dlc):
    carriers = dlc.get_enum("mno")

    assert [(carrier.network_id, carrier.display_name, carrier.osr_bitmask_index) for carrier in carriers][
        :2
    ] == [
        (10017, "AT&T", 0),
        (10035, "T-Mobile", 1),
    ]


def test_e1_a_map_of_strings(dlc):
    providers = dlc.get_enum("extVettingProvider")

    assert dict(providers) == {"AEGIS": "Aegis Mobile", "CV": "Campaign Verify", "WMC": "WMC Global"}


def test_e1_a_map_of_objects(dlc):
    verticals = dlc.get_enum("vertical")

    assert verticals["PROFESSIONAL"].industry_id == "professional-services"
    assert verticals["PROFESSIONAL"].display_name == "Professional Services"


def test_e1_a_paginated_enum(dlc):
    companies = dlc.get_enum("approvedPublicCompany")

    assert companies.records[0].raw == {
        "isin": "US68243Q1067",
        "iso2": "US",
        "symbol": "FLWS",
        "exchange": "NASDAQ",
        "displayName": "1-800 FLOWERS.COM, Inc.",
    }


def test_e1_an_unknown_enum_is_404(dlc):
    with pytest.raises(NotFoundError, match="Unknown enum endpoint 'nope'"):
        dlc.get_enum("nope")


# --- every operation of the reference's index (§2.0) goes out with its method and path ------------------

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "10dlc-api.md"
OPERATION_ROW = re.compile(
    r"^\| ([BVCSNAE]\d+) \| (GET|POST|PUT|PATCH|DELETE) \| `([^`]+)`[^|]*\| (.+?) \|", re.MULTILINE
)


def reference_operations() -> list[tuple[str, str, str, str]]:
    """(id, HTTP method, path, SDK method) of each row of the operation index; A3 has two SDK methods."""
    if not REFERENCE.exists():
        pytest.skip(f"the reference is not at {REFERENCE}")
    rows = []
    for op_id, method, path, sdk_methods in OPERATION_ROW.findall(REFERENCE.read_text()):
        previous = ""
        for sdk_method in re.findall(r"`(\.?[a-z_0-9.]+)`", sdk_methods):
            if sdk_method.startswith("."):  # "`a.b` **and** `.c`": c is a sibling of b
                sdk_method = previous.rsplit(".", 1)[0] + sdk_method
            rows.append((op_id, method, path, sdk_method))
            previous = sdk_method
    return rows


def call_with_placeholders(dlc: Messaging10DLC, sdk_method: str) -> None:
    """Call ``sdk_method`` with an argument for each required parameter (all are strings)."""
    target: Any = dlc
    for part in sdk_method.split("."):
        target = getattr(target, part)
    required = [
        p for p in inspect.signature(target).parameters.values() if p.default is inspect.Parameter.empty
    ]
    positional = [f"{p.name}-1" for p in required if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
    keywords = {p.name: f"{p.name}-1" for p in required if p.kind is inspect.Parameter.KEYWORD_ONLY}
    target(*positional, **keywords)


def test_every_operation_of_the_reference_sends_its_method_and_path(scripted_server, scripted_client):
    operations = reference_operations()
    for op_id, method, path, sdk_method in operations:
        answer = (
            []
            if sdk_method == "brand.external_vetting.list"
            else {"records": [], "page": 1, "totalRecords": 0}
        )
        scripted_server.script(Scripted.json(200, answer))
        call_with_placeholders(scripted_client.messaging_10dlc, sdk_method)
        sent = scripted_server.requests[-1]
        expected = "/v2" + re.sub(r"\{\w+\}", "[^/?]+", path) + r"(\?.*)?"
        assert (sent["method"], re.fullmatch(expected, sent["path"]) is not None) == (method, True), (
            op_id,
            sent,
        )
    assert len({op_id for op_id, *_ in operations}) == 42
    assert len(operations) == 43
