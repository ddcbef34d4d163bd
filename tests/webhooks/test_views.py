"""POST /webhooks/telnyx/ through Django's test client, with bodies signed by the sandbox's signer."""

import hashlib
import io
import json
import time
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client

from tendlc.models import WebhookEvent, WebhookEventState
from tendlc.tasks.webhooks import enqueue_webhook_event
from tendlc.webhooks.views import MAX_BODY_BYTES
from tests.webhooks.conftest import OTHER_PUBLIC_KEY, URL, encode, envelope, signed_headers

pytestmark = pytest.mark.django_db

CAMPAIGN_ID = "4b300178-131c-d902-d54e-72d90ba1620a"
BRAND_ID = "4b200178-131c-d902-d54e-72d90ba1620b"
REVIEW = {
    "campaignId": CAMPAIGN_ID,
    "description": "C6X6M95 approved by Telnyx",
    "status": "ACCEPTED",
    "type": "TELNYX_REVIEW",
}
BARE = {
    "brandId": BRAND_ID,
    "campaignId": CAMPAIGN_ID,
    "createDate": "1790000000",
    "cspId": "SANDBOX",
    "isTMobileRegistered": True,
    "type": "VERIFIED",
}


def sha256_of(part) -> str:
    return hashlib.sha256(json.dumps(part, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def error_of(response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


# --- accepted --------------------------------------------------------------------------------------


def test_a_valid_event_is_stored_and_its_processing_enqueued(
    post_webhook, django_capture_on_commit_callbacks
):
    document = envelope(REVIEW, event_id="a1b2c345-6789-4def-a123-456789abcdef")
    body = encode(document)
    before = datetime.now(UTC)

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_webhook(body)

    assert (response.status_code, response.json()) == (202, {"status": "received"})
    event = WebhookEvent.objects.get()
    assert event.event_id == "a1b2c345-6789-4def-a123-456789abcdef"
    assert event.body_hash == sha256_of(document["data"])
    assert event.event_type == "10dlc.campaign.update"
    assert event.payload_type == "TELNYX_REVIEW"
    assert event.campaign_id == CAMPAIGN_ID
    assert (event.brand_id, event.phone_number) == ("", "")
    assert event.occurred_at == datetime(2026, 9, 21, 10, 0, tzinfo=UTC)
    assert event.payload == REVIEW
    assert event.body == body.decode()
    assert (event.state, event.deliveries, event.attempts, event.error) == (
        WebhookEventState.RECEIVED,
        1,
        0,
        "",
    )
    assert (
        before + timedelta(seconds=119) < event.next_attempt_at < datetime.now(UTC) + timedelta(seconds=121)
    )
    [enqueue] = callbacks
    assert (enqueue.func, enqueue.args) == (enqueue_webhook_event, (event.pk,))


def test_a_bare_campaign_status_payload_is_stored_as_a_campaign_event(post_webhook):
    response = post_webhook(encode(BARE))

    assert response.status_code == 202
    event = WebhookEvent.objects.get()
    assert event.event_id is None
    assert event.body_hash == sha256_of(BARE)
    assert (event.event_type, event.payload_type) == ("10dlc.campaign.update", "VERIFIED")
    assert (event.campaign_id, event.brand_id) == (CAMPAIGN_ID, BRAND_ID)
    assert event.occurred_at is None
    assert event.payload == BARE


@pytest.mark.parametrize(
    ("payload", "event_type", "columns"),
    [
        (
            {"brandId": BRAND_ID, "status": "success", "type": "REVET", "reasons": []},
            "10dlc.brand.update",
            {"brand_id": BRAND_ID, "campaign_id": "", "phone_number": "", "payload_type": "REVET"},
        ),
        (
            {
                "campaignId": CAMPAIGN_ID,
                "phoneNumber": "+12025550142",
                "status": "success",
                "type": "DELETION",
            },
            "10dlc.phone_number.update",
            {
                "brand_id": "",
                "campaign_id": CAMPAIGN_ID,
                "phone_number": "+12025550142",
                "payload_type": "DELETION",
            },
        ),
    ],
)
def test_brand_and_number_events_keep_what_they_are_about(post_webhook, payload, event_type, columns):
    assert post_webhook(encode(envelope(payload, event_type=event_type))).status_code == 202

    event = WebhookEvent.objects.values("event_type", *columns).get()
    assert event == {"event_type": event_type, **columns}


def test_the_endpoint_needs_no_csrf_token(signer, webhook_settings):
    body = encode(envelope(REVIEW))

    response = Client(enforce_csrf_checks=True).post(
        URL, data=body, content_type="application/json", headers=signed_headers(signer, body)
    )

    assert response.status_code == 202


def test_only_post_is_served(client, webhook_settings):
    response = client.get(URL)

    assert response.status_code == 405
    assert response["Allow"] == "POST"


# --- duplicates ------------------------------------------------------------------------------------


def test_an_identical_replay_is_acknowledged_counted_and_not_enqueued_again(
    post_webhook, signer, django_capture_on_commit_callbacks
):
    body = encode(envelope(REVIEW))
    headers = signed_headers(signer, body)
    post_webhook(body, headers)

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_webhook(body, headers)

    assert (response.status_code, response.json()) == (200, {"status": "duplicate"})
    assert callbacks == []
    event = WebhookEvent.objects.get()
    assert (event.deliveries, event.state, event.attempts) == (2, WebhookEventState.RECEIVED, 0)


def test_a_re_signed_redelivery_of_the_same_event_id_is_a_duplicate(
    post_webhook, signer, django_capture_on_commit_callbacks
):
    first = encode(envelope(REVIEW, event_id="e-1", attempt=1))
    redelivery = encode(envelope(REVIEW, event_id="e-1", attempt=2))
    post_webhook(first, signed_headers(signer, first, int(time.time()) - 60))

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_webhook(redelivery, signed_headers(signer, redelivery))

    assert response.status_code == 200
    assert callbacks == []
    event = WebhookEvent.objects.get()
    assert (event.event_id, event.deliveries, event.body) == ("e-1", 2, first.decode())


def test_a_processed_event_delivered_again_stays_processed(post_webhook):
    body = encode(envelope(REVIEW, event_id="e-2"))
    post_webhook(body)
    WebhookEvent.objects.update(state=WebhookEventState.PROCESSED)

    response = post_webhook(body)

    assert response.status_code == 200
    assert WebhookEvent.objects.values_list("state", "deliveries").get() == (WebhookEventState.PROCESSED, 2)


def test_a_bare_payload_sent_again_is_a_duplicate_by_its_hash_however_serialized(post_webhook):
    post_webhook(encode(BARE))
    reordered = json.dumps(dict(reversed(BARE.items())), indent=2).encode()

    response = post_webhook(reordered)

    assert response.status_code == 200
    assert WebhookEvent.objects.values_list("deliveries", flat=True).get() == 2


def test_distinct_events_with_the_same_payload_are_both_kept(post_webhook):
    post_webhook(encode(envelope(REVIEW, event_id="e-3")))

    response = post_webhook(encode(envelope(REVIEW, event_id="e-4")))

    assert response.status_code == 202
    assert sorted(WebhookEvent.objects.values_list("event_id", flat=True)) == ["e-3", "e-4"]


def test_distinct_bare_payloads_are_both_kept_though_neither_has_an_id(post_webhook):
    post_webhook(encode(BARE))

    response = post_webhook(encode({**BARE, "type": "UNVERIFIED"}))

    assert response.status_code == 202
    assert list(WebhookEvent.objects.values_list("event_id", "deliveries")) == [(None, 1), (None, 1)]


# --- refused: nothing is stored --------------------------------------------------------------------


@pytest.fixture
def body():
    return encode(envelope(REVIEW))


@pytest.fixture
def signed_body_headers(signer, body):
    return signed_headers(signer, body)


def refused(response) -> tuple[int, str]:
    assert WebhookEvent.objects.count() == 0
    return error_of(response)


def test_a_tampered_body_is_refused(post_webhook, body, signed_body_headers):
    tampered = body.replace(b"ACCEPTED", b"REJECTED")

    assert refused(post_webhook(tampered, signed_body_headers)) == (401, "bad_signature")


def test_a_body_signed_with_another_key_is_refused(post_webhook, body, signed_body_headers, settings):
    settings.TELNYX_PUBLIC_KEY = OTHER_PUBLIC_KEY

    assert refused(post_webhook(body, signed_body_headers)) == (401, "bad_signature")


@pytest.mark.parametrize("age", [-310, 310])
def test_a_timestamp_more_than_five_minutes_off_is_refused(post_webhook, signer, body, age):
    stale = signed_headers(signer, body, int(time.time()) - age)

    assert refused(post_webhook(body, stale)) == (401, "outside_tolerance")


@pytest.mark.parametrize("age", [-290, 290])
def test_a_timestamp_within_five_minutes_is_accepted(post_webhook, signer, body, age):
    assert post_webhook(body, signed_headers(signer, body, int(time.time()) - age)).status_code == 202


@pytest.mark.parametrize(
    "missing",
    [["telnyx-signature-ed25519"], ["telnyx-timestamp"], ["telnyx-signature-ed25519", "telnyx-timestamp"]],
)
def test_missing_headers_are_refused(post_webhook, body, signed_body_headers, missing):
    for name in missing:
        del signed_body_headers[name]

    response = post_webhook(body, signed_body_headers)

    assert refused(response) == (400, "missing_header")
    assert response.json()["detail"] == f"The {missing[0]} header is missing."


@pytest.mark.parametrize(
    "signature",
    ["%%%not-base64%%%", "c2lnbmF0dXJl", "A" * 87 + "="],
    ids=["not base64", "9 bytes", "65 bytes"],
)
def test_a_signature_that_is_not_base64_of_64_bytes_is_refused(
    post_webhook, body, signed_body_headers, signature
):
    signed_body_headers["telnyx-signature-ed25519"] = signature

    assert refused(post_webhook(body, signed_body_headers)) == (400, "malformed_signature")


@pytest.mark.parametrize("timestamp", ["soon", "1790000000.5", "-1"])
def test_a_timestamp_that_is_not_unix_seconds_is_refused(post_webhook, body, signed_body_headers, timestamp):
    signed_body_headers["telnyx-timestamp"] = timestamp

    assert refused(post_webhook(body, signed_body_headers)) == (400, "bad_timestamp")


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (b"not json", "not_json"),
        (b"", "not_json"),
        (b'{"data": ', "not_json"),
        (b"\xff\xfe{}", "not_json"),
        (b'{"n": NaN}', "not_json"),
        (b"[" * 100_000 + b"]" * 100_000, "not_json"),
        (b'{"campaignId": "a\\u0000b"}', "not_json"),
        (b'[{"campaignId": "c"}]', "malformed_event"),
        (b'"text"', "malformed_event"),
        (b'{"data": {"id": "e", "payload": ["c"]}}', "malformed_event"),
    ],
    ids=[
        "text",
        "empty",
        "truncated",
        "not utf-8",
        "NaN",
        "too deep",
        "NUL",
        "array",
        "string",
        "payload array",
    ],
)
def test_a_signed_body_that_is_not_a_json_object_event_is_refused(post_webhook, raw, error):
    assert refused(post_webhook(raw)) == (400, error)


@pytest.mark.parametrize("key", ["", "bm90IGEga2V5"], ids=["unset", "not 32 bytes"])
def test_without_a_usable_public_key_every_delivery_is_refused(
    post_webhook, body, signed_body_headers, settings, key
):
    settings.TELNYX_PUBLIC_KEY = key

    assert refused(post_webhook(body, signed_body_headers)) == (403, "bad_key")


# --- size --------------------------------------------------------------------------------------------


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def read(self, size=-1):
        raise AssertionError("the body was read")


class Endless(io.RawIOBase):
    """A streamed body of unknown length that counts what was read of it."""

    def __init__(self):
        self.read_bytes = 0

    def read(self, size=-1):
        size = 65536 if size is None or size < 0 else size
        self.read_bytes += size
        return b" " * size


def test_a_body_declared_over_the_limit_is_refused_without_reading_it(
    post_webhook, body, signed_body_headers
):
    response = post_webhook(
        body, signed_body_headers, CONTENT_LENGTH=str(MAX_BODY_BYTES + 1), **{"wsgi.input": Unreadable()}
    )

    assert refused(response) == (413, "too_large")


def test_a_body_of_exactly_the_limit_is_accepted(post_webhook):
    document = envelope(REVIEW)
    document["meta"]["padding"] = ""
    document["meta"]["padding"] = "x" * (MAX_BODY_BYTES - len(encode(document)))
    body = encode(document)
    assert len(body) == MAX_BODY_BYTES

    assert post_webhook(body).status_code == 202


def test_a_body_one_byte_over_the_limit_is_refused(post_webhook):
    assert refused(post_webhook(b" " * (MAX_BODY_BYTES + 1))) == (413, "too_large")


def test_a_streamed_body_without_length_is_cut_off_at_the_limit(post_webhook, signed_body_headers):
    stream = Endless()

    response = post_webhook(
        b"",
        signed_body_headers,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": stream, "wsgi.input_terminated": True},
    )

    assert refused(response) == (413, "too_large")
    assert stream.read_bytes == MAX_BODY_BYTES + 1


def test_a_streamed_body_within_the_limit_is_read_whole(post_webhook, body, signed_body_headers):
    response = post_webhook(
        b"",
        signed_body_headers,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": io.BytesIO(body), "wsgi.input_terminated": True},
    )

    assert response.status_code == 202
    assert WebhookEvent.objects.get().body == body.decode()


def test_a_body_without_length_the_server_cannot_bound_is_refused(post_webhook, body, signed_body_headers):
    response = post_webhook(
        b"",
        signed_body_headers,
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": Unreadable()},
    )

    assert refused(response) == (411, "length_required")
