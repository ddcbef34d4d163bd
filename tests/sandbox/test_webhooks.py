"""Webhook delivery: the envelope, ed25519 signatures the official SDK accepts, retries, failover, chaos."""

import base64
import json
import random
import threading
import time
import uuid

import pytest
from nacl.signing import SigningKey
from telnyx.lib.webhook_verification import WebhookVerificationError, verify_webhook_signature

from tendlc.sandbox.app import Sandbox, SandboxConfig
from tendlc.sandbox.event_catalogue import UndocumentedEvent
from tendlc.sandbox.webhooks import DELIVERY_TIMEOUT_SECONDS, MAX_ATTEMPTS, RETRY_SECONDS, SIGNING_KEY_ENV
from tests.fixtures.sandbox import SIGNING_SEED

PAYLOAD = {
    "campaignId": "4b300178-131c-d902-d54e-72d90ba1620j",
    "type": "TELNYX_REVIEW",
    "status": "ACCEPTED",
    "description": "C6X6M95 approved by Telnyx",
}
PUBLIC_KEY = base64.b64encode(bytes(SigningKey(SIGNING_SEED).verify_key)).decode()


def emit(sandbox, url, failover=None, payload=PAYLOAD):
    sandbox.webhooks.emit("10dlc.campaign.update", payload, url, failover)


def numbered(n: int) -> dict:
    return {**PAYLOAD, "description": f"review {n}"}


def test_delivers_the_documented_envelope_signed_for_the_sdk(sandbox, webhook_receiver):
    emit(sandbox, webhook_receiver.url)

    assert sandbox.webhooks.deliver_due() == 1

    [delivery] = webhook_receiver.received
    envelope = delivery.json
    assert envelope["data"]["event_type"] == "10dlc.campaign.update"
    assert envelope["data"]["record_type"] == "event"
    assert envelope["data"]["payload"] == PAYLOAD
    assert envelope["data"]["occurred_at"] == sandbox.clock.iso()
    assert len(envelope["data"]["id"]) == 36
    assert envelope["meta"] == {"attempt": 1, "delivered_to": webhook_receiver.url}
    verify_webhook_signature(delivery.body.decode(), delivery.headers, PUBLIC_KEY)


def test_a_tampered_body_fails_the_sdk_verifier(sandbox, webhook_receiver):
    emit(sandbox, webhook_receiver.url)
    sandbox.webhooks.deliver_due()
    [delivery] = webhook_receiver.received

    tampered = delivery.body.decode().replace("ACCEPTED", "REJECTED")

    with pytest.raises(WebhookVerificationError, match="does not match"):
        verify_webhook_signature(tampered, delivery.headers, PUBLIC_KEY)


def test_failed_deliveries_retry_30_s_apart_alternating_with_the_failover_url(sandbox, webhook_receiver):
    webhook_receiver.status = 500
    primary, failover = webhook_receiver.url + "/primary", webhook_receiver.url + "/failover"
    emit(sandbox, primary, failover)

    sandbox.webhooks.deliver_due()
    sandbox.advance(RETRY_SECONDS - 1)
    assert sandbox.webhooks.deliver_due() == 0  # not due yet
    sandbox.advance(1)
    sandbox.webhooks.deliver_due()
    sandbox.advance(RETRY_SECONDS - 1)
    assert sandbox.webhooks.deliver_due() == 0  # the same interval again, not a longer one
    sandbox.advance(1)
    webhook_receiver.status = 204
    sandbox.webhooks.deliver_due()

    assert [r.path for r in webhook_receiver.received] == [
        "/hooks/primary",
        "/hooks/failover",
        "/hooks/primary",
    ]
    assert [r.json["meta"]["attempt"] for r in webhook_receiver.received] == [1, 2, 3]
    assert [r.json["data"]["id"] for r in webhook_receiver.received] == [
        webhook_receiver.received[0].json["data"]["id"]
    ] * 3
    [record] = sandbox.store.all("SELECT state, attempt FROM webhook_deliveries")
    assert (record["state"], record["attempt"]) == ("delivered", 3)


def test_gives_up_after_the_last_attempt(sandbox, webhook_receiver):
    webhook_receiver.status = 503
    emit(sandbox, webhook_receiver.url)

    for _ in range(MAX_ATTEMPTS + 2):
        sandbox.webhooks.deliver_due()
        sandbox.advance(RETRY_SECONDS)

    assert MAX_ATTEMPTS == 5
    assert len(webhook_receiver.received) == MAX_ATTEMPTS
    assert sandbox.store.scalar("SELECT state FROM webhook_deliveries") == "failed"


def test_a_receiver_that_answers_after_2_seconds_has_failed_the_attempt(
    sandbox, sandbox_control, webhook_receiver
):
    webhook_receiver.answer_after = DELIVERY_TIMEOUT_SECONDS + 0.5
    emit(sandbox, webhook_receiver.url)

    sandbox.webhooks.deliver_due()

    [record] = sandbox_control.get("/webhooks").json["records"]
    assert record["state"] == "pending"
    assert record["attempts"][0]["error"].startswith("ReadTimeout")
    assert record["attempts"][0]["durationMs"] < (DELIVERY_TIMEOUT_SECONDS + 0.5) * 1000


def test_a_slow_receiver_does_not_hold_up_api_requests(sandbox, sandbox_api, webhook_receiver):
    webhook_receiver.answer_after = 1.5
    emit(sandbox, webhook_receiver.url)
    delivering = threading.Thread(target=sandbox.webhooks.deliver_due)
    delivering.start()
    try:
        while not webhook_receiver.received:  # the receiver holds the delivery from now on
            time.sleep(0.01)
        started = time.monotonic()
        assert sandbox_api.get("/10dlc/brand").status_code == 200
        assert time.monotonic() - started < 1.0
    finally:
        delivering.join()
    assert sandbox.store.scalar("SELECT state FROM webhook_deliveries") == "delivered"


@pytest.mark.parametrize(
    ("event_type", "payload", "error"),
    [
        ("10dlc.brand.update", {**PAYLOAD}, "has no payload type 'TELNYX_REVIEW'"),
        ("10dlc.campaign.update", {**PAYLOAD, "type": "BRAND_IDENTITY_UPDATE"}, "no payload type"),
        (
            "10dlc.campaign.update",
            {k: v for k, v in PAYLOAD.items() if k != "description"},
            "lacks description",
        ),
        ("10dlc.campaign.update", {**PAYLOAD, "status": "success"}, "has no status 'success'"),
        (
            "10dlc.brand.update",
            {
                "brandId": "b",
                "brandName": "Acme",
                "description": "Brand B1 SMS OTP is verified",
                "eventType": "BRAND_OTP_VERIFIED",
                "status": "success",
                "tcrBrandId": "B1",
                "type": "TCR_BRAND_UPDATE",
            },
            "has no eventType 'BRAND_OTP_VERIFIED'",
        ),
    ],
)
def test_an_undocumented_event_is_refused(sandbox, event_type, payload, error):
    with pytest.raises(UndocumentedEvent, match=error):
        sandbox.webhooks.emit(event_type, payload, "http://127.0.0.1:1/hooks", None)

    assert sandbox.store.scalar("SELECT COUNT(*) FROM webhook_deliveries") == 0


def test_an_unreachable_receiver_is_logged_as_an_error_and_retried(sandbox, sandbox_control):
    emit(sandbox, "http://127.0.0.1:1/hooks")

    sandbox.webhooks.deliver_due()

    [record] = sandbox_control.get("/webhooks").json["records"]
    assert record["state"] == "pending"
    assert record["attempts"][0]["statusCode"] is None
    assert record["attempts"][0]["error"].startswith("ConnectionError")
    assert record["nextAttemptAt"] == sandbox.clock.iso(sandbox.clock.now() + RETRY_SECONDS)


def test_events_without_a_url_are_logged_as_undeliverable(sandbox, sandbox_control):
    emit(sandbox, None)

    assert sandbox.webhooks.deliver_due() == 0
    [record] = sandbox_control.get("/webhooks").json["records"]
    assert record["state"] == "undeliverable"
    assert record["event"]["payload"] == PAYLOAD


def test_delivery_log_is_newest_first_and_names_the_public_key(sandbox, sandbox_control, webhook_receiver):
    emit(sandbox, webhook_receiver.url, payload=numbered(1))
    emit(sandbox, webhook_receiver.url, payload=numbered(2))
    sandbox.webhooks.deliver_due()

    body = sandbox_control.get("/webhooks").json

    assert [r["event"]["payload"]["description"] for r in body["records"]] == ["review 2", "review 1"]
    assert [r["state"] for r in body["records"]] == ["delivered", "delivered"]
    assert body["records"][0]["attempts"][0]["statusCode"] == 200
    assert body["publicKey"] == PUBLIC_KEY
    assert len(sandbox_control.get("/webhooks?limit=1").json["records"]) == 1


def test_chaos_duplicates_every_delivery_with_the_same_event_id(sandbox, sandbox_control, webhook_receiver):
    assert sandbox_control.post("/faults", {"webhooks": {"duplicate": 1}}).status_code == 201
    emit(sandbox, webhook_receiver.url)

    sandbox.webhooks.deliver_due()

    ids = [r.json["data"]["id"] for r in webhook_receiver.received]
    assert len(ids) == 2
    assert ids[0] == ids[1]


def test_chaos_drops_deliveries(sandbox, sandbox_control, webhook_receiver):
    sandbox_control.post("/faults", {"webhooks": {"drop": 1}})
    emit(sandbox, webhook_receiver.url)

    sandbox.webhooks.deliver_due()

    assert webhook_receiver.received == []
    assert sandbox_control.get("/webhooks").json["records"][0]["state"] == "dropped"


def test_chaos_delays_deliveries(sandbox, sandbox_control, webhook_receiver):
    sandbox_control.post("/faults", {"webhooks": {"delaySeconds": 10}})
    emit(sandbox, webhook_receiver.url)

    assert sandbox.webhooks.deliver_due() == 0
    sandbox.advance(10)
    assert sandbox.webhooks.deliver_due() == 1


def test_chaos_reorders_deliveries(sandbox, sandbox_control, webhook_receiver):
    sandbox_control.post("/faults", {"webhooks": {"reorder": True}})
    for n in range(3):
        emit(sandbox, webhook_receiver.url, payload=numbered(n))

    sandbox.webhooks.deliver_due()

    assert [r.json["data"]["payload"]["description"] for r in webhook_receiver.received] == [
        "review 2",
        "review 1",
        "review 0",
    ]


def test_clearing_faults_ends_the_chaos(sandbox, sandbox_control, webhook_receiver):
    sandbox_control.post("/faults", {"webhooks": {"drop": 1}})
    assert sandbox_control.delete("/faults").status_code == 204
    emit(sandbox, webhook_receiver.url)

    sandbox.webhooks.deliver_due()

    assert len(webhook_receiver.received) == 1


@pytest.mark.parametrize(
    ("chaos", "pointer"),
    [
        ({"duplicate": 2}, "/webhooks/duplicate"),
        ({"drop": "yes"}, "/webhooks/drop"),
        ({"delaySeconds": -1}, "/webhooks/delaySeconds"),
        ({"reorder": 1}, "/webhooks/reorder"),
    ],
)
def test_chaos_settings_are_validated(sandbox_control, chaos, pointer):
    response = sandbox_control.post("/faults", {"webhooks": chaos})

    assert response.status_code == 422
    assert [e["source"]["pointer"] for e in response.json["errors"]] == [pointer]


def test_the_signing_key_persists_across_restarts_and_resets(tmp_path):
    database = tmp_path / "sandbox.sqlite3"
    first = Sandbox(SandboxConfig(database=database))
    key = first.webhooks.public_key
    first.reset()
    assert first.webhooks.public_key == key
    first.store.close()

    second = Sandbox(SandboxConfig(database=database))
    try:
        assert second.webhooks.public_key == key
    finally:
        second.store.close()


def test_the_signing_key_comes_from_the_environment(tmp_path, monkeypatch):
    seed = bytes(random.Random(7).randrange(256) for _ in range(32))
    monkeypatch.setenv(SIGNING_KEY_ENV, base64.b64encode(seed).decode())

    sandbox = Sandbox(SandboxConfig(database=tmp_path / "sandbox.sqlite3"))
    try:
        assert sandbox.webhooks.public_key == base64.b64encode(bytes(SigningKey(seed).verify_key)).decode()
    finally:
        sandbox.store.close()


def test_a_signing_key_of_the_wrong_size_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv(SIGNING_KEY_ENV, base64.b64encode(b"short").decode())

    with pytest.raises(ValueError, match="32-byte"):
        Sandbox(SandboxConfig(database=tmp_path / "sandbox.sqlite3"))


def test_every_event_id_is_a_fresh_version_4_uuid(sandbox):
    for _ in range(50):
        emit(sandbox, None)

    ids = [json.loads(row[0])["id"] for row in sandbox.store.all("SELECT payload FROM webhook_deliveries")]

    assert len(set(ids)) == 50
    parsed = [uuid.UUID(event_id) for event_id in ids]
    assert {(u.version, u.variant) for u in parsed} == {(4, uuid.RFC_4122)}
    assert [str(u) for u in parsed] == ids  # lowercase, dashed: the canonical text
