"""Signature verification against the sandbox's signer, cross-checked with the official SDK's verifier."""

import base64
import time

import pytest
from telnyx.lib.webhook_verification import WebhookVerificationError, verify_webhook_signature

from tendlc.webhooks.signatures import Reason, SignatureError, verify
from tests.webhooks.conftest import OTHER_PUBLIC_KEY, PUBLIC_KEY, signed_headers

BODY = b'{"data":{"event_type":"10dlc.campaign.update","id":"e1","payload":{"campaignId":"c1"}}}'
NOW = 1_790_000_000


@pytest.fixture
def headers_at_now(signer):
    return signed_headers(signer, BODY, NOW)


def reason_of(body, headers, key=PUBLIC_KEY, now=NOW):
    with pytest.raises(SignatureError) as raised:
        verify(body, headers, key, now=now)
    return raised.value.reason


def test_a_body_signed_by_the_sandbox_verifies_and_answers_its_timestamp(headers_at_now):
    assert verify(BODY, headers_at_now, PUBLIC_KEY, now=NOW) == NOW


def test_header_names_are_matched_whatever_their_case(headers_at_now):
    shouted = {name.upper(): value for name, value in headers_at_now.items()}
    titled = {"Telnyx-Signature-Ed25519": shouted["TELNYX-SIGNATURE-ED25519"], "Telnyx-Timestamp": str(NOW)}

    assert verify(BODY, shouted, PUBLIC_KEY, now=NOW) == NOW
    assert verify(BODY, titled, PUBLIC_KEY, now=NOW) == NOW


@pytest.mark.parametrize("offset", [-300, 300])
def test_the_tolerance_is_five_minutes_either_way(headers_at_now, offset):
    assert verify(BODY, headers_at_now, PUBLIC_KEY, now=NOW + offset) == NOW


@pytest.mark.parametrize("offset", [-301, 301])
def test_beyond_five_minutes_either_way_is_refused(headers_at_now, offset):
    with pytest.raises(SignatureError) as raised:
        verify(BODY, headers_at_now, PUBLIC_KEY, now=NOW + offset)

    assert raised.value.reason == Reason.OUTSIDE_TOLERANCE
    assert raised.value.message == "The timestamp is 301 s from now; at most 300 s is accepted."


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("telnyx-signature-ed25519", "The telnyx-signature-ed25519 header is missing."),
        ("telnyx-timestamp", "The telnyx-timestamp header is missing."),
    ],
)
def test_each_missing_header_is_named(headers_at_now, drop, message):
    del headers_at_now[drop]

    with pytest.raises(SignatureError) as raised:
        verify(BODY, headers_at_now, PUBLIC_KEY, now=NOW)

    assert (raised.value.reason, raised.value.message) == (Reason.MISSING_HEADER, message)


@pytest.mark.parametrize(
    "timestamp", ["", "12.5", "abc", " 1790000000", "-1790000000", "1790000000\n", "\uff11\uff12"]
)
def test_a_timestamp_that_is_not_unix_seconds_is_refused(headers_at_now, timestamp):
    headers_at_now["telnyx-timestamp"] = timestamp

    expected = Reason.MISSING_HEADER if timestamp == "" else Reason.BAD_TIMESTAMP
    assert reason_of(BODY, headers_at_now) == expected


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("", "The public key is 0 bytes; an ed25519 key is 32."),
        ("not base64!", "The public key is not base64."),
        (base64.b64encode(bytes(31)).decode(), "The public key is 31 bytes; an ed25519 key is 32."),
        (base64.b64encode(bytes(33)).decode(), "The public key is 33 bytes; an ed25519 key is 32."),
    ],
)
def test_a_key_that_is_not_32_bytes_of_base64_is_refused(headers_at_now, key, message):
    with pytest.raises(SignatureError) as raised:
        verify(BODY, headers_at_now, key, now=NOW)

    assert (raised.value.reason, raised.value.message) == (Reason.BAD_KEY, message)


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        ("%%%not-base64%%%", "The telnyx-signature-ed25519 header is not base64."),
        ("é", "The telnyx-signature-ed25519 header is not base64."),
        (base64.b64encode(bytes(63)).decode(), "The signature is 63 bytes; an ed25519 signature is 64."),
        (base64.b64encode(bytes(65)).decode(), "The signature is 65 bytes; an ed25519 signature is 64."),
    ],
)
def test_a_signature_that_is_not_64_bytes_of_base64_is_refused(headers_at_now, signature, message):
    headers_at_now["telnyx-signature-ed25519"] = signature

    with pytest.raises(SignatureError) as raised:
        verify(BODY, headers_at_now, PUBLIC_KEY, now=NOW)

    assert (raised.value.reason, raised.value.message) == (Reason.MALFORMED_SIGNATURE, message)


def test_a_tampered_body_is_refused(headers_at_now):
    assert reason_of(BODY.replace(b"c1", b"c2"), headers_at_now) == Reason.BAD_SIGNATURE


def test_another_key_is_refused(headers_at_now):
    assert reason_of(BODY, headers_at_now, key=OTHER_PUBLIC_KEY) == Reason.BAD_SIGNATURE


def test_the_timestamp_is_part_of_what_is_signed(signer, headers_at_now):
    # A signature lifted onto a fresher timestamp does not verify: a delivery cannot be replayed later.
    headers_at_now["telnyx-timestamp"] = str(NOW + 1)

    assert reason_of(BODY, headers_at_now) == Reason.BAD_SIGNATURE


def test_the_signature_is_over_the_raw_bytes_not_a_reserialization(signer):
    spaced = b'{ "data": {"id": "e1"} }'
    headers = signed_headers(signer, spaced, NOW)

    assert verify(spaced, headers, PUBLIC_KEY, now=NOW) == NOW
    assert reason_of(b'{"data":{"id":"e1"}}', headers) == Reason.BAD_SIGNATURE


# --- the official SDK agrees ------------------------------------------------------------------------


def cases(signer):
    """(name, body, headers, key) covering every outcome; timestamps are real now, as the SDK reads it."""
    now = int(time.time())
    good = signed_headers(signer, BODY, now)
    return [
        ("valid", BODY, good, PUBLIC_KEY),
        ("valid, upper-case headers", BODY, {k.upper(): v for k, v in good.items()}, PUBLIC_KEY),
        ("valid, 290 s old", BODY, signed_headers(signer, BODY, now - 290), PUBLIC_KEY),
        ("valid, 290 s ahead", BODY, signed_headers(signer, BODY, now + 290), PUBLIC_KEY),
        ("valid, unicode body", "{\"n\":\"Zoë\"}".encode(), signed_headers(signer, "{\"n\":\"Zoë\"}".encode(), now), PUBLIC_KEY),
        ("tampered", BODY + b" ", good, PUBLIC_KEY),
        ("other key", BODY, good, OTHER_PUBLIC_KEY),
        ("stale", BODY, signed_headers(signer, BODY, now - 400), PUBLIC_KEY),
        ("future", BODY, signed_headers(signer, BODY, now + 400), PUBLIC_KEY),
        ("no signature", BODY, {"telnyx-timestamp": good["telnyx-timestamp"]}, PUBLIC_KEY),
        ("no timestamp", BODY, {"telnyx-signature-ed25519": good["telnyx-signature-ed25519"]}, PUBLIC_KEY),
        ("text timestamp", BODY, {**good, "telnyx-timestamp": "yesterday"}, PUBLIC_KEY),
        ("short signature", BODY, {**good, "telnyx-signature-ed25519": base64.b64encode(bytes(32)).decode()}, PUBLIC_KEY),
        ("zero signature", BODY, {**good, "telnyx-signature-ed25519": base64.b64encode(bytes(64)).decode()}, PUBLIC_KEY),
        ("short key", BODY, good, base64.b64encode(bytes(16)).decode()),
    ]  # fmt: skip


def sdk_accepts(body, headers, key):
    try:
        verify_webhook_signature(body, headers, key)
    except WebhookVerificationError:
        return False
    return True


def ours_accepts(body, headers, key):
    try:
        verify(body, headers, key)
    except SignatureError:
        return False
    return True


def test_every_case_is_decided_as_the_official_sdk_decides_it(signer):
    decisions = [(name, ours_accepts(*case), sdk_accepts(*case)) for name, *case in cases(signer)]

    assert [(name, ours) for name, ours, _ in decisions] == [(name, sdk) for name, _, sdk in decisions]
    assert [name for name, ours, _ in decisions if ours] == [
        "valid",
        "valid, upper-case headers",
        "valid, 290 s old",
        "valid, 290 s ahead",
        "valid, unicode body",
    ]


def test_stricter_than_the_sdk_on_base64_no_genuine_signature_uses(signer, headers_at_now):
    # The SDK's lenient decoder drops characters outside the alphabet, so a signature with junk around it
    # still verifies there; it is not what Telnyx sends, and it is refused here.
    now = int(time.time())
    fresh = signed_headers(signer, BODY, now)
    padded = {**fresh, "telnyx-signature-ed25519": "*" + fresh["telnyx-signature-ed25519"]}

    assert sdk_accepts(BODY, padded, PUBLIC_KEY) is True
    assert reason_of(BODY, padded, now=now) == Reason.MALFORMED_SIGNATURE
